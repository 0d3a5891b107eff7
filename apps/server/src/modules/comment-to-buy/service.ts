import type {
  Address,
  CartHoldCheckoutBody,
  CartHoldView,
  ChatMessage,
  CommentToBuyLogEntry,
  CommentToBuySettings,
  OrderView,
  RoomErrorCode,
} from '@livedesk/contracts';
import type { Actor } from '../../lib/actor.js';
import { AppError, conflict, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/time.js';
import type { CartHoldRow, CommentToBuyLogRow, CommentToBuySettingsRow } from '../../infra/db/tables/sales.js';
import type { Db } from '../../infra/db/port.js';
import type { AuditService } from '../audit/service.js';
import type { LiveSessionLookup, RoomFrames } from '../flash-sales/ports.js';
import type { InventoryService } from '../inventory/service.js';
import type { OrdersService, PlacementContext } from '../orders/service.js';
import type { ChatListener, RoomViewer } from '../room/ports.js';
import { codeCandidates, codeForm, parseBuyComment } from './parse.js';
import { commentToBuyRepo, type HoldDetailRow } from './repo.js';

export const DEFAULT_COMMENT_TO_BUY: CommentToBuySettings = {
  enabled: false,
  keywords: ['扣1', '+1'],
  codePattern: true,
  holdMinutes: 10,
  mode: 'reserve',
};

/** Most units one comment may claim: a comment is a quick "me too", not a wholesale order. */
export const MAX_COMMENT_QUANTITY = 20;
/** In first-paid mode the order, once placed, holds its stock only this long (CommentSold's FPFS). */
export const FIRST_PAID_ORDER_HOLD_MS = 5 * 60_000;
/** Settings are read on every chat message; a change made on another node shows within this time. */
const SETTINGS_CACHE_MS = 2_000;

type Decision = 'reserved' | 'link_sent' | 'repeated' | 'refused';
type Refusal = 'not_signed_in' | 'no_pin' | 'ambiguous' | 'unknown_code' | 'no_stock' | 'too_many';

const refusalFrames: Record<Refusal, { code: RoomErrorCode; message: (codes: string[]) => string }> = {
  not_signed_in: { code: 'unauthorized', message: () => '登录后才能评论下单 · Sign in to buy by comment' },
  no_pin: { code: 'conflict', message: () => '主播还没有上架讲解中的商品 · No product is pinned right now' },
  ambiguous: { code: 'validation', message: (codes) => `请评论 "SOLD 编码 数量" 选择规格 · Comment "SOLD <code> <qty>": ${codes.join(', ')}` },
  unknown_code: { code: 'not_found', message: (codes) => `没有这个编码 · Unknown code; pick one of: ${codes.join(', ')}` },
  no_stock: { code: 'insufficient_stock', message: () => '库存不足，已抢光 · Sold out' },
  too_many: { code: 'validation', message: () => `每条评论最多 ${MAX_COMMENT_QUANTITY} 件 · At most ${MAX_COMMENT_QUANTITY} per comment` },
};

/** The unique index on `cart_holds.open_key` (SQLite and PostgreSQL both name the column). */
const isOpenKeyClash = (err: unknown) => /open_key/i.test(String((err as Error)?.message ?? ''));

/**
 * Comment-to-buy (CommentSold, SHOPLINE Live): a buyer comments a keyword ("扣1", "+1") or "SOLD <code>
 * [qty]" while a product is pinned and gets a personal checkout link. In `reserve` mode the comment holds
 * real stock for `holdMinutes` as a cart hold (a reservation without an order); the buyer gives an address
 * at checkout, which turns the hold into an order in one transaction. An order is not placed at comment
 * time: it needs an address the buyer confirms (the checkout page prefills the latest one), and placing one
 * behind their back would ship to wherever they last lived. In `first_paid` mode nothing is held: the
 * link is sent, and whoever places and pays first gets the stock. Every decision is logged.
 */
export class CommentToBuyService implements ChatListener {
  private readonly settingsCache = new Map<string, { value: CommentToBuySettings; until: number }>();

  constructor(
    private readonly db: Db,
    private readonly inventory: InventoryService,
    private readonly orders: OrdersService,
    private readonly audit: AuditService,
    private readonly room: RoomFrames,
    private readonly live: LiveSessionLookup,
    private readonly clock: Clock,
    private readonly options: { publicUrl: string },
  ) {}

  // ---- staff

  async settings(actor: Actor, liveSessionId: string): Promise<CommentToBuySettings> {
    await this.session(actor.orgId, liveSessionId);
    const row = await commentToBuyRepo.settings(this.db.kysely, actor.orgId, liveSessionId);
    return row ? settingsOf(row) : DEFAULT_COMMENT_TO_BUY;
  }

  async updateSettings(actor: Actor, liveSessionId: string, next: CommentToBuySettings): Promise<CommentToBuySettings> {
    const previous = await this.settings(actor, liveSessionId);
    await this.audit.transaction(actor, async (tx, record) => {
      await commentToBuyRepo.upsertSettings(tx, {
        live_session_id: liveSessionId,
        org_id: actor.orgId,
        enabled: next.enabled ? 1 : 0,
        keywords: JSON.stringify(next.keywords),
        code_pattern: next.codePattern ? 1 : 0,
        hold_minutes: next.holdMinutes,
        mode: next.mode,
        updated_by: actor.kind === 'user' ? actor.id : null,
        updated_at: this.clock.now(),
      });
      const fields = Object.keys(next) as (keyof CommentToBuySettings)[];
      await record({
        action: 'live_session.comment_to_buy',
        targetType: 'live_session',
        targetId: liveSessionId,
        changes: fields
          .filter((f) => JSON.stringify(previous[f]) !== JSON.stringify(next[f]))
          .map((field) => ({ field, from: previous[field], to: next[field] })),
      });
    });
    this.settingsCache.delete(liveSessionId);
    return next;
  }

  async log(actor: Actor, liveSessionId: string, query: { before?: number; limit: number }): Promise<CommentToBuyLogEntry[]> {
    const rows = await commentToBuyRepo.log(this.db.kysely, actor.orgId, liveSessionId, query);
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      identity: r.identity,
      buyerId: r.buyer_id,
      messageId: r.message_id,
      text: r.text,
      decision: r.decision as Decision,
      reason: r.reason,
      productId: r.product_id,
      skuId: r.sku_id,
      quantity: r.quantity,
      holdId: r.hold_id,
    }));
  }

  // ---- the chat

  async onChat(viewer: RoomViewer, message: ChatMessage): Promise<void> {
    if (viewer.role === 'staff' || message.bot) return;
    const settings = await this.cachedSettings(viewer.orgId, viewer.liveSessionId);
    if (!settings.enabled) return;
    const intent = parseBuyComment(message.text, settings);
    if (!intent) return;
    const log = (decision: Decision, fields: Partial<CommentToBuyLogRow> = {}) =>
      commentToBuyRepo.insertLog(this.db.kysely, {
        id: newId(), org_id: viewer.orgId, live_session_id: viewer.liveSessionId, identity: viewer.identity, buyer_id: viewer.buyerId,
        message_id: message.id, text: message.text, decision, reason: null, product_id: null, sku_id: null, quantity: null, hold_id: null,
        at: this.clock.now(), ...fields,
      });
    const refuse = async (reason: Refusal, fields: Partial<CommentToBuyLogRow> = {}, codes: string[] = []) => {
      await log('refused', { reason, ...fields });
      const frame = refusalFrames[reason];
      await this.room.toViewer(viewer.liveSessionId, viewer.identity, { t: 'error', code: frame.code, message: frame.message(codes), ref: 'chat' });
    };

    if (viewer.buyerId === null) return refuse('not_signed_in');
    const buyerId = viewer.buyerId;
    if (intent.quantity < 1 || intent.quantity > MAX_COMMENT_QUANTITY) return refuse('too_many', { quantity: intent.quantity });
    const session = await this.live.session(viewer.orgId, viewer.liveSessionId);
    const pinned = session?.status === 'ended' ? [] : (session?.pinnedProductIds ?? []);
    if (pinned.length === 0) return refuse('no_pin');
    const skus = await commentToBuyRepo.skusOfProducts(this.db.kysely, viewer.orgId, pinned);
    if (skus.length === 0) return refuse('no_stock', { product_id: pinned[0]! });
    const codes = skus.map((s) => s.sku_code);
    let sku: (typeof skus)[number] | undefined;
    if (intent.kind === 'code') {
      const candidates = codeCandidates(intent.code);
      sku = candidates.map((c) => skus.find((s) => codeForm(s.sku_code) === c)).find((s) => s !== undefined);
      if (!sku) return refuse('unknown_code', { quantity: intent.quantity }, codes);
    } else {
      if (skus.length > 1) return refuse('ambiguous', { quantity: intent.quantity }, codes);
      sku = skus[0]!;
    }
    const fields = { product_id: sku.product_id, sku_id: sku.id, quantity: intent.quantity };

    const openKey = `${viewer.liveSessionId}:${buyerId}:${sku.product_id}`;
    const now = this.clock.now();
    const existing = await commentToBuyRepo.openHold(this.db.kysely, openKey);
    if (existing && existing.expires_at > now) {
      await log('repeated', { ...fields, hold_id: existing.id });
      return this.sendCheckout(viewer, existing);
    }

    const unitPriceFen = (await this.live.livePrice(viewer.orgId, viewer.liveSessionId, sku.id)) ?? sku.price_fen;
    const hold: CartHoldRow = {
      id: newId(), org_id: viewer.orgId, live_session_id: viewer.liveSessionId, buyer_id: buyerId, product_id: sku.product_id,
      sku_id: sku.id, quantity: intent.quantity, unit_price_fen: unitPriceFen, mode: settings.mode, reservation_id: null,
      status: 'open', open_key: openKey, order_id: null, expires_at: now + settings.holdMinutes * 60_000, created_at: now, updated_at: now,
    };
    if (settings.mode === 'first_paid' && (await commentToBuyRepo.available(this.db.kysely, viewer.orgId, viewer.liveSessionId, sku.id)) < intent.quantity) {
      return refuse('no_stock', fields);
    }
    try {
      await this.db.kysely.transaction().execute(async (tx) => {
        if (existing) {
          // Its time ran out but the expiry sweep may not have released it yet: release it with this claim.
          if (existing.reservation_id) await this.inventory.releaseHold(tx, existing.org_id, existing.reservation_id, 'cart hold expired');
          await commentToBuyRepo.expireOpen(tx, openKey, now);
        }
        if (settings.mode === 'reserve') {
          const [line] = await this.inventory.reserveForOrder(tx, {
            orgId: viewer.orgId,
            orderId: null,
            lines: [{ skuId: sku.id, quantity: intent.quantity }],
            expiresAt: hold.expires_at,
            campaign: { type: 'live_session', id: viewer.liveSessionId },
          });
          hold.reservation_id = line!.reservationId;
        }
        await commentToBuyRepo.insertHold(tx, hold);
      });
    } catch (err) {
      if (err instanceof AppError && err.code === 'insufficient_stock') return refuse('no_stock', fields);
      if (!isOpenKeyClash(err)) throw err;
      // The same buyer's comment a moment earlier (another node) made the hold: answer with that one.
      const winner = await commentToBuyRepo.openHold(this.db.kysely, openKey);
      if (!winner) throw err;
      await log('repeated', { ...fields, hold_id: winner.id });
      return this.sendCheckout(viewer, winner);
    }
    await log(settings.mode === 'reserve' ? 'reserved' : 'link_sent', { ...fields, hold_id: hold.id });
    await this.sendCheckout(viewer, hold);
  }

  // ---- buyers

  async hold(buyer: Actor, id: string): Promise<CartHoldView> {
    const hold = await this.ownHold(buyer, id);
    const latest = await commentToBuyRepo.latestOrderOf(this.db.kysely, buyer.orgId, buyer.id);
    let suggestedAddress: Address | null = null;
    if (latest) {
      const { masked: _masked, ...address } = (await this.orders.view(this.db.kysely, buyer, latest, false)).address;
      suggestedAddress = address;
    }
    return this.view(hold, suggestedAddress);
  }

  /**
   * The hold becomes an order in one transaction: the hold is marked checked out and its reservation
   * released, then the order reserves the same units (from the show's carve when it has one) at the price
   * the comment was promised. A hold that expired or was checked out already is `conflict`.
   */
  async checkout(buyer: Actor, id: string, body: CartHoldCheckoutBody, context: PlacementContext = {}): Promise<OrderView> {
    const hold = await this.ownHold(buyer, id);
    const now = this.clock.now();
    if (hold.status === 'checked_out') throw conflict('This hold has been checked out already', { reason: 'checked_out', orderId: hold.order_id });
    if (hold.status !== 'open' || hold.expires_at <= now) throw conflict('This hold has expired', { reason: 'expired' });
    return this.orders.place(
      buyer,
      { items: [{ skuId: hold.sku_id, quantity: hold.quantity }], liveSessionId: hold.live_session_id, address: body.address, ...(body.note ? { note: body.note } : {}) },
      {
        unitPriceFen: new Map([[hold.sku_id, hold.unit_price_fen]]),
        source: 'comment_to_buy',
        ...(hold.mode === 'first_paid' ? { holdMs: FIRST_PAID_ORDER_HOLD_MS } : {}),
        inside: async (tx, orderId) => {
          if (!(await commentToBuyRepo.checkOut(tx, hold.id, orderId, this.clock.now()))) throw conflict('This hold has expired', { reason: 'expired' });
          if (hold.reservation_id && !(await this.inventory.releaseHold(tx, hold.org_id, hold.reservation_id, 'cart hold checked out'))) {
            throw conflict('This hold has expired', { reason: 'expired' });
          }
        },
      },
      context,
    );
  }

  // ---- internals

  private async sendCheckout(viewer: RoomViewer, hold: CartHoldRow): Promise<void> {
    await this.room.toViewer(viewer.liveSessionId, viewer.identity, {
      t: 'checkout',
      orderId: hold.id,
      holdId: hold.id,
      checkoutUrl: `${this.options.publicUrl}/live/${hold.live_session_id}?checkout=${hold.id}`,
      totalFen: hold.unit_price_fen * hold.quantity,
      expiresAt: hold.expires_at,
    });
  }

  private async cachedSettings(orgId: string, liveSessionId: string): Promise<CommentToBuySettings> {
    const now = Date.now();
    const cached = this.settingsCache.get(liveSessionId);
    if (cached && cached.until > now) return cached.value;
    const row = await commentToBuyRepo.settings(this.db.kysely, orgId, liveSessionId);
    const value = row ? settingsOf(row) : DEFAULT_COMMENT_TO_BUY;
    this.settingsCache.set(liveSessionId, { value, until: now + SETTINGS_CACHE_MS });
    return value;
  }

  private async session(orgId: string, liveSessionId: string) {
    const session = await this.live.session(orgId, liveSessionId);
    if (!session) throw notFound('Live session', liveSessionId);
    return session;
  }

  private async ownHold(buyer: Actor, id: string): Promise<HoldDetailRow> {
    const hold = await commentToBuyRepo.hold(this.db.kysely, buyer.orgId, id);
    if (!hold || hold.buyer_id !== buyer.id) throw notFound('Cart hold', id);
    return hold;
  }

  private view(hold: HoldDetailRow, suggestedAddress: Address | null): CartHoldView {
    const expired = hold.status === 'expired' || (hold.status === 'open' && hold.expires_at <= this.clock.now());
    return {
      id: hold.id,
      liveSessionId: hold.live_session_id,
      productId: hold.product_id,
      productTitle: hold.product_title,
      skuId: hold.sku_id,
      skuCode: hold.sku_code,
      skuTitle: hold.sku_title,
      quantity: hold.quantity,
      unitPriceFen: hold.unit_price_fen,
      totalFen: hold.unit_price_fen * hold.quantity,
      mode: hold.mode as CartHoldView['mode'],
      stockHeld: hold.reservation_id !== null && hold.status === 'open' && !expired,
      status: expired ? 'expired' : (hold.status as CartHoldView['status']),
      expiresAt: hold.expires_at,
      orderId: hold.order_id,
      suggestedAddress,
    };
  }
}

const settingsOf = (row: CommentToBuySettingsRow): CommentToBuySettings => ({
  enabled: row.enabled === 1,
  keywords: JSON.parse(row.keywords) as string[],
  codePattern: row.code_pattern === 1,
  holdMinutes: row.hold_minutes,
  mode: row.mode as CommentToBuySettings['mode'],
});
