import type { DbExecutor } from '../db/port.js';

export interface OutboxEntry {
  seq: number;
  id: string;
  orgId: string | null;
  topic: string;
  type: string;
  /** JSON text */
  payload: string;
  createdAt: number;
}

export async function insertOutboxEntry(
  executor: DbExecutor,
  entry: Omit<OutboxEntry, 'seq'>,
): Promise<void> {
  await executor
    .insertInto('outbox')
    .values({
      id: entry.id,
      org_id: entry.orgId,
      topic: entry.topic,
      type: entry.type,
      payload: entry.payload,
      created_at: entry.createdAt,
      published_at: null,
    })
    .execute();
}

/** The oldest unpublished entries, in commit order (seq). */
export async function listUnpublished(executor: DbExecutor, limit: number): Promise<OutboxEntry[]> {
  const rows = await executor
    .selectFrom('outbox')
    .select(['seq', 'id', 'org_id', 'topic', 'type', 'payload', 'created_at'])
    .where('published_at', 'is', null)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    seq: row.seq,
    id: row.id,
    orgId: row.org_id,
    topic: row.topic,
    type: row.type,
    payload: row.payload,
    createdAt: row.created_at,
  }));
}

export async function markPublished(
  executor: DbExecutor,
  seqs: number[],
  publishedAt: number,
): Promise<void> {
  if (seqs.length === 0) return;
  await executor.updateTable('outbox').set({ published_at: publishedAt }).where('seq', 'in', seqs).execute();
}

/**
 * Forgets published events and consumer dedupe marks older than `cutoff`: both only have to outlive the
 * bus's own retention (a redelivery older than that cannot happen).
 */
export async function purgeBefore(executor: DbExecutor, cutoff: number): Promise<void> {
  await executor.deleteFrom('outbox').where('published_at', '<', cutoff).execute();
  await executor.deleteFrom('processed_events').where('processed_at', '<', cutoff).execute();
}

export async function unpublishedSummary(
  executor: DbExecutor,
): Promise<{ count: number; oldestCreatedAt: number | null }> {
  const row = await executor
    .selectFrom('outbox')
    .select((eb) => [eb.fn.countAll().as('count'), eb.fn.min('created_at').as('oldest')])
    .where('published_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), oldestCreatedAt: row.oldest === null ? null : Number(row.oldest) };
}

/**
 * Takes or renews lease `name` for `holder` until `now + ttlMs`, if it is free, expired or already
 * `holder`'s. One upsert whose update is conditional, so the check and the write are a single atomic
 * step on both SQLite and PostgreSQL: two processes can never both come away holding the lease.
 */
export async function acquireLease(
  executor: DbExecutor,
  { name, holder, now, ttlMs }: { name: string; holder: string; now: number; ttlMs: number },
): Promise<boolean> {
  const taken = await executor
    .insertInto('leases')
    .values({ name, holder, expires_at: now + ttlMs })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet((eb) => ({
          holder: eb.ref('excluded.holder'),
          expires_at: eb.ref('excluded.expires_at'),
        }))
        .where((eb) => eb.or([eb('leases.holder', '=', holder), eb('leases.expires_at', '<=', now)])),
    )
    .returning('holder')
    .executeTakeFirst();
  return taken !== undefined;
}

/** Gives the lease up so another process can take it without waiting for it to expire. */
export async function releaseLease(executor: DbExecutor, name: string, holder: string): Promise<void> {
  await executor.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
}

/**
 * Records that `consumer` handled `eventId`; false when it already had. A concurrent insert of the same
 * pair waits for the other transaction and then finds the row, so at most one of them gets true.
 */
export async function insertProcessedEvent(
  executor: DbExecutor,
  { consumer, eventId, processedAt }: { consumer: string; eventId: string; processedAt: number },
): Promise<boolean> {
  const inserted = await executor
    .insertInto('processed_events')
    .values({ consumer, event_id: eventId, processed_at: processedAt })
    .onConflict((oc) => oc.columns(['consumer', 'event_id']).doNothing())
    .returning('event_id')
    .executeTakeFirst();
  return inserted !== undefined;
}
