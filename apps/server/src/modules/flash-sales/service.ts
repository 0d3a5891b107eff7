import type { CreateFlashSaleBody, FlashSaleOrderBody, FlashSaleState, FlashSaleView, OrderView } from '@livedesk/contracts';
import { systemActor, type Actor } from '../../lib/actor.js';
import { AppError, conflict, notFound, validationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/time.js';
import type { FlashSaleRow } from '../../infra/db/tables/sales.js';
import type { Db } from '../../infra/db/port.js';
import type { Hot } from '../../infra/hot/port.js';
import type { AuditService } from '../audit/service.js';
import type { InventoryService } from '../inventory/service.js';
import type { OrdersService, PlacementContext } from '../orders/service.js';
import { StockAnnouncer } from './announcer.js';
import { FlashGate } from './gate.js';
import type { LiveSessionLookup, RoomFrames } from './ports.js';
import { flashSalesRepo, type FlashSaleDetailRow } from './repo.js';

/** A flash order's stock is held this long unpaid: sold-out units should not sit in abandoned carts. */
export const FLASH_ORDER_HOLD_MS = 5 * 60_000;

export interface FlashSalesOptions {
  holdMs?: number;
  onError?: (err: unknown) => void;
}

const isEnded = (err: unknown) => err instanceof AppError && err.code === 'conflict' && err.details?.reason === 'ended';

/**
 * Flash sales (秒杀): a SKU of a show at a flash price, from `quota` units carved out of stock when the sale
 * is created, at most `perUserLimit` per buyer. Buyers pass an atomic gate in `Hot` first, so a stampede
 * of thousands costs the database only the orders that can succeed; each of those is then a real order
 * whose reservation comes from the carve. Unpaid orders that expire give their units back to the gate.
 */
export class FlashSalesService {
  private readonly gate: FlashGate;
  private readonly stock: StockAnnouncer;
  private readonly holdMs: number;
  private readonly onError: (err: unknown) => void;

  constructor(
    private readonly db: Db,
    hot: Hot,
    private readonly orders: OrdersService,
    private readonly inventory: InventoryService,
    private readonly audit: AuditService,
    private readonly room: RoomFrames,
    private readonly live: LiveSessionLookup,
    private readonly clock: Clock,
    options: FlashSalesOptions = {},
  ) {
    this.gate = new FlashGate(hot);
    this.holdMs = options.holdMs ?? FLASH_ORDER_HOLD_MS;
    this.onError = options.onError ?? ((err) => console.error('flash sales failed', err));
    this.stock = new StockAnnouncer(room, this.gate, this.onError);
  }

  // ---- staff

  /** Creates a sale and carves its quota out of available stock in the same transaction. */
  async create(actor: Actor, liveSessionId: string, body: CreateFlashSaleBody): Promise<FlashSaleView> {
    const session = await this.live.session(actor.orgId, liveSessionId);
    if (!session) throw notFound('Live session', liveSessionId);
    if (session.status === 'ended') throw conflict('This show has ended', { reason: 'ended' });
    const sku = await flashSalesRepo.sku(this.db.kysely, actor.orgId, body.skuId);
    if (!sku) throw notFound('SKU', body.skuId);
    if (sku.product_status !== 'listed' || sku.status !== 'active') {
      throw conflict('This SKU is not on sale', { skuId: sku.id, reason: sku.product_status !== 'listed' ? 'delisted' : 'disabled' });
    }
    const now = this.clock.now();
    const durationMs = body.durationSeconds === undefined ? null : body.durationSeconds * 1000;
    const endsAt = body.endAt ?? (body.startAt === undefined ? null : body.startAt + durationMs!);
    if (endsAt !== null && endsAt <= now) throw validationError('The sale would end before it starts', { field: 'endAt' });
    const id = newId();
    const row = await this.audit.transaction(actor, async (tx, record) => {
      const campaignStockId = await this.inventory.carveCampaignStock(tx, {
        orgId: actor.orgId,
        campaign: { type: 'flash_sale', id },
        skuId: sku.id,
        quantity: body.quota,
        actorId: actor.kind === 'user' ? actor.id : null,
      });
      const sale: FlashSaleRow = {
        id, org_id: actor.orgId, live_session_id: liveSessionId, product_id: sku.product_id, sku_id: sku.id,
        price_fen: body.priceFen, quota: body.quota, per_user_limit: body.perUserLimit,
        starts_at: body.startAt ?? null, ends_at: endsAt, duration_ms: durationMs, status: 'scheduled',
        campaign_stock_id: campaignStockId, started_at: null, ended_at: null,
        created_by: actor.kind === 'user' ? actor.id : null, created_at: now, updated_at: now,
      };
      await flashSalesRepo.insert(tx, sale);
      await record({
        action: 'flash_sale.create',
        targetType: 'flash_sale',
        targetId: id,
        changes: [
          { field: 'skuId', from: null, to: sku.id },
          { field: 'priceFen', from: null, to: body.priceFen },
          { field: 'quota', from: null, to: body.quota },
          { field: 'perUserLimit', from: null, to: body.perUserLimit },
        ],
      });
      return sale;
    });
    if (row.starts_at !== null && row.starts_at <= now) await this.begin(actor, row);
    return this.get(actor, id);
  }

  async list(actor: Actor, liveSessionId: string): Promise<FlashSaleView[]> {
    const rows = await flashSalesRepo.ofSession(this.db.kysely, liveSessionId, { orgId: actor.orgId });
    return this.views(rows);
  }

  async get(actor: Actor, id: string): Promise<FlashSaleView> {
    const row = await flashSalesRepo.detail(this.db.kysely, actor.orgId, id);
    if (!row) throw notFound('Flash sale', id);
    const [view] = await this.views([row]);
    return view!;
  }

  /** Starts a scheduled sale now. From the room's console, `liveSessionId` must be the sale's show. */
  async start(actor: Actor, id: string, liveSessionId?: string): Promise<FlashSaleView> {
    const sale = await flashSalesRepo.sale(this.db.kysely, actor.orgId, id);
    if (!sale || (liveSessionId !== undefined && sale.live_session_id !== liveSessionId)) throw notFound('Flash sale', id);
    if (sale.status !== 'scheduled') throw conflict(`This flash sale is ${sale.status}`, { reason: sale.status });
    const session = await this.live.session(actor.orgId, sale.live_session_id);
    if (!session || session.status === 'ended') throw conflict('This show has ended', { reason: 'ended' });
    if (!(await this.begin(actor, sale))) {
      const fresh = await flashSalesRepo.sale(this.db.kysely, actor.orgId, id);
      throw conflict(`This flash sale is ${fresh?.status ?? 'ended'}`, { reason: fresh?.status ?? 'ended' });
    }
    return this.get(actor, id);
  }

  /** Ends a sale now; what no order holds goes back to available stock. */
  async end(actor: Actor, id: string): Promise<FlashSaleView> {
    // The status only moves forward, so this retries at most twice (scheduled → running → ended).
    for (;;) {
      const sale = await flashSalesRepo.sale(this.db.kysely, actor.orgId, id);
      if (!sale) throw notFound('Flash sale', id);
      if (sale.status === 'ended') throw conflict('This flash sale has already ended', { reason: 'ended' });
      if (await this.finish(actor, sale)) return this.get(actor, id);
    }
  }

  /** Ends every sale of a show that has not ended; the live module calls it when the show ends. */
  async endForSession(actor: Actor, liveSessionId: string): Promise<number> {
    let ended = 0;
    for (const sale of await flashSalesRepo.notEndedOfSession(this.db.kysely, actor.orgId, liveSessionId)) {
      if (await this.finish(actor, sale)) ended++;
    }
    return ended;
  }

  // ---- buyers

  /**
   * Buys through the gate: refused at once when not running, over the buyer's limit or sold out; only a
   * buyer the gate admits places a real order (flash price, stock from the carve, a short unpaid hold).
   * If placing fails, the claim is given back.
   */
  async buy(buyer: Actor, id: string, body: FlashSaleOrderBody, context: PlacementContext = {}): Promise<OrderView> {
    let sale = await flashSalesRepo.sale(this.db.kysely, buyer.orgId, id);
    if (!sale) throw notFound('Flash sale', id);
    if (sale.status === 'scheduled' && sale.starts_at !== null && sale.starts_at <= this.clock.now()) {
      // Due but not yet picked up by the scheduler: the first buyer starts it, so the start is exact.
      await this.begin(systemActor(sale.org_id), sale);
      sale = (await flashSalesRepo.sale(this.db.kysely, buyer.orgId, id))!;
    }
    const now = this.clock.now();
    if (sale.status === 'scheduled') throw conflict('This flash sale has not started yet', { reason: 'not_started', startAt: sale.starts_at });
    if (sale.status === 'ended' || sale.ends_at === null || sale.ends_at <= now) throw conflict('This flash sale has ended', { reason: 'ended' });
    const limitReached = () => conflict(`At most ${sale.per_user_limit} per buyer in this flash sale`, { reason: 'limit_reached', perUserLimit: sale.per_user_limit });
    if (body.quantity > sale.per_user_limit) throw limitReached();

    const claim = await this.gate.claim(sale.id, buyer.id, body.quantity, sale.per_user_limit, sale.ends_at, now);
    if (!claim.ok) {
      if (claim.reason === 'limit') throw limitReached();
      throw new AppError('insufficient_stock', 'This flash sale is sold out', { skuId: sale.sku_id, available: claim.remaining, flashSaleId: sale.id });
    }
    this.remainingChanged(sale, claim.remaining);

    const running = sale;
    try {
      return await this.orders.place(
        buyer,
        { items: [{ skuId: sale.sku_id, quantity: body.quantity }], liveSessionId: sale.live_session_id, address: body.address, ...(body.note ? { note: body.note } : {}) },
        {
          unitPriceFen: new Map([[sale.sku_id, sale.price_fen]]),
          campaign: { type: 'flash_sale', id: sale.id },
          holdMs: this.holdMs,
          source: 'flash_sale',
          inside: async (tx, orderId) => {
            if (!(await flashSalesRepo.holdRunning(tx, running.id, this.clock.now()))) throw conflict('This flash sale has ended', { reason: 'ended' });
            await flashSalesRepo.insertOrder(tx, {
              order_id: orderId, flash_sale_id: running.id, org_id: running.org_id, buyer_id: buyer.id,
              quantity: body.quantity, created_at: now, returned_at: null,
            });
          },
        },
        context,
      );
    } catch (err) {
      // An ended sale's gate is closed; a carve that refused means the units are gone, not to be re-offered.
      if (!isEnded(err)) {
        const toQuota = !(err instanceof AppError && err.code === 'insufficient_stock');
        await this.gate
          .giveBack(sale.id, buyer.id, body.quantity, toQuota, sale.ends_at, this.clock.now())
          .then((remaining) => remaining !== null && this.remainingChanged(running, remaining))
          .catch(this.onError);
      }
      throw err;
    }
  }

  // ---- the room and the background

  /** Sales a viewer sees: running ones, and scheduled ones with a start time (the countdown). */
  async roomStates(liveSessionId: string): Promise<FlashSaleState[]> {
    const rows = await flashSalesRepo.ofSession(this.db.kysely, liveSessionId, { statuses: ['scheduled', 'running'] });
    const states: FlashSaleState[] = [];
    for (const row of rows) {
      const state = this.roomState(row, row.status === 'running' ? ((await this.gate.remaining(row.id)) ?? 0) : row.quota);
      if (state) states.push(state);
    }
    return states;
  }

  /**
   * An order was cancelled (expired, or cancelled by buyer or staff): if it came through a sale, its units
   * go back to the gate once, however often the event is delivered, and only while the sale runs.
   */
  async returnCancelled(orderId: string): Promise<boolean> {
    const now = this.clock.now();
    const returned = await flashSalesRepo.markReturned(this.db.kysely, orderId, now);
    if (!returned) return false;
    const sale = await flashSalesRepo.sale(this.db.kysely, returned.org_id, returned.flash_sale_id);
    if (sale?.status !== 'running' || sale.ends_at === null || sale.ends_at <= now) return true;
    const remaining = await this.gate.giveBack(sale.id, returned.buyer_id, returned.quantity, true, sale.ends_at, now);
    if (remaining !== null) this.remainingChanged(sale, remaining);
    return true;
  }

  /**
   * Opens the gate of every running sale unless it is open: after a restart in embedded mode (memory is
   * empty) it is rebuilt from the database; in cluster mode Redis keeps the live counts.
   */
  async restoreGates(): Promise<number> {
    const running = await flashSalesRepo.running(this.db.kysely);
    for (const sale of running) await this.openGate(sale, sale.ends_at ?? this.clock.now());
    return running.length;
  }

  /** Ends the sales whose time is over and starts the ones that are due; returns how many changed. */
  async runDue(): Promise<number> {
    const now = this.clock.now();
    let changed = 0;
    for (const sale of await flashSalesRepo.dueToEnd(this.db.kysely, now, 100)) {
      if (await this.finish(systemActor(sale.org_id), sale)) changed++;
    }
    for (const sale of await flashSalesRepo.dueToStart(this.db.kysely, now, 100)) {
      const session = await this.live.session(sale.org_id, sale.live_session_id);
      const moved = !session || session.status === 'ended' ? await this.finish(systemActor(sale.org_id), sale) : await this.begin(systemActor(sale.org_id), sale);
      if (moved) changed++;
    }
    return changed;
  }

  stop(): void {
    this.stock.stop();
  }

  // ---- internals

  /**
   * scheduled → running. The gate opens before the status flips, so no buyer ever sees a running sale
   * without one; a sale whose whole window passed while no scheduler ran is ended instead.
   */
  private async begin(actor: Actor, sale: FlashSaleRow): Promise<boolean> {
    const now = this.clock.now();
    const endsAt = sale.ends_at ?? now + (sale.duration_ms ?? 0);
    if (endsAt <= now) return this.finish(actor, sale);
    await this.openGate(sale, endsAt);
    const moved = await this.audit.transaction(actor, async (tx, record) => {
      const started = await flashSalesRepo.transition(tx, sale.id, 'scheduled', {
        status: 'running', starts_at: sale.starts_at ?? now, ends_at: endsAt, started_at: now, updated_at: now,
      });
      if (started) await record({ action: 'flash_sale.start', targetType: 'flash_sale', targetId: sale.id, changes: [{ field: 'status', from: 'scheduled', to: 'running' }] });
      return started;
    });
    if (!moved) return false;
    const detail = await flashSalesRepo.detail(this.db.kysely, sale.org_id, sale.id);
    const state = detail && this.roomState(detail, (await this.gate.remaining(sale.id)) ?? 0);
    if (state) await this.room.toRoom(sale.live_session_id, { t: 'flash.start', sale: state });
    return true;
  }

  /** → ended: the unsold carve goes back to stock in the same transaction; the gate closes after. */
  private async finish(actor: Actor, sale: FlashSaleRow): Promise<boolean> {
    const now = this.clock.now();
    const moved = await this.audit.transaction(actor, async (tx, record) => {
      // The sale's row first, then the carve: the order an order in flight takes them in, so neither waits on the other in a cycle.
      if (!(await flashSalesRepo.transition(tx, sale.id, sale.status, { status: 'ended', ended_at: now, updated_at: now }))) return false;
      const returned = await this.inventory.returnCampaignStock(tx, sale.org_id, sale.campaign_stock_id, actor.kind === 'user' ? actor.id : null);
      await record({
        action: 'flash_sale.end',
        targetType: 'flash_sale',
        targetId: sale.id,
        changes: [{ field: 'status', from: sale.status, to: 'ended' }, { field: 'returnedToStock', from: null, to: returned }],
      });
      return true;
    });
    if (!moved) return false;
    await this.gate.close(sale.id);
    await this.room.toRoom(sale.live_session_id, { t: 'flash.end', flashSaleId: sale.id });
    return true;
  }

  /** Gate counts from the database: the quota less what orders not given back hold, per buyer too. */
  private async openGate(sale: FlashSaleRow, endsAt: number): Promise<void> {
    const buyers = await flashSalesRepo.unreturnedByBuyer(this.db.kysely, sale.id);
    const taken = buyers.reduce((sum, b) => sum + b.quantity, 0);
    await this.gate.open(sale.id, Math.max(sale.quota - taken, 0), buyers.map((b) => ({ buyerId: b.buyer_id, quantity: b.quantity })), endsAt, this.clock.now());
  }

  /** Sold out goes to the room the moment the gate reaches zero; other counts are coalesced. */
  private remainingChanged(sale: FlashSaleRow, remaining: number): void {
    if (remaining === 0) void this.room.toRoom(sale.live_session_id, { t: 'flash.soldout', flashSaleId: sale.id }).catch(this.onError);
    this.stock.changed(sale.live_session_id, sale.id);
  }

  private roomState(row: FlashSaleDetailRow, remaining: number): FlashSaleState | null {
    if (row.starts_at === null || row.ends_at === null) return null;
    return {
      flashSaleId: row.id,
      productId: row.product_id,
      skuId: row.sku_id,
      title: row.product_title,
      priceFen: row.price_fen,
      originalPriceFen: row.original_price_fen,
      quota: row.quota,
      remaining,
      perUserLimit: row.per_user_limit,
      startAt: row.starts_at,
      endAt: row.ends_at,
      status: statusOf(row.status, remaining),
    };
  }

  private async views(rows: FlashSaleDetailRow[]): Promise<FlashSaleView[]> {
    const ordered = await flashSalesRepo.ordered(this.db.kysely, rows.map((r) => r.id));
    const views: FlashSaleView[] = [];
    for (const row of rows) {
      const remaining = row.status === 'running' ? ((await this.gate.remaining(row.id)) ?? 0) : row.status === 'scheduled' ? row.quota : 0;
      views.push({
        id: row.id,
        flashSaleId: row.id,
        liveSessionId: row.live_session_id,
        productId: row.product_id,
        skuId: row.sku_id,
        skuCode: row.sku_code,
        title: row.product_title,
        priceFen: row.price_fen,
        originalPriceFen: row.original_price_fen,
        quota: row.quota,
        remaining,
        ordered: ordered.get(row.id) ?? 0,
        perUserLimit: row.per_user_limit,
        startAt: row.starts_at,
        endAt: row.ends_at,
        durationSeconds: row.duration_ms === null ? null : Math.round(row.duration_ms / 1000),
        status: statusOf(row.status, remaining),
        startedAt: row.started_at,
        endedAt: row.ended_at,
        createdAt: row.created_at,
      });
    }
    return views;
  }
}

const statusOf = (status: string, remaining: number): FlashSaleState['status'] =>
  status === 'running' ? (remaining > 0 ? 'running' : 'sold_out') : (status as 'scheduled' | 'ended');
