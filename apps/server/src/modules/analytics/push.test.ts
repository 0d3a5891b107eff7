import type { LiveMetricsSnapshot, MetricsServerFrame, MinuteBucket } from '@livedesk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { newId } from '../../lib/ids.js';
import { waitFor } from '../../infra/testing/wait.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { createSku } from '../../testing/commerce.js';
import { createShow } from '../../testing/live.js';
import { CachedMarkers, showMarkers } from './markers.js';
import { tickBetween } from './push.js';

type Tick = Extract<MetricsServerFrame, { type: 'metrics.tick' }>;

/** A console's socket on `/api/v1/ws`, keeping every frame it is pushed. */
class ConsoleSocket {
  readonly frames: MetricsServerFrame[] = [];
  private readonly socket: WebSocket;

  private constructor(base: string, token: string) {
    this.socket = new WebSocket(`${base}/api/v1/ws?token=${encodeURIComponent(token)}`);
    this.socket.on('message', (data) => this.frames.push(JSON.parse(String(data)) as MetricsServerFrame));
  }

  static async open(base: string, token: string): Promise<ConsoleSocket> {
    const socket = new ConsoleSocket(base, token);
    await waitFor(() => socket.frames.some((f) => (f as { type: string }).type === 'ready'), { what: 'socket ready' });
    return socket;
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  ticks(liveSessionId: string): Tick[] {
    return this.frames.filter((f): f is Tick => f.type === 'metrics.tick' && f.liveSessionId === liveSessionId);
  }

  async next<T extends MetricsServerFrame>(what: string, match: (frame: MetricsServerFrame) => frame is T, timeoutMs = 5_000): Promise<T> {
    await waitFor(() => this.frames.some(match), { what, timeoutMs });
    return this.frames.find(match) as T;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}

const isSnapshot = (liveSessionId: string) => (f: MetricsServerFrame): f is Extract<MetricsServerFrame, { type: 'metrics.snapshot' }> =>
  f.type === 'metrics.snapshot' && f.snapshot.liveSessionId === liveSessionId;
const isError = (liveSessionId: string) => (f: MetricsServerFrame): f is Extract<MetricsServerFrame, { type: 'metrics.error' }> =>
  f.type === 'metrics.error' && f.liveSessionId === liveSessionId;

let t: TestApp;
let owner: string;
let base: string;
let ingestKey: string;

beforeAll(async () => {
  t = await startTestApp();
  t.livedesk.analytics.start();
  owner = (await t.login()).token;
  await t.livedesk.http.listen({ port: 0, host: '127.0.0.1' });
  base = `ws://127.0.0.1:${(t.livedesk.http.server.address() as { port: number }).port}`;
  const key = await t.request({ method: 'POST', url: '/api/v1/api-keys', token: owner, body: { name: 'sdk', scopes: ['events:ingest'] } });
  ingestKey = key.body.key;
});
afterAll(async () => {
  await t.livedesk.analytics.stop();
  await t.close();
});

async function ingest(liveSessionId: string, events: { type: string; anonymousId: string; props?: Record<string, unknown> }[]) {
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/events',
    token: ingestKey,
    body: { events: events.map((e) => ({ id: newId(), ts: Date.now(), liveSessionId, ...e })) },
  });
  expect(res.body).toMatchObject({ accepted: events.length, rejected: [] });
}

describe('metrics pushed over the console socket', () => {
  it('sends a subscriber the snapshot, then ticks carrying what was ingested', async () => {
    const show = await createShow(t, owner, {}, 'start');
    const console_ = await ConsoleSocket.open(base, owner);
    console_.send({ type: 'metrics.subscribe', liveSessionId: show.id });
    const { snapshot } = await console_.next('snapshot', isSnapshot(show.id));
    expect(snapshot).toMatchObject({ liveSessionId: show.id, status: 'live', online: 0 });
    expect(snapshot.metrics.uv).toBe(0);

    await ingest(show.id, [
      { type: 'room.enter', anonymousId: 'viewer-a' },
      { type: 'room.enter', anonymousId: 'viewer-b' },
      { type: 'comment', anonymousId: 'viewer-a', props: { text: '主播好' } },
    ]);
    await waitFor(() => console_.ticks(show.id).some((f) => f.tick.metrics.uv === 2 && f.tick.online === 2), { what: 'a tick with two viewers', timeoutMs: 10_000 });
    const ticks = console_.ticks(show.id);
    const seen = ticks.find((f) => f.tick.metrics.uv === 2)!;
    expect(seen.tick).not.toHaveProperty('perMinute');
    expect(seen.tick).not.toHaveProperty('comments');
    // The filling minute is in every tick of a show on air.
    for (const { tick } of ticks) expect(tick.minutes.length).toBeGreaterThanOrEqual(1);
    expect(ticks.flatMap((f) => f.tick.newComments).map((c) => c.text)).toEqual(['主播好']);
    const enters = ticks.flatMap((f) => f.tick.minutes).reduce((latest, m) => new Map(latest).set(m.minute, m.enters), new Map<number, number>());
    expect([...enters.values()].reduce((a, b) => a + b, 0)).toBe(2);

    // Ticks keep coming without changes: the clock and the filling minute move on.
    const count = console_.ticks(show.id).length;
    await waitFor(() => console_.ticks(show.id).length > count, { what: 'a tick without changes', timeoutMs: 5_000 });
    await console_.close();
  });

  it('refuses a member without analytics:read, and a show of another org', async () => {
    const show = await createShow(t, owner, {}, 'start');
    const service = await ConsoleSocket.open(base, (await t.memberWithRole('customer_service')).token);
    service.send({ type: 'metrics.subscribe', liveSessionId: show.id });
    expect((await service.next('forbidden', isError(show.id))).code).toBe('forbidden');

    const other = await t.request({ method: 'POST', url: '/api/v1/orgs', token: owner, body: { name: 'Elsewhere' } });
    const elsewhere = await t.request({ method: 'POST', url: '/api/v1/auth/switch-org', token: owner, body: { orgId: other.body.id } });
    const outsider = await ConsoleSocket.open(base, elsewhere.body.token);
    outsider.send({ type: 'metrics.subscribe', liveSessionId: show.id });
    expect((await outsider.next('not found', isError(show.id))).code).toBe('not_found');
    // Nothing of the show reaches either socket, and a malformed frame is ignored, not answered.
    outsider.send('{"type":"metrics.subscribe"}');
    outsider.send('not json');
    const analyst = await ConsoleSocket.open(base, (await t.memberWithRole('analyst')).token);
    analyst.send({ type: 'metrics.subscribe', liveSessionId: show.id });
    await analyst.next('snapshot for a member who may', isSnapshot(show.id));
    expect([...service.frames, ...outsider.frames].filter((f) => f.type === 'metrics.snapshot' || f.type === 'metrics.tick')).toEqual([]);
    expect(outsider.frames.filter((f) => f.type === 'metrics.error')).toHaveLength(1);
    await Promise.all([service.close(), outsider.close(), analyst.close()]);
  });

  it('watches a show while a socket subscribes, and stops when the last one leaves', async () => {
    const show = await createShow(t, owner, {}, 'start');
    const push = t.livedesk.metricsPush;
    const [first, second] = await Promise.all([ConsoleSocket.open(base, owner), ConsoleSocket.open(base, owner)]);
    for (const socket of [first, second]) socket.send({ type: 'metrics.subscribe', liveSessionId: show.id });
    await Promise.all([first.next('snapshot', isSnapshot(show.id)), second.next('snapshot', isSnapshot(show.id))]);
    expect(push.watched()).toContain(show.id);

    first.send({ type: 'metrics.unsubscribe', liveSessionId: show.id });
    await waitFor(() => second.ticks(show.id).length >= 2, { what: 'ticks to the socket still subscribed' });
    const firstTicks = first.ticks(show.id).length;
    await waitFor(() => second.ticks(show.id).length >= 4, { what: 'more ticks' });
    expect(first.ticks(show.id).length).toBeLessThanOrEqual(firstTicks + 1);
    expect(push.watched()).toContain(show.id);

    await second.close();
    await waitFor(() => !push.watched().includes(show.id), { what: 'the show unwatched' });
    await first.close();
  });

  it('draws 讲解 periods and lotteries as markers, on the snapshot too', async () => {
    const { productId } = await createSku(t, { stock: 5 });
    const show = await createShow(t, owner, { lineup: [{ productId }] }, 'start');
    expect((await t.request({ method: 'POST', url: `/api/v1/live-sessions/${show.id}/pins`, token: owner, body: { productId } })).status).toBe(200);
    const lottery = await t.request({
      method: 'POST',
      url: `/api/v1/live-sessions/${show.id}/lotteries`,
      token: owner,
      body: { prize: { title: '福袋：保温杯' }, winnerCount: 1, rule: { kind: 'presence' }, durationSeconds: 600 },
    });
    expect(lottery.status).toBe(201);
    expect((await t.request({ method: 'POST', url: `/api/v1/lotteries/${lottery.body.id}/open`, token: owner })).status).toBe(200);

    const markers = showMarkers(t.livedesk.infra.db);
    const open = await markers.markers(show.id);
    expect(open).toEqual([
      { kind: 'explain', startAt: expect.any(Number), endAt: null, label: `商品 ${productId.slice(-4)}`, productId },
      { kind: 'lottery', startAt: expect.any(Number), endAt: null, label: '福袋：保温杯', productId: null },
    ]);

    await t.request({ method: 'DELETE', url: `/api/v1/live-sessions/${show.id}/pins/${productId}`, token: owner });
    await t.request({ method: 'POST', url: `/api/v1/lotteries/${lottery.body.id}/cancel`, token: owner });
    const closed = await markers.markers(show.id);
    expect(closed.map((m) => [m.kind, m.endAt !== null && m.endAt >= m.startAt])).toEqual([['explain', true], ['lottery', true]]);

    const socket = await ConsoleSocket.open(base, owner);
    socket.send({ type: 'metrics.subscribe', liveSessionId: show.id });
    const { snapshot } = await socket.next('snapshot', isSnapshot(show.id));
    expect(snapshot.markers.filter((m) => m.kind === 'explain')).toEqual([closed[0]]);
    await socket.close();
  });

  it('caches a show’s markers for a while, so a snapshot a second does not query three tables', async () => {
    const { productId } = await createSku(t, { stock: 5 });
    const show = await createShow(t, owner, { lineup: [{ productId }] }, 'start');
    let now = Date.now();
    const markers = new CachedMarkers(showMarkers(t.livedesk.infra.db), { now: () => now }, 5_000);
    expect(await markers.markers(show.id)).toEqual([]);
    await t.request({ method: 'POST', url: `/api/v1/live-sessions/${show.id}/pins`, token: owner, body: { productId } });
    expect(await markers.markers(show.id)).toEqual([]);
    now += 5_000;
    expect((await markers.markers(show.id)).map((m) => m.kind)).toEqual(['explain']);
  });
});

describe('a tick between two snapshots', () => {
  const minute = (at: number, enters = 0): MinuteBucket => ({
    minute: at, online: 0, enters, leaves: 0, comments: 0, likes: 0, shares: 0, productClicks: 0, cartAdds: 0, paidOrders: 0, gmvFen: 0,
  });
  const snapshot = (perMinute: MinuteBucket[], commentIds: string[], endedAt: number | null = null) =>
    ({
      liveSessionId: 's', status: endedAt === null ? 'live' : 'ended', startedAt: 0, endedAt, asOf: 1, online: 0, metrics: {},
      window10m: { current: { startAt: 0, endAt: 0, metrics: {} }, previous: { startAt: 0, endAt: 0, metrics: {} } },
      perMinute, products: [], markers: [],
      comments: commentIds.map((id) => ({ id, ts: 0, identity: 'x', nickname: null, text: id })),
    }) as unknown as LiveMetricsSnapshot;

  it('carries the minutes that changed or are new, the filling one always, and the comments not sent before', () => {
    const before = snapshot([minute(0, 1), minute(60_000, 2), minute(120_000, 0)], ['a', 'b']);
    const after = snapshot([minute(0, 1), minute(60_000, 3), minute(120_000, 0), minute(180_000, 0)], ['b', 'c']);
    const tick = tickBetween(before, after);
    expect(tick.minutes.map((m) => m.minute)).toEqual([60_000, 180_000]);
    expect(tick.newComments.map((c) => c.id)).toEqual(['c']);
    expect(tickBetween(after, after).minutes.map((m) => m.minute)).toEqual([180_000]);
  });

  it('has no filling minute once the show has ended', () => {
    const ended = snapshot([minute(0, 1), minute(60_000, 2)], [], 120_000);
    expect(tickBetween(ended, ended).minutes).toEqual([]);
  });
});

describe.skipIf(!process.env.DATABASE_URL || !(process.env.REDIS_URL || process.env.NATS_URL))('metrics pushed across two nodes', () => {
  it('reaches a console on the node that does not aggregate', async () => {
    const a = await startTestApp();
    const b = await startTestApp({}, { joining: a });
    try {
      a.livedesk.analytics.start();
      const staff = (await a.login()).token;
      const key = await a.request({ method: 'POST', url: '/api/v1/api-keys', token: staff, body: { name: 'sdk', scopes: ['events:ingest'] } });
      const show = await createShow(a, staff, {}, 'start');
      await b.livedesk.http.listen({ port: 0, host: '127.0.0.1' });
      const onB = await ConsoleSocket.open(`ws://127.0.0.1:${(b.livedesk.http.server.address() as { port: number }).port}`, (await b.login()).token);
      onB.send({ type: 'metrics.subscribe', liveSessionId: show.id });
      await onB.next('snapshot on node B', isSnapshot(show.id));

      const res = await a.request({
        method: 'POST',
        url: '/api/v1/events',
        token: key.body.key,
        body: { events: [{ id: newId(), type: 'room.enter', ts: Date.now(), liveSessionId: show.id, anonymousId: 'viewer-on-a' }] },
      });
      expect(res.body).toMatchObject({ accepted: 1 });
      await waitFor(() => onB.ticks(show.id).some((f) => f.tick.metrics.uv === 1), { what: 'a tick on node B', timeoutMs: 10_000 });
      await onB.close();
    } finally {
      await a.livedesk.analytics.stop();
      await b.close();
      await a.close();
    }
  });
});
