import { z } from 'zod';

/** sandbox | wechatpay | alipay: who moved (or would move) the money */
export const PaymentProviderName = z.enum(['sandbox', 'wechatpay', 'alipay']);
export const PaymentState = z.enum(['pending', 'succeeded', 'failed', 'cancelled']);
export const RefundState = z.enum(['pending', 'succeeded', 'failed']);

/**
 * `method` picks the provider; only the sandbox is selectable until providers are configured per org.
 * `outcome` is the sandbox's stand-in for what the buyer does in a real wallet: pay (default), be
 * declined, or leave the payment pending for a callback (`POST /api/v1/payments/:id/sandbox/:outcome`).
 */
export const PayOrderBody = z.discriminatedUnion('method', [
  z.strictObject({
    method: z.literal('sandbox'),
    outcome: z.enum(['succeed', 'fail', 'pending']).optional(),
  }),
]);
export type PayOrderBody = z.infer<typeof PayOrderBody>;

export const PaymentView = z.object({
  id: z.string(),
  orderId: z.string(),
  provider: PaymentProviderName,
  amountFen: z.number().int(),
  /** cancelled: the money came in after the order stopped being payable and was refunded */
  status: PaymentState,
  providerPaymentId: z.string().nullable(),
  failureReason: z.string().nullable(),
  refundedFen: z.number().int(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type PaymentView = z.infer<typeof PaymentView>;

export const RefundView = z.object({
  id: z.string(),
  paymentId: z.string(),
  orderId: z.string(),
  aftersalesId: z.string().nullable(),
  amountFen: z.number().int(),
  status: RefundState,
  providerRefundId: z.string().nullable(),
  reason: z.string().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type RefundView = z.infer<typeof RefundView>;

/**
 * The answer to a pay request: `status` is the order's (`paid`, or still `pending_payment` when the
 * payment failed or waits for the provider's callback), `payment` the attempt itself.
 */
export const PayOrderResult = z.object({
  id: z.string(),
  status: z.enum(['paid', 'pending_payment']),
  payment: PaymentView,
});
export type PayOrderResult = z.infer<typeof PayOrderResult>;

export const CreateRefundBody = z.strictObject({
  amountFen: z.number().int().min(1).max(100_000_000_00),
  reason: z.string().trim().min(1).max(200),
});
export type CreateRefundBody = z.infer<typeof CreateRefundBody>;

/** Usually one refund; an order paid in several payments is refunded across them, oldest first. */
export const CreatedRefunds = z.object({ items: z.array(RefundView) });

export const OrderPaymentsView = z.object({
  payments: z.array(PaymentView),
  refunds: z.array(RefundView),
});
export type OrderPaymentsView = z.infer<typeof OrderPaymentsView>;

export const SandboxCallbackOutcome = z.enum(['succeed', 'fail']);

/** What a callback did: `applied` false for a duplicate delivery or an event that changes nothing. */
export const CallbackResult = z.object({
  received: z.literal(true),
  applied: z.boolean(),
  outcome: z.string(),
});
export type CallbackResult = z.infer<typeof CallbackResult>;

export const SandboxCallbackResult = CallbackResult.extend({ payment: PaymentView });
