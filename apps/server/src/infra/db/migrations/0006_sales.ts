import { sql, type Kysely } from 'kysely';
import type { DbDialect } from '../port.js';

type AnyDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Selling in the live room: flash sales (秒杀) and comment-to-buy (settings, cart holds, the decision log). */
export async function up(db: AnyDb, _dialect: DbDialect): Promise<void> {
  await db.schema
    .createTable('flash_sales')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('live_session_id', 'text', (c) => c.notNull().references('live_sessions.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('sku_id', 'text', (c) => c.notNull().references('skus.id'))
    .addColumn('price_fen', 'bigint', (c) => c.notNull())
    .addColumn('quota', 'integer', (c) => c.notNull())
    .addColumn('per_user_limit', 'integer', (c) => c.notNull())
    .addColumn('starts_at', 'bigint')
    .addColumn('ends_at', 'bigint')
    .addColumn('duration_ms', 'bigint')
    /** scheduled | running | ended */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('campaign_stock_id', 'text', (c) => c.notNull().references('campaign_stock.id'))
    .addColumn('started_at', 'bigint')
    .addColumn('ended_at', 'bigint')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('flash_sales_positive', sql`quota > 0 AND per_user_limit > 0 AND price_fen >= 0`)
    .execute();
  await db.schema.createIndex('flash_sales_session').on('flash_sales').columns(['live_session_id', 'created_at']).execute();
  // The scheduler's two questions: which scheduled sales are due to start, which running ones to end.
  await db.schema.createIndex('flash_sales_due_start').on('flash_sales').columns(['status', 'starts_at']).execute();
  await db.schema.createIndex('flash_sales_due_end').on('flash_sales').columns(['status', 'ends_at']).execute();

  // No foreign key to orders here or in cart_holds.order_id: both are written inside the placing
  // transaction before the order row itself (OrderTerms.inside), and PostgreSQL checks keys per statement.
  await db.schema
    .createTable('flash_sale_orders')
    .addColumn('order_id', 'text', (c) => c.primaryKey())
    .addColumn('flash_sale_id', 'text', (c) => c.notNull().references('flash_sales.id'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('buyer_id', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('returned_at', 'bigint')
    .execute();
  await db.schema.createIndex('flash_sale_orders_buyer').on('flash_sale_orders').columns(['flash_sale_id', 'buyer_id']).execute();

  await db.schema
    .createTable('comment_to_buy_settings')
    .addColumn('live_session_id', 'text', (c) => c.primaryKey().references('live_sessions.id'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('keywords', 'text', (c) => c.notNull())
    .addColumn('code_pattern', 'integer', (c) => c.notNull())
    .addColumn('hold_minutes', 'integer', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('cart_holds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('live_session_id', 'text', (c) => c.notNull().references('live_sessions.id'))
    .addColumn('buyer_id', 'text', (c) => c.notNull().references('buyers.id'))
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('sku_id', 'text', (c) => c.notNull().references('skus.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('unit_price_fen', 'bigint', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('reservation_id', 'text', (c) => c.references('reservations.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('open_key', 'text', (c) => c.unique())
    .addColumn('order_id', 'text')
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cart_holds_buyer').on('cart_holds').columns(['buyer_id', 'created_at']).execute();

  await db.schema
    .createTable('comment_to_buy_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('live_session_id', 'text', (c) => c.notNull())
    .addColumn('identity', 'text', (c) => c.notNull())
    .addColumn('buyer_id', 'text')
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('product_id', 'text')
    .addColumn('sku_id', 'text')
    .addColumn('quantity', 'integer')
    .addColumn('hold_id', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('comment_to_buy_log_session').on('comment_to_buy_log').columns(['live_session_id', 'at']).execute();
}
