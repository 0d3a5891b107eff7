import type { Scheduler } from './scheduler';

/** A scheduler for tests: time moves only when `advance` is called. */
export class ManualScheduler implements Scheduler {
  private time = 0;
  private tasks: { at: number; seq: number; task: () => void }[] = [];
  private seq = 0;

  now(): number {
    return this.time;
  }

  after(ms: number, task: () => void): () => void {
    const entry = { at: this.time + Math.max(0, ms), seq: this.seq++, task };
    this.tasks.push(entry);
    return () => {
      this.tasks = this.tasks.filter((t) => t !== entry);
    };
  }

  /** moves time forward by `ms`, running every task that falls due, in order */
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const due = this.tasks.filter((t) => t.at <= until).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.tasks = this.tasks.filter((t) => t !== due);
      this.time = due.at;
      due.task();
    }
    this.time = until;
  }

  get pending(): number {
    return this.tasks.length;
  }
}
