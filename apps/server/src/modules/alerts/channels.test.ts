import { webcrypto } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRequest, secretHint, send, urlHint, type ChannelTarget } from './channels.js';
import { testNotice } from './message.js';
import { startReceiver, type Receiver } from './test-kit.js';

/** HMAC-SHA256 through WebCrypto: a second implementation, so the check does not share code with the sender. */
async function hmac(key: string, message: string): Promise<Buffer> {
  const imported = await webcrypto.subtle.importKey('raw', new TextEncoder().encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return Buffer.from(await webcrypto.subtle.sign('HMAC', imported, new TextEncoder().encode(message)));
}

const notice = testNotice('ch-1', '运营群', Date.UTC(2025, 5, 1, 12, 30), 'Asia/Shanghai');
const fast = { timeoutMs: 2_000, retryDelayMs: 10 };

describe('channel deliveries to a real HTTP receiver', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());

  const deliver = (target: ChannelTarget, now = Date.now(), options = fast) => send(target.kind, () => buildRequest(target, notice, now), options);

  it('webhook: JSON body signed X-LiveDesk-Signature: sha256=<hex HMAC of the body>, with the timestamp', async () => {
    const secret = 'whsec-0123456789abcdef';
    const now = Date.now();
    const outcome = await deliver({ kind: 'webhook', url: receiver.url('/hooks/livedesk'), secret }, now);
    expect(outcome).toEqual({ ok: true, attempts: 1, status: 200, error: null });
    const got = receiver.received.at(-1)!;
    expect(got).toMatchObject({ method: 'POST', url: '/hooks/livedesk' });
    expect(got.headers['x-livedesk-timestamp']).toBe(String(now));
    expect(got.headers['x-livedesk-signature']).toBe(`sha256=${(await hmac(secret, got.body)).toString('hex')}`);
    expect(JSON.parse(got.body)).toMatchObject({ type: 'test', channelId: 'ch-1', sentAt: now, text: expect.stringContaining('运营群') });
    // A body changed in transit no longer matches.
    expect(got.headers['x-livedesk-signature']).not.toBe(`sha256=${(await hmac(secret, `${got.body} `)).toString('hex')}`);
  });

  it('DingTalk: markdown message, signed with &timestamp=<ms>&sign=<urlencoded base64 HMAC(secret, ts\\nsecret)>', async () => {
    const secret = 'SECa1b2c3d4e5f60718293a4b5c6d7e8f90';
    const now = Date.now();
    const outcome = await deliver({ kind: 'dingtalk', url: receiver.url('/robot/send?access_token=tok123'), secret }, now);
    expect(outcome.ok).toBe(true);
    const got = receiver.received.at(-1)!;
    const query = new URL(got.url, 'http://x').searchParams;
    expect(query.get('access_token')).toBe('tok123');
    expect(query.get('timestamp')).toBe(String(now));
    expect(query.get('sign')).toBe((await hmac(secret, `${now}\n${secret}`)).toString('base64'));
    // base64's + / = arrive percent-encoded, as DingTalk requires
    expect(got.url).not.toMatch(/sign=[^&]*[+/=]/);
    const body = JSON.parse(got.body);
    expect(body).toEqual({ msgtype: 'markdown', markdown: { title: 'LiveDesk 告警测试', text: expect.stringContaining('**通道**：运营群') } });
  });

  it('DingTalk without a secret (keyword security) sends no signature', async () => {
    await deliver({ kind: 'dingtalk', url: receiver.url('/robot/send?access_token=tok123'), secret: null });
    const query = new URL(receiver.received.at(-1)!.url, 'http://x').searchParams;
    expect([...query.keys()]).toEqual(['access_token']);
  });

  it('WeCom: markdown msgtype, the key in the URL, no signing', async () => {
    const outcome = await deliver({ kind: 'wecom', url: receiver.url('/cgi-bin/webhook/send?key=693a91f6'), secret: null });
    expect(outcome.ok).toBe(true);
    const got = receiver.received.at(-1)!;
    expect(got.url).toBe('/cgi-bin/webhook/send?key=693a91f6');
    expect(JSON.parse(got.body)).toEqual({ msgtype: 'markdown', markdown: { content: expect.stringContaining('> 通道：运营群') } });
  });

  it('Feishu: interactive card, timestamp (s) and sign = base64 HMAC keyed by ts\\nsecret over an empty message', async () => {
    const secret = 'feishu-secret-42';
    const now = Date.now();
    const outcome = await deliver({ kind: 'feishu', url: receiver.url('/open-apis/bot/v2/hook/abc'), secret }, now);
    expect(outcome.ok).toBe(true);
    const body = JSON.parse(receiver.received.at(-1)!.body);
    const seconds = String(Math.floor(now / 1000));
    expect(body.timestamp).toBe(seconds);
    expect(body.sign).toBe((await hmac(`${seconds}\n${secret}`, '')).toString('base64'));
    expect(body).toMatchObject({
      msg_type: 'interactive',
      card: { header: { title: { tag: 'plain_text', content: 'LiveDesk 告警测试' } }, elements: [{ tag: 'div', text: { tag: 'lark_md' } }] },
    });
  });

  it('retries once after a 5xx, re-signing with the new time', async () => {
    receiver.answers.push({ status: 502, body: {} });
    const before = receiver.received.length;
    let clock = 1_000_000;
    const target: ChannelTarget = { kind: 'dingtalk', url: receiver.url('/robot/send?access_token=t'), secret: 'SECretry0123456' };
    const outcome = await send(target.kind, () => buildRequest(target, notice, clock++), fast);
    expect(outcome).toEqual({ ok: true, attempts: 2, status: 200, error: null });
    const stamps = receiver.received.slice(before).map((r) => new URL(r.url, 'http://x').searchParams.get('timestamp'));
    expect(stamps).toEqual(['1000000', '1000001']);
  });

  it('gives up after the one retry', async () => {
    receiver.answers.push({ status: 500, body: {} }, { status: 503, body: {} });
    const outcome = await deliver({ kind: 'webhook', url: receiver.url('/hooks/down'), secret: 'whsec-0123456789abcdef' });
    expect(outcome).toEqual({ ok: false, attempts: 2, status: 503, error: 'http_503' });
  });

  it('a robot that refuses (HTTP 200, errcode ≠ 0) is a failure and is not retried', async () => {
    receiver.answers.push({ status: 200, body: { errcode: 310000, errmsg: 'sign not match' } });
    const before = receiver.received.length;
    const outcome = await deliver({ kind: 'dingtalk', url: receiver.url('/robot/send?access_token=t'), secret: 'SECwrong0123456' });
    expect(outcome).toEqual({ ok: false, attempts: 1, status: 200, error: 'errcode 310000: sign not match' });
    expect(receiver.received.length - before).toBe(1);
  });

  it('Feishu refusals carry `code`', async () => {
    receiver.answers.push({ status: 200, body: { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time' } });
    const outcome = await deliver({ kind: 'feishu', url: receiver.url('/open-apis/bot/v2/hook/abc'), secret: 'feishu-secret-42' });
    expect(outcome).toMatchObject({ ok: false, attempts: 1, error: expect.stringContaining('19021') });
  });

  it('times out a receiver that never answers, twice', async () => {
    receiver.answers.push('hang', 'hang');
    const outcome = await deliver({ kind: 'wecom', url: receiver.url('/cgi-bin/webhook/send?key=k'), secret: null }, Date.now(), { timeoutMs: 150, retryDelayMs: 10 });
    expect(outcome).toEqual({ ok: false, attempts: 2, status: null, error: 'timeout' });
  });

  it('reports a refused connection as a network failure', async () => {
    const closed = await startReceiver();
    const url = closed.url('/gone');
    await closed.close();
    expect(await deliver({ kind: 'webhook', url, secret: 'whsec-0123456789abcdef' })).toEqual({ ok: false, attempts: 2, status: null, error: 'network' });
  });
});

describe('hints', () => {
  it('show where a channel points without the token or the secret', () => {
    expect(urlHint('https://oapi.dingtalk.com/robot/send?access_token=8a7f6e5d4c3b2a19')).toBe('https://oapi.dingtalk.com/••••2a19');
    expect(urlHint('https://example.com/x')).toBe('https://example.com/••••');
    expect(secretHint('SECa1b2c3d4e5f60718293a4b5c6d7e8f90')).toBe('••••8f90');
    expect(secretHint('short-secret')).toBe('••••');
  });
});
