import type { OrderLineRow, OrderRow, PickWaveRow, ShipmentLineRow, ShipmentRow, WarehouseRow } from '../../infra/db/database.js';
import type { DbExecutor } from '../../infra/db/port.js';

/** Statuses of a wave whose orders are taken: an order is in at most one of these at a time. */
const LIVE_WAVE = ['open', 'picked'];

export type WaveRow = PickWaveRow & { warehouse_code: string; warehouse_name: string; order_count: number };

/** A unique-key clash on either database: the caller turns it into a `conflict` naming the key. */
export const isUniqueViolation = (err: unknown): boolean => {
  const e = err as { code?: unknown; message?: unknown } | null;
  return e?.code === '23505' || /UNIQUE constraint failed/.test(String(e?.message ?? ''));
};

export const fulfillmentRepo = {
  async warehouse(db: DbExecutor, orgId: string, id: string): Promise<WarehouseRow | undefined> {
    return db.selectFrom('warehouses').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  },

  /** False when the wave number is taken (the caller draws another). */
  async insertWave(db: DbExecutor, wave: PickWaveRow, orderIds: string[]): Promise<boolean> {
    try {
      await db.insertInto('pick_waves').values(wave).execute();
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
    await db.insertInto('wave_orders').values(orderIds.map((order_id) => ({ wave_id: wave.id, order_id }))).execute();
    return true;
  },

  async wave(db: DbExecutor, orgId: string, id: string): Promise<WaveRow | undefined> {
    return db
      .selectFrom('pick_waves as w')
      .innerJoin('warehouses as h', 'h.id', 'w.warehouse_id')
      .selectAll('w')
      .select(['h.code as warehouse_code', 'h.name as warehouse_name'])
      .select((eb) => eb.selectFrom('wave_orders as wo').whereRef('wo.wave_id', '=', 'w.id').select((e) => e.fn.countAll<number>().as('n')).as('order_count'))
      .where('w.org_id', '=', orgId)
      .where('w.id', '=', id)
      .executeTakeFirst()
      .then((row) => (row ? { ...row, order_count: Number(row.order_count) } : undefined));
  },

  async wavePage(
    db: DbExecutor,
    orgId: string,
    filter: { status?: string; warehouseId?: string; limit: number },
    before: { createdAt: number; id: string } | undefined,
  ): Promise<WaveRow[]> {
    let q = db
      .selectFrom('pick_waves as w')
      .innerJoin('warehouses as h', 'h.id', 'w.warehouse_id')
      .selectAll('w')
      .select(['h.code as warehouse_code', 'h.name as warehouse_name'])
      .select((eb) => eb.selectFrom('wave_orders as wo').whereRef('wo.wave_id', '=', 'w.id').select((e) => e.fn.countAll<number>().as('n')).as('order_count'))
      .where('w.org_id', '=', orgId);
    if (filter.status) q = q.where('w.status', '=', filter.status);
    if (filter.warehouseId) q = q.where('w.warehouse_id', '=', filter.warehouseId);
    if (before) {
      q = q.where((eb) =>
        eb.or([eb('w.created_at', '<', before.createdAt), eb.and([eb('w.created_at', '=', before.createdAt), eb('w.id', '<', before.id)])]),
      );
    }
    const rows = await q.orderBy('w.created_at', 'desc').orderBy('w.id', 'desc').limit(filter.limit + 1).execute();
    return rows.map((r) => ({ ...r, order_count: Number(r.order_count) }));
  },

  /** The wave's orders, oldest paid first (the order a picker works through them). */
  async waveOrders(db: DbExecutor, waveId: string): Promise<OrderRow[]> {
    return db
      .selectFrom('wave_orders as wo')
      .innerJoin('orders as o', 'o.id', 'wo.order_id')
      .selectAll('o')
      .where('wo.wave_id', '=', waveId)
      .orderBy('o.paid_at')
      .orderBy('o.id')
      .execute();
  },

  async linesOfOrders(db: DbExecutor, orderIds: string[]): Promise<OrderLineRow[]> {
    if (!orderIds.length) return [];
    return db.selectFrom('order_lines').selectAll().where('order_id', 'in', orderIds).orderBy('order_id').orderBy('id').execute();
  },

  /** Which of `orderIds` are in an open or picked wave already. */
  async wavedOrderIds(db: DbExecutor, orderIds: string[]): Promise<Set<string>> {
    if (!orderIds.length) return new Set();
    const rows = await db
      .selectFrom('wave_orders as wo')
      .innerJoin('pick_waves as w', 'w.id', 'wo.wave_id')
      .select('wo.order_id')
      .where('wo.order_id', 'in', orderIds)
      .where('w.status', 'in', LIVE_WAVE)
      .execute();
    return new Set(rows.map((r) => r.order_id));
  },

  /** Open or picked waves holding the order (usually one). */
  async liveWavesOfOrder(db: DbExecutor, orderId: string): Promise<PickWaveRow[]> {
    return db
      .selectFrom('wave_orders as wo')
      .innerJoin('pick_waves as w', 'w.id', 'wo.wave_id')
      .selectAll('w')
      .where('wo.order_id', '=', orderId)
      .where('w.status', 'in', LIVE_WAVE)
      .execute();
  },

  async waveHasOrder(db: DbExecutor, waveId: string, orderId: string): Promise<boolean> {
    const row = await db.selectFrom('wave_orders').select('order_id').where('wave_id', '=', waveId).where('order_id', '=', orderId).executeTakeFirst();
    return row !== undefined;
  },

  /**
   * Paid orders with units left to ship from `warehouseId` that no live wave holds, oldest paid first.
   * Units held back by after-sales cases are not known here; the caller filters those.
   */
  async waitingOrders(db: DbExecutor, orgId: string, warehouseId: string, limit: number): Promise<OrderRow[]> {
    return db
      .selectFrom('orders as o')
      .selectAll('o')
      .where('o.org_id', '=', orgId)
      .where('o.status', 'in', ['paid', 'partially_shipped'])
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('order_lines as l')
            .select('l.id')
            .whereRef('l.order_id', '=', 'o.id')
            .where('l.warehouse_id', '=', warehouseId)
            .whereRef('l.shipped_quantity', '<', 'l.quantity'),
        ),
      )
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('wave_orders as wo')
              .innerJoin('pick_waves as w', 'w.id', 'wo.wave_id')
              .select('wo.order_id')
              .whereRef('wo.order_id', '=', 'o.id')
              .where('w.status', 'in', LIVE_WAVE),
          ),
        ),
      )
      .orderBy('o.paid_at')
      .orderBy('o.id')
      .limit(limit)
      .execute();
  },

  async setWaveStatus(db: DbExecutor, id: string, from: string[], to: string, now: number): Promise<boolean> {
    const res = await db.updateTable('pick_waves').set({ status: to, updated_at: now }).where('id', '=', id).where('status', 'in', from).executeTakeFirst();
    return res.numUpdatedRows > 0n;
  },

  /** Shelf locations of SKUs in one warehouse. */
  async bins(db: DbExecutor, warehouseId: string, skuIds: string[]): Promise<Map<string, string | null>> {
    if (!skuIds.length) return new Map();
    const rows = await db
      .selectFrom('stock_levels')
      .select(['sku_id', 'bin'])
      .where('warehouse_id', '=', warehouseId)
      .where('sku_id', 'in', [...new Set(skuIds)])
      .execute();
    return new Map(rows.map((r) => [r.sku_id, r.bin]));
  },

  /** False when the org already has this carrier's tracking number (the unique key decides under races). */
  async insertShipment(db: DbExecutor, shipment: ShipmentRow, lines: ShipmentLineRow[]): Promise<boolean> {
    try {
      await db.insertInto('shipments').values(shipment).execute();
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
    if (lines.length) await db.insertInto('shipment_lines').values(lines).execute();
    return true;
  },

  async shipmentByTracking(db: DbExecutor, orgId: string, carrier: string, trackingNo: string): Promise<ShipmentRow | undefined> {
    return db
      .selectFrom('shipments')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('carrier', '=', carrier)
      .where('tracking_no', '=', trackingNo)
      .executeTakeFirst();
  },

  async shipmentsOfOrder(db: DbExecutor, orgId: string, orderId: string): Promise<{ shipments: ShipmentRow[]; lines: ShipmentLineRow[] }> {
    const shipments = await db
      .selectFrom('shipments')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('order_id', '=', orderId)
      .orderBy('shipped_at')
      .orderBy('id')
      .execute();
    const lines = shipments.length
      ? await db.selectFrom('shipment_lines').selectAll().where('shipment_id', 'in', shipments.map((s) => s.id)).execute()
      : [];
    return { shipments, lines };
  },

  async markShipmentsDelivered(db: DbExecutor, orderId: string, now: number): Promise<void> {
    await db.updateTable('shipments').set({ status: 'delivered', delivered_at: now }).where('order_id', '=', orderId).where('status', '=', 'shipped').execute();
  },

  async orderIdByNo(db: DbExecutor, orgId: string, orderNo: string): Promise<string | undefined> {
    const row = await db.selectFrom('orders').select('id').where('org_id', '=', orgId).where('order_no', '=', orderNo).executeTakeFirst();
    return row?.id;
  },
};
