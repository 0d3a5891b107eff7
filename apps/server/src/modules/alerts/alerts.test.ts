import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../../config.js';
import { PiiCipher } from '../../lib/crypto.js';
import { loadSecrets } from '../../lib/secrets.js';
import { systemClock } from '../../lib/time.js';
import { waitFor } from '../../infra/testing/wait.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import type { SessionSeries } from '../analytics/ports.js';
import { AlertEvaluator } from './evaluator.js';
import { AlertNotifier } from './notifier.js';
import { MINUTE_MS } from './rules.js';
import { minutesOf, seriesReader, startReceiver, type Receiver } from './test-kit.js';

describe('alerts API', () => {
  let t: TestApp;
  let owner: string;
  let analyst: string;
  let receiver: Receiver;
  const series = new Map<string, SessionSeries>();

  beforeAll(async () => {
    t = await startTestApp();
    owner = (await t.login()).token;
    analyst = (await t.memberWithRole('analyst')).token;
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, token = owner) =>
    t.request({ method, url: `/api/v1/alerts${url}`, token, ...(body === undefined ? {} : { body }) });

  /** The evaluator of this app's database, fed hand-made series through the aggregator's port. */
  function evaluator() {
    const pii = new PiiCipher(loadSecrets(loadConfig({ LIVEDESK_DATA_DIR: t.dataDir })).pii);
    const { db, fanout } = t.livedesk.infra;
    const notifier = new AlertNotifier(db, pii, fanout, systemClock, { timeoutMs: 2_000, retryDelayMs: 10 });
    return new AlertEvaluator({ db, metrics: seriesReader(series), notifier, clock: systemClock, onError: (err) => { throw err; } });
  }

  async function liveShow(title: string) {
    const created = await t.request({ method: 'POST', url: '/api/v1/live-sessions', token: owner, body: { title } });
    const started = await t.request({ method: 'POST', url: `/api/v1/live-sessions/${created.body.id}/start`, token: owner });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    return { id: created.body.id as string, orgId: started.body.orgId as string, startedAt: started.body.startedAt as number };
  }

  it('reading needs analytics:read, changing needs alerts:manage', async () => {
    expect((await call('GET', '/rules', undefined, analyst)).status).toBe(200);
    expect((await call('GET', '/channels', undefined, analyst)).status).toBe(200);
    expect((await call('GET', '', undefined, analyst)).status).toBe(200);
    const refused = await call('POST', '/rules', { name: 'x', metric: 'online', condition: { kind: 'threshold', op: '<', value: 1 } }, analyst);
    expect(refused.status).toBe(403);
    expect(refused.body.error.details).toEqual({ required: 'alerts:manage' });
    const service = (await t.memberWithRole('customer_service')).token;
    expect((await call('GET', '', undefined, service)).status).toBe(403);
  });

  it('is documented in the OpenAPI document', async () => {
    const { paths } = (await t.request({ method: 'GET', url: '/api/docs/json' })).body;
    for (const path of ['/api/v1/alerts', '/api/v1/alerts/rules', '/api/v1/alerts/rules/{id}', '/api/v1/alerts/channels', '/api/v1/alerts/channels/{id}', '/api/v1/alerts/channels/{id}/test', '/api/v1/alerts/{id}/acknowledge']) {
      expect(paths, path).toHaveProperty([path]);
    }
    expect(paths['/api/v1/alerts/channels'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('secret');
    expect(Object.keys(paths['/api/v1/alerts/channels'].get.responses['200'].content['application/json'].schema.properties.items.items.properties)).not.toContain('secret');
  });

  it('rules: created with defaults, replaced, deleted, each change audited', async () => {
    const created = await call('POST', '/rules', { name: '评论异常', metric: 'comments', condition: { kind: 'zscore', baseline: 'session' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      name: '评论异常', enabled: true, liveSessionId: null, cooldownMinutes: 10, channelIds: [],
      condition: { kind: 'zscore', baseline: 'session', zThreshold: 3.5, direction: 'both', minCount: 20, pastShows: 10 },
    });
    const id = created.body.id;

    const replaced = await call('PUT', `/rules/${id}`, { name: '评论骤降', metric: 'comments', condition: { kind: 'drop', dropPct: 40 }, cooldownMinutes: 5 });
    expect(replaced.body).toMatchObject({ id, name: '评论骤降', condition: { kind: 'drop', dropPct: 40, minCount: 20 }, cooldownMinutes: 5 });
    expect((await call('GET', '/rules')).body.items.find((r: { id: string }) => r.id === id)).toEqual(replaced.body);

    const audit = await t.request({ method: 'GET', url: `/api/v1/audit-log?targetId=${id}`, token: owner });
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['alert.rule.update', 'alert.rule.create']);
    expect(audit.body.items[0].changes.map((c: { field: string }) => c.field)).toEqual(['name', 'condition', 'cooldownMinutes']);

    expect((await call('DELETE', `/rules/${id}`)).status).toBe(204);
    expect((await call('DELETE', `/rules/${id}`)).body.error.code).toBe('not_found');
  });

  it('rules: refuses what cannot work, with codes', async () => {
    const base = { name: 'r', metric: 'online', condition: { kind: 'threshold', op: '<', value: 5 } };
    expect((await call('POST', '/rules', { ...base, condition: { kind: 'drop', dropPct: 0 } })).body.error.code).toBe('validation');
    expect((await call('POST', '/rules', { ...base, metric: 'pv' })).body.error.code).toBe('validation');
    const unknownShow = await call('POST', '/rules', { ...base, liveSessionId: 'no-such-show' });
    expect([unknownShow.status, unknownShow.body.error.code]).toEqual([404, 'not_found']);
    const unknownChannel = await call('POST', '/rules', { ...base, channelIds: ['no-such-channel'] });
    expect(unknownChannel.status).toBe(400);
    expect(unknownChannel.body.error.details).toEqual({ reason: 'unknown_channel', channelIds: ['no-such-channel'] });
  });

  it('channels: secrets are stored encrypted and never come back, only as hints', async () => {
    const token = 'd1e2a3d4b5e6e7f8a9b0c1d2e3f4a5b6';
    const secret = 'SEC5a3ecf88f2b3eb50db30ecfc00f53033';
    const created = await call('POST', '/channels', { name: '钉钉运营群', kind: 'dingtalk', url: `https://oapi.dingtalk.com/robot/send?access_token=${token}`, secret });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ kind: 'dingtalk', enabled: true, urlHint: 'https://oapi.dingtalk.com/••••a5b6', secretHint: '••••3033' });

    const id = created.body.id;
    const updated = await call('PATCH', `/channels/${id}`, { name: '钉钉值班群', secret: `${secret}-rotated` });
    const reads = [created, updated, await call('GET', '/channels'), await call('GET', '/channels', undefined, analyst)];
    const audit = await t.request({ method: 'GET', url: `/api/v1/audit-log?targetId=${id}`, token: owner });
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['alert.channel.update', 'alert.channel.create']);
    for (const res of [...reads, audit]) {
      const text = JSON.stringify(res.body);
      expect(text).not.toContain(token);
      expect(text).not.toContain(secret.slice(3, 20));
    }
    const row = await t.livedesk.infra.db.kysely.selectFrom('alert_channels').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.url_enc).not.toContain(token);
    expect(row.secret_enc).not.toContain(secret.slice(3, 20));
  });

  it('channels: a webhook must sign, a WeCom robot cannot, and a channel in use is not deleted', async () => {
    const noSecret = await call('POST', '/channels', { name: 'hook', kind: 'webhook', url: receiver.url('/hook') });
    expect([noSecret.status, noSecret.body.error.details]).toEqual([400, { reason: 'secret_required' }]);
    const wecomSecret = await call('POST', '/channels', { name: '企微', kind: 'wecom', url: receiver.url('/cgi-bin/webhook/send?key=k'), secret: 'not-a-thing-wecom-has' });
    expect(wecomSecret.body.error.details).toEqual({ reason: 'secret_not_supported' });
    expect((await call('POST', '/channels', { name: 'ftp', kind: 'webhook', url: 'ftp://example.com/x', secret: 'whsec-0123456789' })).status).toBe(400);

    const hook = await call('POST', '/channels', { name: 'hook', kind: 'webhook', url: receiver.url('/hook'), secret: 'whsec-0123456789' });
    expect((await call('PATCH', `/channels/${hook.body.id}`, { secret: null })).body.error.details).toEqual({ reason: 'secret_required' });
    const rule = await call('POST', '/rules', { name: '用到 hook', metric: 'online', condition: { kind: 'threshold', op: '<', value: 5 }, channelIds: [hook.body.id] });
    const inUse = await call('DELETE', `/channels/${hook.body.id}`);
    expect([inUse.status, inUse.body.error.details]).toEqual([409, { reason: 'channel_in_use', rules: [{ id: rule.body.id, name: '用到 hook' }] }]);
    await call('DELETE', `/rules/${rule.body.id}`);
    expect((await call('DELETE', `/channels/${hook.body.id}`)).status).toBe(204);
  });

  it('sends a test message and answers how the channel took it', async () => {
    const secret = 'feishu-test-secret';
    const channel = await call('POST', '/channels', { name: '飞书群', kind: 'feishu', url: receiver.url('/open-apis/bot/v2/hook/test'), secret });
    const res = await call('POST', `/channels/${channel.body.id}/test`);
    expect(res.body).toMatchObject({ channelId: channel.body.id, channelName: '飞书群', kind: 'feishu', ok: true, attempts: 1, status: 200, error: null });
    const body = JSON.parse(receiver.received.at(-1)!.body);
    expect(body.sign).toBe(createHmac('sha256', `${body.timestamp}\n${secret}`).update('').digest('base64'));
    expect(JSON.stringify(body.card)).toContain('飞书群');

    receiver.answers.push({ status: 200, body: { code: 19024, msg: 'Key Words Not Found' } });
    expect((await call('POST', `/channels/${channel.body.id}/test`)).body).toMatchObject({ ok: false, error: 'errcode 19024: Key Words Not Found' });
    expect((await call('POST', `/channels/${channel.body.id}/test`, undefined, analyst)).status).toBe(403);
  });

  it('fired alerts reach the console socket, the history and the curves, and are acknowledged once', async () => {
    await t.livedesk.http.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.livedesk.http.server.address() as { port: number };
    const frames: { type: string; alert?: { id: string; acknowledgedBy: unknown } }[] = [];
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api/v1/ws?token=${encodeURIComponent(analyst)}`);
    socket.on('message', (data) => frames.push(JSON.parse(String(data))));
    await waitFor(() => frames.some((f) => f.type === 'ready'), { what: 'socket ready' });

    const show = await liveShow('周五晚场');
    // Hand-made minutes a little in the past, so they have settled.
    const start = Math.floor(show.startedAt / MINUTE_MS) * MINUTE_MS - 5 * MINUTE_MS;
    series.set(show.id, {
      liveSessionId: show.id, orgId: show.orgId, startedAt: show.startedAt, endedAt: null,
      minutes: minutesOf(start, [80, 6, 0], (v) => ({ online: v, comments: v })), fillingMinute: start + 2 * MINUTE_MS,
    });
    for (const metric of ['online', 'comments']) {
      await call('POST', '/rules', { name: `${metric} 过低`, liveSessionId: show.id, metric, condition: { kind: 'threshold', op: '<', value: 10 } });
    }
    expect(await evaluator().run()).toBe(2);
    await waitFor(() => frames.filter((f) => f.type === 'alert.fired').length === 2, { what: 'alert frames' });

    const page = await call('GET', `?liveSessionId=${show.id}&limit=1`, undefined, analyst);
    expect(page.body.items).toHaveLength(1);
    const rest = await call('GET', `?liveSessionId=${show.id}&cursor=${page.body.nextCursor}`, undefined, analyst);
    expect(rest.body).toMatchObject({ items: [expect.anything()], nextCursor: null });
    const [alert] = page.body.items;
    expect(alert).toMatchObject({ liveSessionTitle: '周五晚场', minute: start + MINUTE_MS, value: 6, acknowledgedAt: null, deliveries: [] });

    const markers = await t.livedesk.services.alerts.markers(show.id);
    expect(markers).toEqual(expect.arrayContaining([{ kind: 'alert', startAt: start + MINUTE_MS, endAt: start + 2 * MINUTE_MS, label: 'online 过低：在线人数 6 < 10', productId: null }]));

    expect((await call('POST', `/${alert.id}/acknowledge`, undefined, analyst)).status).toBe(403);
    const acked = await call('POST', `/${alert.id}/acknowledge`);
    expect(acked.body).toMatchObject({ id: alert.id, acknowledgedBy: { name: 'owner' }, acknowledgedAt: expect.any(Number) });
    const again = await call('POST', `/${alert.id}/acknowledge`);
    expect([again.status, again.body.error.details.reason]).toEqual([409, 'already_acknowledged']);
    expect((await call('POST', '/no-such-alert/acknowledge')).status).toBe(404);
    await waitFor(() => frames.some((f) => f.type === 'alert.updated' && f.alert?.id === alert.id), { what: 'acknowledgement frame' });

    const open = await call('GET', `?liveSessionId=${show.id}&status=open`);
    const done = await call('GET', `?liveSessionId=${show.id}&status=acknowledged`);
    expect([open.body.items.length, done.body.items.map((a: { id: string }) => a.id)]).toEqual([1, [alert.id]]);
    socket.close();
  });

  it('an org\'s alerts stay inside it', async () => {
    const other = await t.request({ method: 'POST', url: '/api/v1/orgs', token: owner, body: { name: 'Other shop' } });
    expect(other.status, JSON.stringify(other.body)).toBe(201);
    const switched = await t.request({ method: 'POST', url: '/api/v1/auth/switch-org', token: owner, body: { orgId: other.body.id } });
    const elsewhere = switched.body.token as string;
    expect((await call('GET', '', undefined, elsewhere)).body.items).toEqual([]);
    expect((await call('GET', '/channels', undefined, elsewhere)).body.items).toEqual([]);
    const ours = (await call('GET', '')).body.items[0];
    expect((await call('POST', `/${ours.id}/acknowledge`, undefined, elsewhere)).status).toBe(404);
  });
});
