import type { DbExecutor } from '../../infra/db/port.js';

export interface LogRow {
  seq: number;
  /** epoch ms the row was committed (outbox: created; tracked log: received) */
  at: number;
}

export interface OutboxLogRow extends LogRow {
  id: string;
  orgId: string | null;
  topic: string;
  type: string;
  payload: string;
}

export interface TrackedLogRow extends LogRow {
  orgId: string;
  events: string;
}

/** Outbox rows after `seq`, in seq order, whatever their topic (a reader needs every seq to see gaps). */
export async function outboxAfter(executor: DbExecutor, seq: number, limit: number): Promise<OutboxLogRow[]> {
  const rows = await executor
    .selectFrom('outbox')
    .select(['seq', 'id', 'org_id', 'topic', 'type', 'payload', 'created_at'])
    .where('seq', '>', seq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ seq: r.seq, at: r.created_at, id: r.id, orgId: r.org_id, topic: r.topic, type: r.type, payload: r.payload }));
}

export async function trackedLogAfter(executor: DbExecutor, seq: number, limit: number): Promise<TrackedLogRow[]> {
  const rows = await executor
    .selectFrom('tracked_event_log')
    .select(['seq', 'org_id', 'received_at', 'events'])
    .where('seq', '>', seq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ seq: r.seq, at: r.received_at, orgId: r.org_id, events: r.events }));
}
