import { z } from 'zod';
import { EpochMs, PriceFen, StockQuantity } from './catalog.js';

// ---- live sessions (直播场次): scheduling, the product lineup, stream keys, pins

const Id = z.string().min(1).max(64);
const text = (max: number) => z.string().trim().min(1).max(max);

export const LiveSessionStatus = z.enum(['scheduled', 'live', 'ended']);
export type LiveSessionStatus = z.infer<typeof LiveSessionStatus>;

/** At most this many products are pinned (讲解中) at once, as on Bambuser. */
export const MAX_PINNED_PRODUCTS = 3;
export const MAX_LINEUP_PRODUCTS = 200;

export const Anchor = z.strictObject({
  name: text(40),
  /** the staff member on air, when the anchor has an account */
  userId: Id.optional(),
});
export type Anchor = z.infer<typeof Anchor>;

/** One SKU's live terms inside a lineup entry: the live price and the campaign stock (活动库存) carved for the show. */
export const LineupSku = z.strictObject({
  skuId: Id,
  /** absent: the catalog price */
  livePriceFen: PriceFen.optional(),
  /** absent: the show sells from general stock */
  campaignStock: StockQuantity.optional(),
});
export type LineupSku = z.infer<typeof LineupSku>;

export const LineupEntry = z.strictObject({
  productId: Id,
  skus: z.array(LineupSku).max(500).optional(),
});
export type LineupEntry = z.infer<typeof LineupEntry>;

export const CreateLiveSessionBody = z.strictObject({
  title: text(100),
  coverUrl: z.string().url().max(2000).optional(),
  anchors: z.array(Anchor).max(10).optional(),
  scheduledStartAt: EpochMs.optional(),
  scheduledEndAt: EpochMs.optional(),
  /** Contract shorthand: products in lineup order at catalog price. */
  productIds: z.array(Id).max(MAX_LINEUP_PRODUCTS).optional(),
  /** The full lineup with live prices and campaign stock; wins over `productIds`. */
  lineup: z.array(LineupEntry).max(MAX_LINEUP_PRODUCTS).optional(),
  /** Both in the past: a finished show recorded afterwards (imports, backfills). */
  startedAt: EpochMs.optional(),
  endedAt: EpochMs.optional(),
});
export type CreateLiveSessionBody = z.infer<typeof CreateLiveSessionBody>;

export const UpdateLiveSessionBody = z.strictObject({
  title: text(100).optional(),
  coverUrl: z.string().url().max(2000).nullable().optional(),
  anchors: z.array(Anchor).max(10).optional(),
  scheduledStartAt: EpochMs.nullable().optional(),
  scheduledEndAt: EpochMs.nullable().optional(),
});
export type UpdateLiveSessionBody = z.infer<typeof UpdateLiveSessionBody>;

export const ReplaceLineupBody = z.strictObject({ lineup: z.array(LineupEntry).max(MAX_LINEUP_PRODUCTS) });
export type ReplaceLineupBody = z.infer<typeof ReplaceLineupBody>;

export const LineupSkuView = z.object({
  skuId: z.string(),
  skuCode: z.string(),
  title: z.string(),
  specs: z.record(z.string(), z.string()),
  priceFen: z.number().int(),
  livePriceFen: z.number().int(),
  /** campaign stock carved for the show, null when it sells from general stock */
  campaignStock: z.number().int().nullable(),
  available: z.number().int(),
});
export type LineupSkuView = z.infer<typeof LineupSkuView>;

export const LineupProductView = z.object({
  /** 1-based position in the 小黄车 list */
  position: z.number().int(),
  productId: z.string(),
  title: z.string(),
  imageUrl: z.string().nullable(),
  skus: z.array(LineupSkuView),
  /** lowest live price over the SKUs */
  fromPriceFen: z.number().int(),
  pinned: z.boolean(),
});
export type LineupProductView = z.infer<typeof LineupProductView>;

/** A product's 讲解 period: pinned at `startAt`, unpinned at `endAt` (null while pinned). */
export const ExplanationView = z.object({
  productId: z.string(),
  startAt: z.number().int(),
  endAt: z.number().int().nullable(),
  /** position in the recording (ms from its start), for replay jumps; null without a recording */
  replayOffsetMs: z.number().int().nullable(),
});
export type ExplanationView = z.infer<typeof ExplanationView>;

/** What anyone may see about a show: the viewer page reads this. */
export const PublicLiveSessionView = z.object({
  id: z.string(),
  orgId: z.string(),
  /** the shop's slug: guest buyers of this room are created in it (`POST /api/v1/store/buyers?org=`) */
  orgSlug: z.string(),
  title: z.string(),
  coverUrl: z.string().nullable(),
  anchors: z.array(Anchor),
  status: LiveSessionStatus,
  scheduledStartAt: z.number().int().nullable(),
  scheduledEndAt: z.number().int().nullable(),
  startedAt: z.number().int().nullable(),
  endedAt: z.number().int().nullable(),
  playUrl: z.string(),
  roomUrl: z.string(),
  /** the recording's URL once the show has ended and a recording exists */
  replayUrl: z.string().nullable(),
  products: z.array(LineupProductView),
  pinnedProductIds: z.array(z.string()),
  explanations: z.array(ExplanationView),
  announcement: z.string().nullable(),
});
export type PublicLiveSessionView = z.infer<typeof PublicLiveSessionView>;

/** The staff view adds the stream credentials. */
export const LiveSessionView = PublicLiveSessionView.extend({
  streamKey: z.string(),
  ingestUrl: z.string(),
  createdAt: z.number().int(),
});
export type LiveSessionView = z.infer<typeof LiveSessionView>;

export const LiveSessionListQuery = z.object({
  status: LiveSessionStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type LiveSessionListQuery = z.infer<typeof LiveSessionListQuery>;

export const LiveSessionSummary = LiveSessionView.omit({ products: true, explanations: true });
export type LiveSessionSummary = z.infer<typeof LiveSessionSummary>;

export const PinBody = z.strictObject({ productId: Id });
export type PinBody = z.infer<typeof PinBody>;

/** Stream health as the media server sees the publisher. */
export const StreamHealth = z.object({
  publishing: z.boolean(),
  since: z.number().int().nullable(),
  videoCodec: z.string().nullable(),
  audioCodec: z.string().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  fps: z.number().nullable(),
  bitrateKbps: z.number().nullable(),
  viewers: z.number().int(),
});
export type StreamHealth = z.infer<typeof StreamHealth>;

/** The show's orders for the control console's quick stats (the analytics module has the full metrics). */
export const LiveOrderStats = z.object({
  orders: z.number().int(),
  paidOrders: z.number().int(),
  /** paid amounts of the show's orders, refunds not netted (as gmvFen) */
  gmvFen: z.number().int(),
  buyers: z.number().int(),
});
export type LiveOrderStats = z.infer<typeof LiveOrderStats>;
