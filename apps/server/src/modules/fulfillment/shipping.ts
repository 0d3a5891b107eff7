import {
  Carrier,
  MAX_IMPORT_ROWS,
  TrackingNo,
  type CreateShipmentBody,
  type OrderProgressView,
  type OrderStatus,
  type ShipmentImportReport,
  type ShipmentResult,
  type ShipmentView,
} from '@livedesk/contracts';
import type { Actor } from '../../lib/actor.js';
import { AppError, conflict, notFound, validationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/time.js';
import type { OrderLineRow, OrderRow, ShipmentLineRow, ShipmentRow } from '../../infra/db/database.js';
import type { Db, DbExecutor, Tx } from '../../infra/db/port.js';
import { enqueue } from '../../infra/outbox/outbox.js';
import { shippingHolds } from '../aftersales/holds.js';
import type { AuditService } from '../audit/service.js';
import { CsvSyntaxError, parseCsv } from '../catalog/csv.js';
import { aggregateBySku, type InventoryService } from '../inventory/service.js';
import type { OrdersService } from '../orders/service.js';
import { fulfillmentRepo } from './repo.js';
import { SHIPPABLE_STATUSES as SHIPPABLE, unitsToShip } from './shippable.js';

const IMPORT_HEADER = /^(order_?no|订单号|订单编号)$/i;

/** Waybill numbers are compared upper-case: `sf123` and `SF123` are the same parcel. */
const normaliseTracking = (trackingNo: string) => trackingNo.trim().toUpperCase();

export interface ShipmentLineRequest {
  lineId: string;
  quantity: number;
}

/** Why an order cannot ship, in words a warehouse clerk can act on. */
function notShippable(order: OrderRow): AppError {
  const status = order.status;
  if (status === 'pending_payment') return conflict('Unpaid orders cannot be shipped', { status });
  if (status === 'cancelled') return conflict('Cancelled orders cannot be shipped', { status });
  return conflict('Nothing is left to ship on this order', { status });
}

/**
 * Shipments, delivery and completion. A shipment is one transaction: the parcel and its lines, the
 * lines' shipped counters (never past what was ordered), the stock leaving the warehouse (on hand and
 * reserved both drop, with ledger rows), the order's status and fulfilment status, a timeline row and
 * the audit entry. Any refusal leaves nothing behind.
 */
export class Shipping {
  constructor(
    private readonly db: Db,
    private readonly orders: OrdersService,
    private readonly inventory: InventoryService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async ship(actor: Actor, orderId: string, body: CreateShipmentBody): Promise<ShipmentResult> {
    const shipmentId = await this.audit.transaction(actor, async (tx, record) => {
      const shipped = await this.shipIn(tx, actor, orderId, body);
      await record({
        action: 'shipment.create',
        targetType: 'order',
        targetId: orderId,
        changes: [
          { field: 'shipment', from: null, to: { id: shipped.shipmentId, carrier: body.carrier, trackingNo: normaliseTracking(body.trackingNo), lines: shipped.lines } },
          ...(shipped.from !== shipped.to ? [{ field: 'status', from: shipped.from, to: shipped.to }] : []),
        ],
      });
      return shipped.shipmentId;
    });
    return this.result(actor, orderId, shipmentId);
  }

  /** The shipment itself, in the caller's transaction (a single shipment or one row of an import). */
  private async shipIn(tx: Tx, actor: Actor, orderId: string, body: CreateShipmentBody) {
    const [order] = await this.orders.lock(tx, actor.orgId, [orderId]);
    if (!order) throw notFound('Order', orderId);
    if (!SHIPPABLE.includes(order.status)) throw notShippable(order);
    const wave = body.waveId ? await fulfillmentRepo.wave(tx, actor.orgId, body.waveId) : undefined;
    if (body.waveId) {
      if (!wave) throw notFound('Wave', body.waveId);
      if (wave.status === 'closed') throw conflict('This wave is closed', { waveId: wave.id });
      if (!(await fulfillmentRepo.waveHasOrder(tx, wave.id, orderId))) throw conflict('The order is not in this wave', { waveId: wave.id, orderId });
    }

    const lines = await this.orders.lines(tx, orderId);
    const holds = await shippingHolds(tx, [orderId]);
    const picked = this.pickLines(lines, holds.blocked, body.lines, wave?.warehouse_id);
    const warehouseIds = [...new Set(picked.map((p) => p.line.warehouse_id))];
    if (warehouseIds.length > 1) {
      throw conflict('These units ship from different warehouses; send one shipment per warehouse', { warehouseIds });
    }

    const shipment = await this.insertShipment(tx, {
      orgId: actor.orgId,
      orderId,
      warehouseId: warehouseIds[0]!,
      waveId: wave?.id ?? null,
      carrier: body.carrier,
      trackingNo: body.trackingNo,
      lines: picked.map((p) => ({ lineId: p.line.id, quantity: p.quantity })),
    });
    for (const { line, quantity } of picked) {
      if (!(await this.orders.addToLineCounter(tx, orderId, line.id, 'shipped', quantity))) {
        throw conflict('More units than are left to ship', { lineId: line.id, requested: quantity });
      }
    }
    const skuOf = new Map(lines.map((l) => [l.id, l.sku_id]));
    for (const { skuId, quantity } of aggregateBySku(picked.map((p) => ({ skuId: skuOf.get(p.line.id)!, quantity: p.quantity })))) {
      await this.inventory.shipForOrder(tx, { orgId: actor.orgId, orderId, skuId, quantity, ref: { type: 'shipment', id: shipment.id }, actorId: actor.id });
    }
    const shippedLines = picked.map((p) => ({ lineId: p.line.id, quantity: p.quantity }));
    await this.orders.recordEvent(tx, {
      orgId: actor.orgId,
      orderId,
      kind: 'shipment',
      actor,
      detail: { shipmentId: shipment.id, carrier: shipment.carrier, trackingNo: shipment.tracking_no, warehouseId: shipment.warehouse_id, waveId: shipment.wave_id, lines: shippedLines },
    });
    const to = await this.settleProgress(tx, actor, order, { shipmentId: shipment.id });
    await enqueue(tx, {
      topic: 'orders',
      type: 'order.shipped',
      orgId: actor.orgId,
      payload: { orderId, shipmentId: shipment.id, carrier: shipment.carrier, trackingNo: shipment.tracking_no, lines: shippedLines, status: to },
    });
    await this.closeFinishedWaves(tx, orderId);
    return { shipmentId: shipment.id, lines: shippedLines, from: order.status, to };
  }

  /**
   * Which units ship: the requested ones (each within what is left to ship), or all that are left
   * (from the wave's warehouse when a wave is named).
   */
  private pickLines(lines: OrderLineRow[], blocked: Map<string, number>, requested: ShipmentLineRequest[] | undefined, warehouseId: string | undefined) {
    const byId = new Map(lines.map((l) => [l.id, l]));
    if (!requested) {
      const all = lines
        .filter((l) => warehouseId === undefined || l.warehouse_id === warehouseId)
        .map((line) => ({ line, quantity: unitsToShip(line, blocked) }))
        .filter((p) => p.quantity > 0);
      if (!all.length) throw conflict('Nothing is left to ship on this order', warehouseId ? { warehouseId } : undefined);
      return all;
    }
    const seen = new Set<string>();
    return requested.map(({ lineId, quantity }) => {
      if (seen.has(lineId)) throw validationError('Each line may appear once', { lineId });
      seen.add(lineId);
      const line = byId.get(lineId);
      if (!line) throw notFound('Order line', lineId);
      if (warehouseId !== undefined && line.warehouse_id !== warehouseId) {
        throw conflict("This line ships from another warehouse than the wave's", { lineId, warehouseId: line.warehouse_id });
      }
      const left = unitsToShip(line, blocked);
      if (quantity > left) throw conflict('More units than are left to ship', { lineId, requested: quantity, left });
      return { line, quantity };
    });
  }

  private async insertShipment(
    tx: Tx,
    input: { orgId: string; orderId: string; warehouseId: string; waveId: string | null; carrier: string; trackingNo: string; lines: ShipmentLineRequest[] },
  ): Promise<ShipmentRow> {
    const trackingNo = normaliseTracking(input.trackingNo);
    const carrier = input.carrier.trim();
    const taken = await fulfillmentRepo.shipmentByTracking(tx, input.orgId, carrier, trackingNo);
    const duplicate = () => conflict('This tracking number is already used for this carrier', { carrier, trackingNo, ...(taken ? { shipmentId: taken.id } : {}) });
    if (taken) throw duplicate();
    const row: ShipmentRow = {
      id: newId(),
      org_id: input.orgId,
      order_id: input.orderId,
      warehouse_id: input.warehouseId,
      wave_id: input.waveId,
      carrier,
      tracking_no: trackingNo,
      status: 'shipped',
      shipped_at: this.clock.now(),
      delivered_at: null,
    };
    const lines: ShipmentLineRow[] = input.lines.map((l) => ({ shipment_id: row.id, order_line_id: l.lineId, quantity: l.quantity }));
    if (!(await fulfillmentRepo.insertShipment(tx, row, lines))) throw duplicate();
    return row;
  }

  /**
   * An exchange's replacement parcel (换货): new units are held and shipped for the order so the stock
   * and ledger show them leaving, but the order lines' shipped counters and the order's status stay as
   * they are; those count the original sale. Runs in the after-sales transaction that closes the case.
   */
  async shipReplacement(
    tx: Tx,
    actor: Actor,
    input: { orderId: string; aftersalesId: string; carrier: string; trackingNo: string; lines: { lineId: string; skuId: string; quantity: number }[] },
  ): Promise<ShipmentRow> {
    const skus = aggregateBySku(input.lines);
    const held = await this.inventory.reserveForOrder(tx, { orgId: actor.orgId, orderId: input.orderId, lines: skus, expiresAt: this.clock.now() });
    const warehouseIds = [...new Set(held.map((h) => h.warehouseId))];
    if (warehouseIds.length > 1) throw conflict('The replacement units are in different warehouses; split the exchange', { warehouseIds });
    const shipment = await this.insertShipment(tx, {
      orgId: actor.orgId,
      orderId: input.orderId,
      warehouseId: warehouseIds[0]!,
      waveId: null,
      carrier: input.carrier,
      trackingNo: input.trackingNo,
      lines: input.lines,
    });
    for (const { skuId, quantity } of skus) {
      await this.inventory.shipForOrder(tx, { orgId: actor.orgId, orderId: input.orderId, skuId, quantity, ref: { type: 'shipment', id: shipment.id }, actorId: actor.id });
    }
    await this.orders.recordEvent(tx, {
      orgId: actor.orgId,
      orderId: input.orderId,
      kind: 'shipment',
      actor,
      detail: {
        shipmentId: shipment.id, carrier: shipment.carrier, trackingNo: shipment.tracking_no, warehouseId: shipment.warehouse_id,
        aftersalesId: input.aftersalesId, replacement: true, lines: input.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity })),
      },
    });
    return shipment;
  }

  /**
   * Moves a paid order's status to match its lines: `shipped` once every unit has shipped or been
   * refunded unshipped, `partially_shipped` while some are left, `cancelled` when everything was refunded
   * before anything shipped. Returns the status it ends in.
   */
  async settleProgress(tx: Tx, actor: Actor, order: OrderRow, detail: Record<string, unknown>): Promise<OrderStatus> {
    const from = order.status as OrderStatus;
    if (!SHIPPABLE.includes(from)) return from;
    const lines = await this.orders.lines(tx, order.id);
    const { settled } = await shippingHolds(tx, [order.id]);
    const left = lines.reduce((sum, l) => sum + unitsToShip(l, settled), 0);
    const anyShipped = lines.some((l) => l.shipped_quantity > 0);
    const to: OrderStatus = left > 0 ? (anyShipped ? 'partially_shipped' : 'paid') : anyShipped ? 'shipped' : 'cancelled';
    if (to === from) return from;
    const now = this.clock.now();
    await this.orders.transition(tx, {
      orgId: order.org_id,
      orderId: order.id,
      to,
      actor,
      detail,
      ...(to === 'cancelled' ? { reason: 'every unit was refunded before shipping', patch: { cancelled_at: now, cancel_reason: 'refunded' } } : {}),
    });
    if (to === 'shipped' || to === 'partially_shipped') await this.orders.setFulfillmentStatus(tx, order.id, to);
    return to;
  }

  /** A live wave whose orders have nothing left to ship from its warehouse is done. */
  private async closeFinishedWaves(tx: Tx, orderId: string) {
    for (const wave of await fulfillmentRepo.liveWavesOfOrder(tx, orderId)) {
      const orders = await fulfillmentRepo.waveOrders(tx, wave.id);
      const ids = orders.filter((o) => SHIPPABLE.includes(o.status)).map((o) => o.id);
      const lines = (await fulfillmentRepo.linesOfOrders(tx, ids)).filter((l) => l.warehouse_id === wave.warehouse_id);
      const { blocked } = await shippingHolds(tx, ids);
      if (lines.every((l) => unitsToShip(l, blocked) === 0)) {
        await fulfillmentRepo.setWaveStatus(tx, wave.id, ['open', 'picked'], 'closed', this.clock.now());
      }
    }
  }

  /**
   * `orderNo,carrier,trackingNo` per row (a header row is recognised and skipped). Each row ships every
   * unit left on its order, in its own transaction: rows are independent parcels, so a bad row is
   * reported with its line number and never undoes a good one.
   */
  async importCsv(actor: Actor, bytes: Buffer): Promise<ShipmentImportReport> {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw validationError('The file is not UTF-8 text');
    }
    let records;
    try {
      records = parseCsv(text);
    } catch (err) {
      if (err instanceof CsvSyntaxError) throw validationError(err.message, { line: err.line });
      throw err;
    }
    if (records[0] && IMPORT_HEADER.test((records[0].fields[0] ?? '').trim())) records = records.slice(1);
    if (records.length === 0) throw validationError('The file has no shipment rows');
    if (records.length > MAX_IMPORT_ROWS) throw validationError(`At most ${MAX_IMPORT_ROWS} rows per import`, { rows: records.length });

    const rows: ShipmentImportReport['rows'] = [];
    for (const { line, fields } of records) {
      const [orderNo = '', carrier = '', trackingNo = ''] = fields.map((f) => f.trim());
      const row = { line, orderNo, carrier, trackingNo };
      try {
        if (fields.length < 3 || !orderNo) throw validationError('Each row needs orderNo, carrier and trackingNo');
        const carrierOk = Carrier.safeParse(carrier);
        if (!carrierOk.success) throw validationError('carrier is empty or longer than 40 characters');
        const trackingOk = TrackingNo.safeParse(trackingNo);
        if (!trackingOk.success) throw validationError('trackingNo must be 4 to 40 letters, digits or dashes');
        const orderId = await fulfillmentRepo.orderIdByNo(this.db.kysely, actor.orgId, orderNo);
        if (!orderId) throw notFound('Order', orderNo);
        const result = await this.ship(actor, orderId, { carrier: carrierOk.data, trackingNo: trackingOk.data });
        rows.push({ ...row, ok: true, shipmentId: result.shipment.id, error: null });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        rows.push({ ...row, ok: false, shipmentId: null, error: { code: err.code, message: err.message } });
      }
    }
    const applied = rows.filter((r) => r.ok).length;
    await this.audit.record(actor, {
      action: 'shipment.import',
      targetType: 'org',
      targetId: actor.orgId,
      changes: [{ field: 'rows', from: null, to: { total: rows.length, applied, failed: rows.length - applied } }],
    });
    return { total: rows.length, applied, failed: rows.length - applied, rows };
  }

  /** Staff mark a shipped order delivered (a carrier's sign-off, or the buyer said so). */
  async deliver(actor: Actor, orderId: string): Promise<OrderProgressView> {
    await this.audit.transaction(actor, async (tx, record) => {
      const order = await this.lockedOrder(tx, actor, orderId);
      await this.deliverIn(tx, actor, order);
      await record({ action: 'order.deliver', targetType: 'order', targetId: orderId, changes: [{ field: 'status', from: order.status, to: 'delivered' }] });
    });
    return this.progress(actor, orderId);
  }

  /** The buyer confirms receipt (确认收货): delivered → completed, or shipped → delivered → completed. */
  async confirmReceipt(buyer: Actor, orderId: string): Promise<OrderProgressView> {
    await this.db.kysely.transaction().execute(async (tx) => {
      const order = await this.lockedOrder(tx, buyer, orderId);
      await this.completeIn(tx, buyer, order);
    });
    return this.progress(buyer, orderId);
  }

  /** Staff complete a shipped or delivered order. */
  async complete(actor: Actor, orderId: string): Promise<OrderProgressView> {
    await this.audit.transaction(actor, async (tx, record) => {
      const order = await this.lockedOrder(tx, actor, orderId);
      await this.completeIn(tx, actor, order);
      await record({ action: 'order.complete', targetType: 'order', targetId: orderId, changes: [{ field: 'status', from: order.status, to: 'completed' }] });
    });
    return this.progress(actor, orderId);
  }

  async shipments(actor: Actor, orderId: string): Promise<{ items: ShipmentView[] }> {
    const order = await this.orders.order(this.db.kysely, actor.orgId, orderId);
    if (!order || (actor.kind === 'buyer' && order.buyer_id !== actor.id)) throw notFound('Order', orderId);
    return { items: await this.shipmentViews(this.db.kysely, actor.orgId, orderId) };
  }

  private async completeIn(tx: Tx, actor: Actor, order: OrderRow) {
    if (order.status === 'shipped') await this.deliverIn(tx, actor, order);
    else if (order.status !== 'delivered') {
      throw conflict('Only shipped or delivered orders can be completed', { status: order.status });
    }
    await this.orders.transition(tx, {
      orgId: order.org_id,
      orderId: order.id,
      to: 'completed',
      actor,
      patch: { completed_at: this.clock.now() },
    });
    await enqueue(tx, { topic: 'orders', type: 'order.completed', orgId: order.org_id, payload: { orderId: order.id, buyerId: order.buyer_id, liveSessionId: order.live_session_id } });
  }

  private async deliverIn(tx: Tx, actor: Actor, order: OrderRow) {
    await this.orders.transition(tx, { orgId: order.org_id, orderId: order.id, to: 'delivered', actor });
    await this.orders.setFulfillmentStatus(tx, order.id, 'delivered');
    await fulfillmentRepo.markShipmentsDelivered(tx, order.id, this.clock.now());
  }

  /** The order, locked; another buyer's order does not exist for a buyer. */
  private async lockedOrder(tx: Tx, actor: Actor, orderId: string): Promise<OrderRow> {
    const [order] = await this.orders.lock(tx, actor.orgId, [orderId]);
    if (!order || (actor.kind === 'buyer' && order.buyer_id !== actor.id)) throw notFound('Order', orderId);
    return order;
  }

  private async progress(actor: Actor, orderId: string): Promise<OrderProgressView> {
    const order = await this.orders.order(this.db.kysely, actor.orgId, orderId);
    if (!order) throw notFound('Order', orderId);
    return {
      orderId,
      status: order.status as OrderProgressView['status'],
      fulfillmentStatus: order.fulfillment_status as OrderProgressView['fulfillmentStatus'],
      completedAt: order.completed_at,
    };
  }

  private async result(actor: Actor, orderId: string, shipmentId: string): Promise<ShipmentResult> {
    const { status, fulfillmentStatus } = await this.progress(actor, orderId);
    const shipment = (await this.shipmentViews(this.db.kysely, actor.orgId, orderId)).find((s) => s.id === shipmentId);
    if (!shipment) throw new Error(`shipment ${shipmentId} vanished`);
    return { orderId, status, fulfillmentStatus, shipment };
  }

  /** Shipments with their lines; replacement parcels are recognised by their timeline row. */
  private async shipmentViews(db: DbExecutor, orgId: string, orderId: string): Promise<ShipmentView[]> {
    const { shipments, lines } = await fulfillmentRepo.shipmentsOfOrder(db, orgId, orderId);
    const replacementOf = new Map<string, string>();
    for (const event of await this.orders.timeline(db, orderId)) {
      const { shipmentId, aftersalesId } = event.detail;
      if (event.kind === 'shipment' && typeof shipmentId === 'string' && typeof aftersalesId === 'string') replacementOf.set(shipmentId, aftersalesId);
    }
    return shipments.map((s) => ({
      id: s.id,
      orderId: s.order_id,
      warehouseId: s.warehouse_id,
      waveId: s.wave_id,
      carrier: s.carrier,
      trackingNo: s.tracking_no,
      status: s.status as ShipmentView['status'],
      shippedAt: s.shipped_at,
      deliveredAt: s.delivered_at,
      aftersalesId: replacementOf.get(s.id) ?? null,
      lines: lines.filter((l) => l.shipment_id === s.id).map((l) => ({ lineId: l.order_line_id, quantity: l.quantity })),
    }));
  }
}
