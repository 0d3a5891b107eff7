import type {
  Address,
  AddressView,
  OrderDetailView,
  OrderEventView,
  OrderListQuery,
  OrderStatus,
  OrderView,
  PlaceOrderBody,
} from '@livedesk/contracts';
import { can, type Actor } from '../../lib/actor.js';
import { maskAddressDetail, maskName, maskPhone, type PiiCipher } from '../../lib/crypto.js';
import { conflict, forbidden, notFound, validationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/time.js';
import type { OrderLineRow, OrderRow } from '../../infra/db/database.js';
import type { Db, DbExecutor, Tx } from '../../infra/db/port.js';
import { enqueue } from '../../infra/outbox/outbox.js';
import type { AuditService } from '../audit/service.js';
import type { Campaign, InventoryService } from '../inventory/service.js';
import { ordersRepo } from './repo.js';
import { canTransition } from './transitions.js';

/** Unpaid orders give their stock back after this long unless the org sets otherwise (mall, Saleor: minutes). */
export const DEFAULT_UNPAID_TIMEOUT_MS = 15 * 60_000;

export interface TransitionInput {
  orgId: string;
  orderId: string;
  to: OrderStatus;
  actor: Actor;
  reason?: string | null;
  detail?: Record<string, unknown>;
  /** other columns that change with the status */
  patch?: Partial<OrderRow>;
  guard?: { notExpiredAt?: number; expiredAt?: number };
}

/**
 * What a live show sets for an order instead of the catalog: live or flash prices, the campaign whose
 * carved stock it takes, a cart hold shorter than the org's unpaid timeout.
 */
export interface OrderTerms {
  unitPriceFen?: ReadonlyMap<string, number>;
  campaign?: Campaign;
  holdMs?: number;
  /** why the order exists beyond a plain checkout; kept on its first timeline row */
  source?: 'live' | 'flash_sale' | 'comment_to_buy' | 'lottery';
  /** work that must commit with the order, before its stock is reserved (releasing the cart hold it replaces) */
  inside?: (tx: Tx, orderId: string) => Promise<void>;
  /** work that must commit with the complete order (a lottery prize is paid at once) */
  after?: (tx: Tx, orderId: string) => Promise<void>;
}

/** Terms of a store order that names a live session; installed by the live module. */
export type OrderTermsResolver = (tx: Tx, buyer: Actor, body: PlaceOrderBody) => Promise<OrderTerms>;

/** Where an order comes from beyond its buyer: what risk rules key on. */
export interface PlacementContext {
  /** the client's persisted anonymousId (`X-Device-Id` on the store API) */
  deviceId?: string;
}

/** What a guard knows of the order being placed besides its body and terms. */
export interface Placement {
  orderId: string;
  deviceId: string | null;
  /** work to do once the placing transaction has rolled back because the order was refused (a risk decision outlives it) */
  afterRefusal(work: () => Promise<void>): void;
}

/** Runs inside the placing transaction before anything is written; throws to refuse the order (risk rules). */
export type PlacementGuard = (tx: Tx, buyer: Actor, body: PlaceOrderBody, terms: OrderTerms, placement: Placement) => Promise<void>;

interface SkuForSale {
  id: string;
  product_id: string;
  sku_code: string;
  title: string;
  price_fen: number;
  status: string;
  product_title: string;
  product_status: string;
}

/** Shanghai calendar date, as order numbers are read by people there. */
const shanghaiDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(2, 10).replaceAll('-', '');

/** `LD` + yymmdd + ms of the day + 6 random digits; the unique index catches the rare clash (we retry). */
function orderNumber(now: number): string {
  const msOfDay = (now + 8 * 3_600_000) % 86_400_000;
  const random = Math.floor(Math.random() * 1_000_000);
  return `LD${shanghaiDate(now)}${String(msOfDay).padStart(8, '0')}${String(random).padStart(6, '0')}`;
}

const isOrderNoClash = (err: unknown) => /order_no|orders_order_no|UNIQUE constraint failed: orders\.order_no/i.test(String((err as Error)?.message ?? ''));

export class OrdersService {
  private readonly placedListeners: ((order: { id: string; orgId: string; expiresAt: number | null }) => void)[] = [];
  private readonly guards: PlacementGuard[] = [];
  private liveTerms: OrderTermsResolver | null = null;

  constructor(
    private readonly db: Db,
    private readonly inventory: InventoryService,
    private readonly pii: PiiCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Called after each order placed here commits (timers, relay nudges). */
  afterPlace(listener: (order: { id: string; orgId: string; expiresAt: number | null }) => void): void {
    this.placedListeners.push(listener);
  }

  useLiveTerms(resolver: OrderTermsResolver): void {
    this.liveTerms = resolver;
  }

  beforePlace(guard: PlacementGuard): void {
    this.guards.push(guard);
  }

  /**
   * Places an order: prices from the catalog or the show's `terms` (never the client), stock held for the
   * unpaid timeout, the order, its lines, its first timeline row and its `order.created` event — one
   * transaction. Any refusal (unknown or delisted SKU, not enough stock, a risk rule) leaves nothing behind.
   */
  async place(buyer: Actor, body: PlaceOrderBody, terms?: OrderTerms, context: PlacementContext = {}): Promise<OrderView> {
    if (body.couponCode !== undefined) {
      // Coupons arrive with the marketing module; until then every code is unknown, and saying so beats ignoring it.
      throw validationError('Unknown coupon code', { field: 'couponCode' });
    }
    for (let attempt = 1; ; attempt++) {
      const refused: (() => Promise<void>)[] = [];
      const placement = { deviceId: context.deviceId ?? null, afterRefusal: (work: () => Promise<void>) => void refused.push(work) };
      try {
        // Built from the rows just written: no second read, no decryption on the hot path of a drop.
        const view = await this.db.kysely.transaction().execute((tx) => this.placeIn(tx, buyer, body, terms, placement));
        for (const listener of this.placedListeners) listener({ id: view.id, orgId: buyer.orgId, expiresAt: view.expiresAt });
        return view;
      } catch (err) {
        if (attempt < 3 && isOrderNoClash(err)) continue;
        for (const work of refused) await work();
        throw err;
      }
    }
  }

  private async placeIn(tx: Tx, buyer: Actor, body: PlaceOrderBody, given: OrderTerms | undefined, placement: Omit<Placement, 'orderId'>): Promise<OrderView> {
    const terms = given ?? (body.liveSessionId && this.liveTerms ? await this.liveTerms(tx, buyer, body) : {});
    const orderId = newId();
    for (const guard of this.guards) await guard(tx, buyer, body, terms, { ...placement, orderId });
    const now = this.clock.now();
    const skus = await this.skusForSale(tx, buyer.orgId, body.items.map((i) => i.skuId));
    const priceOf = (skuId: string) => terms.unitPriceFen?.get(skuId) ?? skus.get(skuId)!.price_fen;
    const expiresAt = now + (terms.holdMs ?? (await this.unpaidTimeoutMs(tx, buyer.orgId)));
    const itemsFen = body.items.reduce((sum, item) => sum + priceOf(item.skuId) * item.quantity, 0);
    const campaign = terms.campaign ?? (body.liveSessionId ? { type: 'live_session' as const, id: body.liveSessionId } : undefined);
    const order: OrderRow = {
      id: orderId,
      org_id: buyer.orgId,
      order_no: orderNumber(now),
      buyer_id: buyer.id,
      channel: body.liveSessionId ? 'live' : 'store',
      live_session_id: body.liveSessionId ?? null,
      external_platform: null,
      external_order_id: null,
      status: 'pending_payment',
      payment_status: 'unpaid',
      fulfillment_status: 'unfulfilled',
      items_fen: itemsFen,
      discount_fen: 0,
      shipping_fen: 0,
      total_fen: itemsFen,
      paid_fen: 0,
      refunded_fen: 0,
      coupon_code: null,
      ...this.encryptAddress(body.address),
      buyer_note: body.note ?? null,
      expires_at: expiresAt,
      paid_at: null,
      cancelled_at: null,
      cancel_reason: null,
      completed_at: null,
      created_at: now,
      updated_at: now,
    };
    if (terms.inside) await terms.inside(tx, orderId);
    // Everything that does not touch stock goes first: on PostgreSQL the hot SKU's row lock is held from
    // the reserving UPDATE to COMMIT, and every statement before it is one less spent holding the lock.
    await ordersRepo.insertOrder(tx, order);
    await this.recordEvent(tx, { orgId: buyer.orgId, orderId, kind: 'transition', toStatus: 'pending_payment', actor: buyer, detail: { totalFen: order.total_fen, expiresAt, ...(terms.source ? { source: terms.source } : {}) } });
    await enqueue(tx, {
      topic: 'orders',
      type: 'order.created',
      orgId: buyer.orgId,
      payload: {
        orderId, buyerId: buyer.id, liveSessionId: order.live_session_id, amountFen: order.total_fen,
        items: body.items.map((i) => ({ skuId: i.skuId, productId: skus.get(i.skuId)!.product_id, quantity: i.quantity, priceFen: priceOf(i.skuId) })),
      },
    });
    const reserved = await this.inventory.reserveForOrder(tx, {
      orgId: buyer.orgId,
      orderId,
      lines: body.items,
      expiresAt,
      ...(campaign ? { campaign } : {}),
    });
    const warehouseOf = new Map(reserved.map((r) => [r.skuId, r.warehouseId]));
    const lines: OrderLineRow[] = body.items.map((item) => {
      const sku = skus.get(item.skuId)!;
      return {
        id: newId(),
        order_id: orderId,
        org_id: buyer.orgId,
        product_id: sku.product_id,
        sku_id: sku.id,
        warehouse_id: warehouseOf.get(sku.id)!,
        product_title: sku.product_title,
        sku_title: sku.title,
        sku_code: sku.sku_code,
        unit_price_fen: priceOf(sku.id),
        quantity: item.quantity,
        line_total_fen: priceOf(sku.id) * item.quantity,
        shipped_quantity: 0,
        refunded_quantity: 0,
        returned_quantity: 0,
      };
    });
    await ordersRepo.insertLines(tx, lines);
    if (terms.after) await terms.after(tx, orderId);
    return this.toView(order, lines, { ...body.address, masked: false });
  }

  /** The order as its buyer or staff may see it; another buyer's order does not exist for them. */
  async view(executor: DbExecutor, actor: Actor, orderId: string, reveal: boolean): Promise<OrderView> {
    const order = await this.visibleOrder(executor, actor, orderId);
    const lines = await ordersRepo.lines(executor, orderId);
    return this.toView(order, lines, this.addressOf(order, this.showAddress(actor, reveal)));
  }

  async detail(actor: Actor, orderId: string, reveal: boolean): Promise<OrderDetailView> {
    if (reveal && !can(actor, 'pii:read')) throw forbidden('Revealing the address needs pii:read', { required: 'pii:read' });
    const view = await this.view(this.db.kysely, actor, orderId, reveal);
    if (reveal) await this.audit.record(actor, { action: 'order.reveal_pii', targetType: 'order', targetId: orderId });
    return { ...view, timeline: await this.timeline(this.db.kysely, orderId) };
  }

  async timeline(executor: DbExecutor, orderId: string): Promise<OrderEventView[]> {
    return (await ordersRepo.events(executor, orderId)).map((e) => ({
      seq: e.seq,
      kind: e.kind,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      detail: JSON.parse(e.detail) as Record<string, unknown>,
      actorType: e.actor_type,
      actorId: e.actor_id,
      reason: e.reason,
      at: e.at,
    }));
  }

  async list(actor: Actor, query: OrderListQuery & { buyerId?: string }) {
    const before = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await ordersRepo.page(this.db.kysely, actor.orgId, query, before);
    const page = rows.slice(0, query.limit);
    const lines = await ordersRepo.linesOfOrders(this.db.kysely, page.map((o) => o.id));
    const items = page.map((order) => {
      const own = lines.filter((l) => l.order_id === order.id);
      const { lines: _lines, address: _address, ...summary } = this.toView(order, own, { name: '', phone: '', province: order.province, city: order.city, district: order.district, detail: '', masked: true });
      return { ...summary, itemCount: own.reduce((s, l) => s + l.quantity, 0), firstItemTitle: own[0]?.product_title ?? '', province: order.province, city: order.city };
    });
    const last = page.at(-1);
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last.created_at, last.id) : null };
  }

  /** For payment: the buyer's own order, still payable. */
  async payableOrder(executor: DbExecutor, buyer: Actor, orderId: string) {
    const order = await this.visibleOrder(executor, buyer, orderId);
    if (order.status !== 'pending_payment' || (order.expires_at ?? 0) <= this.clock.now()) {
      const status = order.status === 'pending_payment' ? 'expired' : order.status;
      throw conflict('This order can no longer be paid', { status });
    }
    return { id: order.id, orgId: order.org_id, totalFen: order.total_fen, status: order.status, expiresAt: order.expires_at };
  }

  /** pending_payment → paid, only while unexpired; the holds become sales. Throws `conflict` otherwise. */
  async markPaid(tx: Tx, input: { orgId: string; orderId: string; paymentId: string; amountFen: number; provider: string; actor: Actor }) {
    const order = await ordersRepo.order(tx, input.orgId, input.orderId);
    if (!order) throw notFound('Order', input.orderId);
    if (input.amountFen !== order.total_fen) throw conflict('Paid amount differs from the order total', { totalFen: order.total_fen, amountFen: input.amountFen });
    const now = this.clock.now();
    await this.transition(tx, {
      orgId: input.orgId,
      orderId: input.orderId,
      to: 'paid',
      actor: input.actor,
      detail: { paymentId: input.paymentId, provider: input.provider, amountFen: input.amountFen },
      patch: { payment_status: 'paid', paid_fen: input.amountFen, paid_at: now },
      guard: { notExpiredAt: now },
    });
    await this.inventory.consumeOrderReservations(tx, input.orderId);
    const lines = await ordersRepo.lines(tx, input.orderId);
    await enqueue(tx, {
      topic: 'orders',
      type: 'order.paid',
      orgId: input.orgId,
      payload: {
        orderId: input.orderId, buyerId: order.buyer_id, liveSessionId: order.live_session_id, amountFen: input.amountFen,
        items: lines.map((l) => ({ skuId: l.sku_id, productId: l.product_id, quantity: l.quantity, priceFen: l.unit_price_fen })),
      },
    });
  }

  async recordPaymentFailure(tx: Tx, input: { orgId: string; orderId: string; paymentId: string; reason: string; actor: Actor }) {
    await this.recordEvent(tx, { orgId: input.orgId, orderId: input.orderId, kind: 'payment', actor: input.actor, reason: input.reason, detail: { paymentId: input.paymentId, outcome: 'failed' } });
  }

  /** Adds a refund, never past what was paid; the payment status follows. */
  async recordRefund(tx: Tx, input: { orgId: string; orderId: string; refundId: string; amountFen: number; actor: Actor; aftersalesId?: string | null }) {
    const after = await ordersRepo.addRefund(tx, input.orderId, input.amountFen, this.clock.now());
    if (!after) throw conflict('Refunds cannot exceed what was paid', { orderId: input.orderId, amountFen: input.amountFen });
    await ordersRepo.setPaymentStatus(tx, input.orderId, after.refunded_fen === after.paid_fen ? 'refunded' : 'partially_refunded');
    await this.recordEvent(tx, { orgId: input.orgId, orderId: input.orderId, kind: 'refund', actor: input.actor, detail: { refundId: input.refundId, amountFen: input.amountFen, aftersalesId: input.aftersalesId ?? null } });
    await enqueue(tx, { topic: 'orders', type: 'order.refund', orgId: input.orgId, payload: { orderId: input.orderId, amountFen: input.amountFen, refundId: input.refundId, liveSessionId: after.live_session_id, buyerId: after.buyer_id } });
  }

  /** A buyer or staff cancels an unpaid order; its stock comes back at once. */
  async cancelUnpaid(actor: Actor, orderId: string, reason: 'buyer' | 'staff', note?: string): Promise<OrderView> {
    await this.db.kysely.transaction().execute(async (tx) => {
      const order = await this.visibleOrder(tx, actor, orderId);
      if (order.status !== 'pending_payment') throw conflict('Only unpaid orders can be cancelled here', { status: order.status });
      await this.cancelIn(tx, order, reason, actor, note);
    });
    return this.view(this.db.kysely, actor, orderId, false);
  }

  /** The unpaid timeout: cancels only if still unpaid and past its expiry, so a payment and the timer cannot both win. */
  async expire(orgId: string, orderId: string, system: Actor): Promise<boolean> {
    return this.db.kysely.transaction().execute(async (tx) => {
      const order = await ordersRepo.order(tx, orgId, orderId);
      if (!order || order.status !== 'pending_payment') return false;
      return this.cancelIn(tx, order, 'timeout', system, undefined, { expiredAt: this.clock.now() });
    });
  }

  async expiredUnpaid(limit: number) {
    return ordersRepo.expiredUnpaid(this.db.kysely, this.clock.now(), limit);
  }

  /**
   * The one way an order changes status: checked against the transitions table, then a compare-and-set
   * from the status read, then a timeline row. Refused moves are `conflict` with both statuses.
   */
  async transition(tx: Tx, input: TransitionInput): Promise<void> {
    const order = await ordersRepo.order(tx, input.orgId, input.orderId);
    if (!order) throw notFound('Order', input.orderId);
    const from = order.status as OrderStatus;
    if (!canTransition(from, input.to)) throw conflict(`An order cannot go from ${from} to ${input.to}`, { from, to: input.to });
    const now = this.clock.now();
    const moved = await ordersRepo.transition(tx, order.id, from, { ...input.patch, status: input.to, updated_at: now }, input.guard);
    if (!moved) {
      const fresh = await ordersRepo.order(tx, input.orgId, input.orderId);
      const status = fresh?.status === 'pending_payment' && input.guard?.notExpiredAt !== undefined ? 'expired' : fresh?.status;
      throw conflict(`The order is no longer ${from}`, { from, to: input.to, status });
    }
    await this.recordEvent(tx, { orgId: input.orgId, orderId: order.id, kind: 'transition', fromStatus: from, toStatus: input.to, actor: input.actor, reason: input.reason ?? null, detail: input.detail ?? {} });
  }

  /** A timeline row that is not a status change (payments, shipments, after-sales steps, notes). */
  async recordEvent(
    tx: DbExecutor,
    e: { orgId: string; orderId: string; kind: string; actor: Actor; fromStatus?: string | null; toStatus?: string | null; reason?: string | null; detail?: Record<string, unknown> },
  ) {
    await ordersRepo.insertEvent(tx, {
      order_id: e.orderId,
      org_id: e.orgId,
      kind: e.kind,
      from_status: e.fromStatus ?? null,
      to_status: e.toStatus ?? null,
      detail: JSON.stringify(e.detail ?? {}),
      actor_type: e.actor.kind,
      actor_id: e.actor.id,
      reason: e.reason ?? null,
      at: this.clock.now(),
    });
  }

  /**
   * Adds shipped/refunded/returned units to a line, never past its quantity (false when it would).
   * Fulfilment and after-sales keep per-line progress here so partial states need no extra statuses.
   */
  async addToLineCounter(tx: Tx, orderId: string, lineId: string, counter: 'shipped' | 'refunded' | 'returned', quantity: number) {
    return ordersRepo.addToLineCounter(tx, orderId, lineId, `${counter}_quantity`, quantity);
  }

  async setFulfillmentStatus(tx: Tx, orderId: string, status: 'unfulfilled' | 'partially_shipped' | 'shipped' | 'delivered') {
    await ordersRepo.setFulfillmentStatus(tx, orderId, status, this.clock.now());
  }

  /**
   * Locks orders for the rest of `tx` and returns them: fulfilment and after-sales read line counters and
   * open cases, then write, and two of them on one order must not interleave.
   */
  async lock(tx: Tx, orgId: string, orderIds: string[]): Promise<OrderRow[]> {
    return ordersRepo.lock(tx, orgId, orderIds);
  }

  async buyerHistory(orgId: string, buyerId: string): Promise<{ paidOrders: number; paidFen: number }> {
    const row = await ordersRepo.buyerHistory(this.db.kysely, orgId, buyerId);
    return { paidOrders: Number(row.paid_orders), paidFen: Number(row.paid_fen) };
  }

  async lines(executor: DbExecutor, orderId: string) {
    return ordersRepo.lines(executor, orderId);
  }

  async order(executor: DbExecutor, orgId: string, orderId: string) {
    return ordersRepo.order(executor, orgId, orderId);
  }

  async unpaidTimeoutMs(executor: DbExecutor, orgId: string): Promise<number> {
    return (await ordersRepo.settings(executor, orgId))?.unpaid_timeout_ms ?? DEFAULT_UNPAID_TIMEOUT_MS;
  }

  async settings(actor: Actor) {
    const row = await ordersRepo.settings(this.db.kysely, actor.orgId);
    return {
      unpaidTimeoutMinutes: Math.round((row?.unpaid_timeout_ms ?? DEFAULT_UNPAID_TIMEOUT_MS) / 60_000),
      aftersalesAutoApproveHours: row?.aftersales_auto_approve_ms == null ? null : Math.round(row.aftersales_auto_approve_ms / 3_600_000),
    };
  }

  async updateSettings(actor: Actor, patch: { unpaidTimeoutMinutes?: number; aftersalesAutoApproveHours?: number | null }) {
    const current = await this.settings(actor);
    const next = { ...current, ...patch };
    await this.audit.transaction(actor, async (tx, record) => {
      await ordersRepo.upsertSettings(tx, {
        org_id: actor.orgId,
        unpaid_timeout_ms: next.unpaidTimeoutMinutes * 60_000,
        aftersales_auto_approve_ms: next.aftersalesAutoApproveHours === null ? null : next.aftersalesAutoApproveHours * 3_600_000,
        updated_at: this.clock.now(),
      });
      await record({
        action: 'commerce.settings',
        targetType: 'org',
        targetId: actor.orgId,
        changes: (Object.keys(patch) as (keyof typeof patch)[]).map((field) => ({ field, from: current[field], to: next[field] })),
      });
    });
    return next;
  }

  private async cancelIn(tx: Tx, order: OrderRow, reason: string, actor: Actor, note?: string, guard?: TransitionInput['guard']): Promise<boolean> {
    const now = this.clock.now();
    try {
      await this.transition(tx, {
        orgId: order.org_id,
        orderId: order.id,
        to: 'cancelled',
        actor,
        reason: note ?? reason,
        detail: { cancelReason: reason },
        patch: { cancelled_at: now, cancel_reason: reason },
        ...(guard ? { guard } : {}),
      });
    } catch (err) {
      if (guard) return false; // the timer lost to a payment or an earlier cancel: nothing to do
      throw err;
    }
    await this.inventory.releaseOrderReservations(tx, order.id, `order cancelled (${reason})`);
    await enqueue(tx, { topic: 'orders', type: 'order.cancelled', orgId: order.org_id, payload: { orderId: order.id, reason, liveSessionId: order.live_session_id } });
    return true;
  }

  private async visibleOrder(executor: DbExecutor, actor: Actor, orderId: string): Promise<OrderRow> {
    const order = await ordersRepo.order(executor, actor.orgId, orderId);
    if (!order || (actor.kind === 'buyer' && order.buyer_id !== actor.id)) throw notFound('Order', orderId);
    return order;
  }

  /** Known, on sale (listed product, active SKU); refusals name the SKU so the client can act. */
  private async skusForSale(tx: Tx, orgId: string, skuIds: string[]): Promise<Map<string, SkuForSale>> {
    const rows = await tx
      .selectFrom('skus as s')
      .innerJoin('products as p', 'p.id', 's.product_id')
      .select(['s.id', 's.product_id', 's.sku_code', 's.title', 's.price_fen', 's.status', 'p.title as product_title', 'p.status as product_status'])
      .where('s.org_id', '=', orgId)
      .where('s.id', 'in', [...new Set(skuIds)])
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const skuId of skuIds) {
      const sku = byId.get(skuId);
      if (!sku) throw notFound('SKU', skuId);
      if (sku.product_status !== 'listed' || sku.status !== 'active') {
        throw conflict('This SKU is not on sale', { skuId, reason: sku.product_status !== 'listed' ? 'delisted' : 'disabled' });
      }
    }
    return byId;
  }

  private encryptAddress(a: Address) {
    return {
      recipient_name_enc: this.pii.encrypt(a.name),
      recipient_phone_enc: this.pii.encrypt(a.phone),
      address_detail_enc: this.pii.encrypt(a.detail),
      province: a.province,
      city: a.city,
      district: a.district,
    };
  }

  /** Buyers see their own address; staff see it masked unless they hold `pii:read` and asked. */
  private showAddress(actor: Actor, reveal: boolean): 'plain' | 'masked' {
    return actor.kind === 'buyer' || (reveal && can(actor, 'pii:read')) ? 'plain' : 'masked';
  }

  private addressOf(order: OrderRow, mode: 'plain' | 'masked'): AddressView {
    const name = this.pii.decrypt(order.recipient_name_enc);
    const phone = this.pii.decrypt(order.recipient_phone_enc);
    const detail = this.pii.decrypt(order.address_detail_enc);
    return {
      name: mode === 'plain' ? name : maskName(name),
      phone: mode === 'plain' ? phone : maskPhone(phone),
      province: order.province,
      city: order.city,
      district: order.district,
      detail: mode === 'plain' ? detail : maskAddressDetail(detail),
      masked: mode === 'masked',
    };
  }

  private toView(order: OrderRow, lines: OrderLineRow[], addressView: AddressView): OrderView {
    return {
      id: order.id,
      orderNo: order.order_no,
      buyerId: order.buyer_id,
      channel: order.channel as OrderView['channel'],
      liveSessionId: order.live_session_id,
      status: order.status as OrderStatus,
      paymentStatus: order.payment_status as OrderView['paymentStatus'],
      fulfillmentStatus: order.fulfillment_status as OrderView['fulfillmentStatus'],
      itemsFen: order.items_fen,
      discountFen: order.discount_fen,
      shippingFen: order.shipping_fen,
      totalFen: order.total_fen,
      paidFen: order.paid_fen,
      refundedFen: order.refunded_fen,
      expiresAt: order.expires_at,
      paidAt: order.paid_at,
      cancelledAt: order.cancelled_at,
      cancelReason: order.cancel_reason,
      note: order.buyer_note,
      createdAt: order.created_at,
      updatedAt: order.updated_at,
      lines: lines.map((l) => ({
        id: l.id,
        productId: l.product_id,
        skuId: l.sku_id,
        skuCode: l.sku_code,
        productTitle: l.product_title,
        skuTitle: l.sku_title,
        unitPriceFen: l.unit_price_fen,
        quantity: l.quantity,
        lineTotalFen: l.line_total_fen,
        shippedQuantity: l.shipped_quantity,
        refundedQuantity: l.refunded_quantity,
        returnedQuantity: l.returned_quantity,
        warehouseId: l.warehouse_id,
      })),
      address: addressView,
    };
  }
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
