import { sql, type Kysely } from 'kysely';
import type { DbDialect } from '../port.js';

type AnyDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Tracking events and the real-time aggregator's durable state. Live-session ids are not foreign keys:
 * imports may name sessions before they are created, and analytics rows outlive nothing else.
 */
export async function up(db: AnyDb, dialect: DbDialect): Promise<void> {
  /** one row per accepted event id: the dedupe key across restarts (purged after the dedupe horizon) */
  await db.schema
    .createTable('tracked_event_ids')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('tracked_event_ids_pk', ['org_id', 'id'])
    // On SQLite the key is the table: one B-tree written per id instead of two (ingestion's hot path).
    .$call((t) => (dialect === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t))
    .execute();
  await db.schema.createIndex('tracked_event_ids_received').on('tracked_event_ids').column('received_at').execute();

  /**
   * The durable log of accepted tracking events, one row per accepted batch (events as a JSON array of
   * StoredEvent). Analytics consumers read it by `seq` and keep their own position.
   */
  await db.schema
    .createTable('tracked_event_log')
    .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('event_count', 'integer', (c) => c.notNull())
    .addColumn('events', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tracked_event_log_received').on('tracked_event_log').column('received_at').execute();

  /** a consumer's position in each source log (JSON {source: seq}), committed with what it derived */
  await db.schema
    .createTable('analytics_cursors')
    .addColumn('consumer', 'text', (c) => c.primaryKey())
    .addColumn('positions', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  /** the aggregator's state of one show (JSON), checkpointed with the aggregator's cursor */
  await db.schema
    .createTable('analytics_session_state')
    .addColumn('live_session_id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('analytics_session_state_org').on('analytics_session_state').columns(['org_id', 'updated_at']).execute();

  /** each identity's first paid order in the org (for newBuyers): the earliest by event time wins */
  await db.schema
    .createTable('analytics_first_pay')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('identity', 'text', (c) => c.notNull())
    .addColumn('paid_at', 'bigint', (c) => c.notNull())
    /** null: paid outside any live session */
    .addColumn('live_session_id', 'text')
    .addPrimaryKeyConstraint('analytics_first_pay_pk', ['org_id', 'identity'])
    .execute();
}
