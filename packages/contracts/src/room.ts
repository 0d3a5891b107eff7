import { z } from 'zod';
import { IngestResult } from './events.js';

// ---- the live room's WebSocket protocol: `/api/v1/live-sessions/:id/room`
//
// Every frame is JSON with a `t` (type) field. The server batches what it sends: one WebSocket message
// carries an array of server frames, flushed every ~150 ms per room. A client sends one frame per message.

export const MAX_CHAT_LENGTH = 200;
export const MAX_LIKES_PER_FRAME = 100;
/** tracking events per `track` frame; larger batches go to `POST /api/v1/events` */
export const MAX_TRACK_EVENTS_PER_FRAME = 50;

const Id = z.string().min(1).max(64);

/** Printable text without control characters (no newlines, no bidi overrides). */
export const ChatText = z
  .string()
  .trim()
  .min(1)
  .max(MAX_CHAT_LENGTH)
  .refine((s) => !/[\p{Cc}\p{Cf}]/u.test(s), 'control characters are not allowed');

// -- client → server

/** First frame of every connection. A buyer token makes the viewer a known buyer; a staff token a console. */
export const JoinFrame = z.strictObject({
  t: z.literal('join'),
  /** the device's persisted id (the SDK's anonymousId) */
  anonymousId: z.string().min(8).max(64),
  token: z.string().min(1).max(4096).optional(),
  /** share-link referral code the viewer arrived with */
  ref: z.string().min(1).max(64).optional(),
});
export const ClientFrame = z.discriminatedUnion('t', [
  JoinFrame,
  z.strictObject({ t: z.literal('leave') }),
  z.strictObject({ t: z.literal('ping') }),
  z.strictObject({ t: z.literal('chat'), text: ChatText }),
  /** likes are batched on the client: one frame carries up to MAX_LIKES_PER_FRAME taps */
  z.strictObject({ t: z.literal('like'), count: z.number().int().min(1).max(MAX_LIKES_PER_FRAME) }),
  z.strictObject({ t: z.literal('gift'), giftId: Id, count: z.number().int().min(1).max(99).default(1) }),
  z.strictObject({ t: z.literal('follow') }),
  z.strictObject({ t: z.literal('share') }),
  z.strictObject({ t: z.literal('lottery.enter'), lotteryId: Id }),
  /**
   * tracking events (api-contract "Events") checked one by one like `POST /api/v1/events`; the server sets
   * `liveSessionId` to this room's show and `anonymousId`/`userId` to this connection's viewer. Answered by
   * `track.ack`; `order.*` is refused (`forbidden_type`), staff connections may not send it.
   */
  z.strictObject({ t: z.literal('track'), events: z.array(z.unknown()).min(1).max(MAX_TRACK_EVENTS_PER_FRAME) }),
  // control frames: accepted only from staff connections with `live:manage` / `live:moderate`
  z.strictObject({ t: z.literal('pin'), productId: Id }),
  z.strictObject({ t: z.literal('unpin'), productId: Id.optional() }),
  z.strictObject({ t: z.literal('flash.start'), flashSaleId: Id }),
  z.strictObject({ t: z.literal('lottery.start'), lotteryId: Id }),
  z.strictObject({ t: z.literal('announce'), text: ChatText.nullable() }),
]);
export type ClientFrame = z.infer<typeof ClientFrame>;
export type ClientFrameType = ClientFrame['t'];
export const CONTROL_FRAME_TYPES = ['pin', 'unpin', 'flash.start', 'lottery.start', 'announce'] as const satisfies readonly ClientFrameType[];

// -- server → client

/** Tags shown beside a commenter in the console's comment stream. */
export const BuyerTag = z.enum(['new', 'returning', 'follower', 'big_spender', 'staff', 'flagged']);
export type BuyerTag = z.infer<typeof BuyerTag>;

export const RoomUser = z.object({
  /** buyer id, or `anon:<anonymousId>` for a viewer without an account */
  id: z.string(),
  nickname: z.string(),
  tags: z.array(BuyerTag),
});
export type RoomUser = z.infer<typeof RoomUser>;

export const ChatMessage = z.object({
  id: z.string(),
  user: RoomUser,
  text: z.string(),
  at: z.number().int(),
  /** set on the bot's auto-replies */
  bot: z.boolean().optional(),
  replyTo: z.string().optional(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

export const FlashSaleState = z.object({
  flashSaleId: z.string(),
  productId: z.string(),
  skuId: z.string(),
  title: z.string(),
  priceFen: z.number().int(),
  originalPriceFen: z.number().int(),
  quota: z.number().int(),
  remaining: z.number().int(),
  perUserLimit: z.number().int(),
  startAt: z.number().int(),
  endAt: z.number().int(),
  status: z.enum(['scheduled', 'running', 'sold_out', 'ended']),
});
export type FlashSaleState = z.infer<typeof FlashSaleState>;

export const LotteryState = z.object({
  lotteryId: z.string(),
  prize: z.string(),
  winnerCount: z.number().int(),
  rule: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('comment'), keyword: z.string() }),
    z.object({ kind: z.literal('follow') }),
    z.object({ kind: z.literal('presence') }),
  ]),
  drawAt: z.number().int(),
  /** sha256(seed), hex, published when the lottery opens */
  seedHash: z.string(),
  status: z.enum(['draft', 'open', 'drawn', 'cancelled']),
  entrants: z.number().int(),
});
export type LotteryState = z.infer<typeof LotteryState>;

/** What a newcomer needs to render the room at once; sent in `welcome` and on resync. */
export const RoomSnapshot = z.object({
  status: z.enum(['scheduled', 'live', 'ended']),
  online: z.number().int(),
  likes: z.number().int(),
  pinnedProductIds: z.array(z.string()),
  announcement: z.string().nullable(),
  flashSales: z.array(FlashSaleState),
  lotteries: z.array(LotteryState),
  recentChat: z.array(ChatMessage),
  slowModeSeconds: z.number().int(),
});
export type RoomSnapshot = z.infer<typeof RoomSnapshot>;

export const ServerFrame = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('welcome'),
    you: z.object({
      identity: z.string(),
      buyerId: z.string().nullable(),
      role: z.enum(['viewer', 'buyer', 'staff']),
      muted: z.boolean(),
      following: z.boolean(),
      coins: z.number().int(),
    }),
    snapshot: RoomSnapshot,
  }),
  z.object({ t: z.literal('pong'), at: z.number().int() }),
  z.object({ t: z.literal('chat'), message: ChatMessage }),
  z.object({ t: z.literal('chat.deleted'), id: z.string() }),
  /** coalesced: the room's like total and how many arrived since the last frame */
  z.object({ t: z.literal('likes'), total: z.number().int(), delta: z.number().int() }),
  z.object({ t: z.literal('gift'), user: RoomUser, giftId: z.string(), count: z.number().int(), valueFen: z.number().int() }),
  z.object({ t: z.literal('online'), count: z.number().int() }),
  z.object({ t: z.literal('status'), status: z.enum(['scheduled', 'live', 'ended']) }),
  z.object({ t: z.literal('pin'), productIds: z.array(z.string()) }),
  z.object({ t: z.literal('announcement'), text: z.string().nullable() }),
  z.object({ t: z.literal('flash.start'), sale: FlashSaleState }),
  z.object({ t: z.literal('flash.stock'), flashSaleId: z.string(), remaining: z.number().int() }),
  z.object({ t: z.literal('flash.soldout'), flashSaleId: z.string() }),
  z.object({ t: z.literal('flash.end'), flashSaleId: z.string() }),
  z.object({ t: z.literal('lottery.start'), lottery: LotteryState }),
  z.object({
    t: z.literal('lottery.draw'),
    lotteryId: z.string(),
    seed: z.string(),
    winners: z.array(z.object({ identity: z.string(), nickname: z.string() })),
  }),
  /** personal: sent only to the viewer concerned */
  z.object({ t: z.literal('lottery.won'), lotteryId: z.string(), prize: z.string() }),
  z.object({ t: z.literal('lottery.entered'), lotteryId: z.string() }),
  /** personal: the answer to a `track` frame (`rejected[].index` is the position in its `events`) */
  z.object({ t: z.literal('track.ack'), accepted: z.number().int(), duplicates: z.number().int(), rejected: IngestResult.shape.rejected }),
  z.object({ t: z.literal('followed'), following: z.boolean() }),
  z.object({ t: z.literal('coins'), balance: z.number().int() }),
  /**
   * personal: a comment-to-buy claim; the viewer checks it out at `checkoutUrl` before `expiresAt`. A claim
   * is a cart hold until the buyer gives an address: then `holdId` is set and `orderId` carries the same id
   * (`GET`/`POST /api/v1/store/cart-holds/:holdId[/checkout]`).
   */
  z.object({
    t: z.literal('checkout'),
    orderId: z.string(),
    holdId: z.string().optional(),
    checkoutUrl: z.string(),
    totalFen: z.number().int(),
    expiresAt: z.number().int(),
  }),
  /** personal: `until` null means until a moderator lifts it */
  z.object({ t: z.literal('muted'), until: z.number().int().nullable() }),
  z.object({ t: z.literal('unmuted') }),
  z.object({ t: z.literal('kicked'), reason: z.string() }),
  z.object({ t: z.literal('slowmode'), seconds: z.number().int() }),
  z.object({
    t: z.literal('error'),
    /** `held`: not refused, but shown to the room only once a moderator approves it */
    code: z.enum(['validation', 'unauthorized', 'forbidden', 'rate_limited', 'muted', 'banned', 'blocked_word', 'held', 'slow_mode', 'not_found', 'conflict', 'insufficient_stock', 'internal']),
    message: z.string(),
    /** the client frame type this answers, when there is one */
    ref: z.string().optional(),
  }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;
export type ServerFrameType = ServerFrame['t'];
export type ServerFrameOf<T extends ServerFrameType> = Extract<ServerFrame, { t: T }>;
export type RoomErrorCode = ServerFrameOf<'error'>['code'];

// -- gifts (礼物), paid in virtual coins (抖币-style) that a buyer holds per shop

/** What one coin is worth, for gift values in GMV-style reports. */
export const COIN_VALUE_FEN = 10;

export const GIFTS = [
  { id: 'heart', name: '小心心', coins: 1 },
  { id: 'rose', name: '玫瑰', coins: 10 },
  { id: 'rocket', name: '火箭', coins: 500 },
] as const satisfies readonly { id: string; name: string; coins: number }[];
export type Gift = (typeof GIFTS)[number];
export type GiftId = Gift['id'];

export const giftById = (id: string): Gift | undefined => GIFTS.find((g) => g.id === id);
