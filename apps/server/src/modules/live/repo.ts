import type { LiveExplanationRow, LiveSessionRow, LiveSessionSkuRow } from '../../infra/db/tables/live.js';
import type { AnchorShiftRow } from '../../infra/db/tables/reviews.js';
import type { DbExecutor } from '../../infra/db/port.js';

export interface LineupRow {
  product_id: string;
  position: number;
  pinned_at: number | null;
  title: string;
  images: string;
}

export interface LineupSkuRow {
  product_id: string;
  sku_id: string;
  sku_code: string;
  title: string;
  spec_values: string;
  price_fen: number;
  live_price_fen: number | null;
  campaign_stock_id: string | null;
  campaign_quantity: number | null;
  campaign_used: number | null;
  campaign_status: string | null;
}

export const liveRepo = {
  async insertSession(db: DbExecutor, row: LiveSessionRow) {
    await db.insertInto('live_sessions').values(row).execute();
  },

  async session(db: DbExecutor, id: string): Promise<LiveSessionRow | undefined> {
    return db.selectFrom('live_sessions').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async sessionInOrg(db: DbExecutor, orgId: string, id: string): Promise<LiveSessionRow | undefined> {
    return db.selectFrom('live_sessions').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  },

  /**
   * Locks the show's row for the transaction (a no-op update: SQLite has no FOR UPDATE, and on both a
   * write lock is what serialises two changes of one show).
   */
  async lockSession(db: DbExecutor, orgId: string, id: string): Promise<LiveSessionRow | undefined> {
    return db
      .updateTable('live_sessions')
      .set((eb) => ({ updated_at: eb.ref('updated_at') }))
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  },

  async list(db: DbExecutor, orgId: string, filter: { status?: string; limit: number }) {
    let q = db.selectFrom('live_sessions').selectAll().where('org_id', '=', orgId);
    if (filter.status) q = q.where('status', '=', filter.status);
    return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
  },

  async update(db: DbExecutor, id: string, patch: Partial<LiveSessionRow>) {
    await db.updateTable('live_sessions').set(patch).where('id', '=', id).execute();
  },

  /** Compare-and-set of the status: false when another change got there first. */
  async transition(db: DbExecutor, id: string, from: string, patch: Partial<LiveSessionRow> & { status: string }): Promise<boolean> {
    const res = await db.updateTable('live_sessions').set(patch).where('id', '=', id).where('status', '=', from).executeTakeFirst();
    return res.numUpdatedRows > 0n;
  },

  async markPublisherGone(db: DbExecutor, id: string, at: number | null) {
    await db.updateTable('live_sessions').set({ publisher_gone_at: at }).where('id', '=', id).execute();
  },

  /** Live shows whose publisher left before `before` and did not come back. */
  async abandoned(db: DbExecutor, before: number, limit: number) {
    return db
      .selectFrom('live_sessions')
      .select(['id', 'org_id'])
      .where('status', '=', 'live')
      .where('publisher_gone_at', 'is not', null)
      .where('publisher_gone_at', '<=', before)
      .limit(limit)
      .execute();
  },

  async orgSlug(db: DbExecutor, orgId: string): Promise<string> {
    const org = await db.selectFrom('orgs').select('slug').where('id', '=', orgId).executeTakeFirstOrThrow();
    return org.slug;
  },

  async productsInOrg(db: DbExecutor, orgId: string, productIds: string[]) {
    if (productIds.length === 0) return [];
    return db.selectFrom('products').select(['id', 'status']).where('org_id', '=', orgId).where('id', 'in', productIds).execute();
  },

  async skusOfProducts(db: DbExecutor, orgId: string, productIds: string[]) {
    if (productIds.length === 0) return [];
    return db
      .selectFrom('skus')
      .select(['id', 'product_id', 'price_fen', 'status'])
      .where('org_id', '=', orgId)
      .where('product_id', 'in', productIds)
      .execute();
  },

  async replaceLineup(
    db: DbExecutor,
    session: { id: string; orgId: string },
    products: { productId: string; position: number; pinnedAt: number | null }[],
    skus: LiveSessionSkuRow[],
  ) {
    await db.deleteFrom('live_session_skus').where('live_session_id', '=', session.id).execute();
    await db.deleteFrom('live_session_products').where('live_session_id', '=', session.id).execute();
    if (products.length > 0) {
      await db
        .insertInto('live_session_products')
        .values(products.map((p) => ({ live_session_id: session.id, product_id: p.productId, org_id: session.orgId, position: p.position, pinned_at: p.pinnedAt })))
        .execute();
    }
    if (skus.length > 0) await db.insertInto('live_session_skus').values(skus).execute();
  },

  async lineupSkuRows(db: DbExecutor, liveSessionId: string): Promise<LiveSessionSkuRow[]> {
    return db.selectFrom('live_session_skus').selectAll().where('live_session_id', '=', liveSessionId).execute();
  },

  async lineup(db: DbExecutor, liveSessionId: string): Promise<LineupRow[]> {
    return db
      .selectFrom('live_session_products as lp')
      .innerJoin('products as p', 'p.id', 'lp.product_id')
      .select(['lp.product_id', 'lp.position', 'lp.pinned_at', 'p.title', 'p.images'])
      .where('lp.live_session_id', '=', liveSessionId)
      .orderBy('lp.position')
      .execute();
  },

  /**
   * Every active SKU of the lineup's products with its live terms: SKUs the lineup does not name sell at
   * the catalog price from general stock.
   */
  async lineupSkus(db: DbExecutor, liveSessionId: string): Promise<LineupSkuRow[]> {
    return db
      .selectFrom('live_session_products as lp')
      .innerJoin('skus as s', 's.product_id', 'lp.product_id')
      .leftJoin('live_session_skus as ls', (join) => join.onRef('ls.live_session_id', '=', 'lp.live_session_id').onRef('ls.sku_id', '=', 's.id'))
      .leftJoin('campaign_stock as c', 'c.id', 'ls.campaign_stock_id')
      .select([
        's.product_id', 's.id as sku_id', 's.sku_code', 's.title', 's.spec_values', 's.price_fen',
        'ls.live_price_fen', 'ls.campaign_stock_id', 'c.quantity as campaign_quantity', 'c.used as campaign_used', 'c.status as campaign_status',
      ])
      .where('lp.live_session_id', '=', liveSessionId)
      .where('s.status', '=', 'active')
      .orderBy('s.sku_code')
      .execute();
  },

  /** Available general stock per SKU over all warehouses. */
  async availableBySku(db: DbExecutor, skuIds: string[]): Promise<Map<string, number>> {
    if (skuIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('stock_levels')
      .select((eb) => ['sku_id', eb.fn.sum<number>(eb('on_hand', '-', eb.ref('reserved'))).as('available')])
      .where('sku_id', 'in', skuIds)
      .groupBy('sku_id')
      .execute();
    return new Map(rows.map((r) => [r.sku_id, Number(r.available)]));
  },

  async livePrices(db: DbExecutor, liveSessionId: string, skuIds: string[]) {
    if (skuIds.length === 0) return [];
    return db
      .selectFrom('live_session_skus')
      .select(['sku_id', 'live_price_fen'])
      .where('live_session_id', '=', liveSessionId)
      .where('sku_id', 'in', skuIds)
      .where('live_price_fen', 'is not', null)
      .execute();
  },

  /** Orders of the show: all placed, and those paid (GMV counts what was paid; refunds are not netted). */
  async orderStats(db: DbExecutor, orgId: string, liveSessionId: string) {
    return db
      .selectFrom('orders')
      .select((eb) => [
        eb.fn.countAll<number>().as('orders'),
        eb.fn.count<number>('paid_at').as('paid_orders'),
        eb.fn.coalesce(eb.fn.sum<number>('paid_fen'), eb.lit(0)).as('gmv_fen'),
        eb.fn.count<number>(eb.case().when('paid_at', 'is not', null).then(eb.ref('buyer_id')).end()).distinct().as('buyers'),
      ])
      .where('org_id', '=', orgId)
      .where('live_session_id', '=', liveSessionId)
      .executeTakeFirstOrThrow();
  },

  async setPinned(db: DbExecutor, liveSessionId: string, productId: string, pinnedAt: number | null) {
    await db.updateTable('live_session_products').set({ pinned_at: pinnedAt }).where('live_session_id', '=', liveSessionId).where('product_id', '=', productId).execute();
  },

  async pinned(db: DbExecutor, liveSessionId: string): Promise<string[]> {
    const rows = await db
      .selectFrom('live_session_products')
      .select('product_id')
      .where('live_session_id', '=', liveSessionId)
      .where('pinned_at', 'is not', null)
      .orderBy('pinned_at')
      .execute();
    return rows.map((r) => r.product_id);
  },

  async insertExplanation(db: DbExecutor, row: LiveExplanationRow) {
    await db.insertInto('live_explanations').values(row).execute();
  },

  /** Closes the open 讲解 periods of the show (of one product, or all). */
  async closeExplanations(db: DbExecutor, liveSessionId: string, at: number, productId?: string) {
    let q = db.updateTable('live_explanations').set({ end_at: at }).where('live_session_id', '=', liveSessionId).where('end_at', 'is', null);
    if (productId) q = q.where('product_id', '=', productId);
    await q.execute();
  },

  async explanations(db: DbExecutor, liveSessionId: string): Promise<LiveExplanationRow[]> {
    return db.selectFrom('live_explanations').selectAll().where('live_session_id', '=', liveSessionId).orderBy('start_at').orderBy('id').execute();
  },

  /** A recorded show's 讲解 periods and on-air shifts, all closed: a finished show entered afterwards. */
  async insertPastPeriods(db: DbExecutor, periods: { explanations: LiveExplanationRow[]; shifts: AnchorShiftRow[] }) {
    if (periods.explanations.length > 0) await db.insertInto('live_explanations').values(periods.explanations).execute();
    if (periods.shifts.length > 0) await db.insertInto('anchor_shifts').values(periods.shifts).execute();
  },

  async insertShift(db: DbExecutor, row: AnchorShiftRow) {
    await db.insertInto('anchor_shifts').values(row).execute();
  },

  async openShift(db: DbExecutor, liveSessionId: string): Promise<AnchorShiftRow | undefined> {
    return db.selectFrom('anchor_shifts').selectAll().where('live_session_id', '=', liveSessionId).where('end_at', 'is', null).executeTakeFirst();
  },

  /** Closes the show's open on-air shift, if any. */
  async closeShifts(db: DbExecutor, liveSessionId: string, at: number) {
    await db.updateTable('anchor_shifts').set({ end_at: at }).where('live_session_id', '=', liveSessionId).where('end_at', 'is', null).execute();
  },

  /** Ids are time-ordered, so they break ties between a zero-length shift and the one after it. */
  async shifts(db: DbExecutor, liveSessionId: string): Promise<AnchorShiftRow[]> {
    return db.selectFrom('anchor_shifts').selectAll().where('live_session_id', '=', liveSessionId).orderBy('start_at').orderBy('id').execute();
  },

  /** 讲解 periods with their product's title, for the markers on a show's curves. */
  async explanationMarkers(db: DbExecutor, liveSessionId: string) {
    return db
      .selectFrom('live_explanations as e')
      .innerJoin('products as p', 'p.id', 'e.product_id')
      .select(['e.product_id', 'e.start_at', 'e.end_at', 'p.title'])
      .where('e.live_session_id', '=', liveSessionId)
      .orderBy('e.start_at')
      .orderBy('e.id')
      .execute();
  },
};
