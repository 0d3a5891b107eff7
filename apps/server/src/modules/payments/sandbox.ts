import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../lib/time.js';
import {
  badSignature,
  header,
  malformedCallback,
  paymentEventTypes,
  type CallbackAcknowledgement,
  type CallbackRequest,
  type ChargeRequest,
  type ChargeResult,
  type PaymentEvent,
  type PaymentProvider,
  type RefundRequest,
  type RefundResult,
} from './provider.js';

export const SANDBOX_SIGNATURE_HEADER = 'x-sandbox-signature';
/** Older (or newer) signatures are refused, so a captured callback cannot be replayed later. */
export const SANDBOX_TOLERANCE_MS = 5 * 60_000;

/**
 * The callback key, derived from the token secret (HKDF with its own label) so installations need no
 * extra variable and the two keys stay independent: knowing one says nothing about the other.
 */
export function sandboxCallbackSecret(tokenSecret: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', tokenSecret, Buffer.alloc(0), 'livedesk/payments/sandbox-callback/v1', 32));
}

const SandboxEventBody = z.strictObject({
  id: z.string().min(1).max(128),
  type: z.enum(paymentEventTypes),
  paymentId: z.string().min(1).max(64),
  providerPaymentId: z.string().min(1).max(128).nullable(),
  amountFen: z.number().int().nonnegative(),
  at: z.number().int().nonnegative(),
  refundId: z.string().min(1).max(64).optional(),
  providerRefundId: z.string().min(1).max(128).optional(),
  reason: z.string().max(500).optional(),
});

const providerId = (kind: string) => `sbx_${kind}_${randomBytes(12).toString('hex')}`;

/**
 * A provider that moves no money: a charge succeeds, fails or stays pending as asked, refunds succeed at
 * once. Its callbacks are JSON signed like Stripe's webhooks (`t=<ms>,v1=<hex HMAC-SHA256 of "t.body">`),
 * so the callback path is exercised exactly as a real provider's would be.
 */
export class SandboxProvider implements PaymentProvider {
  readonly name = 'sandbox' as const;

  constructor(
    private readonly secret: Buffer,
    private readonly clock: Clock,
  ) {}

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    switch (request.simulate ?? 'succeed') {
      case 'succeed':
        return { status: 'succeeded', providerPaymentId: providerId('pay'), at: this.clock.now() };
      case 'fail':
        return { status: 'failed', providerPaymentId: providerId('pay'), reason: 'declined by the sandbox' };
      case 'pending':
        return { status: 'pending', providerPaymentId: providerId('pay') };
    }
  }

  async refund(_request: RefundRequest): Promise<RefundResult> {
    return { status: 'succeeded', providerRefundId: providerId('ref'), at: this.clock.now() };
  }

  /** The `X-Sandbox-Signature` value for `body` signed at `at`. */
  signature(body: string, at: number): string {
    return `t=${at},v1=${this.mac(at, body)}`;
  }

  /** A callback as the sandbox "provider" would deliver it; it goes through `verifyCallback` like any other. */
  signedCallback(event: PaymentEvent, at = this.clock.now()): CallbackRequest {
    const { providerEventId, ...rest } = event;
    const body = JSON.stringify({ id: providerEventId, ...rest });
    return { headers: { [SANDBOX_SIGNATURE_HEADER]: this.signature(body, at), 'content-type': 'application/json' }, body };
  }

  async verifyCallback(request: CallbackRequest, now: number): Promise<PaymentEvent> {
    const value = header(request, SANDBOX_SIGNATURE_HEADER);
    if (!value) throw badSignature(`missing ${SANDBOX_SIGNATURE_HEADER} header`);
    const { t, v1 } = parseSignatureHeader(value);
    if (t === undefined || v1.length === 0) throw badSignature('signature header must be "t=<ms>,v1=<hex>"');
    if (Math.abs(now - t) > SANDBOX_TOLERANCE_MS) throw badSignature('signature timestamp is outside the 5 minute tolerance');
    const expected = Buffer.from(this.mac(t, request.body), 'hex');
    // Several v1 values are allowed so the key can be rotated with both old and new signatures sent.
    const matches = v1.some((hex) => {
      const given = Buffer.from(hex, 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
    if (!matches) throw badSignature('signature does not match');

    let json: unknown;
    try {
      json = JSON.parse(request.body);
    } catch {
      throw malformedCallback('body is not JSON');
    }
    const parsed = SandboxEventBody.safeParse(json);
    if (!parsed.success) throw malformedCallback('body is not a sandbox event', { issues: parsed.error.issues.map((i) => i.message) });
    const { id, ...event } = parsed.data;
    return { providerEventId: id, ...event };
  }

  acknowledge(accepted: boolean, message?: string): CallbackAcknowledgement {
    return {
      statusCode: accepted ? 200 : 400,
      contentType: 'application/json',
      body: JSON.stringify(accepted ? { received: true } : { received: false, message }),
    };
  }

  private mac(at: number, body: string): string {
    return createHmac('sha256', this.secret).update(`${at}.${body}`).digest('hex');
  }
}

function parseSignatureHeader(value: string): { t: number | undefined; v1: string[] } {
  let t: number | undefined;
  const v1: string[] = [];
  for (const part of value.split(',')) {
    const sep = part.indexOf('=');
    if (sep < 0) continue;
    const key = part.slice(0, sep).trim();
    const val = part.slice(sep + 1).trim();
    if (key === 't' && /^\d{1,16}$/.test(val)) t = Number(val);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(val)) v1.push(val);
  }
  return { t, v1 };
}
