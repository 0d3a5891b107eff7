import type { LiveSessionSummary } from '@livedesk/contracts';

type Ordered = Pick<LiveSessionSummary, 'status' | 'scheduledStartAt' | 'startedAt' | 'endedAt' | 'createdAt'>;

const statusRank: Record<Ordered['status'], number> = { live: 0, scheduled: 1, ended: 2 };

/**
 * What an operator looks for first: the show on air, then the coming ones soonest first (unplanned ones
 * last), then the finished ones latest first.
 */
export function compareSessions(a: Ordered, b: Ordered): number {
  const byStatus = statusRank[a.status] - statusRank[b.status];
  if (byStatus !== 0) return byStatus;
  if (a.status === 'scheduled') {
    const start = (s: Ordered) => s.scheduledStartAt ?? Number.MAX_SAFE_INTEGER;
    return start(a) - start(b) || b.createdAt - a.createdAt;
  }
  const latest = (s: Ordered) => s.endedAt ?? s.startedAt ?? s.createdAt;
  return latest(b) - latest(a);
}
