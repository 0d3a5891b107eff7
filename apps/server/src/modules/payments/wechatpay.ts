import { createCipheriv, createDecipheriv, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import {
  badSignature,
  header,
  malformedCallback,
  rsaSha256Verifies,
  type CallbackAcknowledgement,
  type CallbackRequest,
  type CallbackVerifier,
  type PaymentEvent,
} from './provider.js';

/** WeChat Pay asks merchants to refuse notifications whose timestamp is further than this from now. */
export const WECHATPAY_TOLERANCE_MS = 5 * 60_000;
const SIGNATURE_TYPE = 'WECHATPAY2-SHA256-RSA2048';
const GCM_TAG_BYTES = 16;

export interface WeChatPayNotificationConfig {
  /** 商户号: a decrypted resource for another merchant is refused */
  mchId: string;
  /** APIv3 密钥, 32 ASCII characters set in the merchant platform; decrypts `resource` */
  apiV3Key: string;
  /**
   * `Wechatpay-Serial` → verifying key: platform certificates by serial number, or the newer
   * 微信支付公钥 by its id (`PUB_KEY_ID_…`). Several at once while WeChat rotates its certificate.
   */
  platformKeys: ReadonlyMap<string, KeyObject>;
}

/** A platform certificate or a 微信支付公钥, as PEM, to the key that verifies notification signatures. */
export function wechatPayVerifyingKey(pem: string): KeyObject {
  return pem.includes('BEGIN CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
}

export interface WeChatPayResource {
  algorithm: string;
  ciphertext: string;
  nonce: string;
  associated_data?: string;
  original_type?: string;
}

/**
 * AEAD_AES_256_GCM as WeChat Pay uses it: the APIv3 key's 32 bytes, a 12-character nonce and the
 * associated data as UTF-8, and `ciphertext` = base64(ciphertext ‖ 16-byte tag). Throws if the tag fails.
 */
export function decryptWeChatPayResource(apiV3Key: string, resource: Pick<WeChatPayResource, 'ciphertext' | 'nonce' | 'associated_data'>): string {
  const sealed = Buffer.from(resource.ciphertext, 'base64');
  if (sealed.length < GCM_TAG_BYTES) throw new Error('ciphertext is shorter than its tag');
  const decipher = createDecipheriv('aes-256-gcm', aesKey(apiV3Key), Buffer.from(resource.nonce, 'utf8'));
  decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
  decipher.setAuthTag(sealed.subarray(sealed.length - GCM_TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - GCM_TAG_BYTES)), decipher.final()]).toString('utf8');
}

/** The inverse of `decryptWeChatPayResource`: what WeChat Pay does before sending (tests, simulators). */
export function encryptWeChatPayResource(apiV3Key: string, plaintext: string, nonce: string, associatedData: string): WeChatPayResource {
  const cipher = createCipheriv('aes-256-gcm', aesKey(apiV3Key), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { algorithm: 'AEAD_AES_256_GCM', ciphertext: ciphertext.toString('base64'), nonce, associated_data: associatedData };
}

/** The string WeChat Pay signs for a notification (and for its API responses). */
export const wechatPaySignedMessage = (timestamp: string, nonce: string, body: string) => `${timestamp}\n${nonce}\n${body}\n`;

function aesKey(apiV3Key: string): Buffer {
  const key = Buffer.from(apiV3Key, 'utf8');
  if (key.length !== 32) throw new Error('the WeChat Pay APIv3 key must be 32 bytes');
  return key;
}

const Notification = z.object({
  id: z.string().min(1),
  create_time: z.string().optional(),
  event_type: z.string().min(1),
  resource_type: z.string().optional(),
  resource: z.object({
    algorithm: z.string(),
    ciphertext: z.string().min(1),
    nonce: z.string().min(1),
    associated_data: z.string().optional(),
    original_type: z.string().optional(),
  }),
});

const Transaction = z.object({
  mchid: z.string(),
  out_trade_no: z.string().min(1),
  transaction_id: z.string().min(1).optional(),
  /** SUCCESS | REFUND | NOTPAY | CLOSED | REVOKED | USERPAYING | PAYERROR */
  trade_state: z.string(),
  trade_state_desc: z.string().optional(),
  success_time: z.string().optional(),
  amount: z.object({ total: z.number().int().nonnegative() }),
});

const RefundNotice = z.object({
  mchid: z.string(),
  out_trade_no: z.string().min(1),
  transaction_id: z.string().min(1),
  out_refund_no: z.string().min(1),
  refund_id: z.string().min(1),
  /** SUCCESS | CLOSED | ABNORMAL */
  refund_status: z.string(),
  success_time: z.string().optional(),
  amount: z.object({ total: z.number().int().nonnegative(), refund: z.number().int().nonnegative() }),
});

/** The payment states that end a trade without money: it will never succeed. */
const failedTradeStates = new Set(['CLOSED', 'REVOKED', 'PAYERROR']);

/**
 * WeChat Pay API v3 notifications (支付通知 and 退款结果通知): RSA-SHA256 over
 * "timestamp\nnonce\nbody\n" with the platform key named by `Wechatpay-Serial`, then the resource
 * decrypted with the APIv3 key. WeChat also sends probes signed "WECHATPAY/SIGNTEST/…" to check that
 * merchants verify; those fail here like any bad signature.
 */
export class WeChatPayNotifications implements CallbackVerifier {
  readonly name = 'wechatpay' as const;

  constructor(private readonly config: WeChatPayNotificationConfig) {
    aesKey(config.apiV3Key);
  }

  async verifyCallback(request: CallbackRequest, now: number): Promise<PaymentEvent | null> {
    const timestamp = header(request, 'wechatpay-timestamp');
    const nonce = header(request, 'wechatpay-nonce');
    const signature = header(request, 'wechatpay-signature');
    const serial = header(request, 'wechatpay-serial');
    if (!timestamp || !nonce || !signature || !serial) throw badSignature('Wechatpay-Timestamp, -Nonce, -Signature and -Serial are required');
    const type = header(request, 'wechatpay-signature-type');
    if (type !== undefined && type !== SIGNATURE_TYPE) throw badSignature(`unsupported signature type ${type}`);
    const key = this.config.platformKeys.get(serial);
    if (!key) throw badSignature('Wechatpay-Serial names no platform key we hold');
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now - Number(timestamp) * 1000) > WECHATPAY_TOLERANCE_MS) {
      throw badSignature('Wechatpay-Timestamp is outside the 5 minute tolerance');
    }
    const message = Buffer.from(wechatPaySignedMessage(timestamp, nonce, request.body), 'utf8');
    if (!rsaSha256Verifies(message, key, signature)) throw badSignature('signature does not match');

    const notification = parseJson(Notification, request.body, 'notification');
    if (notification.resource.algorithm !== 'AEAD_AES_256_GCM') {
      throw malformedCallback(`unsupported resource algorithm ${notification.resource.algorithm}`);
    }
    let plaintext: string;
    try {
      plaintext = decryptWeChatPayResource(this.config.apiV3Key, notification.resource);
    } catch {
      // The signature was good, so this is a wrong APIv3 key rather than an attacker: still nothing to apply.
      throw badSignature('resource does not decrypt with the APIv3 key');
    }
    const at = (time: string | undefined) => {
      const parsed = time === undefined ? NaN : Date.parse(time);
      return Number.isFinite(parsed) ? parsed : now;
    };

    if (notification.event_type.startsWith('TRANSACTION.')) {
      const trade = parseJson(Transaction, plaintext, 'transaction resource');
      this.assertMerchant(trade.mchid);
      if (trade.trade_state !== 'SUCCESS' && !failedTradeStates.has(trade.trade_state)) return null;
      const base = {
        providerEventId: notification.id,
        paymentId: trade.out_trade_no,
        providerPaymentId: trade.transaction_id ?? null,
        amountFen: trade.amount.total,
      };
      if (trade.trade_state === 'SUCCESS') {
        if (!trade.transaction_id) throw malformedCallback('a successful transaction has no transaction_id');
        return { ...base, type: 'payment.succeeded', at: at(trade.success_time) };
      }
      return { ...base, type: 'payment.failed', at: at(notification.create_time), reason: trade.trade_state_desc ?? trade.trade_state };
    }
    if (notification.event_type.startsWith('REFUND.')) {
      const refund = parseJson(RefundNotice, plaintext, 'refund resource');
      this.assertMerchant(refund.mchid);
      const base = {
        providerEventId: notification.id,
        paymentId: refund.out_trade_no,
        providerPaymentId: refund.transaction_id,
        amountFen: refund.amount.refund,
        refundId: refund.out_refund_no,
        providerRefundId: refund.refund_id,
      };
      if (refund.refund_status === 'SUCCESS') return { ...base, type: 'refund.succeeded', at: at(refund.success_time) };
      return { ...base, type: 'refund.failed', at: at(notification.create_time), reason: refund.refund_status };
    }
    return null;
  }

  acknowledge(accepted: boolean, message = 'rejected'): CallbackAcknowledgement {
    // Success is a bare 200/204; anything else makes WeChat retry (15s, 15s, 30s, 3m, … over 24 h).
    return accepted
      ? { statusCode: 204, contentType: 'application/json', body: '' }
      : { statusCode: 400, contentType: 'application/json', body: JSON.stringify({ code: 'FAIL', message }) };
  }

  private assertMerchant(mchid: string) {
    if (mchid !== this.config.mchId) throw badSignature('notification is for another merchant');
  }
}

function parseJson<T>(schema: z.ZodType<T>, text: string, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw malformedCallback(`${what} is not JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw malformedCallback(`${what} has an unexpected shape`, { issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
  return parsed.data;
}
