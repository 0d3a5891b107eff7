import type { KeyObject } from 'node:crypto';
import {
  badSignature,
  malformedCallback,
  rsaSha256Verifies,
  type CallbackAcknowledgement,
  type CallbackRequest,
  type CallbackVerifier,
  type PaymentEvent,
} from './provider.js';

export interface AlipayNotificationConfig {
  /** our app's id: Alipay tells merchants to refuse notifications whose `app_id` is not theirs */
  appId: string;
  /** 支付宝公钥 (not the app's own public key) */
  alipayPublicKey: KeyObject;
}

/**
 * Yuan as Alipay writes it ("12.30", "0.01", "100") to integer fen, by string arithmetic: a float
 * would turn "0.29" into 28.999… fen. Anything but a plain non-negative amount with at most two
 * decimals is refused.
 */
export function yuanToFen(yuan: string): number {
  const match = /^(0|[1-9]\d*)(?:\.(\d{1,2}))?$/.exec(yuan);
  if (!match) throw malformedCallback(`"${yuan}" is not an amount in yuan`);
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) throw malformedCallback(`"${yuan}" is too large`);
  return fen;
}

/**
 * The string Alipay signs: every parameter but `sign` and `sign_type`, empty values left out, sorted
 * by key, as `k=v` joined with `&`, values URL-decoded (the same rule signs requests to Alipay).
 */
export function alipaySignContent(params: ReadonlyMap<string, string>): string {
  return [...params]
    .filter(([key, value]) => key !== 'sign' && key !== 'sign_type' && value !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

/** `application/x-www-form-urlencoded` to decoded values; a repeated key makes the content ambiguous. */
export function parseAlipayForm(body: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(body)) {
    if (params.has(key)) throw malformedCallback(`parameter ${key} appears twice`);
    params.set(key, value);
  }
  return params;
}

/** Alipay's times ("2015-04-27 15:45:57") are Beijing time, UTC+8 all year. */
export function parseAlipayTime(value: string | undefined): number | undefined {
  const match = value ? /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(value) : null;
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h - 8, mi, s);
}

/**
 * Alipay 异步通知 (`notify_url`, `trade_status_sync`): a form POST signed RSA2 (SHA256withRSA) with
 * Alipay's private key. Alipay keeps notifying until it reads the text `success`, for about 25 hours,
 * so replays are expected: they are deduplicated by `notify_id` and by the payment's own state, and no
 * freshness check applies (the notification carries no signed send time, only the trade's times).
 */
export class AlipayNotifications implements CallbackVerifier {
  readonly name = 'alipay' as const;

  constructor(private readonly config: AlipayNotificationConfig) {}

  async verifyCallback(request: CallbackRequest, now: number): Promise<PaymentEvent | null> {
    const params = parseAlipayForm(request.body);
    const sign = params.get('sign');
    if (!sign) throw badSignature('sign is missing');
    const signType = params.get('sign_type') ?? 'RSA2';
    if (signType !== 'RSA2') throw badSignature(`sign_type ${signType} is not accepted; configure the app for RSA2`);
    // With another charset the bytes were signed in that encoding; we only decode UTF-8.
    const charset = params.get('charset');
    if (charset !== undefined && charset.toLowerCase() !== 'utf-8') throw badSignature(`charset ${charset} is not accepted; configure the app for utf-8`);
    const content = Buffer.from(alipaySignContent(params), 'utf8');
    if (!rsaSha256Verifies(content, this.config.alipayPublicKey, sign)) throw badSignature('sign does not match');
    if (params.get('app_id') !== this.config.appId) throw badSignature('notification is for another app');

    const required = (name: string) => {
      const value = params.get(name);
      if (!value) throw malformedCallback(`${name} is missing`);
      return value;
    };
    const notifyId = required('notify_id');
    const status = required('trade_status');
    const paymentId = required('out_trade_no');
    const tradeNo = required('trade_no');
    const amountFen = yuanToFen(required('total_amount'));
    // Refunds are confirmed by Alipay's synchronous refund response; the notifications that follow them
    // (a TRADE_SUCCESS after a partial refund, a TRADE_CLOSED after a full one) carry nothing new for us.
    const aboutRefund = Boolean(params.get('out_biz_no') || params.get('gmt_refund'));
    const base = { providerEventId: notifyId, paymentId, providerPaymentId: tradeNo, amountFen };

    switch (status) {
      case 'TRADE_SUCCESS':
      case 'TRADE_FINISHED':
        if (aboutRefund) return null;
        return { ...base, type: 'payment.succeeded', at: parseAlipayTime(params.get('gmt_payment')) ?? now };
      case 'TRADE_CLOSED':
        if (aboutRefund) return null;
        return {
          ...base,
          type: 'payment.failed',
          at: parseAlipayTime(params.get('gmt_close')) ?? now,
          reason: 'TRADE_CLOSED: closed unpaid',
        };
      default:
        // WAIT_BUYER_PAY and anything newer: nothing has happened to the money yet.
        return null;
    }
  }

  acknowledge(accepted: boolean): CallbackAcknowledgement {
    return { statusCode: 200, contentType: 'text/plain', body: accepted ? 'success' : 'fail' };
  }
}
