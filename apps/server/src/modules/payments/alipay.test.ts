import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.js';
import { alipaySignContent, AlipayNotifications, parseAlipayForm, parseAlipayTime, yuanToFen } from './alipay.js';

// Vectors built from Alipay's published notify format: Alipay's key pair is made here, the parameters
// signed RSA2 the way Alipay signs them, then form-encoded as the POST body it sends.
const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 });
const impostor = generateKeyPairSync('rsa', { modulusLength: 2048 });
const APP_ID = '2021000117650139';
const NOW = Date.parse('2026-03-01T12:00:00+08:00');
const verifier = new AlipayNotifications({ appId: APP_ID, alipayPublicKey: alipay.publicKey });

const notifyParams = (overrides: Record<string, string> = {}): Record<string, string> => ({
  gmt_create: '2026-03-01 11:59:02',
  charset: 'utf-8',
  seller_email: 'shop@example.com',
  subject: '直播间 订单 12.30 元',
  buyer_id: '2088102177846880',
  invoice_amount: '12.30',
  notify_id: '2026030100222115903046880512345678',
  fund_bill_list: '[{"amount":"12.30","fundChannel":"ALIPAYACCOUNT"}]',
  notify_type: 'trade_status_sync',
  trade_status: 'TRADE_SUCCESS',
  receipt_amount: '12.30',
  app_id: APP_ID,
  buyer_pay_amount: '12.30',
  seller_id: '2088102177649450',
  gmt_payment: '2026-03-01 11:59:30',
  notify_time: '2026-03-01 11:59:31',
  version: '1.0',
  out_trade_no: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  total_amount: '12.30',
  trade_no: '2026030122001446880500001234',
  auth_app_id: APP_ID,
  buyer_logon_id: 'abc***@example.com',
  point_amount: '0.00',
  body: '',
  ...overrides,
});

/** Signs like Alipay (sorted, without sign/sign_type/empties, raw values) and form-encodes like Alipay. */
function delivered(params: Record<string, string>, key = alipay.privateKey) {
  const content = alipaySignContent(new Map(Object.entries(params)));
  const signature = sign('RSA-SHA256', Buffer.from(content, 'utf8'), key).toString('base64');
  return {
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: new URLSearchParams({ ...params, sign_type: 'RSA2', sign: signature }).toString(),
  };
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('Alipay async notifications', () => {
  it('converts yuan strings to fen exactly, without floats', () => {
    expect(yuanToFen('12.30')).toBe(1230);
    expect(yuanToFen('12.3')).toBe(1230);
    expect(yuanToFen('0.01')).toBe(1);
    expect(yuanToFen('0.29')).toBe(29); // 0.29 * 100 = 28.999999999999996 in floating point
    expect(yuanToFen('1.15')).toBe(115); // 1.15 * 100 = 114.99999999999999
    expect(yuanToFen('100')).toBe(10000);
    expect(yuanToFen('99999999.99')).toBe(9_999_999_999);
    for (const bad of ['', '-1.00', '1.234', '01.00', '1.', '.5', '1e3', ' 1.00', '1,00', 'NaN']) {
      expect(() => yuanToFen(bad)).toThrow(AppError);
    }
  });

  it('builds the signed content: sorted, no sign or sign_type, no empty values, decoded values', () => {
    const params = parseAlipayForm('b=2&sign=xyz&a=%E4%B8%AD+%26&sign_type=RSA2&c=&aa=1');
    expect(alipaySignContent(params)).toBe('a=中 &&aa=1&b=2');
    expect(() => parseAlipayForm('a=1&a=2')).toThrow(AppError);
  });

  it('reads Alipay times as Beijing time', () => {
    expect(parseAlipayTime('2026-03-01 11:59:30')).toBe(Date.parse('2026-03-01T03:59:30Z'));
    expect(parseAlipayTime('2026-03-01T11:59:30')).toBeUndefined();
    expect(parseAlipayTime(undefined)).toBeUndefined();
  });

  it('accepts a correctly signed TRADE_SUCCESS and maps it', async () => {
    const event = await verifier.verifyCallback(delivered(notifyParams()), NOW);
    expect(event).toEqual({
      providerEventId: '2026030100222115903046880512345678',
      type: 'payment.succeeded',
      paymentId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      providerPaymentId: '2026030122001446880500001234',
      amountFen: 1230,
      at: Date.parse('2026-03-01T03:59:30Z'),
    });
    const finished = await verifier.verifyCallback(delivered(notifyParams({ trade_status: 'TRADE_FINISHED' })), NOW);
    expect(finished?.type).toBe('payment.succeeded');
  });

  it('rejects a tampered body, a wrong or missing signature, a weaker sign type and another app', async () => {
    const good = delivered(notifyParams());
    const cases = [
      { ...good, body: good.body.replace('total_amount=12.30', 'total_amount=1230.00') },
      { ...good, body: good.body.replace('out_trade_no=0190a1b2', 'out_trade_no=0190a1b3') },
      // an empty value is unsigned, but a value where there was none is not
      { ...good, body: good.body.replace('body=&', 'body=x&') },
      delivered(notifyParams(), impostor.privateKey),
      { ...good, body: good.body.replace(/&sign=[^&]*/, '') },
      { ...good, body: good.body.replace('sign_type=RSA2', 'sign_type=RSA') },
      delivered(notifyParams({ app_id: '2021000000000000' })),
    ];
    for (const request of cases) {
      const err = await rejection(verifier.verifyCallback(request, NOW));
      expect(err.code).toBe('unauthorized');
    }
    const gbk = await rejection(verifier.verifyCallback(delivered(notifyParams({ charset: 'GBK' })), NOW));
    expect(gbk.code).toBe('unauthorized');
  });

  it('maps TRADE_CLOSED to a failure, ignores waiting trades and refund follow-ups', async () => {
    const closed = await verifier.verifyCallback(delivered(notifyParams({ trade_status: 'TRADE_CLOSED', gmt_close: '2026-03-01 12:30:00', gmt_payment: '' })), NOW);
    expect(closed).toMatchObject({ type: 'payment.failed', at: Date.parse('2026-03-01T04:30:00Z') });
    expect(await verifier.verifyCallback(delivered(notifyParams({ trade_status: 'WAIT_BUYER_PAY' })), NOW)).toBeNull();
    const afterRefund = notifyParams({ out_biz_no: 'refund-1', refund_fee: '5.00', gmt_refund: '2026-03-02 10:00:00.123' });
    expect(await verifier.verifyCallback(delivered(afterRefund), NOW)).toBeNull();
    expect(await verifier.verifyCallback(delivered({ ...afterRefund, trade_status: 'TRADE_CLOSED' }), NOW)).toBeNull();
  });

  it('refuses an authentic notification without the fields it needs', async () => {
    const params = notifyParams();
    delete params.out_trade_no;
    expect((await rejection(verifier.verifyCallback(delivered(params), NOW))).code).toBe('validation');
    expect((await rejection(verifier.verifyCallback(delivered(notifyParams({ total_amount: '12.345' })), NOW))).code).toBe('validation');
  });
});
