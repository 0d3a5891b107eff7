import type {
  AnchorShift,
  BanBody,
  BotReplyRule,
  BotReplyView,
  CommentToBuySettings,
  CreateFlashSaleBody,
  CreateLiveSessionBody,
  CreateLotteryBody,
  FlashSaleView,
  KickBody,
  LineupEntry,
  LiveOrderStats,
  LiveSessionStatus,
  LiveSessionSummary,
  LiveSessionView,
  LotteryView,
  MuteBody,
  QueueItemView,
  QueueStatus,
  RestrictionView,
  RoomModerationView,
  StreamHealth,
  UpdateLiveSessionBody,
} from '@livedesk/contracts';
import { request } from './client';

const sessionPath = (id: string) => `/live-sessions/${encodeURIComponent(id)}`;
const moderationPath = (id: string, action: string) => `${sessionPath(id)}/moderation/${action}`;

interface Pinned {
  pinnedProductIds: string[];
}

/** Request bodies before the server fills in defaults (zod's input side). */
export type MuteRequest = Omit<MuteBody, 'scope'> & Partial<Pick<MuteBody, 'scope'>>;
export type BanRequest = Omit<BanBody, 'scope'> & Partial<Pick<BanBody, 'scope'>>;
export type KickRequest = Omit<KickBody, 'minutes'> & Partial<Pick<KickBody, 'minutes'>>;

export const liveApi = {
  list: (status: LiveSessionStatus | undefined, signal?: AbortSignal) =>
    request<{ items: LiveSessionSummary[] }>('GET', '/live-sessions', { query: { status, limit: 200 }, signal }),
  get: (id: string) => request<LiveSessionView>('GET', sessionPath(id)),
  create: (body: CreateLiveSessionBody) => request<LiveSessionView>('POST', '/live-sessions', { body }),
  update: (id: string, body: UpdateLiveSessionBody) => request<LiveSessionView>('PATCH', sessionPath(id), { body }),
  replaceLineup: (id: string, lineup: LineupEntry[]) => request<LiveSessionView>('PUT', `${sessionPath(id)}/lineup`, { body: { lineup } }),
  start: (id: string) => request<LiveSessionView>('POST', `${sessionPath(id)}/start`),
  end: (id: string) => request<LiveSessionView>('POST', `${sessionPath(id)}/end`),
  rotateStreamKey: (id: string) => request<LiveSessionView>('POST', `${sessionPath(id)}/stream-key/rotate`),
  streamHealth: (id: string, signal?: AbortSignal) => request<StreamHealth>('GET', `${sessionPath(id)}/stream-health`, { signal }),
  orderStats: (id: string, signal?: AbortSignal) => request<LiveOrderStats>('GET', `${sessionPath(id)}/order-stats`, { signal }),
  pin: (id: string, productId: string) => request<Pinned>('POST', `${sessionPath(id)}/pins`, { body: { productId } }),
  unpin: (id: string, productId: string) => request<Pinned>('DELETE', `${sessionPath(id)}/pins/${encodeURIComponent(productId)}`),
  setOnAir: (id: string, anchor: string | null) => request<{ current: AnchorShift | null }>('PUT', `${sessionPath(id)}/on-air`, { body: { anchor } }),
  anchorShifts: (id: string, signal?: AbortSignal) => request<AnchorShift[]>('GET', `${sessionPath(id)}/anchor-shifts`, { signal }),
};

export const moderationApi = {
  mute: (id: string, body: MuteRequest) => request<RestrictionView>('POST', moderationPath(id, 'mute'), { body }),
  ban: (id: string, body: BanRequest) => request<RestrictionView>('POST', moderationPath(id, 'ban'), { body }),
  kick: (id: string, body: KickRequest) => request<RestrictionView>('POST', moderationPath(id, 'kick'), { body }),
  deleteMessage: (id: string, messageId: string) => request<void>('POST', moderationPath(id, 'delete-message'), { body: { messageId } }),
  announce: (id: string, text: string | null) => request<RoomModerationView>('POST', moderationPath(id, 'announcement'), { body: { text } }),
  slowMode: (id: string, seconds: number) => request<RoomModerationView>('POST', moderationPath(id, 'slow-mode'), { body: { seconds } }),
  queue: (id: string, status: QueueStatus, signal?: AbortSignal) =>
    request<{ items: QueueItemView[] }>('GET', moderationPath(id, 'queue'), { query: { status, limit: 50 }, signal }),
  decide: (id: string, messageId: string, decision: 'approve' | 'reject') =>
    request<QueueItemView>('POST', moderationPath(id, `queue/${encodeURIComponent(messageId)}/${decision}`)),
  botReplies: (id: string) => request<{ items: BotReplyView[] }>('GET', `${sessionPath(id)}/bot-replies`),
  replaceBotReplies: (id: string, rules: BotReplyRule[]) =>
    request<{ items: BotReplyView[] }>('PUT', `${sessionPath(id)}/bot-replies`, { body: { rules } }),
};

export type CreateFlashSaleRequest = Omit<CreateFlashSaleBody, 'perUserLimit'> & Partial<Pick<CreateFlashSaleBody, 'perUserLimit'>>;

export const salesApi = {
  flashSales: (id: string) => request<{ items: FlashSaleView[] }>('GET', `${sessionPath(id)}/flash-sales`),
  createFlashSale: (id: string, body: CreateFlashSaleRequest) => request<FlashSaleView>('POST', `${sessionPath(id)}/flash-sales`, { body }),
  startFlashSale: (flashSaleId: string) => request<FlashSaleView>('POST', `/flash-sales/${encodeURIComponent(flashSaleId)}/start`),
  endFlashSale: (flashSaleId: string) => request<FlashSaleView>('POST', `/flash-sales/${encodeURIComponent(flashSaleId)}/end`),
  commentToBuy: (id: string) => request<CommentToBuySettings>('GET', `${sessionPath(id)}/comment-to-buy`),
  updateCommentToBuy: (id: string, body: CommentToBuySettings) =>
    request<CommentToBuySettings>('PUT', `${sessionPath(id)}/comment-to-buy`, { body }),
};

export const lotteryApi = {
  list: (id: string) => request<LotteryView[]>('GET', `${sessionPath(id)}/lotteries`),
  create: (id: string, body: CreateLotteryBody) => request<LotteryView>('POST', `${sessionPath(id)}/lotteries`, { body }),
  act: (lotteryId: string, action: 'open' | 'draw' | 'cancel') =>
    request<LotteryView>('POST', `/lotteries/${encodeURIComponent(lotteryId)}/${action}`),
};

export const liveKeys = {
  all: ['live'] as const,
  lists: ['live', 'list'] as const,
  list: (status: LiveSessionStatus | undefined) => ['live', 'list', status ?? 'all'] as const,
  session: (id: string) => ['live', 'session', id] as const,
  health: (id: string) => ['live', 'health', id] as const,
  stats: (id: string) => ['live', 'stats', id] as const,
  queue: (id: string) => ['live', 'queue', id] as const,
  botReplies: (id: string) => ['live', 'bot-replies', id] as const,
  flashSales: (id: string) => ['live', 'flash-sales', id] as const,
  commentToBuy: (id: string) => ['live', 'comment-to-buy', id] as const,
  lotteries: (id: string) => ['live', 'lotteries', id] as const,
  anchorShifts: (id: string) => ['live', 'anchor-shifts', id] as const,
};
