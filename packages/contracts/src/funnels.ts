import { z } from 'zod';

// ---- funnels (漏斗) over the tracked events: `POST /api/v1/analytics/funnel`

export const FUNNEL_MIN_STEPS = 2;
export const FUNNEL_MAX_STEPS = 10;
/** The longest conversion window; PostHog's default of 14 days is ours too. */
export const FUNNEL_MAX_WINDOW_SECONDS = 90 * 86_400;
export const FUNNEL_DEFAULT_WINDOW_SECONDS = 14 * 86_400;
/** Breakdown values shown one by one; the rest are summed into `breakdownOther`. */
export const FUNNEL_DEFAULT_BREAKDOWN_LIMIT = 25;
export const FUNNEL_MAX_BREAKDOWN_LIMIT = 100;

/**
 * `ordered` (PostHog's sequential): each step at or after the previous one, anything in between.
 * `strict`: the person's next event of any type after step k must be step k+1, or the attempt starts over.
 * `unordered`: steps in any order; a person reaches as many steps as they did distinct steps inside one window.
 */
export const funnelOrders = ['ordered', 'strict', 'unordered'] as const;
export const FunnelOrder = z.enum(funnelOrders);
export type FunnelOrder = z.infer<typeof FunnelOrder>;

/** A key of an event's `props`; quotes, backslashes and control characters are refused (it becomes a JSON path). */
export const FunnelPropName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[^"\\\p{Cc}]+$/u, 'no quotes, backslashes or control characters');
export const FunnelPropValue = z.union([z.string().max(500), z.number().finite(), z.boolean()]);
export type FunnelPropValue = z.infer<typeof FunnelPropValue>;

export const FunnelStep = z.strictObject({
  /** an event type, known (`product.click`) or custom (`signup`) */
  event: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:$-]+$/, 'letters, digits and _ . : $ - only'),
  /** exact matches on the event's props, all of them (a string never equals a number: "5" is not 5) */
  where: z
    .record(FunnelPropName, FunnelPropValue)
    .refine((w) => Object.keys(w).length <= 10, 'at most 10 properties')
    .optional(),
});
export type FunnelStep = z.infer<typeof FunnelStep>;

/** Up to 2^43 ms (the year 2248): the engine packs an event's time and steps into one double. */
export const FUNNEL_MAX_EPOCH_MS = 2 ** 43;
const EpochMs = z.number().int().min(0).max(FUNNEL_MAX_EPOCH_MS);

export const FunnelQuery = z
  .strictObject({
    steps: z.array(FunnelStep).min(FUNNEL_MIN_STEPS).max(FUNNEL_MAX_STEPS),
    order: FunnelOrder.default('ordered'),
    /** measured from the step-1 event of an attempt, inclusive: a step exactly `windowSeconds` later counts */
    windowSeconds: z.number().int().min(1).max(FUNNEL_MAX_WINDOW_SECONDS).default(FUNNEL_DEFAULT_WINDOW_SECONDS),
    /** `[from, to)`, epoch ms of the events' client time; applies to the events of every step */
    from: EpochMs,
    to: EpochMs,
    /** only events of this show */
    liveSessionId: z.string().min(1).max(64).optional(),
    /**
     * A prop of the step-1 event: each person is counted under the value on their first step-1 event in the
     * range (for `unordered`, their first event of any step). Missing or JSON null is `null`.
     */
    breakdown: FunnelPropName.optional(),
    breakdownLimit: z.number().int().min(1).max(FUNNEL_MAX_BREAKDOWN_LIMIT).default(FUNNEL_DEFAULT_BREAKDOWN_LIMIT),
  })
  .refine((q) => q.from < q.to, { message: 'from must be before to', path: ['to'] });
export type FunnelQuery = z.infer<typeof FunnelQuery>;
export type FunnelQueryInput = z.input<typeof FunnelQuery>;

export const FunnelStepResult = z.object({
  event: z.string(),
  /** persons who reached at least this step (a person counts once, at the furthest step of any attempt) */
  count: z.number().int(),
  /** count / the previous step's count; null for step 1 or when the previous step has no one */
  conversionFromPrevious: z.number().nullable(),
  /** count / step 1's count; null when step 1 has no one */
  conversionFromFirst: z.number().nullable(),
  /**
   * Median seconds from the previous step to this one, over the persons who reached this step, each taken
   * from their furthest attempt (the first attempt that got that far); null for step 1 or when no one did.
   * For `unordered`, the gap between the (k-1)-th and k-th distinct steps done, in time order.
   */
  medianSecondsFromPrevious: z.number().nullable(),
});
export type FunnelStepResult = z.infer<typeof FunnelStepResult>;

/** A prop's value as in the event's JSON; objects and arrays as their JSON text. */
export const FunnelBreakdownValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type FunnelBreakdownValue = z.infer<typeof FunnelBreakdownValue>;

export const FunnelResult = z.object({
  steps: z.array(FunnelStepResult),
  /** with `breakdown`: one entry per value, most step-1 persons first, at most `breakdownLimit` */
  breakdown: z.array(z.object({ value: FunnelBreakdownValue, steps: z.array(FunnelStepResult) })).optional(),
  /** with `breakdown`, when there were more values than `breakdownLimit`: the rest together */
  breakdownOther: z.object({ values: z.number().int(), steps: z.array(FunnelStepResult) }).optional(),
});
export type FunnelResult = z.infer<typeof FunnelResult>;
