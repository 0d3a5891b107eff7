export interface Backoff {
  baseMs: number;
  maxMs: number;
}

/** First retry after about a second, never more than half a minute apart. */
export const defaultBackoff: Backoff = { baseMs: 1000, maxMs: 30_000 };

/**
 * The wait before retry number `attempt` (0 for the first): exponential with "equal jitter", so many
 * clients failed by one server restart (phones of one show, sockets of one room) do not come back in one
 * wave. `random` is in [0, 1).
 */
export function backoffDelay(attempt: number, random: number, { baseMs, maxMs }: Backoff = defaultBackoff): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
