import type { LiveOrderStats } from '@livedesk/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OWNER_EMAIL, OWNER_PASSWORD, startTestApp, type TestApp } from '../../apps/server/src/testing/app.js';
import { createShow } from '../../apps/server/src/testing/live.js';
import { eventLog } from '../../apps/server/src/modules/events/test-kit.js';
import { behaviourEvents } from '../../apps/server/src/modules/room/test-kit.js';
import { simulateShow, type SimulationSummary } from './simulate.js';

// A minute of show with 20 viewers, played 20 times faster against a whole LiveDesk listening on
// loopback: real sockets, real orders and payments, real tracking events. The seed is one whose plan
// has viewers come back and buy, so the checks below have something to count.

describe('simulateShow', () => {
  let t: TestApp;
  let url: string;
  let staff: string;

  beforeAll(async () => {
    t = await startTestApp();
    await t.livedesk.http.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(t.livedesk.http.server.address() as { port: number }).port}`;
    t.livedesk.gateway.start();
    staff = (await t.login()).token;
  });
  afterAll(() => t.close());

  const product = async (title: string, skus: { skuCode: string; priceFen: number; stock: number; specValues?: Record<string, string> }[], sizes?: string[]) => {
    const specAttributes = sizes ? [{ name: '尺码', values: sizes }] : undefined;
    const res = await t.request({ method: 'POST', url: '/api/v1/products', token: staff, body: { title, skus, ...(specAttributes ? { specAttributes } : {}) } });
    if (res.status !== 201) throw new Error(`product: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };

  const lineup = async () => [
    await product('法式碎花连衣裙', [
      { skuCode: `DRESS-M-${Date.now()}`, priceFen: 15_900, stock: 500, specValues: { 尺码: 'M' } },
      { skuCode: `DRESS-L-${Date.now()}`, priceFen: 15_900, stock: 500, specValues: { 尺码: 'L' } },
    ], ['M', 'L']),
    await product('补水保湿面膜 10片装', [{ skuCode: `MASK-${Date.now()}`, priceFen: 4_990, stock: 500 }]),
    await product('不锈钢保温杯', [{ skuCode: `CUP-${Date.now()}`, priceFen: 8_800, stock: 500 }]),
  ];

  const presence = async (liveSessionId: string) => {
    await t.livedesk.gateway.flushEvents();
    const events = await behaviourEvents(t, liveSessionId);
    return { enters: events.filter((e) => e.type === 'room.enter').length, leaves: events.filter((e) => e.type === 'room.leave').length, comments: events.filter((e) => e.type === 'comment').length };
  };

  const tracked = async (liveSessionId: string, type: string) =>
    (await eventLog(t)).flatMap((row) => row.events).filter((e) => e.liveSessionId === liveSessionId && e.type === type).length;

  let summary: SimulationSummary;
  let showId: string;

  it('plays a show: viewers come and go, talk, and buy and pay through the store', async () => {
    const show = await createShow(t, staff, { title: '夏季新品专场', productIds: await lineup() });
    showId = show.id;
    const progress: number[] = [];
    summary = await simulateShow({
      url,
      sessionId: show.id,
      viewers: 20,
      minutes: 1,
      speed: 20,
      seed: 11,
      email: OWNER_EMAIL,
      password: OWNER_PASSWORD,
      end: true,
      onProgress: (p) => progress.push(p.showElapsedMs),
    });

    expect(summary).toMatchObject({ sessionId: show.id, viewers: 20, interrupted: false });
    expect(summary.visits).toBeGreaterThan(20);
    expect(summary.reentries).toBe(summary.visits - 20);
    expect(summary.failures).toEqual({});
    expect(summary.orders.placed).toBeGreaterThanOrEqual(2);
    expect(summary.orders.paid).toBeGreaterThanOrEqual(2);
    expect(summary.gmvFen).toBeGreaterThan(0);
    expect(summary.peakOnline).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(60_000);

    // The server's own books agree with what the simulator says it did.
    const stats = (await t.request({ method: 'GET', url: `/api/v1/live-sessions/${show.id}/order-stats`, token: staff })).body as LiveOrderStats;
    expect(summary.server).toEqual(stats);
    expect(stats).toMatchObject({ orders: summary.orders.placed, paidOrders: summary.orders.paid, gmvFen: summary.gmvFen });
    expect((await t.request({ method: 'GET', url: `/api/v1/live-sessions/${show.id}`, token: staff })).body.status).toBe('ended');

    // Presence came from the server's side of the sockets: an enter and a leave per visit.
    await vi.waitFor(async () => expect(await presence(show.id)).toMatchObject({ enters: summary.visits, leaves: summary.visits }));
    const refusedComments = Object.entries(summary.roomErrors).reduce((n, [key, count]) => (key.startsWith('chat:') ? n + count : n), 0);
    expect(summary.comments).toBeGreaterThan(0);
    expect((await presence(show.id)).comments).toBe(summary.comments - refusedComments);
  });

  it('sends the product funnel with the SDK and an events:ingest key', async () => {
    expect(summary.productEvents.exposures).toBeGreaterThan(20);
    expect(await tracked(showId, 'product.exposure')).toBe(summary.productEvents.exposures);
    expect(await tracked(showId, 'product.click')).toBe(summary.productEvents.clicks);
    expect(await tracked(showId, 'cart.add')).toBe(summary.productEvents.cartAdds);
  });

  it('sends the product funnel as track frames on the room socket, and stops early when aborted', async () => {
    const show = await createShow(t, staff, { title: '直播间追踪', productIds: await lineup() }, 'start');
    const abort = new AbortController();
    const run = simulateShow({ url, sessionId: show.id, viewers: 20, minutes: 1, speed: 20, seed: 11, email: OWNER_EMAIL, password: OWNER_PASSWORD, track: 'socket', signal: abort.signal, onProgress: (p) => p.showElapsedMs >= 30_000 && abort.abort() });
    const early = await run;
    expect(early.interrupted).toBe(true);
    expect(early.visits).toBeGreaterThan(0);
    expect(early.visits).toBeLessThan(summary.visits);
    expect(early.roomErrors).toEqual({});
    await vi.waitFor(async () => {
      expect(await tracked(show.id, 'product.exposure')).toBe(early.productEvents.exposures);
      expect(await presence(show.id)).toMatchObject({ enters: early.visits, leaves: early.visits });
    });
    expect(early.productEvents.exposures).toBeGreaterThan(0);
    expect((await t.request({ method: 'GET', url: `/api/v1/live-sessions/${show.id}`, token: staff })).body.status).toBe('live');
  });
});
