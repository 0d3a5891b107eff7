import type { Kysely } from 'kysely';
import type { DbDialect } from '../port.js';

type AnyDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Live sessions (直播场次): schedule, stream secret, product lineup with live terms, 讲解 periods. */
export async function up(db: AnyDb, _dialect: DbDialect): Promise<void> {
  await db.schema
    .createTable('live_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('cover_url', 'text')
    .addColumn('anchors', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('scheduled_start_at', 'bigint')
    .addColumn('scheduled_end_at', 'bigint')
    .addColumn('started_at', 'bigint')
    .addColumn('ended_at', 'bigint')
    .addColumn('stream_secret', 'text', (c) => c.notNull())
    /** set when the publisher drops, cleared when it comes back; the show ends once the grace period has run */
    .addColumn('publisher_gone_at', 'bigint')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('live_sessions_org').on('live_sessions').columns(['org_id', 'created_at']).execute();
  await db.schema.createIndex('live_sessions_gone').on('live_sessions').columns(['status', 'publisher_gone_at']).execute();

  await db.schema
    .createTable('live_session_products')
    .addColumn('live_session_id', 'text', (c) => c.notNull().references('live_sessions.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    /** when it was pinned (讲解中); null when not pinned */
    .addColumn('pinned_at', 'bigint')
    .addPrimaryKeyConstraint('live_session_products_pk', ['live_session_id', 'product_id'])
    .execute();

  await db.schema
    .createTable('live_session_skus')
    .addColumn('live_session_id', 'text', (c) => c.notNull().references('live_sessions.id'))
    .addColumn('sku_id', 'text', (c) => c.notNull().references('skus.id'))
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('live_price_fen', 'integer')
    /** the 活动库存 carve for this show, when it has one */
    .addColumn('campaign_stock_id', 'text')
    .addPrimaryKeyConstraint('live_session_skus_pk', ['live_session_id', 'sku_id'])
    .execute();

  await db.schema
    .createTable('live_explanations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('live_session_id', 'text', (c) => c.notNull().references('live_sessions.id'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('start_at', 'bigint', (c) => c.notNull())
    .addColumn('end_at', 'bigint')
    .execute();
  await db.schema.createIndex('live_explanations_session').on('live_explanations').columns(['live_session_id', 'start_at']).execute();
}
