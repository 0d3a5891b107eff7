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

// ---- the real-time aggregator's reads and its checkpoint

export interface SessionWindowRow {
  id: string;
  orgId: string;
  status: string;
  startedAt: number | null;
  endedAt: number | null;
}

export async function sessionWindows(executor: DbExecutor, ids: readonly string[]): Promise<SessionWindowRow[]> {
  if (ids.length === 0) return [];
  const rows = await executor
    .selectFrom('live_sessions')
    .select(['id', 'org_id', 'status', 'started_at', 'ended_at'])
    .where('id', 'in', [...ids])
    .execute();
  return rows.map((r) => ({ id: r.id, orgId: r.org_id, status: r.status, startedAt: r.started_at, endedAt: r.ended_at }));
}

export interface SessionStateRow {
  liveSessionId: string;
  orgId: string;
  state: string;
  updatedAt: number;
}

const stateColumns = ['live_session_id', 'org_id', 'state', 'updated_at'] as const;
const toStateRow = (r: { live_session_id: string; org_id: string; state: string; updated_at: number }): SessionStateRow => ({
  liveSessionId: r.live_session_id,
  orgId: r.org_id,
  state: r.state,
  updatedAt: r.updated_at,
});

export async function sessionStates(executor: DbExecutor, ids: readonly string[]): Promise<SessionStateRow[]> {
  if (ids.length === 0) return [];
  const rows = await executor.selectFrom('analytics_session_state').select(stateColumns).where('live_session_id', 'in', [...ids]).execute();
  return rows.map(toStateRow);
}

/** The checkpointed state of a show unless it is still the one written at `updatedAt` (what a reader holds). */
export async function sessionStateIfChanged(executor: DbExecutor, id: string, updatedAt: number | null): Promise<SessionStateRow | undefined> {
  let q = executor.selectFrom('analytics_session_state').select(stateColumns).where('live_session_id', '=', id);
  if (updatedAt !== null) q = q.where('updated_at', '<>', updatedAt);
  const row = await q.executeTakeFirst();
  return row && toStateRow(row);
}

/** States of the shows still live (or not started) and of those ended since `endedSince`: what a new aggregator keeps at hand. */
export async function activeSessionStates(executor: DbExecutor, endedSince: number): Promise<SessionStateRow[]> {
  const rows = await executor
    .selectFrom('analytics_session_state as a')
    .innerJoin('live_sessions as s', 's.id', 'a.live_session_id')
    .select(['a.live_session_id', 'a.org_id', 'a.state', 'a.updated_at'])
    .where((eb) => eb.or([eb('s.status', '<>', 'ended'), eb('s.ended_at', '>=', endedSince)]))
    .execute();
  return rows.map(toStateRow);
}

export async function saveSessionStates(executor: DbExecutor, rows: readonly SessionStateRow[]): Promise<void> {
  if (rows.length === 0) return;
  await executor
    .insertInto('analytics_session_state')
    .values(rows.map((r) => ({ live_session_id: r.liveSessionId, org_id: r.orgId, state: r.state, updated_at: r.updatedAt })))
    .onConflict((oc) =>
      oc.column('live_session_id').doUpdateSet((eb) => ({ state: eb.ref('excluded.state'), updated_at: eb.ref('excluded.updated_at') })),
    )
    .execute();
}

export async function loadPositions(executor: DbExecutor, consumer: string): Promise<{ positions: string; updatedAt: number } | undefined> {
  const row = await executor.selectFrom('analytics_cursors').select(['positions', 'updated_at']).where('consumer', '=', consumer).executeTakeFirst();
  return row && { positions: row.positions, updatedAt: row.updated_at };
}

export async function savePositions(executor: DbExecutor, consumer: string, positions: string, now: number): Promise<void> {
  await executor
    .insertInto('analytics_cursors')
    .values({ consumer, positions, updated_at: now })
    .onConflict((oc) => oc.column('consumer').doUpdateSet({ positions, updated_at: now }))
    .execute();
}

export interface FirstPayRow {
  orgId: string;
  identity: string;
  paidAt: number;
  /** null: paid outside any live session's window */
  liveSessionId: string | null;
}

/** Some identities' first payments in one org (chunked: SQLite limits the bound parameters of a statement). */
export async function firstPays(executor: DbExecutor, orgId: string, identities: readonly string[]): Promise<FirstPayRow[]> {
  const found: FirstPayRow[] = [];
  for (let i = 0; i < identities.length; i += 500) {
    const rows = await executor
      .selectFrom('analytics_first_pay')
      .select(['identity', 'paid_at', 'live_session_id'])
      .where('org_id', '=', orgId)
      .where('identity', 'in', identities.slice(i, i + 500))
      .execute();
    for (const r of rows) found.push({ orgId, identity: r.identity, paidAt: r.paid_at, liveSessionId: r.live_session_id });
  }
  return found;
}

export async function saveFirstPays(executor: DbExecutor, rows: readonly FirstPayRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await executor
      .insertInto('analytics_first_pay')
      .values(rows.slice(i, i + 200).map((r) => ({ org_id: r.orgId, identity: r.identity, paid_at: r.paidAt, live_session_id: r.liveSessionId })))
      .onConflict((oc) =>
        oc.columns(['org_id', 'identity']).doUpdateSet((eb) => ({ paid_at: eb.ref('excluded.paid_at'), live_session_id: eb.ref('excluded.live_session_id') })),
      )
      .execute();
  }
}

export async function productTitles(executor: DbExecutor, orgId: string, productIds: readonly string[]): Promise<Map<string, string>> {
  if (productIds.length === 0) return new Map();
  const rows = await executor.selectFrom('products').select(['id', 'title']).where('org_id', '=', orgId).where('id', 'in', [...productIds]).execute();
  return new Map(rows.map((r) => [r.id, r.title]));
}
