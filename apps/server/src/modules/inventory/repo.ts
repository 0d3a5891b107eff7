import type { CampaignStockRow, ReservationRow, StockLedgerRow, StockLevelRow, WarehouseRow } from '../../infra/db/database.js';
import type { DbExecutor } from '../../infra/db/port.js';

export type LedgerEntry = Omit<StockLedgerRow, 'seq'>;
type LevelAfter = Pick<StockLevelRow, 'on_hand' | 'reserved' | 'low_stock_threshold'>;

/**
 * Every stock counter changes here, and only through conditional UPDATEs: the WHERE clause is the
 * check, so two requests can never both pass it on a stale read (the oversell of Medusa and Vendure).
 * A change that does not fit returns undefined and changes nothing.
 */
export const inventoryRepo = {
  async warehouses(db: DbExecutor, orgId: string): Promise<WarehouseRow[]> {
    return db.selectFrom('warehouses').selectAll().where('org_id', '=', orgId).orderBy('priority').orderBy('created_at').execute();
  },

  async warehouse(db: DbExecutor, orgId: string, id: string): Promise<WarehouseRow | undefined> {
    return db.selectFrom('warehouses').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  },

  async insertWarehouse(db: DbExecutor, row: WarehouseRow): Promise<boolean> {
    const res = await db.insertInto('warehouses').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0n) > 0;
  },

  async warehouseByCode(db: DbExecutor, orgId: string, code: string): Promise<WarehouseRow | undefined> {
    return db.selectFrom('warehouses').selectAll().where('org_id', '=', orgId).where('code', '=', code).executeTakeFirst();
  },

  async updateWarehouse(db: DbExecutor, orgId: string, id: string, patch: Partial<Pick<WarehouseRow, 'name' | 'address' | 'priority'>>) {
    await db.updateTable('warehouses').set(patch).where('org_id', '=', orgId).where('id', '=', id).execute();
  },

  async ensureLevel(db: DbExecutor, level: { orgId: string; skuId: string; warehouseId: string; now: number }): Promise<void> {
    await db
      .insertInto('stock_levels')
      .values({ sku_id: level.skuId, warehouse_id: level.warehouseId, org_id: level.orgId, on_hand: 0, reserved: 0, low_stock_threshold: null, bin: null, updated_at: level.now })
      .onConflict((oc) => oc.columns(['sku_id', 'warehouse_id']).doNothing())
      .execute();
  },

  /** on_hand += delta, refused when it would fall below what is reserved. */
  async changeOnHand(db: DbExecutor, skuId: string, warehouseId: string, delta: number, now: number): Promise<LevelAfter | undefined> {
    return db
      .updateTable('stock_levels')
      .set((eb) => ({ on_hand: eb('on_hand', '+', delta), updated_at: now }))
      .where('sku_id', '=', skuId)
      .where('warehouse_id', '=', warehouseId)
      .where((eb) => eb(eb('on_hand', '+', delta), '>=', eb.ref('reserved')))
      .returning(['on_hand', 'reserved', 'low_stock_threshold'])
      .executeTakeFirst();
  },

  /** reserved += q only where on_hand − reserved ≥ q. */
  async reserve(db: DbExecutor, skuId: string, warehouseId: string, quantity: number, now: number): Promise<LevelAfter | undefined> {
    return db
      .updateTable('stock_levels')
      .set((eb) => ({ reserved: eb('reserved', '+', quantity), updated_at: now }))
      .where('sku_id', '=', skuId)
      .where('warehouse_id', '=', warehouseId)
      .where((eb) => eb(eb('on_hand', '-', eb.ref('reserved')), '>=', quantity))
      .returning(['on_hand', 'reserved', 'low_stock_threshold'])
      .executeTakeFirst();
  },

  /** reserved −= q (release), and with `ship` on_hand −= q too (the units leave the building). */
  async unreserve(db: DbExecutor, skuId: string, warehouseId: string, quantity: number, now: number, ship: boolean) {
    return db
      .updateTable('stock_levels')
      .set((eb) => ({
        reserved: eb('reserved', '-', quantity),
        ...(ship ? { on_hand: eb('on_hand', '-', quantity) } : {}),
        updated_at: now,
      }))
      .where('sku_id', '=', skuId)
      .where('warehouse_id', '=', warehouseId)
      .where('reserved', '>=', quantity)
      .returning(['on_hand', 'reserved', 'low_stock_threshold'])
      .executeTakeFirst();
  },

  async setLevelSettings(db: DbExecutor, orgId: string, skuId: string, warehouseId: string, patch: Partial<Pick<StockLevelRow, 'low_stock_threshold' | 'bin'>>) {
    const res = await db
      .updateTable('stock_levels')
      .set(patch)
      .where('org_id', '=', orgId)
      .where('sku_id', '=', skuId)
      .where('warehouse_id', '=', warehouseId)
      .executeTakeFirst();
    return res.numUpdatedRows > 0n;
  },

  async insertLedger(db: DbExecutor, entries: LedgerEntry[]): Promise<void> {
    if (entries.length) await db.insertInto('stock_ledger').values(entries).execute();
  },

  /** Levels of a SKU, best warehouse first: by priority, then most available. */
  async levelsOfSku(db: DbExecutor, orgId: string, skuId: string) {
    return db
      .selectFrom('stock_levels as l')
      .innerJoin('warehouses as w', 'w.id', 'l.warehouse_id')
      .select(['l.sku_id', 'l.warehouse_id', 'l.on_hand', 'l.reserved', 'l.low_stock_threshold', 'l.bin', 'w.code as warehouse_code', 'w.name as warehouse_name', 'w.priority'])
      .where('l.org_id', '=', orgId)
      .where('l.sku_id', '=', skuId)
      .orderBy('w.priority')
      .orderBy((eb) => eb('l.on_hand', '-', eb.ref('l.reserved')), 'desc')
      .execute();
  },

  async skuOf(db: DbExecutor, orgId: string, skuId: string) {
    return db
      .selectFrom('skus as s')
      .innerJoin('products as p', 'p.id', 's.product_id')
      .select(['s.id', 's.sku_code', 's.title', 'p.title as product_title'])
      .where('s.org_id', '=', orgId)
      .where('s.id', '=', skuId)
      .executeTakeFirst();
  },

  async levels(db: DbExecutor, orgId: string, filter: { warehouseId?: string; q?: string; lowOnly?: boolean; limit: number; offset: number }) {
    let query = db
      .selectFrom('stock_levels as l')
      .innerJoin('skus as s', 's.id', 'l.sku_id')
      .innerJoin('products as p', 'p.id', 's.product_id')
      .innerJoin('warehouses as w', 'w.id', 'l.warehouse_id')
      .select([
        'l.sku_id', 'l.warehouse_id', 'l.on_hand', 'l.reserved', 'l.low_stock_threshold', 'l.bin', 'l.updated_at',
        's.sku_code', 's.title as sku_title', 'p.title as product_title', 'p.id as product_id', 'w.code as warehouse_code', 'w.name as warehouse_name',
      ])
      .where('l.org_id', '=', orgId);
    if (filter.warehouseId) query = query.where('l.warehouse_id', '=', filter.warehouseId);
    if (filter.q) {
      const like = `%${filter.q.replace(/[%_\\]/g, (m) => `\\${m}`)}%`;
      query = query.where((eb) => eb.or([eb('s.sku_code', 'like', like), eb('p.title', 'like', like), eb('s.title', 'like', like)]));
    }
    if (filter.lowOnly) {
      query = query
        .where('l.low_stock_threshold', 'is not', null)
        .where((eb) => eb(eb('l.on_hand', '-', eb.ref('l.reserved')), '<', eb.ref('l.low_stock_threshold')));
    }
    return query.orderBy('p.title').orderBy('s.sku_code').orderBy('w.priority').limit(filter.limit).offset(filter.offset).execute();
  },

  async ledger(db: DbExecutor, orgId: string, filter: { skuId?: string; warehouseId?: string; refId?: string; beforeSeq?: number; limit: number }) {
    let query = db
      .selectFrom('stock_ledger as g')
      .innerJoin('skus as s', 's.id', 'g.sku_id')
      .innerJoin('warehouses as w', 'w.id', 'g.warehouse_id')
      .selectAll('g')
      .select(['s.sku_code', 'w.code as warehouse_code'])
      .where('g.org_id', '=', orgId);
    if (filter.skuId) query = query.where('g.sku_id', '=', filter.skuId);
    if (filter.warehouseId) query = query.where('g.warehouse_id', '=', filter.warehouseId);
    if (filter.refId) query = query.where('g.ref_id', '=', filter.refId);
    if (filter.beforeSeq !== undefined) query = query.where('g.seq', '<', filter.beforeSeq);
    return query.orderBy('g.seq', 'desc').limit(filter.limit + 1).execute();
  },

  /** What the ledger says the counters must be; tests and the consistency check compare the two. */
  async ledgerTotals(db: DbExecutor, skuId: string, warehouseId: string): Promise<{ onHand: number; reserved: number }> {
    const row = await db
      .selectFrom('stock_ledger')
      .select((eb) => [eb.fn.coalesce(eb.fn.sum<number>('on_hand_delta'), eb.lit(0)).as('on_hand'), eb.fn.coalesce(eb.fn.sum<number>('reserved_delta'), eb.lit(0)).as('reserved')])
      .where('sku_id', '=', skuId)
      .where('warehouse_id', '=', warehouseId)
      .executeTakeFirstOrThrow();
    return { onHand: Number(row.on_hand), reserved: Number(row.reserved) };
  },

  async insertReservations(db: DbExecutor, rows: ReservationRow[]): Promise<void> {
    if (rows.length) await db.insertInto('reservations').values(rows).execute();
  },

  async reservation(db: DbExecutor, orgId: string, id: string): Promise<ReservationRow | undefined> {
    return db.selectFrom('reservations').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  },

  async heldReservationsOfOrder(db: DbExecutor, orderId: string): Promise<ReservationRow[]> {
    return db.selectFrom('reservations').selectAll().where('order_id', '=', orderId).where('status', '=', 'held').orderBy('sku_id').execute();
  },

  async reservationsOfOrder(db: DbExecutor, orderId: string, statuses: string[]): Promise<ReservationRow[]> {
    return db.selectFrom('reservations').selectAll().where('order_id', '=', orderId).where('status', 'in', statuses).orderBy('sku_id').execute();
  },

  /** Compare-and-set from `from`: the caller that flips a reservation is the one that moves its stock. */
  async settleReservation(db: DbExecutor, id: string, from: string, to: string, at: number): Promise<boolean> {
    const res = await db.updateTable('reservations').set({ status: to, settled_at: at }).where('id', '=', id).where('status', '=', from).executeTakeFirst();
    return res.numUpdatedRows > 0n;
  },

  async shrinkReservation(db: DbExecutor, id: string, quantity: number): Promise<boolean> {
    const res = await db
      .updateTable('reservations')
      .set((eb) => ({ quantity: eb('quantity', '-', quantity) }))
      .where('id', '=', id)
      .where('quantity', '>=', quantity)
      .executeTakeFirst();
    return res.numUpdatedRows > 0n;
  },

  /** Holds with no order (cart holds of comment-to-buy) that outlived their TTL. */
  async expiredOrderlessHolds(db: DbExecutor, now: number, limit: number): Promise<ReservationRow[]> {
    return db
      .selectFrom('reservations')
      .selectAll()
      .where('status', '=', 'held')
      .where('order_id', 'is', null)
      .where('expires_at', '<=', now)
      .orderBy('expires_at')
      .limit(limit)
      .execute();
  },

  async activeCampaignStock(db: DbExecutor, campaignType: string, campaignId: string, skuId: string): Promise<CampaignStockRow | undefined> {
    return db
      .selectFrom('campaign_stock')
      .selectAll()
      .where('campaign_type', '=', campaignType)
      .where('campaign_id', '=', campaignId)
      .where('sku_id', '=', skuId)
      .where('status', '=', 'active')
      .executeTakeFirst();
  },

  async campaignStockById(db: DbExecutor, orgId: string, id: string): Promise<CampaignStockRow | undefined> {
    return db.selectFrom('campaign_stock').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  },

  async campaignStockOf(db: DbExecutor, orgId: string, campaignType: string, campaignId: string): Promise<CampaignStockRow[]> {
    return db
      .selectFrom('campaign_stock')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('campaign_type', '=', campaignType)
      .where('campaign_id', '=', campaignId)
      .orderBy('created_at')
      .execute();
  },

  async insertCampaignStock(db: DbExecutor, row: CampaignStockRow): Promise<void> {
    await db.insertInto('campaign_stock').values(row).execute();
  },

  /** used += delta within 0…quantity (delta may be negative: a hold released back to the campaign). */
  async useCampaignStock(db: DbExecutor, id: string, delta: number): Promise<boolean> {
    const res = await db
      .updateTable('campaign_stock')
      .set((eb) => ({ used: eb('used', '+', delta) }))
      .where('id', '=', id)
      .where((eb) => eb.and([eb(eb('used', '+', delta), '<=', eb.ref('quantity')), eb(eb('used', '+', delta), '>=', 0)]))
      .executeTakeFirst();
    return res.numUpdatedRows > 0n;
  },

  /** Units that left the carve for good (shipped, or released after the campaign ended). */
  async shrinkCampaignStock(db: DbExecutor, id: string, quantity: number): Promise<boolean> {
    const res = await db
      .updateTable('campaign_stock')
      .set((eb) => ({ quantity: eb('quantity', '-', quantity), used: eb('used', '-', quantity) }))
      .where('id', '=', id)
      .where('used', '>=', quantity)
      .executeTakeFirst();
    return res.numUpdatedRows > 0n;
  },

  /**
   * Ends a campaign whose carve still holds `expectedQuantity`: the carve shrinks to what orders use, and
   * the caller returns the rest to general stock. Undefined when the row moved meanwhile (retry).
   */
  async closeCampaignStock(db: DbExecutor, id: string, expectedQuantity: number, at: number): Promise<CampaignStockRow | undefined> {
    return db
      .updateTable('campaign_stock')
      .set((eb) => ({ status: 'returned', returned_at: at, quantity: eb.ref('used') }))
      .where('id', '=', id)
      .where('status', '=', 'active')
      .where('quantity', '=', expectedQuantity)
      .returningAll()
      .executeTakeFirst();
  },
};
