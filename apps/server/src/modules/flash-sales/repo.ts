import type { FlashSaleOrderRow, FlashSaleRow } from '../../infra/db/tables/sales.js';
import type { DbExecutor } from '../../infra/db/port.js';

/** A sale with what its views show of the SKU and product. */
export interface FlashSaleDetailRow extends FlashSaleRow {
  sku_code: string;
  original_price_fen: number;
  product_title: string;
}

const withSku = (db: DbExecutor) =>
  db
    .selectFrom('flash_sales as f')
    .innerJoin('skus as s', 's.id', 'f.sku_id')
    .innerJoin('products as p', 'p.id', 'f.product_id')
    .selectAll('f')
    .select(['s.sku_code', 's.price_fen as original_price_fen', 'p.title as product_title']);

export const flashSalesRepo = {
  async insert(db: DbExecutor, row: FlashSaleRow): Promise<void> {
    await db.insertInto('flash_sales').values(row).execute();
  },

  async sale(db: DbExecutor, orgId: string, id: string): Promise<FlashSaleRow | undefined> {
    return db.selectFrom('flash_sales').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  },

  async detail(db: DbExecutor, orgId: string, id: string): Promise<FlashSaleDetailRow | undefined> {
    return withSku(db).where('f.org_id', '=', orgId).where('f.id', '=', id).executeTakeFirst();
  },

  async ofSession(db: DbExecutor, liveSessionId: string, filter: { orgId?: string; statuses?: string[] }): Promise<FlashSaleDetailRow[]> {
    let q = withSku(db).where('f.live_session_id', '=', liveSessionId);
    if (filter.orgId) q = q.where('f.org_id', '=', filter.orgId);
    if (filter.statuses) q = q.where('f.status', 'in', filter.statuses);
    return q.orderBy('f.created_at').orderBy('f.id').execute();
  },

  /** Sales of the show that have started, with their product's title, for the markers on its curves. */
  async startedOfSession(db: DbExecutor, liveSessionId: string) {
    return db
      .selectFrom('flash_sales as f')
      .innerJoin('products as p', 'p.id', 'f.product_id')
      .select(['f.product_id', 'f.started_at', 'f.ended_at', 'p.title'])
      .where('f.live_session_id', '=', liveSessionId)
      .where('f.started_at', 'is not', null)
      .orderBy('f.started_at')
      .orderBy('f.id')
      .execute();
  },

  async sku(db: DbExecutor, orgId: string, skuId: string) {
    return db
      .selectFrom('skus as s')
      .innerJoin('products as p', 'p.id', 's.product_id')
      .select(['s.id', 's.product_id', 's.price_fen', 's.status', 'p.status as product_status'])
      .where('s.org_id', '=', orgId)
      .where('s.id', '=', skuId)
      .executeTakeFirst();
  },

  /** Compare-and-set of the status: false when another node or request got there first. */
  async transition(db: DbExecutor, id: string, from: string, patch: Partial<FlashSaleRow> & { status: string }): Promise<boolean> {
    const res = await db.updateTable('flash_sales').set(patch).where('id', '=', id).where('status', '=', from).executeTakeFirst();
    return res.numUpdatedRows > 0n;
  },

  /**
   * Inside an order's transaction: true while the sale runs at `now`, and (PostgreSQL) the row stays locked
   * until commit, so ending the sale waits for orders in flight instead of returning their carve under them.
   */
  async holdRunning(db: DbExecutor, id: string, now: number): Promise<boolean> {
    const row = await db
      .updateTable('flash_sales')
      .set((eb) => ({ updated_at: eb.ref('updated_at') }))
      .where('id', '=', id)
      .where('status', '=', 'running')
      .where('ends_at', '>', now)
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  },

  async dueToStart(db: DbExecutor, now: number, limit: number): Promise<FlashSaleRow[]> {
    return db.selectFrom('flash_sales').selectAll().where('status', '=', 'scheduled').where('starts_at', '<=', now).orderBy('starts_at').limit(limit).execute();
  },

  async dueToEnd(db: DbExecutor, now: number, limit: number): Promise<FlashSaleRow[]> {
    return db.selectFrom('flash_sales').selectAll().where('status', '=', 'running').where('ends_at', '<=', now).orderBy('ends_at').limit(limit).execute();
  },

  async running(db: DbExecutor): Promise<FlashSaleRow[]> {
    return db.selectFrom('flash_sales').selectAll().where('status', '=', 'running').execute();
  },

  async notEndedOfSession(db: DbExecutor, orgId: string, liveSessionId: string): Promise<FlashSaleRow[]> {
    return db.selectFrom('flash_sales').selectAll().where('org_id', '=', orgId).where('live_session_id', '=', liveSessionId).where('status', '<>', 'ended').execute();
  },

  async insertOrder(db: DbExecutor, row: FlashSaleOrderRow): Promise<void> {
    await db.insertInto('flash_sale_orders').values(row).execute();
  },

  /**
   * Marks a cancelled order's units as given back to the sale's quota; undefined when they already were
   * (a redelivered event) or the order is not a flash-sale order.
   */
  async markReturned(db: DbExecutor, orderId: string, at: number): Promise<FlashSaleOrderRow | undefined> {
    return db
      .updateTable('flash_sale_orders')
      .set({ returned_at: at })
      .where('order_id', '=', orderId)
      .where('returned_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
  },

  /** Units each buyer holds through the sale's gate: orders placed and not given back. */
  async unreturnedByBuyer(db: DbExecutor, flashSaleId: string): Promise<{ buyer_id: string; quantity: number }[]> {
    const rows = await db
      .selectFrom('flash_sale_orders')
      .select((eb) => ['buyer_id', eb.fn.sum<number>('quantity').as('quantity')])
      .where('flash_sale_id', '=', flashSaleId)
      .where('returned_at', 'is', null)
      .groupBy('buyer_id')
      .execute();
    return rows.map((r) => ({ buyer_id: r.buyer_id, quantity: Number(r.quantity) }));
  },

  /** Units in orders that are not cancelled, per sale. */
  async ordered(db: DbExecutor, flashSaleIds: string[]): Promise<Map<string, number>> {
    if (!flashSaleIds.length) return new Map();
    const rows = await db
      .selectFrom('flash_sale_orders as fo')
      .innerJoin('orders as o', 'o.id', 'fo.order_id')
      .select((eb) => ['fo.flash_sale_id', eb.fn.sum<number>('fo.quantity').as('quantity')])
      .where('fo.flash_sale_id', 'in', flashSaleIds)
      .where('o.status', '<>', 'cancelled')
      .groupBy('fo.flash_sale_id')
      .execute();
    return new Map(rows.map((r) => [r.flash_sale_id, Number(r.quantity)]));
  },
};
