import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.js';
import {
  decryptWeChatPayResource,
  encryptWeChatPayResource,
  wechatPaySignedMessage,
  WeChatPayNotifications,
  wechatPayVerifyingKey,
} from './wechatpay.js';

// Vectors built from the published v3 formats: the platform's key pair is made here and used the way
// WeChat Pay uses it (RSA-SHA256 over "timestamp\nnonce\nbody\n", base64), the resource sealed with
// AEAD_AES_256_GCM under the APIv3 key.
const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const impostor = generateKeyPairSync('rsa', { modulusLength: 2048 });
const SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
const API_V3_KEY = 'a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6';
const MCH_ID = '1900000109';
const NOW = Date.parse('2026-03-01T12:00:00+08:00');

const verifier = new WeChatPayNotifications({
  mchId: MCH_ID,
  apiV3Key: API_V3_KEY,
  platformKeys: new Map([[SERIAL, wechatPayVerifyingKey(platform.publicKey.export({ type: 'spki', format: 'pem' }).toString())]]),
});

const transaction = (overrides: Record<string, unknown> = {}) => ({
  appid: 'wxd678efh567hg6787',
  mchid: MCH_ID,
  out_trade_no: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  transaction_id: '4200000000202603011234567890',
  trade_type: 'NATIVE',
  trade_state: 'SUCCESS',
  trade_state_desc: '支付成功',
  bank_type: 'CMC',
  success_time: '2026-03-01T11:59:30+08:00',
  payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
  amount: { total: 1230, payer_total: 1230, currency: 'CNY', payer_currency: 'CNY' },
  ...overrides,
});

function notification(resource: object, eventType = 'TRANSACTION.SUCCESS', resourceType = 'transaction') {
  return JSON.stringify({
    id: `EV-${randomBytes(8).toString('hex')}`,
    create_time: '2026-03-01T11:59:31+08:00',
    resource_type: 'encrypt-resource',
    event_type: eventType,
    summary: '支付成功',
    resource: { ...encryptWeChatPayResource(API_V3_KEY, JSON.stringify(resource), randomBytes(6).toString('hex'), resourceType), original_type: resourceType },
  });
}

function delivered(body: string, options: { at?: number; key?: typeof platform.privateKey; serial?: string; nonce?: string } = {}) {
  const timestamp = String(Math.floor((options.at ?? NOW) / 1000));
  const nonce = options.nonce ?? randomBytes(16).toString('hex');
  const signature = sign('RSA-SHA256', Buffer.from(wechatPaySignedMessage(timestamp, nonce, body)), options.key ?? platform.privateKey).toString('base64');
  return {
    headers: {
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': nonce,
      'wechatpay-signature': signature,
      'wechatpay-serial': options.serial ?? SERIAL,
      'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
    },
    body,
  };
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('WeChat Pay v3 notifications', () => {
  it('round-trips an AEAD_AES_256_GCM resource and refuses a tampered one', () => {
    const sealed = encryptWeChatPayResource(API_V3_KEY, '{"hello":"微信"}', 'fdasflkja484', 'transaction');
    expect(decryptWeChatPayResource(API_V3_KEY, sealed)).toBe('{"hello":"微信"}');
    // ciphertext = base64(ct ‖ 16-byte tag): the plaintext's length plus the tag
    expect(Buffer.from(sealed.ciphertext, 'base64').length).toBe(Buffer.byteLength('{"hello":"微信"}') + 16);
    expect(() => decryptWeChatPayResource(API_V3_KEY, { ...sealed, associated_data: 'refund' })).toThrow();
    expect(() => decryptWeChatPayResource(API_V3_KEY, { ...sealed, nonce: 'fdasflkja485' })).toThrow();
    const flipped = Buffer.from(sealed.ciphertext, 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => decryptWeChatPayResource(API_V3_KEY, { ...sealed, ciphertext: flipped.toString('base64') })).toThrow();
    expect(() => decryptWeChatPayResource('b'.repeat(32), sealed)).toThrow();
  });

  it('accepts a correctly signed payment notification and maps it', async () => {
    const body = notification(transaction());
    const event = await verifier.verifyCallback(delivered(body), NOW);
    expect(event).toEqual({
      providerEventId: JSON.parse(body).id,
      type: 'payment.succeeded',
      paymentId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      providerPaymentId: '4200000000202603011234567890',
      amountFen: 1230,
      at: Date.parse('2026-03-01T03:59:30Z'),
    });
  });

  it('rejects a tampered body, a wrong signature, a stale or future timestamp and an unknown serial', async () => {
    const body = notification(transaction());
    const good = delivered(body);
    const cases = [
      { ...good, body: body.replace('TRANSACTION.SUCCESS', 'TRANSACTION.SUCCESs') },
      { ...good, body: `${body} ` },
      delivered(body, { key: impostor.privateKey }),
      { ...good, headers: { ...good.headers, 'wechatpay-signature': `${good.headers['wechatpay-signature'].slice(0, -4)}AAA=` } },
      { ...good, headers: { ...good.headers, 'wechatpay-signature': 'WECHATPAY/SIGNTEST/9bC7' } },
      // the timestamp is part of what is signed: moving it breaks the signature
      { ...good, headers: { ...good.headers, 'wechatpay-timestamp': String(Number(good.headers['wechatpay-timestamp']) + 1) } },
      { ...good, headers: { ...good.headers, 'wechatpay-nonce': 'another-nonce' } },
      delivered(body, { at: NOW - 6 * 60_000 }),
      delivered(body, { at: NOW + 6 * 60_000 }),
      delivered(body, { serial: 'FFFF' }),
      { ...good, headers: { ...good.headers, 'wechatpay-signature-type': 'WECHATPAY2-SM2-WITH-SM3' } },
      { ...good, headers: { ...good.headers, 'wechatpay-serial': undefined } },
    ];
    for (const request of cases) {
      const err = await rejection(verifier.verifyCallback(request, NOW));
      expect(err.code).toBe('unauthorized');
    }
    // within the tolerance it is still fine
    expect(await verifier.verifyCallback(delivered(body, { at: NOW - 4 * 60_000 }), NOW)).not.toBeNull();
  });

  it('refuses a resource sealed with another APIv3 key or for another merchant', async () => {
    const wrongKey = JSON.parse(notification(transaction()));
    wrongKey.resource = encryptWeChatPayResource('z'.repeat(32), JSON.stringify(transaction()), 'abcdefabcdef', 'transaction');
    const body = JSON.stringify(wrongKey);
    expect((await rejection(verifier.verifyCallback(delivered(body), NOW))).code).toBe('unauthorized');
    const otherMerchant = notification(transaction({ mchid: '1900000110' }));
    expect((await rejection(verifier.verifyCallback(delivered(otherMerchant), NOW))).code).toBe('unauthorized');
  });

  it('maps failed and in-progress trade states', async () => {
    const closed = await verifier.verifyCallback(
      delivered(notification(transaction({ trade_state: 'PAYERROR', trade_state_desc: '支付失败', transaction_id: undefined }))),
      NOW,
    );
    expect(closed).toMatchObject({ type: 'payment.failed', providerPaymentId: null, reason: '支付失败', amountFen: 1230 });
    for (const state of ['USERPAYING', 'NOTPAY']) {
      expect(await verifier.verifyCallback(delivered(notification(transaction({ trade_state: state }))), NOW)).toBeNull();
    }
    const malformed = await rejection(verifier.verifyCallback(delivered(notification({ mchid: MCH_ID, trade_state: 'SUCCESS' })), NOW));
    expect(malformed.code).toBe('validation');
  });

  it('maps refund notifications', async () => {
    const refund = {
      mchid: MCH_ID,
      out_trade_no: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      transaction_id: '4200000000202603011234567890',
      out_refund_no: '0190a1b2-ffff-7e5f-8a9b-0c1d2e3f4a5b',
      refund_id: '50000000382019052709732678859',
      refund_status: 'SUCCESS',
      success_time: '2026-03-01T11:59:50+08:00',
      user_received_account: '招商银行信用卡0403',
      amount: { total: 1230, refund: 500, payer_total: 1230, payer_refund: 500 },
    };
    const ok = await verifier.verifyCallback(delivered(notification(refund, 'REFUND.SUCCESS', 'refund')), NOW);
    expect(ok).toMatchObject({
      type: 'refund.succeeded',
      paymentId: refund.out_trade_no,
      refundId: refund.out_refund_no,
      providerRefundId: refund.refund_id,
      amountFen: 500,
      at: Date.parse('2026-03-01T03:59:50Z'),
    });
    const abnormal = await verifier.verifyCallback(delivered(notification({ ...refund, refund_status: 'ABNORMAL' }, 'REFUND.ABNORMAL', 'refund')), NOW);
    expect(abnormal).toMatchObject({ type: 'refund.failed', reason: 'ABNORMAL' });
  });

  it('takes a 微信支付公钥 PEM as the verifying key', () => {
    const pem = platform.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(wechatPayVerifyingKey(pem).asymmetricKeyType).toBe('rsa');
    expect(() => wechatPayVerifyingKey('-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----')).toThrow();
  });
});
