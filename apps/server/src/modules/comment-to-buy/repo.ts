import type { CartHoldRow, CommentToBuyLogRow, CommentToBuySettingsRow } from '../../infra/db/tables/sales.js';
import type { DbExecutor } from '../../infra/db/port.js';

export interface HoldDetailRow extends CartHoldRow {
  sku_code: string;
  sku_title: string;
  product_title: string;
}

export const commentToBuyRepo = {
  async settings(db: DbExecutor, orgId: string, liveSessionId: string): Promise<CommentToBuySettingsRow | undefined> {
    return db.selectFrom('comment_to_buy_settings').selectAll().where('org_id', '=', orgId).where('live_session_id', '=', liveSessionId).executeTakeFirst();
  },

  async upsertSettings(db: DbExecutor, row: CommentToBuySettingsRow): Promise<void> {
    const { live_session_id: _key, ...changes } = row;
    await db.insertInto('comment_to_buy_settings').values(row).onConflict((oc) => oc.column('live_session_id').doUpdateSet(changes)).execute();
  },

  /** The SKUs a comment can claim: active SKUs of the pinned products, if those are listed. */
  async skusOfProducts(db: DbExecutor, orgId: string, productIds: string[]) {
    if (!productIds.length) return [];
    return db
      .selectFrom('skus as s')
      .innerJoin('products as p', 'p.id', 's.product_id')
      .select(['s.id', 's.product_id', 's.sku_code', 's.price_fen'])
      .where('s.org_id', '=', orgId)
      .where('s.product_id', 'in', productIds)
      .where('s.status', '=', 'active')
      .where('p.status', '=', 'listed')
      .orderBy('s.sku_code')
      .execute();
  },

  /**
   * Units a claim could get now: from the show's campaign stock (活动库存) when it has a running carve of
   * the SKU, else from general stock. Advisory only (first_paid links); the order's reservation decides.
   */
  async available(db: DbExecutor, orgId: string, liveSessionId: string, skuId: string): Promise<number> {
    const carve = await db
      .selectFrom('campaign_stock')
      .select(['quantity', 'used'])
      .where('campaign_type', '=', 'live_session')
      .where('campaign_id', '=', liveSessionId)
      .where('sku_id', '=', skuId)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (carve) return carve.quantity - carve.used;
    const general = await db
      .selectFrom('stock_levels')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>(eb('on_hand', '-', eb.ref('reserved'))), eb.lit(0)).as('available'))
      .where('org_id', '=', orgId)
      .where('sku_id', '=', skuId)
      .executeTakeFirstOrThrow();
    return Number(general.available);
  },

  async insertHold(db: DbExecutor, row: CartHoldRow): Promise<void> {
    await db.insertInto('cart_holds').values(row).execute();
  },

  async hold(db: DbExecutor, orgId: string, id: string): Promise<HoldDetailRow | undefined> {
    return db
      .selectFrom('cart_holds as h')
      .innerJoin('skus as s', 's.id', 'h.sku_id')
      .innerJoin('products as p', 'p.id', 'h.product_id')
      .selectAll('h')
      .select(['s.sku_code', 's.title as sku_title', 'p.title as product_title'])
      .where('h.org_id', '=', orgId)
      .where('h.id', '=', id)
      .executeTakeFirst();
  },

  async openHold(db: DbExecutor, openKey: string): Promise<CartHoldRow | undefined> {
    return db.selectFrom('cart_holds').selectAll().where('open_key', '=', openKey).executeTakeFirst();
  },

  /** Frees the buyer-and-product slot of a hold whose time ran out, so a new comment can claim again. */
  async expireOpen(db: DbExecutor, openKey: string, now: number): Promise<void> {
    await db
      .updateTable('cart_holds')
      .set({ status: 'expired', open_key: null, updated_at: now })
      .where('open_key', '=', openKey)
      .where('expires_at', '<=', now)
      .execute();
  },

  /** open → checked_out while unexpired; false when the hold is gone (expired, or checked out already). */
  async checkOut(db: DbExecutor, id: string, orderId: string, now: number): Promise<boolean> {
    const res = await db
      .updateTable('cart_holds')
      .set({ status: 'checked_out', open_key: null, order_id: orderId, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return res.numUpdatedRows > 0n;
  },

  async latestOrderOf(db: DbExecutor, orgId: string, buyerId: string): Promise<string | undefined> {
    const row = await db
      .selectFrom('orders')
      .select('id')
      .where('org_id', '=', orgId)
      .where('buyer_id', '=', buyerId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.id;
  },

  async insertLog(db: DbExecutor, row: CommentToBuyLogRow): Promise<void> {
    await db.insertInto('comment_to_buy_log').values(row).execute();
  },

  async log(db: DbExecutor, orgId: string, liveSessionId: string, filter: { before?: number; limit: number }): Promise<CommentToBuyLogRow[]> {
    let q = db.selectFrom('comment_to_buy_log').selectAll().where('org_id', '=', orgId).where('live_session_id', '=', liveSessionId);
    if (filter.before !== undefined) q = q.where('at', '<', filter.before);
    return q.orderBy('at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
  },
};
