import { randomBytes, timingSafeEqual } from 'node:crypto';
import {
  MAX_PINNED_PRODUCTS,
  type Anchor,
  type CreateLiveSessionBody,
  type LineupEntry,
  type LineupProductView,
  type LiveOrderStats,
  type LiveSessionListQuery,
  type LiveSessionStatus,
  type LiveSessionSummary,
  type LiveSessionView,
  type PlaceOrderBody,
  type PublicLiveSessionView,
  type StreamHealth,
  type UpdateLiveSessionBody,
} from '@livedesk/contracts';
import type { Config } from '../../config.js';
import type { MediaServer } from '../../infra/media/port.js';
import { replayOffsetMs } from '../../infra/media/recorder.js';
import type { LiveSessionRow, LiveSessionSkuRow } from '../../infra/db/tables/live.js';
import type { Db, DbExecutor, Tx } from '../../infra/db/port.js';
import { systemActor, type Actor } from '../../lib/actor.js';
import { conflict, notFound, validationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/time.js';
import { diff, type AuditService } from '../audit/service.js';
import { imageView } from '../catalog/views.js';
import type { InventoryService } from '../inventory/service.js';
import type { OrderTerms } from '../orders/service.js';
import type { RoomBroadcaster } from '../room/broadcast.js';
import { liveRepo, type LineupSkuRow } from './repo.js';

/** What the live module needs from the media layer (embedded node-media-server or an external one). */
export type LiveMedia = Pick<MediaServer, 'playUrl' | 'ingestUrl' | 'health' | 'kick' | 'replay'>;


export interface LiveSessionsOptions {
  live: Config['live'];
  /** the room's pinned announcement, kept by moderation */
  announcement: (liveSessionId: string) => Promise<string | null>;
  /** a follow-up of a committed change failed (the change stands) */
  onError: (err: unknown) => void;
}

/** Work other features do once a show has ended (ending its flash sales, say). */
export type ShowEndedListener = (actor: Actor, liveSessionId: string) => Promise<unknown>;

const STREAM_SECRET_BYTES = 18;
const newStreamSecret = () => randomBytes(STREAM_SECRET_BYTES).toString('base64url');
const campaignOf = (liveSessionId: string) => ({ type: 'live_session' as const, id: liveSessionId });

/**
 * Live sessions (直播场次): scheduling, the product lineup with live prices and carved campaign stock,
 * stream keys, the `scheduled → live → ended` lifecycle (driven by staff or by the stream itself) and the
 * pinned products (讲解) whose periods the replay and the review use.
 */
export class LiveSessionsService {
  private readonly endedListeners: ShowEndedListener[] = [];

  constructor(
    private readonly db: Db,
    private readonly inventory: InventoryService,
    private readonly audit: AuditService,
    private readonly rooms: RoomBroadcaster,
    private readonly media: LiveMedia,
    private readonly clock: Clock,
    private readonly options: LiveSessionsOptions,
  ) {}

  afterEnd(listener: ShowEndedListener): void {
    this.endedListeners.push(listener);
  }

  async create(actor: Actor, body: CreateLiveSessionBody): Promise<LiveSessionView> {
    const now = this.clock.now();
    const backfill = body.startedAt !== undefined || body.endedAt !== undefined;
    if (backfill && !(body.startedAt !== undefined && body.endedAt !== undefined && body.startedAt < body.endedAt && body.endedAt <= now)) {
      throw validationError('A recorded show needs startedAt before endedAt, both in the past', { field: 'endedAt' });
    }
    if (body.scheduledStartAt !== undefined && body.scheduledEndAt !== undefined && body.scheduledEndAt <= body.scheduledStartAt) {
      throw validationError('The planned end must come after the planned start', { field: 'scheduledEndAt' });
    }
    const lineup = body.lineup ?? (body.productIds ?? []).map((productId) => ({ productId }));
    const row: LiveSessionRow = {
      id: newId(),
      org_id: actor.orgId,
      title: body.title,
      cover_url: body.coverUrl ?? null,
      anchors: JSON.stringify(body.anchors ?? []),
      status: backfill ? 'ended' : 'scheduled',
      scheduled_start_at: body.scheduledStartAt ?? null,
      scheduled_end_at: body.scheduledEndAt ?? null,
      started_at: body.startedAt ?? null,
      ended_at: body.endedAt ?? null,
      stream_secret: newStreamSecret(),
      publisher_gone_at: null,
      created_by: actor.kind === 'user' ? actor.id : null,
      created_at: now,
      updated_at: now,
    };
    await this.audit.transaction(actor, async (tx, record) => {
      await liveRepo.insertSession(tx, row);
      // A recorded show sells nothing any more: its lineup is kept for the review, without carving stock.
      await this.writeLineup(tx, actor, row, lineup, { carve: !backfill });
      await record({ action: 'live_session.create', targetType: 'live_session', targetId: row.id });
    });
    return this.staffView(actor, row.id);
  }

  async get(actor: Actor, id: string): Promise<LiveSessionView> {
    return this.staffView(actor, id);
  }

  async list(actor: Actor, query: LiveSessionListQuery): Promise<LiveSessionSummary[]> {
    const [rows, orgSlug] = await Promise.all([liveRepo.list(this.db.kysely, actor.orgId, query), liveRepo.orgSlug(this.db.kysely, actor.orgId)]);
    return Promise.all(
      rows.map(async (row) => {
        const pinnedProductIds = await liveRepo.pinned(this.db.kysely, row.id);
        const { products: _products, explanations: _explanations, ...summary } = await this.viewOf(row, { orgSlug, pinnedProductIds, lineup: [], explanations: [], replayUrl: null });
        return summary;
      }),
    );
  }

  /** What the viewer page shows; anyone with the link may read it. */
  async publicView(id: string): Promise<PublicLiveSessionView> {
    const row = await liveRepo.session(this.db.kysely, id);
    if (!row) throw notFound('Live session', id);
    const { streamKey: _key, ingestUrl: _ingest, createdAt: _created, ...view } = await this.fullView(row);
    return view;
  }

  async update(actor: Actor, id: string, patch: UpdateLiveSessionBody): Promise<LiveSessionView> {
    await this.audit.transaction(actor, async (tx, record) => {
      const row = await this.lockedInOrg(tx, actor, id);
      if (row.status === 'ended') throw conflict('This show has ended', { reason: 'ended' });
      const next: Partial<LiveSessionRow> = {
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.coverUrl !== undefined ? { cover_url: patch.coverUrl } : {}),
        ...(patch.anchors !== undefined ? { anchors: JSON.stringify(patch.anchors) } : {}),
        ...(patch.scheduledStartAt !== undefined ? { scheduled_start_at: patch.scheduledStartAt } : {}),
        ...(patch.scheduledEndAt !== undefined ? { scheduled_end_at: patch.scheduledEndAt } : {}),
      };
      const start = next.scheduled_start_at !== undefined ? next.scheduled_start_at : row.scheduled_start_at;
      const end = next.scheduled_end_at !== undefined ? next.scheduled_end_at : row.scheduled_end_at;
      if (start !== null && end !== null && end <= start) throw validationError('The planned end must come after the planned start', { field: 'scheduledEndAt' });
      await liveRepo.update(tx, id, { ...next, updated_at: this.clock.now() });
      await record({ action: 'live_session.update', targetType: 'live_session', targetId: id, changes: diff(row, next) });
    });
    return this.staffView(actor, id);
  }

  /** Replaces the lineup: carves are returned and taken again where a SKU's campaign stock changed. */
  async replaceLineup(actor: Actor, id: string, lineup: LineupEntry[]): Promise<LiveSessionView> {
    await this.audit.transaction(actor, async (tx, record) => {
      const row = await this.lockedInOrg(tx, actor, id);
      if (row.status === 'ended') throw conflict('This show has ended', { reason: 'ended' });
      await this.writeLineup(tx, actor, row, lineup, { carve: true });
      await record({ action: 'live_session.lineup', targetType: 'live_session', targetId: id });
    });
    await this.rooms.toRoom(id, { t: 'pin', productIds: await liveRepo.pinned(this.db.kysely, id) });
    return this.staffView(actor, id);
  }

  async start(actor: Actor, id: string): Promise<LiveSessionView> {
    const row = await this.inOrg(actor, id);
    await this.goLive(actor, row);
    return this.staffView(actor, id);
  }

  async end(actor: Actor, id: string): Promise<LiveSessionView> {
    const row = await this.inOrg(actor, id);
    if (row.status === 'ended') throw conflict('This show has already ended', { reason: 'ended' });
    await this.finish(actor, row);
    return this.staffView(actor, id);
  }

  /** A new stream key; whoever is pushing with the old one is cut off. */
  async rotateStreamKey(actor: Actor, id: string): Promise<LiveSessionView> {
    await this.audit.transaction(actor, async (tx, record) => {
      const row = await this.lockedInOrg(tx, actor, id);
      if (row.status === 'ended') throw conflict('This show has ended', { reason: 'ended' });
      await liveRepo.update(tx, id, { stream_secret: newStreamSecret(), updated_at: this.clock.now() });
      await record({ action: 'live_session.rotate_stream_key', targetType: 'live_session', targetId: id });
    });
    await this.media.kick(id);
    return this.staffView(actor, id);
  }

  /** Pins a lineup product (讲解中); at most MAX_PINNED_PRODUCTS at once, each pin opening a 讲解 period. */
  async pin(actor: Actor, id: string, productId: string): Promise<string[]> {
    const pinned = await this.audit.transaction(actor, async (tx, record) => {
      const row = await this.lockedInOrg(tx, actor, id);
      if (row.status === 'ended') throw conflict('This show has ended', { reason: 'ended' });
      const lineup = await liveRepo.lineup(tx, id);
      const entry = lineup.find((p) => p.product_id === productId);
      if (!entry) throw notFound('Product in this show', productId);
      const current = lineup.filter((p) => p.pinned_at !== null).map((p) => p.product_id);
      if (current.includes(productId)) return current;
      if (current.length >= MAX_PINNED_PRODUCTS) {
        throw conflict(`At most ${MAX_PINNED_PRODUCTS} products can be pinned at once`, { reason: 'too_many_pinned', pinnedProductIds: current });
      }
      const now = this.clock.now();
      await liveRepo.setPinned(tx, id, productId, now);
      await liveRepo.insertExplanation(tx, { id: newId(), live_session_id: id, org_id: row.org_id, product_id: productId, start_at: now, end_at: null });
      await record({ action: 'live_session.pin', targetType: 'live_session', targetId: id, changes: [{ field: 'pinned', from: null, to: productId }] });
      return [...current, productId];
    });
    await this.rooms.toRoom(id, { t: 'pin', productIds: pinned });
    return pinned;
  }

  /** Unpins one product, or every pinned product when none is named. */
  async unpin(actor: Actor, id: string, productId?: string): Promise<string[]> {
    const pinned = await this.audit.transaction(actor, async (tx, record) => {
      const row = await this.lockedInOrg(tx, actor, id);
      const current = await liveRepo.pinned(tx, id);
      const leaving = productId ? current.filter((p) => p === productId) : current;
      const now = this.clock.now();
      for (const product of leaving) {
        await liveRepo.setPinned(tx, id, product, null);
        await liveRepo.closeExplanations(tx, id, now, product);
        await record({ action: 'live_session.unpin', targetType: 'live_session', targetId: row.id, changes: [{ field: 'pinned', from: product, to: null }] });
      }
      return current.filter((p) => !leaving.includes(p));
    });
    await this.rooms.toRoom(id, { t: 'pin', productIds: pinned });
    return pinned;
  }

  async streamHealth(actor: Actor, id: string): Promise<StreamHealth> {
    const row = await this.inOrg(actor, id);
    return this.media.health(row.id);
  }

  async orderStats(actor: Actor, id: string): Promise<LiveOrderStats> {
    const row = await this.inOrg(actor, id);
    const stats = await liveRepo.orderStats(this.db.kysely, row.org_id, row.id);
    return { orders: Number(stats.orders), paidOrders: Number(stats.paid_orders), gmvFen: Number(stats.gmv_fen), buyers: Number(stats.buyers) };
  }

  // ---- the stream drives the lifecycle

  /** A publish is allowed for a show that has not ended, with the current secret. */
  async authorizePublish(streamName: string, sign: string | null): Promise<boolean> {
    if (!sign) return false;
    const row = await liveRepo.session(this.db.kysely, streamName);
    if (!row || row.status === 'ended') return false;
    const given = Buffer.from(sign);
    const expected = Buffer.from(row.stream_secret);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** The publisher is on air: a scheduled show goes live; a live one's grace period is called off. */
  async published(streamName: string): Promise<void> {
    const row = await liveRepo.session(this.db.kysely, streamName);
    if (!row) return;
    await liveRepo.markPublisherGone(this.db.kysely, row.id, null);
    if (row.status === 'scheduled') await this.goLive(systemActor(row.org_id), row);
  }

  /** The publisher left: the show ends after the grace period unless it comes back (see `endAbandoned`). */
  async unpublished(streamName: string): Promise<void> {
    const row = await liveRepo.session(this.db.kysely, streamName);
    if (!row || row.status !== 'live') return;
    await liveRepo.markPublisherGone(this.db.kysely, row.id, this.clock.now());
  }

  /** Ends live shows whose publisher has been gone longer than the grace period; returns how many. */
  async endAbandoned(): Promise<number> {
    const due = await liveRepo.abandoned(this.db.kysely, this.clock.now() - this.options.live.unpublishGraceMs, 50);
    for (const { id } of due) {
      const row = await liveRepo.session(this.db.kysely, id);
      if (row?.status === 'live' && row.publisher_gone_at !== null) await this.finish(systemActor(row.org_id), row);
    }
    return due.length;
  }

  // ---- for other modules

  /** The room's view of a show, for the gateway. */
  async room(id: string): Promise<{ id: string; orgId: string; status: LiveSessionStatus; pinnedProductIds: string[]; announcement: string | null } | null> {
    const row = await liveRepo.session(this.db.kysely, id);
    if (!row) return null;
    return {
      id: row.id,
      orgId: row.org_id,
      status: row.status as LiveSessionStatus,
      pinnedProductIds: await liveRepo.pinned(this.db.kysely, id),
      announcement: await this.options.announcement(id),
    };
  }

  async session(orgId: string, id: string): Promise<{ id: string; orgId: string; status: LiveSessionStatus; pinnedProductIds: string[] } | null> {
    const row = await liveRepo.sessionInOrg(this.db.kysely, orgId, id);
    if (!row) return null;
    return { id: row.id, orgId: row.org_id, status: row.status as LiveSessionStatus, pinnedProductIds: await liveRepo.pinned(this.db.kysely, id) };
  }

  /** The live price of a SKU in a show, null when it sells at the catalog price. */
  async livePrice(orgId: string, liveSessionId: string, skuId: string): Promise<number | null> {
    const row = await liveRepo.sessionInOrg(this.db.kysely, orgId, liveSessionId);
    if (!row) return null;
    const [price] = await liveRepo.livePrices(this.db.kysely, liveSessionId, [skuId]);
    return price?.live_price_fen ?? null;
  }

  /**
   * Terms of a store order placed in a show: live prices while the show is live, stock from its carve.
   * An order naming another org's or an unknown show is refused rather than attributed wrongly.
   */
  async orderTerms(tx: Tx, buyer: Actor, body: PlaceOrderBody): Promise<OrderTerms> {
    const id = body.liveSessionId!;
    const row = await liveRepo.sessionInOrg(tx, buyer.orgId, id);
    if (!row) throw notFound('Live session', id);
    if (row.status !== 'live') return { source: 'live' };
    const prices = await liveRepo.livePrices(tx, id, body.items.map((i) => i.skuId));
    return { source: 'live', unitPriceFen: new Map(prices.map((p) => [p.sku_id, p.live_price_fen!])) };
  }

  // ---- internals

  private async goLive(actor: Actor, row: LiveSessionRow): Promise<void> {
    if (row.status === 'live') return;
    if (row.status === 'ended') throw conflict('This show has ended', { reason: 'ended' });
    const now = this.clock.now();
    const moved = await this.audit.transaction(actor, async (tx, record) => {
      if (!(await liveRepo.transition(tx, row.id, 'scheduled', { status: 'live', started_at: now, publisher_gone_at: null, updated_at: now }))) return false;
      await record({ action: 'live_session.start', targetType: 'live_session', targetId: row.id, changes: [{ field: 'status', from: 'scheduled', to: 'live' }] });
      return true;
    });
    if (moved) await this.rooms.toRoom(row.id, { t: 'status', status: 'live' });
  }

  /** Ends the show: unsold campaign stock goes back, pins, 讲解 periods and the on-air shift close, the publisher is cut off. */
  private async finish(actor: Actor, row: LiveSessionRow): Promise<void> {
    const now = this.clock.now();
    const moved = await this.audit.transaction(actor, async (tx, record) => {
      const from = row.status;
      if (!(await liveRepo.transition(tx, row.id, from, { status: 'ended', ended_at: now, started_at: row.started_at ?? now, publisher_gone_at: null, updated_at: now }))) return false;
      for (const sku of await liveRepo.lineupSkuRows(tx, row.id)) {
        if (sku.campaign_stock_id) await this.returnCarve(tx, actor, row.org_id, sku.campaign_stock_id);
      }
      for (const productId of await liveRepo.pinned(tx, row.id)) await liveRepo.setPinned(tx, row.id, productId, null);
      await liveRepo.closeExplanations(tx, row.id, now);
      await liveRepo.closeShifts(tx, row.id, now);
      await record({ action: 'live_session.end', targetType: 'live_session', targetId: row.id, changes: [{ field: 'status', from, to: 'ended' }] });
      return true;
    });
    if (!moved) return;
    for (const listener of this.endedListeners) await listener(actor, row.id).catch(this.options.onError);
    await this.rooms.toRoom(row.id, { t: 'pin', productIds: [] });
    await this.rooms.toRoom(row.id, { t: 'status', status: 'ended' });
    await this.media.kick(row.id);
  }

  private async returnCarve(tx: Tx, actor: Actor, orgId: string, campaignStockId: string) {
    await this.inventory.returnCampaignStock(tx, orgId, campaignStockId, actor.kind === 'user' ? actor.id : null);
  }

  /**
   * Writes the lineup in order. Products must be the org's; a SKU named in an entry must belong to that
   * product. Campaign stock is carved (in this transaction) only where it changed, so a live show's
   * running carves and their holds are left alone.
   */
  private async writeLineup(tx: Tx, actor: Actor, row: LiveSessionRow, lineup: LineupEntry[], options: { carve: boolean }) {
    const productIds = lineup.map((e) => e.productId);
    const duplicate = productIds.find((p, i) => productIds.indexOf(p) !== i);
    if (duplicate) throw validationError('A product appears twice in the lineup', { field: 'lineup', productId: duplicate });
    const known = new Set((await liveRepo.productsInOrg(tx, actor.orgId, productIds)).map((p) => p.id));
    const missing = productIds.find((p) => !known.has(p));
    if (missing) throw notFound('Product', missing);
    const skuProduct = new Map((await liveRepo.skusOfProducts(tx, actor.orgId, productIds)).map((s) => [s.id, s.product_id]));

    const previous = new Map((await liveRepo.lineupSkuRows(tx, row.id)).map((s) => [s.sku_id, s]));
    const previouslyPinned = new Set(await liveRepo.pinned(tx, row.id));
    const pinnedAt = new Map((await liveRepo.lineup(tx, row.id)).map((p) => [p.product_id, p.pinned_at]));
    const skus: LiveSessionSkuRow[] = [];
    for (const entry of lineup) {
      for (const sku of entry.skus ?? []) {
        if (skuProduct.get(sku.skuId) !== entry.productId) throw validationError('This SKU is not one of the product\'s', { field: 'lineup', skuId: sku.skuId, productId: entry.productId });
        if (skus.some((s) => s.sku_id === sku.skuId)) throw validationError('A SKU appears twice in the lineup', { field: 'lineup', skuId: sku.skuId });
        const before = previous.get(sku.skuId);
        let campaignStockId = before?.campaign_stock_id ?? null;
        const wanted = options.carve ? (sku.campaignStock ?? null) : null;
        const current = campaignStockId ? await this.carveQuantity(tx, actor.orgId, campaignStockId) : null;
        if (wanted !== current) {
          if (campaignStockId) await this.returnCarve(tx, actor, actor.orgId, campaignStockId);
          campaignStockId = null;
          if (wanted !== null && wanted > 0) {
            campaignStockId = await this.inventory.carveCampaignStock(tx, { orgId: actor.orgId, campaign: campaignOf(row.id), skuId: sku.skuId, quantity: wanted, actorId: actor.kind === 'user' ? actor.id : null });
          }
        }
        previous.delete(sku.skuId);
        skus.push({ live_session_id: row.id, sku_id: sku.skuId, product_id: entry.productId, live_price_fen: sku.livePriceFen ?? null, campaign_stock_id: campaignStockId });
      }
    }
    for (const dropped of previous.values()) {
      if (dropped.campaign_stock_id) await this.returnCarve(tx, actor, actor.orgId, dropped.campaign_stock_id);
    }
    // A pinned product that leaves the lineup stops being explained.
    const now = this.clock.now();
    for (const productId of previouslyPinned) {
      if (!known.has(productId) || !productIds.includes(productId)) await liveRepo.closeExplanations(tx, row.id, now, productId);
    }
    await liveRepo.replaceLineup(
      tx,
      { id: row.id, orgId: actor.orgId },
      lineup.map((e, i) => ({ productId: e.productId, position: i + 1, pinnedAt: pinnedAt.get(e.productId) ?? null })),
      skus,
    );
  }

  private async carveQuantity(tx: Tx, orgId: string, campaignStockId: string): Promise<number | null> {
    const carve = await this.inventory.campaignStock(tx, orgId, campaignStockId);
    return carve && carve.status === 'active' ? carve.quantity : null;
  }

  private async inOrg(actor: Actor, id: string): Promise<LiveSessionRow> {
    const row = await liveRepo.sessionInOrg(this.db.kysely, actor.orgId, id);
    if (!row) throw notFound('Live session', id);
    return row;
  }

  private async lockedInOrg(tx: Tx, actor: Actor, id: string): Promise<LiveSessionRow> {
    const row = await liveRepo.lockSession(tx, actor.orgId, id);
    if (!row) throw notFound('Live session', id);
    return row;
  }

  private async staffView(actor: Actor, id: string): Promise<LiveSessionView> {
    return this.fullView(await this.inOrg(actor, id));
  }

  private async fullView(row: LiveSessionRow): Promise<LiveSessionView> {
    const db = this.db.kysely;
    const [orgSlug, lineup, explanations, replay] = await Promise.all([
      liveRepo.orgSlug(db, row.org_id),
      this.lineupView(db, row.id),
      liveRepo.explanations(db, row.id),
      row.status === 'ended' ? this.media.replay(row.id) : null,
    ]);
    return this.viewOf(row, {
      orgSlug,
      replayUrl: replay?.url ?? null,
      lineup,
      pinnedProductIds: lineup.filter((p) => p.pinned).map((p) => p.productId),
      explanations: explanations.map((e) => ({
        productId: e.product_id,
        startAt: e.start_at,
        endAt: e.end_at,
        replayOffsetMs: replay ? replayOffsetMs(replay.segments, e.start_at) : null,
      })),
    });
  }

  private async viewOf(
    row: LiveSessionRow,
    parts: { orgSlug: string; lineup: LineupProductView[]; pinnedProductIds: string[]; explanations: LiveSessionView['explanations']; replayUrl: string | null },
  ): Promise<LiveSessionView> {
    const live = this.options.live;
    return {
      id: row.id,
      orgId: row.org_id,
      orgSlug: parts.orgSlug,
      title: row.title,
      coverUrl: row.cover_url,
      anchors: JSON.parse(row.anchors) as Anchor[],
      status: row.status as LiveSessionStatus,
      scheduledStartAt: row.scheduled_start_at,
      scheduledEndAt: row.scheduled_end_at,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      playUrl: this.media.playUrl(row.id),
      roomUrl: `${live.publicUrl}/live/${row.id}`,
      replayUrl: parts.replayUrl,
      products: parts.lineup,
      pinnedProductIds: parts.pinnedProductIds,
      explanations: parts.explanations,
      announcement: await this.options.announcement(row.id),
      streamKey: `${row.id}?sign=${row.stream_secret}`,
      ingestUrl: this.media.ingestUrl(),
      createdAt: row.created_at,
    };
  }

  private async lineupView(db: DbExecutor, liveSessionId: string): Promise<LineupProductView[]> {
    const [products, skus] = await Promise.all([liveRepo.lineup(db, liveSessionId), liveRepo.lineupSkus(db, liveSessionId)]);
    const general = await liveRepo.availableBySku(db, skus.filter((s) => !this.carved(s)).map((s) => s.sku_id));
    const byProduct = new Map<string, LineupSkuRow[]>();
    for (const sku of skus) byProduct.set(sku.product_id, [...(byProduct.get(sku.product_id) ?? []), sku]);
    return products.map((p) => {
      const views = (byProduct.get(p.product_id) ?? []).map((s) => ({
        skuId: s.sku_id,
        skuCode: s.sku_code,
        title: s.title,
        specs: JSON.parse(s.spec_values) as Record<string, string>,
        priceFen: s.price_fen,
        livePriceFen: s.live_price_fen ?? s.price_fen,
        campaignStock: this.carved(s) ? s.campaign_quantity : null,
        available: this.carved(s) ? s.campaign_quantity! - s.campaign_used! : Math.max(0, general.get(s.sku_id) ?? 0),
      }));
      const cover = (JSON.parse(p.images) as string[])[0];
      return {
        position: p.position,
        productId: p.product_id,
        title: p.title,
        imageUrl: cover === undefined ? null : imageView(cover).url,
        skus: views,
        fromPriceFen: views.length === 0 ? 0 : Math.min(...views.map((v) => v.livePriceFen)),
        pinned: p.pinned_at !== null,
      };
    });
  }

  private carved(s: LineupSkuRow): boolean {
    return s.campaign_stock_id !== null && s.campaign_status === 'active';
  }
}
