import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { DbDialect } from '../port.js';

type AnyDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The commerce core: catalog, inventory with its ledger and reservations, orders with their event history,
 * idempotency records, payments, fulfilment and after-sales. Money is integer fen, times epoch ms.
 */
export async function up(db: AnyDb, dialect: DbDialect): Promise<void> {
  const serial = dialect === 'postgres' ? 'bigserial' : 'integer';
  const serialPk = (c: ColumnDefinitionBuilder) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement());

  // ---- catalog
  await db.schema
    .createTable('categories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('parent_id', 'text', (c) => c.references('categories.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('categories_org').on('categories').columns(['org_id', 'parent_id']).execute();

  await db.schema
    .createTable('brands')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('logo_key', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('brands_org_name', ['org_id', 'name'])
    .execute();

  await db.schema
    .createTable('products')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('category_id', 'text', (c) => c.references('categories.id'))
    .addColumn('brand_id', 'text', (c) => c.references('brands.id'))
    /** draft | listed | delisted */
    .addColumn('status', 'text', (c) => c.notNull())
    /** scheduled 上架 / 下架 times; a worker flips status when they pass */
    .addColumn('list_at', 'bigint')
    .addColumn('delist_at', 'bigint')
    /** JSON [{name, values[]}], the spec attributes whose product is the SKU matrix */
    .addColumn('spec_attributes', 'text', (c) => c.notNull().defaultTo('[]'))
    /** JSON list of blob keys, first is the cover */
    .addColumn('images', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('products_org_status').on('products').columns(['org_id', 'status']).execute();

  await db.schema
    .createTable('skus')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('sku_code', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    /** JSON {attributeName: value} for the SKU matrix */
    .addColumn('spec_values', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('price_fen', 'bigint', (c) => c.notNull())
    .addColumn('cost_fen', 'bigint')
    .addColumn('barcode', 'text')
    .addColumn('weight_grams', 'integer')
    /** active | disabled */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('skus_org_code', ['org_id', 'sku_code'])
    .addCheckConstraint('skus_price_nonnegative', sql`price_fen >= 0`)
    .execute();
  await db.schema.createIndex('skus_product').on('skus').column('product_id').execute();

  // ---- inventory
  await db.schema
    .createTable('warehouses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
    /** lower ships first when a SKU is stocked in several */
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('warehouses_org_code', ['org_id', 'code'])
    .execute();

  await db.schema
    .createTable('stock_levels')
    .addColumn('sku_id', 'text', (c) => c.notNull().references('skus.id'))
    .addColumn('warehouse_id', 'text', (c) => c.notNull().references('warehouses.id'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('on_hand', 'bigint', (c) => c.notNull())
    .addColumn('reserved', 'bigint', (c) => c.notNull())
    .addColumn('low_stock_threshold', 'bigint')
    /** pick location shown on pick lists (shelf code) */
    .addColumn('bin', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('stock_levels_pk', ['sku_id', 'warehouse_id'])
    // The last line of defence: even a buggy update cannot make stock negative or over-reserved.
    .addCheckConstraint('stock_levels_sane', sql`reserved >= 0 and reserved <= on_hand`)
    .execute();

  await db.schema
    .createTable('stock_ledger')
    .addColumn('seq', serial, serialPk)
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('sku_id', 'text', (c) => c.notNull())
    .addColumn('warehouse_id', 'text', (c) => c.notNull())
    /** inbound | adjustment | reservation | release | shipment | return | write_off | campaign_carve | campaign_return */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('on_hand_delta', 'bigint', (c) => c.notNull())
    .addColumn('reserved_delta', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('ref_type', 'text')
    .addColumn('ref_id', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('stock_ledger_sku').on('stock_ledger').columns(['sku_id', 'warehouse_id', 'seq']).execute();
  await db.schema.createIndex('stock_ledger_ref').on('stock_ledger').columns(['ref_type', 'ref_id']).execute();

  /** 活动库存: stock carved out of available for a live session or flash sale, returned after */
  await db.schema
    .createTable('campaign_stock')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    /** live_session | flash_sale */
    .addColumn('campaign_type', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('sku_id', 'text', (c) => c.notNull().references('skus.id'))
    .addColumn('warehouse_id', 'text', (c) => c.notNull().references('warehouses.id'))
    .addColumn('quantity', 'bigint', (c) => c.notNull())
    /** units of `quantity` held by pending orders or sold; quantity - used is left */
    .addColumn('used', 'bigint', (c) => c.notNull())
    /** active | returned */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('returned_at', 'bigint')
    .addUniqueConstraint('campaign_stock_unique', ['campaign_type', 'campaign_id', 'sku_id', 'warehouse_id'])
    .addCheckConstraint('campaign_stock_sane', sql`used >= 0 and used <= quantity`)
    .execute();

  await db.schema
    .createTable('reservations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text')
    .addColumn('sku_id', 'text', (c) => c.notNull())
    .addColumn('warehouse_id', 'text', (c) => c.notNull())
    .addColumn('campaign_stock_id', 'text')
    .addColumn('quantity', 'bigint', (c) => c.notNull())
    /** held (unpaid) | consumed (paid, not shipped) | shipped | released */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('settled_at', 'bigint')
    .execute();
  await db.schema.createIndex('reservations_order').on('reservations').column('order_id').execute();
  await db.schema.createIndex('reservations_expiry').on('reservations').columns(['status', 'expires_at']).execute();

  // ---- orders
  await db.schema
    .createTable('orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    /** human-facing number, e.g. LD20261126000123 */
    .addColumn('order_no', 'text', (c) => c.notNull().unique())
    .addColumn('buyer_id', 'text', (c) => c.notNull())
    /** store | live | external */
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('live_session_id', 'text')
    /** platform and platform order id for imported orders (strings: they exceed 2^53) */
    .addColumn('external_platform', 'text')
    .addColumn('external_order_id', 'text')
    /** pending_payment | paid | partially_shipped | shipped | delivered | completed | cancelled */
    .addColumn('status', 'text', (c) => c.notNull())
    /** unpaid | paid | partially_refunded | refunded */
    .addColumn('payment_status', 'text', (c) => c.notNull())
    /** unfulfilled | partially_shipped | shipped | delivered */
    .addColumn('fulfillment_status', 'text', (c) => c.notNull())
    .addColumn('items_fen', 'bigint', (c) => c.notNull())
    .addColumn('discount_fen', 'bigint', (c) => c.notNull())
    .addColumn('shipping_fen', 'bigint', (c) => c.notNull())
    .addColumn('total_fen', 'bigint', (c) => c.notNull())
    .addColumn('paid_fen', 'bigint', (c) => c.notNull())
    .addColumn('refunded_fen', 'bigint', (c) => c.notNull())
    .addColumn('coupon_code', 'text')
    /** AES-GCM envelopes of the recipient's name and phone and the street detail */
    .addColumn('recipient_name_enc', 'text', (c) => c.notNull())
    .addColumn('recipient_phone_enc', 'text', (c) => c.notNull())
    .addColumn('address_detail_enc', 'text', (c) => c.notNull())
    /** region in clear: needed for shipping rules and regional analytics, identifies nobody */
    .addColumn('province', 'text', (c) => c.notNull())
    .addColumn('city', 'text', (c) => c.notNull())
    .addColumn('district', 'text', (c) => c.notNull())
    .addColumn('buyer_note', 'text')
    .addColumn('expires_at', 'bigint')
    .addColumn('paid_at', 'bigint')
    .addColumn('cancelled_at', 'bigint')
    /** timeout | buyer | staff | payment_failed */
    .addColumn('cancel_reason', 'text')
    .addColumn('completed_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('orders_money_sane', sql`total_fen >= 0 and paid_fen >= 0 and refunded_fen >= 0 and refunded_fen <= paid_fen`)
    .execute();
  await db.schema.createIndex('orders_org_created').on('orders').columns(['org_id', 'created_at']).execute();
  await db.schema.createIndex('orders_buyer').on('orders').columns(['buyer_id', 'created_at']).execute();
  await db.schema.createIndex('orders_status_expiry').on('orders').columns(['status', 'expires_at']).execute();
  await db.schema.createIndex('orders_session').on('orders').columns(['live_session_id']).execute();
  await db.schema
    .createIndex('orders_external')
    .on('orders')
    .columns(['org_id', 'external_platform', 'external_order_id'])
    .unique()
    .execute();

  await db.schema
    .createTable('order_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('sku_id', 'text', (c) => c.notNull())
    .addColumn('warehouse_id', 'text', (c) => c.notNull())
    /** snapshots at order time: later catalog edits never change a placed order */
    .addColumn('product_title', 'text', (c) => c.notNull())
    .addColumn('sku_title', 'text', (c) => c.notNull())
    .addColumn('sku_code', 'text', (c) => c.notNull())
    .addColumn('unit_price_fen', 'bigint', (c) => c.notNull())
    .addColumn('quantity', 'bigint', (c) => c.notNull())
    .addColumn('line_total_fen', 'bigint', (c) => c.notNull())
    .addColumn('shipped_quantity', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('refunded_quantity', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('returned_quantity', 'bigint', (c) => c.notNull().defaultTo(0))
    .addCheckConstraint(
      'order_lines_quantities_sane',
      sql`quantity > 0 and shipped_quantity between 0 and quantity and refunded_quantity between 0 and quantity and returned_quantity between 0 and quantity`,
    )
    .execute();
  await db.schema.createIndex('order_lines_order').on('order_lines').column('order_id').execute();

  /** The order timeline: every transition, payment, shipment and after-sales step, with who and why. */
  await db.schema
    .createTable('order_events')
    .addColumn('seq', serial, serialPk)
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    /** transition | payment | refund | shipment | delivery | aftersales | note */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('order_events_order').on('order_events').columns(['order_id', 'seq']).execute();

  /** Stripe-style idempotency: same key + same body → same answer for 24 h; other body → 422. */
  await db.schema
    .createTable('idempotency_keys')
    /** who may replay the key, e.g. `buyer:<id>:POST /api/v1/store/orders` */
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('response', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
    .execute();
  await db.schema.createIndex('idempotency_keys_expiry').on('idempotency_keys').column('expires_at').execute();

  // ---- payments
  await db.schema
    .createTable('payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    /** sandbox | wechatpay | alipay */
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    /** pending | succeeded | failed | cancelled */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('provider_payment_id', 'text')
    .addColumn('failure_reason', 'text')
    .addColumn('refunded_fen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('payments_refund_sane', sql`refunded_fen >= 0 and refunded_fen <= amount_fen`)
    .execute();
  await db.schema.createIndex('payments_order').on('payments').column('order_id').execute();

  /** Provider callbacks, processed once per provider event id however often they are delivered. */
  await db.schema
    .createTable('payment_events')
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('provider_event_id', 'text', (c) => c.notNull())
    .addColumn('payment_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('payment_events_pk', ['provider', 'provider_event_id'])
    .execute();

  await db.schema
    .createTable('refunds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('payment_id', 'text', (c) => c.notNull().references('payments.id'))
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('aftersales_id', 'text')
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    /** pending | succeeded | failed */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('provider_refund_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('refunds_order').on('refunds').column('order_id').execute();

  // ---- fulfilment
  await db.schema
    .createTable('pick_waves')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('wave_no', 'text', (c) => c.notNull().unique())
    .addColumn('warehouse_id', 'text', (c) => c.notNull().references('warehouses.id'))
    /** open | picked | closed */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('wave_orders')
    .addColumn('wave_id', 'text', (c) => c.notNull().references('pick_waves.id'))
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addPrimaryKeyConstraint('wave_orders_pk', ['wave_id', 'order_id'])
    .execute();
  await db.schema.createIndex('wave_orders_order').on('wave_orders').column('order_id').execute();

  await db.schema
    .createTable('shipments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('warehouse_id', 'text', (c) => c.notNull())
    .addColumn('wave_id', 'text')
    .addColumn('carrier', 'text', (c) => c.notNull())
    .addColumn('tracking_no', 'text', (c) => c.notNull())
    /** shipped | delivered */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('shipped_at', 'bigint', (c) => c.notNull())
    .addColumn('delivered_at', 'bigint')
    .addUniqueConstraint('shipments_tracking', ['org_id', 'carrier', 'tracking_no'])
    .execute();
  await db.schema.createIndex('shipments_order').on('shipments').column('order_id').execute();

  await db.schema
    .createTable('shipment_lines')
    .addColumn('shipment_id', 'text', (c) => c.notNull().references('shipments.id'))
    .addColumn('order_line_id', 'text', (c) => c.notNull().references('order_lines.id'))
    .addColumn('quantity', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('shipment_lines_pk', ['shipment_id', 'order_line_id'])
    .execute();

  // ---- after-sales (售后)
  await db.schema
    .createTable('aftersales')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('case_no', 'text', (c) => c.notNull().unique())
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('buyer_id', 'text', (c) => c.notNull())
    /** refund_only | return_refund | exchange */
    .addColumn('type', 'text', (c) => c.notNull())
    /** requested | approved | rejected | return_shipped | received | refunded | closed */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    /** JSON list of blob keys */
    .addColumn('evidence', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('refund_fen', 'bigint', (c) => c.notNull())
    .addColumn('return_carrier', 'text')
    .addColumn('return_tracking_no', 'text')
    /** restock | write_off, decided at receipt */
    .addColumn('disposition', 'text')
    .addColumn('reject_reason', 'text')
    .addColumn('sla_due_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('aftersales_org_status').on('aftersales').columns(['org_id', 'status', 'sla_due_at']).execute();
  await db.schema.createIndex('aftersales_order').on('aftersales').column('order_id').execute();

  await db.schema
    .createTable('aftersales_lines')
    .addColumn('aftersales_id', 'text', (c) => c.notNull().references('aftersales.id'))
    .addColumn('order_line_id', 'text', (c) => c.notNull().references('order_lines.id'))
    .addColumn('quantity', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('aftersales_lines_pk', ['aftersales_id', 'order_line_id'])
    .execute();

  /** Org-level commerce settings (unpaid timeout, after-sales auto-approval), one row per org. */
  await db.schema
    .createTable('commerce_settings')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('orgs.id'))
    .addColumn('unpaid_timeout_ms', 'bigint', (c) => c.notNull())
    /** null: staff decide every request */
    .addColumn('aftersales_auto_approve_ms', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}
