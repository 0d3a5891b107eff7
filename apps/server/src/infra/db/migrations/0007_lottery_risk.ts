import type { Kysely } from 'kysely';

type AnyDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Lotteries (福袋) with their entries and winners, and the risk rules with what they count and decide.
 * Live-session and order ids are not foreign keys: a claim marks its winner inside the placing
 * transaction before the order row exists, and lotteries do not depend on the live module's tables.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('lotteries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('live_session_id', 'text', (c) => c.notNull())
    .addColumn('prize_title', 'text', (c) => c.notNull())
    /** shipped to each winner as a zero-price order; null: a prize handed out otherwise */
    .addColumn('prize_sku_id', 'text', (c) => c.references('skus.id'))
    .addColumn('winner_count', 'integer', (c) => c.notNull())
    /** comment | follow | presence */
    .addColumn('rule_kind', 'text', (c) => c.notNull())
    .addColumn('rule_keyword', 'text')
    /** draft → open → drawn, or → cancelled; moved by compare-and-set only */
    .addColumn('status', 'text', (c) => c.notNull())
    /** when it is drawn: given at creation, or opened_at + duration_ms */
    .addColumn('draw_at', 'bigint')
    .addColumn('duration_ms', 'bigint')
    /** the 32-byte seed (hex) under the PII cipher until the draw, so a database reader cannot foresee winners */
    .addColumn('seed_enc', 'text')
    /** sha256 of the seed bytes, hex; public from opening */
    .addColumn('seed_hash', 'text')
    /** the seed in hex, written at the draw */
    .addColumn('seed', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('opened_at', 'bigint')
    .addColumn('drawn_at', 'bigint')
    .addColumn('cancelled_at', 'bigint')
    .execute();
  await db.schema.createIndex('lotteries_session').on('lotteries').columns(['live_session_id', 'created_at']).execute();
  await db.schema.createIndex('lotteries_due').on('lotteries').columns(['status', 'draw_at']).execute();

  /** one row per identity: explicit entries while open, and at a presence draw the viewers present */
  await db.schema
    .createTable('lottery_entries')
    .addColumn('lottery_id', 'text', (c) => c.notNull().references('lotteries.id'))
    /** the room identity, which for a buyer (the only kind that may enter) is the buyer id */
    .addColumn('identity', 'text', (c) => c.notNull())
    .addColumn('buyer_id', 'text', (c) => c.notNull())
    .addColumn('nickname', 'text', (c) => c.notNull())
    /** comment | frame | presence */
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('entered_at', 'bigint', (c) => c.notNull())
    /** 1: in the final entrant list the draw used (set in the draw's transaction) */
    .addColumn('counted', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('lottery_entries_pk', ['lottery_id', 'identity'])
    .execute();

  await db.schema
    .createTable('lottery_winners')
    .addColumn('lottery_id', 'text', (c) => c.notNull().references('lotteries.id'))
    .addColumn('buyer_id', 'text', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('nickname', 'text', (c) => c.notNull())
    /** the prize's zero-price order, set once by the claim (compare-and-set on claimed_at) */
    .addColumn('order_id', 'text')
    .addColumn('claimed_at', 'bigint')
    .addPrimaryKeyConstraint('lottery_winners_pk', ['lottery_id', 'buyer_id'])
    .execute();

  /** per shop: the RiskRules document as JSON; a shop without a row uses the defaults */
  await db.schema
    .createTable('risk_rules')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('orgs.id'))
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  /** one row per order placed (in its transaction): what the burst and flash-sale rules count */
  await db.schema
    .createTable('risk_order_marks')
    .addColumn('order_id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('buyer_id', 'text', (c) => c.notNull())
    /** the client's anonymousId (X-Device-Id), when sent */
    .addColumn('device_id', 'text')
    /** keyed hashes (PII lookup key) of the normalised phone and address: never the plain values */
    .addColumn('phone_hash', 'text', (c) => c.notNull())
    .addColumn('address_hash', 'text', (c) => c.notNull())
    .addColumn('flash_sale', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('risk_marks_device').on('risk_order_marks').columns(['org_id', 'device_id', 'created_at']).execute();
  await db.schema.createIndex('risk_marks_phone').on('risk_order_marks').columns(['org_id', 'phone_hash', 'created_at']).execute();
  await db.schema.createIndex('risk_marks_address').on('risk_order_marks').columns(['org_id', 'address_hash', 'created_at']).execute();
  await db.schema.createIndex('risk_marks_buyer').on('risk_order_marks').columns(['org_id', 'buyer_id', 'flash_sale']).execute();

  await db.schema
    .createTable('risk_payment_failures')
    .addColumn('payment_id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('buyer_id', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('risk_failures_buyer').on('risk_payment_failures').columns(['org_id', 'buyer_id', 'at']).execute();

  /** every flag and block, with the numbers that led to it */
  await db.schema
    .createTable('risk_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('rule', 'text', (c) => c.notNull())
    /** flag | block */
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('buyer_id', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text')
    .addColumn('detail', 'text', (c) => c.notNull())
    /** set by a payment-failure block: the buyer's orders are refused until then */
    .addColumn('blocked_until', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('risk_decisions_org').on('risk_decisions').columns(['org_id', 'id']).execute();
  await db.schema.createIndex('risk_decisions_buyer').on('risk_decisions').columns(['org_id', 'buyer_id', 'created_at']).execute();
}
