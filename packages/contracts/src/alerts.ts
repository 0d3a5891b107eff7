import { z } from 'zod';

// ---- alerts (告警) on a show's per-minute numbers: rules, channels, history

/** The per-minute series a rule can watch: the fields of `MinuteBucket` besides its minute. */
export const alertMetrics = [
  'online', 'enters', 'leaves', 'comments', 'likes', 'shares', 'productClicks', 'cartAdds', 'paidOrders', 'gmvFen',
] as const;
export const AlertMetric = z.enum(alertMetrics);
export type AlertMetric = z.infer<typeof AlertMetric>;

export const thresholdOps = ['<', '<=', '>', '>='] as const;
export const ThresholdOp = z.enum(thresholdOps);
export type ThresholdOp = z.infer<typeof ThresholdOp>;

/** Low-count floor: a baseline whose median (per minute) is below it is too sparse to judge. */
const minCount = z.number().min(0).max(1_000_000_000).default(20);

/** Fires when the last complete minute's value compares true against `value`. */
export const ThresholdCondition = z.strictObject({
  kind: z.literal('threshold'),
  op: ThresholdOp,
  value: z.number().finite(),
});

/**
 * Fires when the last 10 complete minutes fell by at least `dropPct` % against the 10 before them: sums,
 * but averages for `online` (a head count, not an event count). The earlier window's per-minute average
 * must reach `minCount`.
 */
export const DropCondition = z.strictObject({
  kind: z.literal('drop'),
  dropPct: z.number().min(1).max(100),
  minCount,
});

export const ZScoreBaseline = z.enum(['session', 'past_shows']);
export type ZScoreBaseline = z.infer<typeof ZScoreBaseline>;
export const ZScoreDirection = z.enum(['both', 'up', 'down']);
export type ZScoreDirection = z.infer<typeof ZScoreDirection>;

/**
 * Robust z-score of the last complete minute, z = (x − median) / (1.4826 · MAD), against `session` (the
 * show's own previous 30 complete minutes) or `past_shows` (the same minute after the start in the org's
 * last `pastShows` ended shows). Needs 6 baseline points, a baseline median ≥ `minCount` and a move of at
 * least 50 %; a flat baseline (MAD = 0) needs the move to be at least `minCount` (and 1) as well.
 */
export const ZScoreCondition = z.strictObject({
  kind: z.literal('zscore'),
  baseline: ZScoreBaseline,
  zThreshold: z.number().min(1).max(50).default(3.5),
  direction: ZScoreDirection.default('both'),
  minCount,
  pastShows: z.number().int().min(1).max(50).default(10),
});

export const AlertCondition = z.discriminatedUnion('kind', [ThresholdCondition, DropCondition, ZScoreCondition]);
export type AlertCondition = z.infer<typeof AlertCondition>;
export type AlertConditionInput = z.input<typeof AlertCondition>;
export type AlertRuleKind = AlertCondition['kind'];

/** Create or replace a rule (PUT sends the whole rule). */
export const AlertRuleBody = z.strictObject({
  name: z.string().trim().min(1).max(80),
  enabled: z.boolean().default(true),
  /** null: every show of the org */
  liveSessionId: z.string().min(1).max(64).nullable().default(null),
  metric: AlertMetric,
  condition: AlertCondition,
  /** one rule fires at most once per this many minutes in one show */
  cooldownMinutes: z.number().int().min(1).max(24 * 60).default(10),
  /** external channels besides the console, which always gets the alert */
  channelIds: z.array(z.string().min(1).max(64)).max(10).default([]),
});
export type AlertRuleBody = z.infer<typeof AlertRuleBody>;
export type AlertRuleInput = z.input<typeof AlertRuleBody>;

export const AlertRuleView = z.object({
  id: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  liveSessionId: z.string().nullable(),
  metric: AlertMetric,
  condition: AlertCondition,
  cooldownMinutes: z.number().int(),
  channelIds: z.array(z.string()),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type AlertRuleView = z.infer<typeof AlertRuleView>;

// ---- channels: where an alert goes besides the console

/** `webhook`: a JSON POST signed `X-LiveDesk-Signature: sha256=<hex HMAC-SHA256 of the body>`; the others are the group robots of 钉钉, 企业微信 and 飞书. */
export const alertChannelKinds = ['webhook', 'dingtalk', 'wecom', 'feishu'] as const;
export const AlertChannelKind = z.enum(alertChannelKinds);
export type AlertChannelKind = z.infer<typeof AlertChannelKind>;

const channelUrl = z.string().max(2000).url().refine((url) => /^https?:\/\//i.test(url), 'must be an http(s) URL');
/** The webhook's HMAC key, or the robot's 加签 / 签名校验 secret (WeCom robots do not sign). */
const channelSecret = z.string().min(8).max(256);

export const CreateAlertChannelBody = z.strictObject({
  name: z.string().trim().min(1).max(80),
  kind: AlertChannelKind,
  /** secret-bearing (the robot's token or key is part of it): stored encrypted, shown only as a hint */
  url: channelUrl,
  secret: channelSecret.optional(),
  enabled: z.boolean().default(true),
});
export type CreateAlertChannelBody = z.infer<typeof CreateAlertChannelBody>;
export type CreateAlertChannelInput = z.input<typeof CreateAlertChannelBody>;

export const UpdateAlertChannelBody = z.strictObject({
  name: z.string().trim().min(1).max(80).optional(),
  url: channelUrl.optional(),
  /** null removes the secret */
  secret: channelSecret.nullable().optional(),
  enabled: z.boolean().optional(),
});
export type UpdateAlertChannelBody = z.infer<typeof UpdateAlertChannelBody>;

/** Secrets never leave the server: the URL and the secret come back as masked hints only. */
export const AlertChannelView = z.object({
  id: z.string(),
  name: z.string(),
  kind: AlertChannelKind,
  enabled: z.boolean(),
  urlHint: z.string(),
  secretHint: z.string().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type AlertChannelView = z.infer<typeof AlertChannelView>;

/** The outcome of sending to one channel (after at most one retry). */
export const AlertDelivery = z.object({
  channelId: z.string(),
  channelName: z.string(),
  kind: AlertChannelKind,
  ok: z.boolean(),
  attempts: z.number().int(),
  /** the last HTTP status; null when no answer came (timeout, refused connection) */
  status: z.number().int().nullable(),
  /** why it failed: `timeout`, `network`, `http_<status>` or the robot's `errcode <n>: <errmsg>` */
  error: z.string().nullable(),
  at: z.number().int(),
});
export type AlertDelivery = z.infer<typeof AlertDelivery>;

// ---- alerts fired

/** What the rule compared, by kind. */
export const AlertFinding = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('threshold'), op: ThresholdOp, threshold: z.number() }),
  /** `current` and `previous`: the two 10-minute windows (sums, or averages for online) */
  z.object({ kind: z.literal('drop'), current: z.number(), previous: z.number(), fallPct: z.number() }),
  /** `z` is null when the baseline was flat (MAD = 0) */
  z.object({
    kind: z.literal('zscore'),
    baseline: ZScoreBaseline,
    median: z.number(),
    mad: z.number(),
    z: z.number().nullable(),
    points: z.number().int(),
  }),
]);
export type AlertFinding = z.infer<typeof AlertFinding>;

export const AlertView = z.object({
  id: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  liveSessionId: z.string(),
  liveSessionTitle: z.string(),
  metric: AlertMetric,
  /** the minute scored (epoch ms of its start) */
  minute: z.number().int(),
  /** the minute's value; for a drop, the latest 10-minute window */
  value: z.number(),
  finding: AlertFinding,
  /** one line in Chinese, as sent to the robots and drawn on the show's curves */
  message: z.string(),
  firedAt: z.number().int(),
  acknowledgedAt: z.number().int().nullable(),
  acknowledgedBy: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  deliveries: z.array(AlertDelivery),
});
export type AlertView = z.infer<typeof AlertView>;

export const AlertQuery = z.strictObject({
  liveSessionId: z.string().min(1).max(64).optional(),
  status: z.enum(['open', 'acknowledged']).optional(),
  cursor: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AlertQuery = z.infer<typeof AlertQuery>;

export const AlertPage = z.object({ items: z.array(AlertView), nextCursor: z.string().nullable() });
export type AlertPage = z.infer<typeof AlertPage>;

/**
 * Pushed on the console socket to members with `analytics:read`: `alert.fired` once when an alert fires
 * (notify), `alert.updated` when its deliveries are recorded or it is acknowledged (refresh).
 */
export const AlertServerFrame = z.object({ type: z.enum(['alert.fired', 'alert.updated']), alert: AlertView });
export type AlertServerFrame = z.infer<typeof AlertServerFrame>;
