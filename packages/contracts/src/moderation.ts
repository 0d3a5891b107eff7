import { z } from 'zod';
import { ChatText } from './room.js';

// ---- live-room moderation: the sensitive-word list, restrictions (mute/ban/kick), the review queue,
// the moderation log, and the danmaku bot's keyword replies

const Id = z.string().min(1).max(64);
const reason = z.string().trim().min(1).max(200);

/**
 * What happens to a chat message containing the word: `block` refuses it (the sender gets
 * `blocked_word`), `mask` delivers it with the word replaced by `*`, `review` holds it in the moderation
 * queue until staff approve it.
 */
export const WordAction = z.enum(['block', 'mask', 'review']);
export type WordAction = z.infer<typeof WordAction>;

export const MAX_WORD_LENGTH = 50;
export const MAX_WORDS_PER_IMPORT = 5000;

export const SensitiveWordView = z.object({
  id: z.string(),
  word: z.string(),
  /** the form that is matched: NFKC, case-folded, spaces, symbols and punctuation removed */
  normalized: z.string(),
  action: WordAction,
  createdAt: z.number().int(),
});
export type SensitiveWordView = z.infer<typeof SensitiveWordView>;

/** Adds a word, or changes the action of a word whose normalised form is already listed. */
export const AddWordBody = z.strictObject({
  word: z.string().trim().min(1).max(MAX_WORD_LENGTH),
  action: WordAction.default('block'),
});
export type AddWordBody = z.infer<typeof AddWordBody>;

/** Bulk import: one word per line; blank lines and lines starting with `#` are skipped. */
export const ImportWordsBody = z.strictObject({
  list: z.string().min(1).max(MAX_WORDS_PER_IMPORT * (MAX_WORD_LENGTH + 2)),
  action: WordAction.default('block'),
});
export type ImportWordsBody = z.infer<typeof ImportWordsBody>;

export const ImportWordsResult = z.object({
  added: z.number().int(),
  /** listed before; their action is now the imported one */
  updated: z.number().int(),
  /** lines that were too long or held nothing but spaces and symbols */
  rejected: z.array(z.string()),
});
export type ImportWordsResult = z.infer<typeof ImportWordsResult>;

// -- restrictions: who is muted, banned or kicked

/** A room identity as chat messages carry it (`user.id`): a buyer id, or `anon:<anonymousId>`. */
export const RoomIdentity = z.string().min(1).max(80);

export const RestrictionKind = z.enum(['mute', 'ban', 'kick']);
export type RestrictionKind = z.infer<typeof RestrictionKind>;
/** `session`: this show only; `org`: every show of the shop */
export const RestrictionScope = z.enum(['session', 'org']);
export type RestrictionScope = z.infer<typeof RestrictionScope>;

export const MuteBody = z.strictObject({
  identity: RoomIdentity,
  /** absent: until unmuted */
  minutes: z.number().int().min(1).max(60 * 24 * 365).optional(),
  scope: RestrictionScope.default('session'),
  reason: reason.optional(),
});
export type MuteBody = z.infer<typeof MuteBody>;

export const BanBody = z.strictObject({
  identity: RoomIdentity,
  minutes: z.number().int().min(1).max(60 * 24 * 365).optional(),
  scope: RestrictionScope.default('session'),
  reason: reason.optional(),
});
export type BanBody = z.infer<typeof BanBody>;

export const DEFAULT_KICK_MINUTES = 10;
export const KickBody = z.strictObject({
  identity: RoomIdentity,
  /** how long before the viewer may come back */
  minutes: z.number().int().min(1).max(24 * 60).default(DEFAULT_KICK_MINUTES),
  reason: reason.optional(),
});
export type KickBody = z.infer<typeof KickBody>;

/** Lifts the viewer's active mutes (or bans) of this show and of the shop. */
export const LiftBody = z.strictObject({ identity: RoomIdentity });
export type LiftBody = z.infer<typeof LiftBody>;

export const RestrictionView = z.object({
  id: z.string(),
  kind: RestrictionKind,
  scope: RestrictionScope,
  liveSessionId: z.string().nullable(),
  identity: z.string(),
  /** null: no end */
  until: z.number().int().nullable(),
  reason: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.number().int(),
});
export type RestrictionView = z.infer<typeof RestrictionView>;

export const LiftResult = z.object({ lifted: z.number().int() });
export type LiftResult = z.infer<typeof LiftResult>;

export const DeleteMessageBody = z.strictObject({ messageId: Id, reason: reason.optional() });
export type DeleteMessageBody = z.infer<typeof DeleteMessageBody>;

/** The pinned announcement (置顶公告); null clears it. */
export const AnnouncementBody = z.strictObject({ text: ChatText.nullable() });
export type AnnouncementBody = z.infer<typeof AnnouncementBody>;

export const MAX_SLOW_MODE_SECONDS = 600;
/** Seconds a viewer waits between two messages; 0 turns slow mode off. */
export const SlowModeBody = z.strictObject({ seconds: z.number().int().min(0).max(MAX_SLOW_MODE_SECONDS) });
export type SlowModeBody = z.infer<typeof SlowModeBody>;

export const RoomModerationView = z.object({
  liveSessionId: z.string(),
  announcement: z.string().nullable(),
  slowModeSeconds: z.number().int(),
});
export type RoomModerationView = z.infer<typeof RoomModerationView>;

// -- the review queue

export const QueueStatus = z.enum(['pending', 'approved', 'rejected']);
export type QueueStatus = z.infer<typeof QueueStatus>;

export const QueueItemView = z.object({
  /** the chat message's id, also after approval */
  messageId: z.string(),
  /** `word`: held by a review word before anyone saw it; `report`: delivered, then reported by viewers */
  source: z.enum(['word', 'report']),
  identity: z.string(),
  nickname: z.string(),
  text: z.string(),
  /** the review (and mask) words found in the text */
  words: z.array(z.string()),
  reports: z.number().int(),
  status: QueueStatus,
  createdAt: z.number().int(),
  decidedAt: z.number().int().nullable(),
  decidedBy: z.string().nullable(),
});
export type QueueItemView = z.infer<typeof QueueItemView>;

export const QueueQuery = z.object({
  status: QueueStatus.default('pending'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type QueueQuery = z.infer<typeof QueueQuery>;

/** A viewer reporting a chat message they saw. */
export const ReportMessageBody = z.strictObject({ reason: reason.optional() });
export type ReportMessageBody = z.infer<typeof ReportMessageBody>;

// -- the moderation log

export const ModerationAction = z.enum([
  'word.blocked',
  'word.masked',
  'word.held',
  'message.reported',
  'message.deleted',
  'message.approved',
  'message.rejected',
  'viewer.muted',
  'viewer.unmuted',
  'viewer.banned',
  'viewer.unbanned',
  'viewer.kicked',
  'announcement.set',
  'announcement.cleared',
  'slow_mode.set',
  'bot.replied',
]);
export type ModerationAction = z.infer<typeof ModerationAction>;

export const ModerationLogEntryView = z.object({
  id: z.string(),
  at: z.number().int(),
  action: ModerationAction,
  /** `system`: the word filter; `bot`: the danmaku bot; `user` / `api_key`: staff */
  actorType: z.enum(['user', 'api_key', 'system', 'bot', 'buyer']),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  /** the viewer concerned, as a room identity */
  target: z.string().nullable(),
  messageId: z.string().nullable(),
  reason: z.string().nullable(),
  /** action-specific facts: matched words, the message text, durations, the reply sent */
  detail: z.record(z.string(), z.unknown()),
});
export type ModerationLogEntryView = z.infer<typeof ModerationLogEntryView>;

export const ModerationLogQuery = z.object({
  action: ModerationAction.optional(),
  target: RoomIdentity.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ModerationLogQuery = z.infer<typeof ModerationLogQuery>;

export const ModerationLogPage = z.object({ items: z.array(ModerationLogEntryView), nextCursor: z.string().nullable() });
export type ModerationLogPage = z.infer<typeof ModerationLogPage>;

// -- the danmaku bot (弹幕助手): keyword auto-replies per show

export const MAX_BOT_REPLIES = 50;

export const BotReplyRule = z.strictObject({
  /** any of them in a comment triggers the reply; matched like sensitive words (width, case, symbols ignored) */
  keywords: z.array(z.string().trim().min(1).max(30)).min(1).max(20),
  reply: ChatText,
});
export type BotReplyRule = z.infer<typeof BotReplyRule>;

export const BotReplyView = BotReplyRule.extend({
  id: z.string(),
  position: z.number().int(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type BotReplyView = z.infer<typeof BotReplyView>;

export const ReplaceBotRepliesBody = z.strictObject({ rules: z.array(BotReplyRule).max(MAX_BOT_REPLIES) });
export type ReplaceBotRepliesBody = z.infer<typeof ReplaceBotRepliesBody>;

export const UpdateBotReplyBody = z.strictObject({
  keywords: BotReplyRule.shape.keywords.optional(),
  reply: ChatText.optional(),
});
export type UpdateBotReplyBody = z.infer<typeof UpdateBotReplyBody>;

/**
 * A starting set the console offers to apply to a show (one PUT of `rules`); a show replies only with
 * what was set on it, so nothing here is active by itself.
 */
export const DEFAULT_BOT_REPLIES: readonly BotReplyRule[] = [
  { keywords: ['发货', '几天到', '什么时候到', '快递'], reply: '现货48小时内发货，偏远地区顺延，下单后可在订单页查看物流' },
  { keywords: ['尺码', '码数', '多大码', '偏大', '偏小'], reply: '尺码请看商品详情页的尺码表，拿不准可以留言身高体重' },
  { keywords: ['优惠', '优惠券', '便宜点', '有券'], reply: '直播间下单即享专享价，关注主播还能领粉丝券' },
  { keywords: ['退货', '退换', '七天无理由'], reply: '支持七天无理由退换，订单页申请售后即可' },
  { keywords: ['怎么买', '链接', '在哪买'], reply: '点左下角小黄车，讲解中的商品在第一位' },
];
