import { z } from 'zod';
import { MetricId, MetricMarker, MetricValues, MinuteBucket } from './metrics.js';

// ---- post-live review (复盘): `GET /api/v1/live-sessions/:id/review`

/** One 10-minute segment of the live window (the last one may be shorter). */
export const ReviewSegment = z.object({
  startAt: z.number(),
  endAt: z.number(),
  /** identities inside at `startAt` */
  onlineAtStart: z.number(),
  /** room.enter / room.leave events in [startAt, endAt) */
  enters: z.number(),
  leaves: z.number(),
  /** identities inside at `startAt` whose visit lasts to `endAt` or beyond */
  retained: z.number(),
  /** retained ÷ onlineAtStart; null when nobody was inside at the start */
  retentionRate: z.number().nullable(),
});
export type ReviewSegment = z.infer<typeof ReviewSegment>;

/** Thresholds of the stay-time distribution, minutes. */
export const STAY_THRESHOLDS_MINUTES = [1, 3, 5, 10, 30] as const;

/**
 * How long viewers stayed: an identity's stay is the sum of its visits inside the live window. `share` of
 * each threshold is the identities staying at least that long ÷ `viewers` (null when there were none).
 */
export const StayTime = z.object({
  viewers: z.number(),
  medianSeconds: z.number().nullable(),
  atLeast: z.array(z.object({ minutes: z.number(), viewers: z.number(), share: z.number().nullable() })),
});
export type StayTime = z.infer<typeof StayTime>;

/** The show's funnel from its metrics: watched → saw a product → clicked → carted → ordered → paid. */
export const reviewFunnelSteps = ['uv', 'productExposureUv', 'productClickUv', 'cartUv', 'orderCreateUv', 'buyers'] as const;
export const ReviewFunnelStep = z.object({
  metric: MetricId,
  count: z.number(),
  /** count ÷ the previous step's count (null for the first step or when it is 0) */
  conversionFromPrevious: z.number().nullable(),
  /** count ÷ the first step's count (null when it is 0) */
  conversionFromFirst: z.number().nullable(),
});
export type ReviewFunnelStep = z.infer<typeof ReviewFunnelStep>;

/** A product's 讲解 period and what it sold while explained. */
export const ReviewExplanation = z.object({
  startAt: z.number(),
  /** the show's end when it was still pinned then */
  endAt: z.number(),
  durationSeconds: z.number(),
  /** the product's paid GMV (lines of this product) with payment time in [startAt, endAt) */
  gmvFen: z.number(),
  paidOrders: z.number(),
  itemsSold: z.number(),
});
export type ReviewExplanation = z.infer<typeof ReviewExplanation>;

export const ReviewProduct = z.object({
  productId: z.string(),
  title: z.string().nullable(),
  exposureUv: z.number(),
  clickUv: z.number(),
  clicks: z.number(),
  /** clickUv ÷ exposureUv (null when 0) */
  ctr: z.number().nullable(),
  cartUv: z.number(),
  paidOrders: z.number(),
  itemsSold: z.number(),
  gmvFen: z.number(),
  /** round(gmvFen × 1000 ÷ show pv): the products' GPMs add up to the show's */
  gpmFen: z.number().nullable(),
  /** refunds of the show's orders, attributed to their lines in proportion to line amounts */
  refundFen: z.number(),
  /** refundFen ÷ gmvFen (null when gmvFen is 0) */
  refundRate: z.number().nullable(),
  explanations: z.array(ReviewExplanation),
});
export type ReviewProduct = z.infer<typeof ReviewProduct>;

/** An anchor's time on air and what sold then. */
export const ReviewAnchor = z.object({
  anchor: z.string(),
  userId: z.string().nullable(),
  onAirSeconds: z.number(),
  gmvFen: z.number(),
  paidOrders: z.number(),
  /** round(gmvFen × 3600 ÷ onAirSeconds); null when on air for 0 s */
  gmvPerHourFen: z.number().nullable(),
  /** identities inside at any moment of the anchor's shifts */
  viewers: z.number(),
  /** identities who paid an order during the shifts */
  buyers: z.number(),
  /** buyers ÷ viewers (null when 0) */
  conversionRate: z.number().nullable(),
});
export type ReviewAnchor = z.infer<typeof ReviewAnchor>;

/**
 * `shifts`: from the on-air switches made in the 中控台; `whole_show`: none were made, so every anchor of
 * the show is credited with the whole live window.
 */
export const ReviewAnchors = z.object({
  source: z.enum(['shifts', 'whole_show']),
  anchors: z.array(ReviewAnchor),
});
export type ReviewAnchors = z.infer<typeof ReviewAnchors>;

/** One of the minutes with the most interactions, and what happened then. */
export const ReviewPeak = z.object({
  minute: z.number(),
  /** comments + likes + shares in the minute */
  interactions: z.number(),
  comments: z.number(),
  likes: z.number(),
  shares: z.number(),
  online: z.number(),
  gmvFen: z.number(),
  /** 讲解 periods, flash sales, lotteries and alerts overlapping the minute */
  happenings: z.array(MetricMarker),
  /** the minute's most frequent danmaku keywords */
  keywords: z.array(z.string()),
});
export type ReviewPeak = z.infer<typeof ReviewPeak>;

export const DanmakuMinute = z.object({
  minute: z.number(),
  comments: z.number(),
  questions: z.number(),
  positive: z.number(),
  negative: z.number(),
  paidOrders: z.number(),
  /** paid orders of the minute ÷ identities online at its end (null when 0) */
  conversionRate: z.number().nullable(),
});
export type DanmakuMinute = z.infer<typeof DanmakuMinute>;

/** What the audience wrote: keywords after segmentation, the questions asked, and the mood by minute. */
export const DanmakuAnalysis = z.object({
  comments: z.number(),
  commenters: z.number(),
  /** most frequent words without stop words, most first */
  keywords: z.array(z.object({ word: z.string(), count: z.number() })),
  questions: z.object({
    count: z.number(),
    /** the most asked questions (the same text from several people counts once per person) */
    top: z.array(z.object({ text: z.string(), askers: z.number(), firstAt: z.number() })),
  }),
  sentiment: z.object({ positive: z.number(), negative: z.number(), neutral: z.number() }),
  perMinute: z.array(DanmakuMinute),
});
export type DanmakuAnalysis = z.infer<typeof DanmakuAnalysis>;

export const MetricChange = z.object({
  value: z.number().nullable(),
  baseline: z.number().nullable(),
  /** (value − baseline) ÷ |baseline|; null when either is null or the baseline is 0 */
  change: z.number().nullable(),
});
export type MetricChange = z.infer<typeof MetricChange>;

export const ReviewShowRef = z.object({
  liveSessionId: z.string(),
  title: z.string(),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
});
export type ReviewShowRef = z.infer<typeof ReviewShowRef>;

/**
 * Against one earlier show (`?compareWith=`, default: the org's previous ended show) and against the
 * median of the 7 ended shows before this one (fewer when there are fewer; null when there are none).
 */
export const ReviewComparison = z.object({
  baseline: z.object({ show: ReviewShowRef, metrics: z.record(MetricId, MetricChange) }).nullable(),
  median7: z.object({ shows: z.array(ReviewShowRef), metrics: z.record(MetricId, MetricChange) }).nullable(),
});
export type ReviewComparison = z.infer<typeof ReviewComparison>;

export const reviewSections = ['overview', 'traffic', 'segments', 'products', 'anchors', 'interaction', 'danmaku', 'comparison'] as const;
export const ReviewSection = z.enum(reviewSections);
export type ReviewSection = z.infer<typeof ReviewSection>;

/** Free-text feedback (数据反馈) on one section, saved with the review. */
export const ReviewNote = z.object({
  section: ReviewSection,
  text: z.string(),
  updatedAt: z.number(),
  updatedBy: z.string().nullable(),
});
export type ReviewNote = z.infer<typeof ReviewNote>;

export const REVIEW_NOTE_MAX_CHARS = 5_000;
export const PutReviewNoteBody = z.strictObject({ text: z.string().max(REVIEW_NOTE_MAX_CHARS) });
export type PutReviewNoteBody = z.infer<typeof PutReviewNoteBody>;

/** A settled version of the numbers: a new one is kept whenever late data (refunds, imports) changed them. */
export const ReviewRevision = z.object({
  revision: z.number(),
  asOf: z.number(),
  gmvFen: z.number(),
  refundFen: z.number(),
  paidOrders: z.number(),
});
export type ReviewRevision = z.infer<typeof ReviewRevision>;

/** What a revision keeps: every computed section, as of its time. */
export const ReviewBody = z.object({
  metrics: MetricValues,
  perMinute: z.array(MinuteBucket),
  segments10m: z.array(ReviewSegment),
  stayTime: StayTime,
  funnel: z.array(ReviewFunnelStep),
  products: z.array(ReviewProduct),
  anchors: ReviewAnchors,
  peaks: z.array(ReviewPeak),
  danmaku: DanmakuAnalysis,
  markers: z.array(MetricMarker),
});
export type ReviewBody = z.infer<typeof ReviewBody>;

export const LiveReview = ReviewBody.extend({
  show: ReviewShowRef.extend({
    anchors: z.array(z.string()),
    /** the org's IANA time zone: the review's times read in it (a shared link's reader has no org of their own) */
    timeZone: z.string(),
  }),
  /** the revision shown, and when its numbers were taken */
  revision: z.number(),
  asOf: z.number(),
  /** every revision, newest first */
  revisions: z.array(ReviewRevision),
  comparison: ReviewComparison,
  notes: z.array(ReviewNote),
});
export type LiveReview = z.infer<typeof LiveReview>;

export const ReviewQuery = z.object({
  /** a past revision; absent: the current numbers (kept as a new revision when they changed) */
  revision: z.coerce.number().int().min(1).optional(),
  compareWith: z.string().min(1).max(64).optional(),
});
export type ReviewQuery = z.infer<typeof ReviewQuery>;

// ---- read-only share links

export const REVIEW_SHARE_MAX_HOURS = 30 * 24;
export const CreateReviewShareBody = z.strictObject({
  expiresInHours: z.number().int().min(1).max(REVIEW_SHARE_MAX_HOURS).default(72),
});
export type CreateReviewShareBody = z.infer<typeof CreateReviewShareBody>;

export const ReviewShare = z.object({
  token: z.string(),
  /** the console page that shows the review read-only */
  url: z.string(),
  liveSessionId: z.string(),
  createdAt: z.number(),
  expiresAt: z.number(),
  createdBy: z.string().nullable(),
});
export type ReviewShare = z.infer<typeof ReviewShare>;

// ---- anchors on air (主播上播): the 中控台 switch that the review's anchor section reads

export const SetOnAirBody = z.strictObject({
  /** one of the show's anchors by name; null: nobody on air */
  anchor: z.string().trim().min(1).max(40).nullable(),
});
export type SetOnAirBody = z.infer<typeof SetOnAirBody>;

export const AnchorShift = z.object({
  anchor: z.string(),
  userId: z.string().nullable(),
  startAt: z.number(),
  /** null while on air */
  endAt: z.number().nullable(),
});
export type AnchorShift = z.infer<typeof AnchorShift>;

// ---- retention

export const RETENTION_MAX_PERIODS = 12;

/** Show-based retention: cohorts by the first show watched; period k = the k-th later show of the org. */
export const ShowRetentionQuery = z.object({
  from: z.coerce.number().int().min(0).optional(),
  to: z.coerce.number().int().min(0).optional(),
  periods: z.coerce.number().int().min(1).max(RETENTION_MAX_PERIODS).default(6),
});
export type ShowRetentionQuery = z.infer<typeof ShowRetentionQuery>;

export const ShowRetentionCohort = z.object({
  show: ReviewShowRef,
  /** identities whose first watched show is this one */
  size: z.number(),
  /**
   * one entry per later show (1..periods) that has happened: identities of the cohort who watched it, and
   * that ÷ size
   */
  returned: z.array(z.object({ period: z.number(), show: ReviewShowRef, count: z.number(), rate: z.number().nullable() })),
});
export type ShowRetentionCohort = z.infer<typeof ShowRetentionCohort>;

export const ShowRetention = z.object({
  periods: z.number(),
  cohorts: z.array(ShowRetentionCohort),
});
export type ShowRetention = z.infer<typeof ShowRetention>;

export const REPURCHASE_DEFAULT_DAYS = [7, 14, 30, 60, 90] as const;

/** Purchase retention: cohorts by the day (org time zone) or week of the first paid order; repurchase within N days. */
export const PurchaseRetentionQuery = z.object({
  from: z.coerce.number().int().min(0).optional(),
  to: z.coerce.number().int().min(0).optional(),
  cohort: z.enum(['day', 'week', 'month']).default('week'),
  /** comma-separated day counts, e.g. "7,30,90" */
  days: z
    .string()
    .regex(/^\d{1,3}(,\d{1,3}){0,9}$/)
    .transform((s) => [...new Set(s.split(',').map(Number))].sort((a, b) => a - b))
    .refine((d) => d.every((n) => n >= 1 && n <= 365), 'days must be 1..365')
    .optional(),
});
export type PurchaseRetentionQuery = z.infer<typeof PurchaseRetentionQuery>;

export const PurchaseRetentionCohort = z.object({
  /** the cohort's first day, epoch ms of local midnight */
  cohortStart: z.number(),
  /** buyers whose first paid order fell in the cohort */
  size: z.number(),
  /**
   * per N: buyers who paid again within N days of their first payment; `mature` is false while some of
   * the cohort have not had N days yet (the rate is still rising)
   */
  repurchased: z.array(z.object({ days: z.number(), count: z.number(), rate: z.number().nullable(), mature: z.boolean() })),
});
export type PurchaseRetentionCohort = z.infer<typeof PurchaseRetentionCohort>;

export const PurchaseRetention = z.object({
  cohort: z.enum(['day', 'week', 'month']),
  days: z.array(z.number()),
  cohorts: z.array(PurchaseRetentionCohort),
});
export type PurchaseRetention = z.infer<typeof PurchaseRetention>;
