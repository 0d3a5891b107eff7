export interface Backoff {
  baseMs: number;
  maxMs: number;
}

/** Room and console sockets, player: first retry after about a second, never more than half a minute apart. */
export const reconnectBackoff: Backoff = { baseMs: 1000, maxMs: 30_000 };

/**
 * The wait before retry number `attempt` (0 for the first): exponential with "equal jitter", so a room
 * full of viewers (or every console) dropped by one server restart does not come back in one wave.
 * `random` is in [0, 1).
 */
export function backoffDelay(attempt: number, random: number, { baseMs, maxMs }: Backoff = reconnectBackoff): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
