/** Epoch milliseconds UTC; the only time representation stored or sent. */
export type EpochMs = number;

export interface Clock {
  now(): EpochMs;
}

export const systemClock: Clock = { now: () => Date.now() };
