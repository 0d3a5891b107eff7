import { z } from 'zod';

// ---- risk rules (风控): order bursts, repeated failed payments, flash-sale-only accounts

/** `flag` lets the order through and marks the buyer; `block` refuses it (403, `details.reason = risk_blocked`). */
export const RiskAction = z.enum(['flag', 'block']);
export type RiskAction = z.infer<typeof RiskAction>;

export const riskRuleNames = ['deviceBurst', 'phoneBurst', 'addressBurst', 'paymentFailures', 'flashSaleOnly'] as const;
export const RiskRuleName = z.enum(riskRuleNames);
export type RiskRuleName = z.infer<typeof RiskRuleName>;

const windowMinutes = z.number().int().min(1).max(7 * 24 * 60);

/** More than `maxOrders` orders within `windowMinutes` from one device / phone / address. */
export const OrderBurstRule = z.strictObject({
  enabled: z.boolean(),
  action: RiskAction,
  maxOrders: z.number().int().min(1).max(10_000),
  windowMinutes,
});

/** More than `maxFailures` failed payments by one buyer within `windowMinutes`; a block lasts the window. */
export const PaymentFailuresRule = z.strictObject({
  enabled: z.boolean(),
  action: RiskAction,
  maxFailures: z.number().int().min(1).max(1_000),
  windowMinutes,
});

/** A buyer whose orders, this one included, number at least `minOrders` and are all flash-sale orders. */
export const FlashSaleOnlyRule = z.strictObject({
  enabled: z.boolean(),
  action: RiskAction,
  minOrders: z.number().int().min(1).max(10_000),
});

export const RiskRules = z.strictObject({
  /** device = the client's persisted anonymousId, sent as `X-Device-Id` with the order */
  deviceBurst: OrderBurstRule,
  /** the recipient phone of the address, compared by keyed hash */
  phoneBurst: OrderBurstRule,
  /** the whole address (province, city, district, detail), normalised and compared by keyed hash */
  addressBurst: OrderBurstRule,
  paymentFailures: PaymentFailuresRule,
  flashSaleOnly: FlashSaleOnlyRule,
});
export type RiskRules = z.infer<typeof RiskRules>;

export const RiskDecisionView = z.object({
  id: z.string(),
  rule: RiskRuleName,
  action: RiskAction,
  buyerId: z.string(),
  /** the order concerned: let through with a flag, or whose payment failed; null when it was blocked (it does not exist) */
  orderId: z.string().nullable(),
  /** what the rule counted: the order, the failed payments' order, and the numbers compared */
  detail: z.record(z.string(), z.unknown()),
  /** a payment-failure block refuses the buyer's orders until then */
  blockedUntil: z.number().int().nullable(),
  at: z.number().int(),
});
export type RiskDecisionView = z.infer<typeof RiskDecisionView>;

export const RiskDecisionQuery = z.strictObject({
  buyerId: z.string().min(1).max(64).optional(),
  rule: RiskRuleName.optional(),
  action: RiskAction.optional(),
  cursor: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type RiskDecisionQuery = z.infer<typeof RiskDecisionQuery>;

export const RiskDecisionPage = z.object({ items: z.array(RiskDecisionView), nextCursor: z.string().nullable() });
export type RiskDecisionPage = z.infer<typeof RiskDecisionPage>;

export const RiskBuyerView = z.object({
  buyerId: z.string(),
  /** any decision about the buyer in the last 30 days: the room shows a `flagged` tag */
  flagged: z.boolean(),
  blockedUntil: z.number().int().nullable(),
  /** the latest 50 */
  decisions: z.array(RiskDecisionView),
});
export type RiskBuyerView = z.infer<typeof RiskBuyerView>;
