import { MAX_WAVE_ORDERS, type CreateWaveBody, type PackingSlip, type PickListItem, type WaveDetailView, type WaveListQuery, type WaveView } from '@livedesk/contracts';
import { can, type Actor } from '../../lib/actor.js';
import { conflict, forbidden, notFound, validationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/time.js';
import type { OrderLineRow, OrderRow } from '../../infra/db/database.js';
import type { Db, DbExecutor, Tx } from '../../infra/db/port.js';
import { shippingHolds } from '../aftersales/holds.js';
import type { AuditService } from '../audit/service.js';
import type { InventoryService } from '../inventory/service.js';
import type { OrdersService } from '../orders/service.js';
import { renderPackingSlips, renderPickList } from './print.js';
import { fulfillmentRepo, type WaveRow } from './repo.js';
import { SHIPPABLE_STATUSES, unitsToShip } from './shippable.js';

/** Orders read per wave sweep: more than a wave holds, so units held back by after-sales cases can be skipped. */
const CANDIDATES = MAX_WAVE_ORDERS * 3;

/** `WV` + Shanghai yymmdd + ms of the day + 3 random digits; the unique key catches the rare clash (we retry). */
function waveNumber(now: number): string {
  const local = now + 8 * 3_600_000;
  const date = new Date(local).toISOString().slice(2, 10).replaceAll('-', '');
  const random = Math.floor(Math.random() * 1000);
  return `WV${date}${String(local % 86_400_000).padStart(8, '0')}${String(random).padStart(3, '0')}`;
}

const waveView = (w: WaveRow): WaveView => ({
  id: w.id,
  waveNo: w.wave_no,
  warehouseId: w.warehouse_id,
  warehouseCode: w.warehouse_code,
  warehouseName: w.warehouse_name,
  status: w.status as WaveView['status'],
  orderCount: w.order_count,
  createdBy: w.created_by,
  createdAt: w.created_at,
  updatedAt: w.updated_at,
});

type Refusal = { orderId: string; reason: 'status' | 'already_waved' | 'nothing_to_ship' };

/**
 * Picking waves (批次拣货): paid orders of one warehouse grouped so one walk through the shelves picks
 * them all. An order is in at most one open wave; the pick list and packing slips are computed from the
 * orders' lines when read, so they always show what is still to ship.
 */
export class Waves {
  constructor(
    private readonly db: Db,
    private readonly orders: OrdersService,
    private readonly inventory: InventoryService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, body: CreateWaveBody): Promise<WaveDetailView> {
    const waveId = await this.audit.transaction(actor, async (tx, record) => {
      const { warehouseId, orderIds } = body.orderIds
        ? await this.chosenOrders(tx, actor, body.orderIds, body.warehouseId)
        : await this.waitingOrders(tx, actor, body.warehouseId);
      const id = await this.insertWave(tx, actor, warehouseId, orderIds);
      await record({
        action: 'wave.create',
        targetType: 'wave',
        targetId: id,
        changes: [
          { field: 'warehouseId', from: null, to: warehouseId },
          { field: 'orders', from: null, to: orderIds.length },
        ],
      });
      return id;
    });
    return this.read(this.db.kysely, actor, waveId, false);
  }

  /** Named orders: every one must be paid, have units to ship from the warehouse and be in no open wave. */
  private async chosenOrders(tx: Tx, actor: Actor, requested: string[], warehouseId: string | undefined) {
    const ids = [...new Set(requested)];
    const locked = new Map((await this.orders.lock(tx, actor.orgId, ids)).map((o) => [o.id, o]));
    const missing = ids.find((id) => !locked.has(id));
    if (missing) throw notFound('Order', missing);
    const lines = await fulfillmentRepo.linesOfOrders(tx, ids);
    const { blocked } = await shippingHolds(tx, ids);
    const open = lines.filter((l) => SHIPPABLE_STATUSES.includes(locked.get(l.order_id)!.status) && unitsToShip(l, blocked) > 0);
    let warehouse = warehouseId;
    if (warehouse === undefined) {
      const candidates = [...new Set(open.map((l) => l.warehouse_id))];
      if (candidates.length > 1) throw validationError('These orders ship from several warehouses; name warehouseId', { warehouseIds: candidates });
      warehouse = candidates[0] ?? (await this.inventory.defaultWarehouse(tx, actor.orgId)).id;
    } else {
      await this.assertWarehouse(tx, actor, warehouse);
    }
    const waved = await fulfillmentRepo.wavedOrderIds(tx, ids);
    const refused: Refusal[] = [];
    for (const id of ids) {
      if (!SHIPPABLE_STATUSES.includes(locked.get(id)!.status)) refused.push({ orderId: id, reason: 'status' });
      else if (waved.has(id)) refused.push({ orderId: id, reason: 'already_waved' });
      else if (!open.some((l) => l.order_id === id && l.warehouse_id === warehouse)) refused.push({ orderId: id, reason: 'nothing_to_ship' });
    }
    if (refused.length) throw conflict('Some orders cannot join this wave', { warehouseId: warehouse, orders: refused });
    return { warehouseId: warehouse, orderIds: ids };
  }

  /** Every order waiting in the warehouse, oldest paid first, up to a wave's size. */
  private async waitingOrders(tx: Tx, actor: Actor, warehouseId: string | undefined) {
    const warehouse = warehouseId ?? (await this.inventory.defaultWarehouse(tx, actor.orgId)).id;
    if (warehouseId !== undefined) await this.assertWarehouse(tx, actor, warehouseId);
    const candidates = await fulfillmentRepo.waitingOrders(tx, actor.orgId, warehouse, CANDIDATES);
    const lines = await fulfillmentRepo.linesOfOrders(tx, candidates.map((o) => o.id));
    const { blocked } = await shippingHolds(tx, candidates.map((o) => o.id));
    const hasWork = new Set(lines.filter((l) => l.warehouse_id === warehouse && unitsToShip(l, blocked) > 0).map((l) => l.order_id));
    const chosen = candidates.filter((o) => hasWork.has(o.id)).slice(0, MAX_WAVE_ORDERS).map((o) => o.id);
    // Read before the locks were held: another wave may have taken some meanwhile, or a status changed.
    const locked = await this.orders.lock(tx, actor.orgId, chosen);
    const waved = await fulfillmentRepo.wavedOrderIds(tx, chosen);
    const still = new Set(locked.filter((o) => SHIPPABLE_STATUSES.includes(o.status) && !waved.has(o.id)).map((o) => o.id));
    const orderIds = chosen.filter((id) => still.has(id));
    if (!orderIds.length) throw conflict('No orders are waiting to be picked in this warehouse', { warehouseId: warehouse });
    return { warehouseId: warehouse, orderIds };
  }

  private async insertWave(tx: Tx, actor: Actor, warehouseId: string, orderIds: string[]): Promise<string> {
    const now = this.clock.now();
    const id = newId();
    for (let attempt = 1; ; attempt++) {
      const row = { id, org_id: actor.orgId, wave_no: waveNumber(now), warehouse_id: warehouseId, status: 'open', created_by: actor.id, created_at: now, updated_at: now };
      if (await fulfillmentRepo.insertWave(tx, row, orderIds)) return id;
      if (attempt === 5) throw new Error('no free wave number after 5 attempts');
    }
  }

  private async assertWarehouse(db: DbExecutor, actor: Actor, warehouseId: string) {
    if (!(await fulfillmentRepo.warehouse(db, actor.orgId, warehouseId))) throw notFound('Warehouse', warehouseId);
  }

  async list(actor: Actor, query: WaveListQuery) {
    const before = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await fulfillmentRepo.wavePage(this.db.kysely, actor.orgId, query, before);
    const items = rows.slice(0, query.limit).map(waveView);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null };
  }

  /**
   * The wave with its pick list and packing slips. Addresses are masked unless the caller holds
   * `pii:read` and asks to reveal them, which is recorded as one `wave.print` entry.
   */
  async detail(actor: Actor, id: string, reveal: boolean): Promise<WaveDetailView> {
    if (reveal && !can(actor, 'pii:read')) throw forbidden('Revealing addresses needs pii:read', { required: 'pii:read' });
    const view = await this.read(this.db.kysely, actor, id, reveal);
    if (reveal) await this.recordPrint(actor, view, 'json', true);
    return view;
  }

  /**
   * A printable A4 page: the pick list, or one packing slip per order (plain addresses for callers with
   * `pii:read`, who print shipping labels). Each print is one `wave.print` audit entry.
   */
  async print(actor: Actor, id: string, doc: 'picklist' | 'slips'): Promise<string> {
    const reveal = doc === 'slips' && can(actor, 'pii:read');
    const view = await this.read(this.db.kysely, actor, id, reveal);
    await this.recordPrint(actor, view, doc, reveal);
    const printedAt = this.clock.now();
    return doc === 'picklist' ? renderPickList(view, printedAt) : renderPackingSlips(view, printedAt);
  }

  async markPicked(actor: Actor, id: string): Promise<WaveView> {
    return this.move(actor, id, ['open'], 'picked');
  }

  /** Ends a wave by hand; orders it still holds may join another wave. */
  async close(actor: Actor, id: string): Promise<WaveView> {
    return this.move(actor, id, ['open', 'picked'], 'closed');
  }

  private async move(actor: Actor, id: string, from: string[], to: string): Promise<WaveView> {
    await this.audit.transaction(actor, async (tx, record) => {
      const wave = await fulfillmentRepo.wave(tx, actor.orgId, id);
      if (!wave) throw notFound('Wave', id);
      if (!(await fulfillmentRepo.setWaveStatus(tx, id, from, to, this.clock.now()))) {
        throw conflict(`A ${wave.status} wave cannot become ${to}`, { status: wave.status });
      }
      await record({ action: `wave.${to === 'closed' ? 'close' : to}`, targetType: 'wave', targetId: id, changes: [{ field: 'status', from: wave.status, to }] });
    });
    const wave = await fulfillmentRepo.wave(this.db.kysely, actor.orgId, id);
    return waveView(wave!);
  }

  private async recordPrint(actor: Actor, view: WaveDetailView, doc: string, reveal: boolean) {
    await this.audit.record(actor, {
      action: 'wave.print',
      targetType: 'wave',
      targetId: view.id,
      changes: [
        { field: 'doc', from: null, to: doc },
        { field: 'orders', from: null, to: view.slips.length },
        { field: 'address', from: null, to: reveal ? 'plain' : 'masked' },
      ],
    });
  }

  private async read(db: DbExecutor, actor: Actor, id: string, reveal: boolean): Promise<WaveDetailView> {
    const wave = await fulfillmentRepo.wave(db, actor.orgId, id);
    if (!wave) throw notFound('Wave', id);
    const orders = await fulfillmentRepo.waveOrders(db, id);
    const ids = orders.map((o) => o.id);
    const lines = await fulfillmentRepo.linesOfOrders(db, ids);
    const { blocked } = await shippingHolds(db, ids);
    const bins = await fulfillmentRepo.bins(db, wave.warehouse_id, lines.map((l) => l.sku_id));
    const toShip = (order: OrderRow): { line: OrderLineRow; quantity: number }[] =>
      SHIPPABLE_STATUSES.includes(order.status)
        ? lines
            .filter((l) => l.order_id === order.id && l.warehouse_id === wave.warehouse_id)
            .map((line) => ({ line, quantity: unitsToShip(line, blocked) }))
            .filter((p) => p.quantity > 0)
        : [];

    const picks = new Map<string, PickListItem>();
    const slips: PackingSlip[] = [];
    for (const order of orders) {
      const work = toShip(order);
      for (const { line, quantity } of work) {
        const item = picks.get(line.sku_id) ?? {
          skuId: line.sku_id, skuCode: line.sku_code, productTitle: line.product_title, skuTitle: line.sku_title,
          bin: bins.get(line.sku_id) ?? null, quantity: 0, orders: [],
        };
        item.quantity += quantity;
        item.orders.push({ orderId: order.id, orderNo: order.order_no, lineId: line.id, quantity });
        picks.set(line.sku_id, item);
      }
      if (!work.length) continue;
      const { address } = await this.orders.view(db, actor, order.id, reveal);
      slips.push({
        orderId: order.id,
        orderNo: order.order_no,
        status: order.status as PackingSlip['status'],
        fulfillmentStatus: order.fulfillment_status as PackingSlip['fulfillmentStatus'],
        createdAt: order.created_at,
        paidAt: order.paid_at,
        note: order.buyer_note,
        address,
        lines: work.map(({ line, quantity }) => ({
          lineId: line.id, skuId: line.sku_id, skuCode: line.sku_code, productTitle: line.product_title, skuTitle: line.sku_title,
          bin: bins.get(line.sku_id) ?? null, quantity, orderedQuantity: line.quantity,
        })),
      });
    }
    return {
      ...waveView(wave),
      orders: orders.map((o) => ({
        orderId: o.id,
        orderNo: o.order_no,
        status: o.status as PackingSlip['status'],
        fulfillmentStatus: o.fulfillment_status as PackingSlip['fulfillmentStatus'],
        unitsToShip: toShip(o).reduce((sum, p) => sum + p.quantity, 0),
      })),
      pickList: [...picks.values()].sort(byLocation),
      slips,
    };
  }
}

/** Shelf order: by bin (a walk through the warehouse), SKUs without a bin last, then by SKU code. */
function byLocation(a: PickListItem, b: PickListItem): number {
  if (a.bin !== b.bin) {
    if (a.bin === null) return 1;
    if (b.bin === null) return -1;
    return a.bin < b.bin ? -1 : 1;
  }
  return a.skuCode < b.skuCode ? -1 : a.skuCode > b.skuCode ? 1 : 0;
}

const encodeCursor = (createdAt: number, id: string) => Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
function decodeCursor(cursor: string): { createdAt: number; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [unknown, unknown];
    if (typeof createdAt === 'number' && typeof id === 'string') return { createdAt, id };
  } catch {
    // fall through to the validation error
  }
  throw validationError('cursor is not one this API returned');
}
