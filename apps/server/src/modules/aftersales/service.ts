import type {
  AftersalesDetailView,
  AftersalesListQuery,
  AftersalesStatus,
  AftersalesType,
  AftersalesView,
  CreateAftersalesBody,
  ReturnDisposition,
} from '@livedesk/contracts';
import { systemActor, type Actor } from '../../lib/actor.js';
import { AppError, conflict, notFound, validationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/time.js';
import type { AftersalesLineRow, AftersalesRow, OrderLineRow, OrderRow } from '../../infra/db/database.js';
import type { Db, DbExecutor, Tx } from '../../infra/db/port.js';
import { enqueue } from '../../infra/outbox/outbox.js';
import type { AuditRecord, AuditService } from '../audit/service.js';
import type { Shipping } from '../fulfillment/shipping.js';
import { aggregateBySku, type InventoryService } from '../inventory/service.js';
import type { OrdersService } from '../orders/service.js';
import type { PaymentsService } from '../payments/service.js';
import { aftersalesRepo, NOT_SHIPPED, OPEN_STATUSES, type CaseLineRow, type CaseRow } from './repo.js';
import { buyerMayWithdraw, canMoveCase, SLA_MS } from './transitions.js';

/** Order statuses in which a buyer may open a case: the goods are paid for. */
const REQUESTABLE: readonly string[] = ['paid', 'partially_shipped', 'shipped', 'delivered', 'completed'];

/** What after-sales needs from payments: returning money, in the case's transaction. */
export type PaymentsForAftersales = Pick<PaymentsService, 'refund'>;

/** `AS` + Shanghai yymmdd + ms of the day + 4 random digits; the unique key catches the rare clash. */
function caseNumber(now: number): string {
  const local = now + 8 * 3_600_000;
  const date = new Date(local).toISOString().slice(2, 10).replaceAll('-', '');
  return `AS${date}${String(local % 86_400_000).padStart(8, '0')}${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
}

const evidencePrefix = (actor: Actor) => `evidence/${actor.orgId}/${actor.id}/`;

/** Per order line: how many units cases already claim, split the ways the quantity caps need. */
interface LineClaims {
  /** in open cases of any type, and in returns closed after their parcel came back (no refund, no goods) */
  open: number;
  /** held back from shipping by unshipped refund_only cases (open or refunded) */
  unshipped: number;
  /** of the shipped units, named by open or refunded cases about goods the buyer has */
  shipped: number;
}

function claimsByLine(cases: AftersalesRow[], lines: AftersalesLineRow[]): Map<string, LineClaims> {
  const caseOf = new Map(cases.map((c) => [c.id, c]));
  const claims = new Map<string, LineClaims>();
  for (const l of lines) {
    const c = caseOf.get(l.aftersales_id)!;
    const claim = claims.get(l.order_line_id) ?? { open: 0, unshipped: 0, shipped: 0 };
    // A return staff closed after receiving it without refunding: the units are back in the warehouse.
    const keptBack = c.type === 'return_refund' && c.status === 'closed' && c.disposition !== null;
    const open = OPEN_STATUSES.includes(c.status) || keptBack;
    if (open) claim.open += l.quantity;
    if (open || c.status === 'refunded') {
      if (c.disposition === NOT_SHIPPED) claim.unshipped += l.quantity;
      else claim.shipped += l.quantity;
    }
    claims.set(l.order_line_id, claim);
  }
  return claims;
}

/** The lines' share of what was paid for goods: list value less the order's discount, pro rata. */
function paidValue(order: OrderRow, lines: { line: OrderLineRow; quantity: number }[]): number {
  const listed = lines.reduce((sum, { line, quantity }) => sum + line.unit_price_fen * quantity, 0);
  if (order.discount_fen <= 0 || order.items_fen <= 0) return listed;
  return Math.floor((listed * (order.items_fen - order.discount_fen)) / order.items_fen);
}

/**
 * After-sales (售后): refund only (仅退款), return and refund (退货退款) and exchange (换货), per order line
 * and quantity. Every step is a compare-and-set on the case's status checked against the transitions
 * table, a row in the order's timeline and, for staff, an audit entry, all in one transaction with the
 * stock, line counters and money it moves. Steps lock the order first, so two cases of one order (or a
 * case and a shipment) never decide on the same units at once.
 */
export class AftersalesService {
  constructor(
    private readonly db: Db,
    private readonly orders: OrdersService,
    private readonly inventory: InventoryService,
    private readonly shipping: Shipping,
    private readonly payments: PaymentsForAftersales,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  // ---- the buyer

  async request(buyer: Actor, orderId: string, body: CreateAftersalesBody): Promise<AftersalesDetailView> {
    const prefix = evidencePrefix(buyer);
    const foreign = body.evidence?.find((key) => !key.startsWith(prefix));
    if (foreign) throw validationError('Evidence must be photos you uploaded', { key: foreign });
    const seen = new Set<string>();
    for (const { lineId } of body.lines) {
      if (seen.has(lineId)) throw validationError('Each line may appear once', { lineId });
      seen.add(lineId);
    }

    const id = await this.db.kysely.transaction().execute(async (tx) => {
      const [order] = await this.orders.lock(tx, buyer.orgId, [orderId]);
      if (!order || order.buyer_id !== buyer.id) throw notFound('Order', orderId);
      if (!REQUESTABLE.includes(order.status)) throw conflict('After-sales requests need a paid order', { status: order.status });
      const orderLines = new Map((await this.orders.lines(tx, orderId)).map((l) => [l.id, l]));
      const chosen = body.lines.map(({ lineId, quantity }) => {
        const line = orderLines.get(lineId);
        if (!line) throw notFound('Order line', lineId);
        return { line, quantity };
      });
      const existing = await aftersalesRepo.ofOrder(tx, orderId);
      const unshipped = this.checkQuantities(body.type, chosen, claimsByLine(existing.cases, existing.lines));

      const now = this.clock.now();
      const row: AftersalesRow = {
        id: newId(),
        org_id: buyer.orgId,
        case_no: caseNumber(now),
        order_id: orderId,
        buyer_id: buyer.id,
        type: body.type,
        status: 'requested',
        reason: body.reason,
        description: body.description ?? null,
        evidence: JSON.stringify(body.evidence ?? []),
        refund_fen: body.type === 'exchange' ? 0 : Math.min(paidValue(order, chosen), order.paid_fen - order.refunded_fen),
        return_carrier: null,
        return_tracking_no: null,
        disposition: unshipped ? NOT_SHIPPED : null,
        reject_reason: null,
        sla_due_at: now + SLA_MS.requested!,
        created_at: now,
        updated_at: now,
      };
      const caseLines = chosen.map(({ line, quantity }) => ({ aftersales_id: row.id, order_line_id: line.id, quantity }));
      for (let attempt = 1; !(await aftersalesRepo.insertCase(tx, row, caseLines)); attempt++) {
        if (attempt === 5) throw new Error('no free case number after 5 attempts');
        row.case_no = caseNumber(now);
      }
      await this.timeline(tx, buyer, row, null, 'requested', body.reason, {
        lines: chosen.map(({ line, quantity }) => ({ lineId: line.id, quantity })),
        refundFen: row.refund_fen,
        unshipped,
      });
      return row.id;
    });
    return this.detail(buyer, id);
  }

  /**
   * The quantity caps. Across every case of the order a line's units are claimed once: a new case may
   * take at most quantity − refunded − units in open cases. Returns and exchanges take shipped units
   * nobody claims; a refund only is for units not yet shipped (true) when they all fit there, otherwise
   * for shipped units the buyer keeps (false).
   */
  private checkQuantities(type: AftersalesType, chosen: { line: OrderLineRow; quantity: number }[], claims: Map<string, LineClaims>): boolean {
    const none: LineClaims = { open: 0, unshipped: 0, shipped: 0 };
    for (const { line, quantity } of chosen) {
      const claim = claims.get(line.id) ?? none;
      const available = line.quantity - line.refunded_quantity - claim.open;
      if (quantity > available) {
        throw conflict('More units than can still be claimed on this line', { lineId: line.id, requested: quantity, available: Math.max(0, available) });
      }
    }
    const unshippedFree = (line: OrderLineRow) => line.quantity - line.shipped_quantity - (claims.get(line.id) ?? none).unshipped;
    const shippedFree = (line: OrderLineRow) => line.shipped_quantity - (claims.get(line.id) ?? none).shipped;
    if (type === 'refund_only' && chosen.every(({ line, quantity }) => quantity <= unshippedFree(line))) return true;
    for (const { line, quantity } of chosen) {
      if (quantity > shippedFree(line)) {
        const message = type === 'refund_only'
          ? 'These units are partly shipped and partly not; ask for each part separately'
          : 'Only shipped units can be returned or exchanged';
        throw conflict(message, { lineId: line.id, requested: quantity, shippedAvailable: Math.max(0, shippedFree(line)) });
      }
    }
    return false;
  }

  /** The buyer's return parcel: approved → return_shipped (returns and exchanges). */
  async returnShipment(buyer: Actor, id: string, body: { carrier: string; trackingNo: string }): Promise<AftersalesDetailView> {
    await this.db.kysely.transaction().execute(async (tx) => {
      const c = await this.lockedCase(tx, buyer, id);
      const patch = { return_carrier: body.carrier.trim(), return_tracking_no: body.trackingNo.trim().toUpperCase() };
      await this.advance(tx, buyer, c, 'return_shipped', patch, null, { carrier: patch.return_carrier, trackingNo: patch.return_tracking_no });
    });
    return this.detail(buyer, id);
  }

  /** The buyer withdraws a case nobody has acted on beyond approving it. */
  async withdraw(buyer: Actor, id: string): Promise<AftersalesDetailView> {
    await this.db.kysely.transaction().execute(async (tx) => {
      const c = await this.lockedCase(tx, buyer, id);
      if (!buyerMayWithdraw.includes(c.status as AftersalesStatus)) throw conflict('This case can no longer be withdrawn', { status: c.status });
      await this.advance(tx, buyer, c, 'closed', {}, 'withdrawn by the buyer', {});
    });
    return this.detail(buyer, id);
  }

  // ---- staff

  async approve(actor: Actor, id: string): Promise<AftersalesDetailView> {
    return this.staffStep(actor, id, 'approve', async (tx, c) => {
      await this.advance(tx, actor, c, 'approved', {}, null, {});
      return { to: 'approved' };
    });
  }

  async reject(actor: Actor, id: string, reason: string): Promise<AftersalesDetailView> {
    return this.staffStep(actor, id, 'reject', async (tx, c) => {
      await this.advance(tx, actor, c, 'rejected', { reject_reason: reason }, reason, {});
      return { to: 'rejected', changes: [{ field: 'rejectReason', from: null, to: reason }] };
    });
  }

  /**
   * The returned parcel arrives: return_shipped → received. Its units come back into the warehouse they
   * shipped from (`return` in the ledger); written off, they then leave again as `write_off`, so the
   * ledger shows both. The lines' returned counters grow.
   */
  async receive(actor: Actor, id: string, disposition: ReturnDisposition): Promise<AftersalesDetailView> {
    return this.staffStep(actor, id, 'receive', async (tx, c) => {
      await this.advance(tx, actor, c, 'received', { disposition }, null, { disposition });
      const lines = await this.orderLinesOf(tx, c);
      for (const { line, quantity } of lines) {
        const move = { orgId: c.org_id, skuId: line.sku_id, warehouseId: line.warehouse_id, reason: `after-sales ${c.case_no}`, ref: { type: 'aftersales', id: c.id }, actorId: actor.id };
        await this.inventory.receive(tx, { ...move, quantity }, 'return');
        if (disposition === 'write_off') await this.inventory.adjust(tx, { ...move, delta: -quantity }, 'write_off');
        if (!(await this.orders.addToLineCounter(tx, c.order_id, line.id, 'returned', quantity))) {
          throw conflict('More units returned than the line holds', { lineId: line.id, quantity });
        }
      }
      return { to: 'received', changes: [{ field: 'disposition', from: null, to: disposition }] };
    });
  }

  /**
   * Pays the case back: refund_only approved → refunded, return_refund received → refunded. The amount is
   * the lines' paid value, never more than the order's paid − refunded. Units that never shipped go back
   * to available stock and the order's status follows (all shipped, or cancelled when nothing ever
   * shipped). The provider is called last, in this transaction, through PaymentsService.
   */
  async refund(actor: Actor, id: string): Promise<AftersalesDetailView> {
    return this.staffStep(actor, id, 'refund', async (tx, c) => {
      const [order] = await this.orders.lock(tx, c.org_id, [c.order_id]);
      const amountFen = Math.max(0, Math.min(c.refund_fen, order!.paid_fen - order!.refunded_fen));
      await this.advance(tx, actor, c, 'refunded', { refund_fen: amountFen }, null, { refundFen: amountFen });
      const lines = await this.orderLinesOf(tx, c);
      for (const { line, quantity } of lines) {
        if (!(await this.orders.addToLineCounter(tx, c.order_id, line.id, 'refunded', quantity))) {
          throw conflict('More units refunded than the line holds', { lineId: line.id, quantity });
        }
      }
      if (c.disposition === NOT_SHIPPED) {
        for (const { skuId, quantity } of aggregateBySku(lines.map(({ line, quantity }) => ({ skuId: line.sku_id, quantity })))) {
          await this.inventory.releaseForOrder(tx, { orgId: c.org_id, orderId: c.order_id, skuId, quantity, reason: `refunded before shipping (${c.case_no})`, ref: { type: 'aftersales', id: c.id } });
        }
        await this.shipping.settleProgress(tx, actor, order!, { aftersalesId: c.id });
      }
      return {
        to: 'refunded',
        changes: [{ field: 'refundFen', from: null, to: amountFen }],
        // Last: the provider cannot be rolled back, so nothing may fail after it.
        finally: async () => {
          if (amountFen === 0) return;
          const refunds = await this.payments.refund(tx, {
            orgId: c.org_id,
            orderId: c.order_id,
            amountFen,
            reason: `after-sales ${c.case_no}: ${c.reason}`,
            aftersalesId: c.id,
            actor,
          });
          const failed = refunds.filter((r) => r.status === 'failed');
          if (failed.length) {
            throw new AppError('unavailable', 'The payment provider refused the refund; nothing was changed, try again later', { refundIds: failed.map((r) => r.id) });
          }
        },
      };
    });
  }

  /**
   * Ends a case without (further) money. An exchange that was received closes by shipping its
   * replacement, not here.
   */
  async close(actor: Actor, id: string, reason: string | undefined): Promise<AftersalesDetailView> {
    return this.staffStep(actor, id, 'close', async (tx, c) => {
      if (c.type === 'exchange' && c.status === 'received') {
        throw conflict('A received exchange closes when its replacement ships', { status: c.status });
      }
      await this.advance(tx, actor, c, 'closed', {}, reason ?? null, {});
      return { to: 'closed' };
    });
  }

  /**
   * The exchange's replacement parcel: received → closed, with a new shipment of the same SKUs (see
   * `Shipping.shipReplacement`: stock and ledger move, the order's counters and status do not).
   */
  async shipReplacement(actor: Actor, id: string, body: { carrier: string; trackingNo: string }): Promise<AftersalesDetailView> {
    return this.staffStep(actor, id, 'replacement', async (tx, c) => {
      if (c.type !== 'exchange') throw conflict('Only exchanges ship a replacement', { type: c.type });
      if (c.status !== 'received') throw conflict('The returned goods must be received before the replacement ships', { status: c.status });
      const lines = await this.orderLinesOf(tx, c);
      const shipment = await this.shipping.shipReplacement(tx, actor, {
        orderId: c.order_id,
        aftersalesId: c.id,
        carrier: body.carrier,
        trackingNo: body.trackingNo,
        lines: lines.map(({ line, quantity }) => ({ lineId: line.id, skuId: line.sku_id, quantity })),
      });
      await this.advance(tx, actor, c, 'closed', {}, 'replacement shipped', { shipmentId: shipment.id, carrier: shipment.carrier, trackingNo: shipment.tracking_no });
      return { to: 'closed', changes: [{ field: 'replacementShipment', from: null, to: { id: shipment.id, carrier: shipment.carrier, trackingNo: shipment.tracking_no } }] };
    });
  }

  /**
   * Approves a request on the org's behalf once its auto-approval wait has run out, if it is still
   * requested and the org still auto-approves. False when there was nothing to do.
   */
  async autoApprove(orgId: string, id: string): Promise<boolean> {
    const system = systemActor(orgId);
    return this.audit.transaction(system, async (tx, record) => {
      const c = await this.lockedCase(tx, system, id);
      const waitMs = await aftersalesRepo.autoApproveMs(tx, orgId);
      if (c.status !== 'requested' || waitMs === null || c.created_at + waitMs > this.clock.now()) return false;
      await this.advance(tx, system, c, 'approved', {}, 'auto-approved', { auto: true });
      await record({ action: 'aftersales.auto_approve', targetType: 'aftersales', targetId: id, changes: [{ field: 'status', from: 'requested', to: 'approved' }] });
      return true;
    });
  }

  async dueForAutoApproval(limit: number) {
    return aftersalesRepo.dueForAutoApproval(this.db.kysely, this.clock.now(), limit);
  }

  // ---- reading

  async queue(actor: Actor, query: AftersalesListQuery) {
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await aftersalesRepo.queue(this.db.kysely, actor.orgId, query, after && { sla: after[0], id: after[1] });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return { items: await this.views(this.db.kysely, page), nextCursor: rows.length > query.limit && last ? encodeCursor(last.sla_key, last.id) : null };
  }

  async mine(buyer: Actor, query: { cursor?: string; limit: number }) {
    const before = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await aftersalesRepo.ofBuyer(this.db.kysely, buyer.orgId, buyer.id, query.limit, before && { createdAt: before[0], id: before[1] });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return { items: await this.views(this.db.kysely, page), nextCursor: rows.length > query.limit && last ? encodeCursor(last.created_at, last.id) : null };
  }

  /** The case with its order summary and its rows of the order timeline; another buyer's case does not exist. */
  async detail(actor: Actor, id: string): Promise<AftersalesDetailView> {
    const c = await this.visibleCase(this.db.kysely, actor, id);
    const [view] = await this.views(this.db.kysely, [c]);
    const order = await this.orders.order(this.db.kysely, c.org_id, c.order_id);
    if (!order) throw new Error(`order ${c.order_id} of case ${c.id} vanished`);
    const timeline = (await this.orders.timeline(this.db.kysely, c.order_id)).filter((e) => e.detail.aftersalesId === c.id);
    return {
      ...view!,
      order: {
        id: order.id,
        orderNo: order.order_no,
        status: order.status as AftersalesDetailView['order']['status'],
        paymentStatus: order.payment_status as AftersalesDetailView['order']['paymentStatus'],
        fulfillmentStatus: order.fulfillment_status as AftersalesDetailView['order']['fulfillmentStatus'],
        totalFen: order.total_fen,
        paidFen: order.paid_fen,
        refundedFen: order.refunded_fen,
        createdAt: order.created_at,
      },
      timeline,
    };
  }

  /** The blob key of a case's evidence photo, for its buyer or staff. */
  async evidenceKey(actor: Actor, id: string, index: number): Promise<string> {
    const c = await this.visibleCase(this.db.kysely, actor, id);
    const key = (JSON.parse(c.evidence) as string[])[index];
    if (key === undefined) throw notFound('Evidence', `${id}/${index}`);
    return key;
  }

  // ---- shared steps

  /**
   * A staff step: in one audited transaction, the case (read after its order is locked) goes through
   * `work`, then the audit entry, then `finally` (a provider call that cannot be undone).
   */
  private async staffStep(
    actor: Actor,
    id: string,
    action: string,
    work: (tx: Tx, c: CaseRow) => Promise<{ to: AftersalesStatus; changes?: AuditRecord['changes']; finally?: () => Promise<void> }>,
  ): Promise<AftersalesDetailView> {
    await this.audit.transaction(actor, async (tx, record) => {
      const c = await this.lockedCase(tx, actor, id);
      const done = await work(tx, c);
      await record({
        action: `aftersales.${action}`,
        targetType: 'aftersales',
        targetId: id,
        changes: [{ field: 'status', from: c.status, to: done.to }, ...(done.changes ?? [])],
      });
      await done.finally?.();
    });
    return this.detail(actor, id);
  }

  /**
   * One step of the lifecycle: allowed by the transitions table, then a compare-and-set from the status
   * read (with the next SLA), a timeline row and an outbox event. Refused moves are `conflict` with both
   * statuses.
   */
  private async advance(tx: Tx, actor: Actor, c: CaseRow, to: AftersalesStatus, patch: Partial<AftersalesRow>, reason: string | null, detail: Record<string, unknown>) {
    const from = c.status as AftersalesStatus;
    const type = c.type as AftersalesType;
    if (!canMoveCase(type, from, to)) throw conflict(`A ${type} case cannot go from ${from} to ${to}`, { from, to, status: from });
    const now = this.clock.now();
    const sla = SLA_MS[to];
    const moved = await aftersalesRepo.transition(tx, c.id, from, { ...patch, status: to, updated_at: now, sla_due_at: sla === undefined ? null : now + sla });
    if (!moved) throw conflict(`The case is no longer ${from}`, { from, to });
    await this.timeline(tx, actor, c, from, to, reason, detail);
  }

  private async timeline(tx: Tx, actor: Actor, c: AftersalesRow, from: AftersalesStatus | null, to: AftersalesStatus, reason: string | null, detail: Record<string, unknown>) {
    await this.orders.recordEvent(tx, {
      orgId: c.org_id,
      orderId: c.order_id,
      kind: 'aftersales',
      actor,
      reason,
      detail: { aftersalesId: c.id, caseNo: c.case_no, type: c.type, from, to, ...detail },
    });
    await enqueue(tx, {
      topic: 'aftersales',
      type: `aftersales.${to}`,
      orgId: c.org_id,
      payload: { aftersalesId: c.id, orderId: c.order_id, buyerId: c.buyer_id, type: c.type, from, to, refundFen: c.refund_fen },
    });
  }

  /** The case after its order's lock is held (a step waiting on the lock sees the winner's result). */
  private async lockedCase(tx: Tx, actor: Actor, id: string): Promise<CaseRow> {
    const seen = await this.visibleCase(tx, actor, id);
    await this.orders.lock(tx, seen.org_id, [seen.order_id]);
    return this.visibleCase(tx, actor, id);
  }

  private async visibleCase(db: DbExecutor, actor: Actor, id: string): Promise<CaseRow> {
    const c = await aftersalesRepo.byId(db, actor.orgId, id);
    if (!c || (actor.kind === 'buyer' && c.buyer_id !== actor.id)) throw notFound('After-sales case', id);
    return c;
  }

  private async orderLinesOf(tx: Tx, c: CaseRow): Promise<{ line: OrderLineRow; quantity: number }[]> {
    const lines = new Map((await this.orders.lines(tx, c.order_id)).map((l) => [l.id, l]));
    const { lines: caseLines } = await aftersalesRepo.ofOrder(tx, c.order_id);
    return caseLines.filter((l) => l.aftersales_id === c.id).map((l) => ({ line: lines.get(l.order_line_id)!, quantity: l.quantity }));
  }

  private async views(db: DbExecutor, rows: CaseRow[]): Promise<AftersalesView[]> {
    const lines = await aftersalesRepo.lines(db, rows.map((r) => r.id));
    return rows.map((r) => caseView(r, lines.filter((l) => l.aftersales_id === r.id)));
  }
}

const caseView = (r: CaseRow, lines: CaseLineRow[]): AftersalesView => ({
  id: r.id,
  caseNo: r.case_no,
  orderId: r.order_id,
  orderNo: r.order_no,
  buyerId: r.buyer_id,
  type: r.type as AftersalesType,
  status: r.status as AftersalesStatus,
  reason: r.reason,
  description: r.description,
  evidence: JSON.parse(r.evidence) as string[],
  refundFen: r.refund_fen,
  unshipped: r.disposition === NOT_SHIPPED,
  returnCarrier: r.return_carrier,
  returnTrackingNo: r.return_tracking_no,
  disposition: r.disposition === 'restock' || r.disposition === 'write_off' ? r.disposition : null,
  rejectReason: r.reject_reason,
  slaDueAt: r.sla_due_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  lines: lines.map((l) => ({
    lineId: l.order_line_id,
    skuId: l.sku_id,
    skuCode: l.sku_code,
    productTitle: l.product_title,
    skuTitle: l.sku_title,
    unitPriceFen: l.unit_price_fen,
    quantity: l.quantity,
  })),
});

const encodeCursor = (key: number, id: string) => Buffer.from(JSON.stringify([key, id])).toString('base64url');
function decodeCursor(cursor: string): [number, string] {
  try {
    const [key, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [unknown, unknown];
    if (typeof key === 'number' && typeof id === 'string') return [key, id];
  } catch {
    // fall through to the validation error
  }
  throw validationError('cursor is not one this API returned');
}
