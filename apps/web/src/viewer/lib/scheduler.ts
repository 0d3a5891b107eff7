/** Time as the viewer's batching and reconnecting code sees it; tests drive it by hand. */
export interface Scheduler {
  now(): number;
  /** runs `task` once after `ms`; the returned function cancels it */
  after(ms: number, task: () => void): () => void;
}

export const browserScheduler: Scheduler = {
  now: () => Date.now(),
  after(ms, task) {
    const timer = window.setTimeout(task, ms);
    return () => window.clearTimeout(timer);
  },
};
