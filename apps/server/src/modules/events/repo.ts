import type { StoredEvent } from '@livedesk/contracts';
import type { DbExecutor } from '../../infra/db/port.js';

export const eventsRepo = {
  /** Which of `ids` are live sessions of the org: one query for a whole batch. */
  async sessionsOf(db: DbExecutor, orgId: string, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await db.selectFrom('live_sessions').select('id').where('org_id', '=', orgId).where('id', 'in', ids).execute();
    return new Set(rows.map((r) => r.id));
  },

  /**
   * Records the ids as seen and returns those that were not seen before. One statement for a batch:
   * 1,000 ids are 3,000 parameters, far below SQLite's 32,766 and PostgreSQL's 65,535. A concurrent
   * request with the same id waits on the key and then inserts nothing, so an id is fresh exactly once.
   */
  async claimIds(tx: DbExecutor, orgId: string, ids: readonly string[], at: number): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await tx
      .insertInto('tracked_event_ids')
      .values(ids.map((id) => ({ org_id: orgId, id, received_at: at })))
      .onConflict((oc) => oc.columns(['org_id', 'id']).doNothing())
      .returning('id')
      .execute();
    return new Set(rows.map((r) => r.id));
  },

  async appendLog(tx: DbExecutor, orgId: string, at: number, events: readonly StoredEvent[]): Promise<void> {
    await tx
      .insertInto('tracked_event_log')
      .values({ org_id: orgId, received_at: at, event_count: events.length, events: JSON.stringify(events) })
      .execute();
  },

  /** Deletes up to `limit` ids received before `before`; returns how many. */
  async purgeIds(db: DbExecutor, before: number, limit: number): Promise<number> {
    const res = await db
      .deleteFrom('tracked_event_ids')
      .where(({ eb, refTuple, selectFrom }) =>
        eb(
          refTuple('org_id', 'id'),
          'in',
          selectFrom('tracked_event_ids').select(['org_id', 'id']).where('received_at', '<', before).limit(limit).$asTuple('org_id', 'id'),
        ),
      )
      .executeTakeFirst();
    return Number(res.numDeletedRows);
  },

  /** Deletes up to `limit` log rows received before `before`; returns how many. */
  async purgeLog(db: DbExecutor, before: number, limit: number): Promise<number> {
    const res = await db
      .deleteFrom('tracked_event_log')
      .where('seq', 'in', (eb) => eb.selectFrom('tracked_event_log').select('seq').where('received_at', '<', before).orderBy('seq').limit(limit))
      .executeTakeFirst();
    return Number(res.numDeletedRows);
  },
};
