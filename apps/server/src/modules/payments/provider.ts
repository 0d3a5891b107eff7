import { verify, type KeyObject } from 'node:crypto';
import type { z } from 'zod';
import type { PaymentProviderName as ProviderNames } from '@livedesk/contracts';
import { AppError, unauthorized } from '../../lib/errors.js';

/**
 * What LiveDesk needs from a payment provider (the sandbox, WeChat Pay v3, Alipay). Split in two because
 * the halves are independent: the gateway makes outbound calls, the callback verifier authenticates what
 * the provider pushes to us. Both use our payment id as the provider's merchant order number
 * (WeChat/Alipay `out_trade_no`) and our refund id as its refund number (`out_refund_no` /
 * `out_request_no`), so every callback names our rows and a retried call is the same call to the provider.
 */
export type PaymentProvider = PaymentGateway & CallbackVerifier;

export type PaymentProviderName = z.infer<typeof ProviderNames>;

export interface ChargeRequest {
  /** our payment id; the provider's `out_trade_no` */
  paymentId: string;
  orderId: string;
  amountFen: number;
  /** WeChat `description`, Alipay `subject` */
  description: string;
  /** the order's unpaid deadline (WeChat `time_expire`, Alipay `time_expire`): no money after it */
  expiresAt: number | null;
  /** sandbox only: what the simulated buyer does */
  simulate?: 'succeed' | 'fail' | 'pending';
}

export type ChargeResult =
  | { status: 'succeeded'; providerPaymentId: string; at: number }
  | { status: 'failed'; providerPaymentId: string | null; reason: string }
  /**
   * The buyer finishes in the provider's app (a WeChat Native `code_url`, a JSAPI `prepay_id`, an Alipay
   * QR code); a callback settles the payment later. `clientAction` is what the store page needs for that.
   */
  | { status: 'pending'; providerPaymentId: string | null; clientAction?: Record<string, string> };

export interface RefundRequest {
  /** our refund id; the provider's `out_refund_no` / `out_request_no`, so a retry is not a second refund */
  refundId: string;
  paymentId: string;
  providerPaymentId: string;
  /** WeChat's refund call repeats the original payment's total */
  paymentAmountFen: number;
  amountFen: number;
  reason: string | null;
}

export type RefundResult =
  | { status: 'succeeded'; providerRefundId: string; at: number }
  /** WeChat refunds are asynchronous (`PROCESSING`); a `refund.*` callback settles them */
  | { status: 'pending'; providerRefundId: string | null }
  | { status: 'failed'; reason: string };

export interface PaymentGateway {
  readonly name: PaymentProviderName;
  /** Starts taking `amountFen`. Throws (network, 5xx) only when the outcome is unknown. */
  charge(request: ChargeRequest): Promise<ChargeResult>;
  refund(request: RefundRequest): Promise<RefundResult>;
}

export const paymentEventTypes = ['payment.succeeded', 'payment.failed', 'refund.succeeded', 'refund.failed'] as const;
export type PaymentEventType = (typeof paymentEventTypes)[number];

/** A provider notification, authenticated and normalised. */
export interface PaymentEvent {
  /** dedupe key: the provider's notification id (WeChat `id`, Alipay `notify_id`, sandbox `id`) */
  providerEventId: string;
  type: PaymentEventType;
  /** our payment id, carried as `out_trade_no` */
  paymentId: string;
  /** WeChat `transaction_id`, Alipay `trade_no`; null when the provider never took money (a closed trade) */
  providerPaymentId: string | null;
  /** the payment's amount for payment.*, the refund's amount for refund.* */
  amountFen: number;
  at: number;
  /** refund.*: our refund id (`out_refund_no`) and the provider's */
  refundId?: string;
  providerRefundId?: string;
  /** payment.failed / refund.failed: the provider's words */
  reason?: string;
}

export interface CallbackRequest {
  /** lower-case names, as Node gives them */
  headers: Record<string, string | string[] | undefined>;
  /** the body exactly as received: signatures cover bytes, not a re-serialised object */
  body: string;
}

/** What to answer the provider so it stops (or keeps) retrying; each provider wants its own shape. */
export interface CallbackAcknowledgement {
  statusCode: number;
  contentType: string;
  body: string;
}

export interface CallbackVerifier {
  readonly name: PaymentProviderName;
  /**
   * Authenticates and parses one notification. Throws `unauthorized` when the signature, its key or its
   * freshness is wrong and `validation` when an authentic body is malformed. Returns null for authentic
   * notifications that change nothing for us (Alipay `WAIT_BUYER_PAY`, WeChat `USERPAYING`).
   */
  verifyCallback(request: CallbackRequest, now: number): Promise<PaymentEvent | null>;
  acknowledge(accepted: boolean, message?: string): CallbackAcknowledgement;
}

/** Single-valued header, or undefined; a repeated signature header is as good as none. */
export function header(request: CallbackRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return typeof value === 'string' ? value : undefined;
}

export const badSignature = (message: string) => unauthorized(`Callback rejected: ${message}`);
export const malformedCallback = (message: string, details?: Record<string, unknown>) =>
  new AppError('validation', `Callback is malformed: ${message}`, details);

/** RSA-SHA256 over `message` with a base64 signature; a signature of the wrong size is just a mismatch. */
export function rsaSha256Verifies(message: Buffer, key: KeyObject, signatureBase64: string): boolean {
  try {
    return verify('RSA-SHA256', message, key, Buffer.from(signatureBase64, 'base64'));
  } catch {
    return false;
  }
}
