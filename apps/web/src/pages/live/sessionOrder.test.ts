import { describe, expect, it } from 'vitest';
import { compareSessions } from './sessionOrder';

const session = (id: string, status: 'scheduled' | 'live' | 'ended', at: { planned?: number; started?: number; ended?: number; created?: number }) => ({
  id,
  status,
  scheduledStartAt: at.planned ?? null,
  startedAt: at.started ?? null,
  endedAt: at.ended ?? null,
  createdAt: at.created ?? 0,
});

describe('the order of the sessions list', () => {
  it('puts the live show first, the next planned ones soonest first, finished ones latest first', () => {
    const sorted = [
      session('ended-early', 'ended', { started: 10, ended: 20 }),
      session('unplanned', 'scheduled', { created: 5 }),
      session('later', 'scheduled', { planned: 500 }),
      session('on-air', 'live', { started: 100 }),
      session('ended-late', 'ended', { started: 30, ended: 90 }),
      session('soon', 'scheduled', { planned: 200 }),
    ].sort(compareSessions);
    expect(sorted.map((s) => s.id)).toEqual(['on-air', 'soon', 'later', 'unplanned', 'ended-late', 'ended-early']);
  });
});
