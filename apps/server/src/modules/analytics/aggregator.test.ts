import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricValues } from '@livedesk/contracts';
import { metricConventions, metricDefinitions, metricIds } from '@livedesk/contracts';
import { enqueue } from '../../infra/outbox/outbox.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { TestClock } from '../../testing/clock.js';
import { createShow } from '../../testing/live.js';
import { LiveAggregator } from './aggregator.js';
import { MINUTE_MS } from './state.js';
import { event, handBuiltShow, metricsOf, setClock, tracker, type Viewer } from './test-kit.js';

const clock = new TestClock('frozen');
let t: TestApp;
let token: string;
let track: Awaited<ReturnType<typeof tracker>>;
const catchUp = () => t.livedesk.analytics.catchUp();

beforeAll(async () => {
  t = await startTestApp({}, { clock });
  token = (await t.login()).token;
  track = await tracker(t);
});
afterAll(() => t.close());

/** A live show started on the next whole minute after the clock. */
async function liveShow(title: string): Promise<{ id: string; S: number }> {
  setClock(clock, Math.ceil((clock.now() + 1) / MINUTE_MS) * MINUTE_MS);
  const show = await createShow(t, token, { title }, 'start');
  return { id: show.id, S: show.startedAt! };
}

const nothing: MetricValues = {
  pv: 0, uv: 0, peakOnline: 0, avgOnline: null, avgWatchSeconds: null, totalWatchSeconds: 0,
  comments: 0, likes: 0, shares: 0, follows: 0, interactionUsers: 0, interactionRate: null, followRate: null,
  productExposureUv: 0, productClickUv: 0, cartUv: 0, orderCreateUv: 0, buyers: 0, paidOrders: 0, itemsSold: 0, gmvFen: 0,
  gpmFen: null, uvValueFen: null, aovFen: null, exposureToClickRate: null, clickToPayRate: null, watchToPayRate: null,
  refundFen: 0, refundRate: null, newBuyers: 0, newBuyerShare: null,
};

describe('live metrics', () => {
  it('counts a hand-built show exactly, while live and after the end', async () => {
    await handBuiltShow(t, clock, catchUp);
  });

  it('computes the numbers again from the checkpoint on a node that does not aggregate', async () => {
    const { id, S } = await liveShow('检查点');
    const v: Viewer = { anonymousId: `checkpoint-${id}` };
    setClock(clock, S + 120_000);
    await track([event(v, id, 'room.enter', S + 1_000), event(v, id, 'like', S + 2_000, { count: 3 }), event(v, id, 'room.leave', S + 61_000)]);
    await catchUp();
    const leader = await t.livedesk.analytics.snapshot((await t.login()).org.id, id);
    await t.livedesk.analytics.checkpoint();
    const follower = new LiveAggregator({ db: t.livedesk.infra.db, sources: [], clock, markers: [], holderId: 'a-node-that-never-aggregates' });
    const read = await follower.snapshot((await t.login()).org.id, id);
    expect(read).toEqual(leader);
    expect(read.metrics).toMatchObject({ pv: 1, uv: 1, likes: 3, totalWatchSeconds: 60, avgOnline: 60_000 / 120_000, peakOnline: 1 });
  });

  it('gives the 10-minute windows of a hand-built case: the 10 minutes up to the filling one, and the 10 before', async () => {
    const { id, S } = await liveShow('十分钟窗口');
    const m = (minutes: number) => S + minutes * MINUTE_MS;
    const P: Viewer = { anonymousId: `p-${id}` };
    const Q: Viewer = { anonymousId: `q-${id}`, userId: `buyer-q-${id}` };
    const R: Viewer = { anonymousId: `r-${id}`, userId: `buyer-r-${id}` };
    setClock(clock, m(25.5));
    await track([
      event(P, id, 'room.enter', m(5)),
      event(Q, id, 'room.enter', m(7)),
      event(Q, id, 'follow', m(8)),
      event(Q, id, 'order.pay', m(8.5), { orderId: `q-${id}`, amountFen: 1000, items: [{ productId: 'prod-q', quantity: 1 }] }),
      event(Q, id, 'room.leave', m(9)),
      event(R, id, 'room.enter', m(17)),
      event(Q, id, 'room.enter', m(17.5)),
      event(R, id, 'like', m(17.5), { count: 3 }),
      event(P, id, 'room.leave', m(18)),
      event(R, id, 'comment', m(21), { text: '买了' }),
      event(R, id, 'order.pay', m(22), { orderId: `r-${id}`, amountFen: 2000, items: [{ productId: 'prod-r', quantity: 2 }] }),
      event(R, id, 'order.refund', m(23), { orderId: `r-${id}`, amountFen: 500 }),
    ]);
    await catchUp();
    const { window10m, perMinute } = await metricsOf(t, token, id);

    // Filling minute 25: current = [16, 26), watched up to now (25.5) = 570 s; previous = [6, 16) = 600 s.
    expect(window10m.previous.startAt).toBe(m(6));
    expect(window10m.previous.endAt).toBe(m(16));
    expect(window10m.current.startAt).toBe(m(16));
    expect(window10m.current.endAt).toBe(m(26));
    // Previous: Q enters at 7 (P entered at 5, before it). Watched: P [6, 16) = 600 s, Q [7, 9) = 120 s.
    expect(window10m.previous.metrics).toEqual({
      ...nothing,
      pv: 1,
      uv: 1,
      peakOnline: 2, // P and Q from 7 to 9
      avgOnline: 720_000 / 600_000,
      avgWatchSeconds: 720,
      totalWatchSeconds: 720,
      follows: 1,
      interactionRate: 0,
      followRate: 1,
      buyers: 1,
      paidOrders: 1,
      itemsSold: 1,
      gmvFen: 1000,
      gpmFen: 1_000_000, // 1000 × 1000 / 1
      uvValueFen: 1000,
      aovFen: 1000,
      watchToPayRate: 1,
      refundRate: 0,
      newBuyers: 1,
      newBuyerShare: 1,
    });
    // Current: R enters at 17, Q at 17.5. Watched: P [16, 18) = 120 s, R [17, 25.5) = 510 s, Q [17.5, 25.5) = 480 s.
    expect(window10m.current.metrics).toEqual({
      ...nothing,
      pv: 2,
      uv: 2,
      peakOnline: 3, // P, R and Q from 17.5 to 18
      avgOnline: 1_110_000 / 570_000,
      avgWatchSeconds: 555,
      totalWatchSeconds: 1110,
      comments: 1,
      likes: 3,
      interactionUsers: 1,
      interactionRate: 1 / 2,
      followRate: 0,
      buyers: 1,
      paidOrders: 1,
      itemsSold: 2,
      gmvFen: 2000,
      gpmFen: 1_000_000, // 2000 × 1000 / 2
      uvValueFen: 1000,
      aovFen: 2000,
      watchToPayRate: 1 / 2,
      refundFen: 500,
      refundRate: 500 / 2000,
      newBuyers: 1,
      newBuyerShare: 1,
    });
    expect(perMinute).toHaveLength(26);
    expect(perMinute[17]).toEqual({ minute: m(17), online: 3, enters: 2, leaves: 0, comments: 0, likes: 3, shares: 0, productClicks: 0, cartAdds: 0, paidOrders: 0, gmvFen: 0 });
    expect(perMinute[18]).toMatchObject({ online: 2, leaves: 1 });
    expect(perMinute[22]).toMatchObject({ online: 2, paidOrders: 1, gmvFen: 2000 });
    expect(perMinute[25]).toMatchObject({ minute: m(25), online: 2 });
  });

  it('counts new buyers by their first payment in the org, and moves them when an earlier payment arrives late', async () => {
    const org = (await t.login()).org.id;
    const X: Viewer = { anonymousId: 'x-device', userId: `x-${org}-${clock.now()}` };
    const Y: Viewer = { anonymousId: 'y-device', userId: `y-${org}-${clock.now()}` };
    const Z: Viewer = { anonymousId: 'z-device', userId: `z-${org}-${clock.now()}` };
    const pay = (who: Viewer, show: string | undefined, ts: number, orderId: string, amountFen: number) =>
      event(who, show, 'order.pay', ts, { orderId, amountFen, items: [{ productId: 'prod-n', quantity: 1 }] });

    const first = await liveShow('第一场');
    setClock(clock, first.S + 10 * MINUTE_MS);
    await track([pay(X, first.id, first.S + 2 * MINUTE_MS, `x1-${first.id}`, 1000)]);
    await t.request({ method: 'POST', url: `/api/v1/live-sessions/${first.id}/end`, token });
    // Z's first order is outside any show, between the two.
    setClock(clock, first.S + 15 * MINUTE_MS);
    await track([pay(Z, undefined, first.S + 15 * MINUTE_MS, `z0-${first.id}`, 700)]);

    const second = await liveShow('第二场');
    setClock(clock, second.S + 5 * MINUTE_MS);
    await track([
      pay(X, second.id, second.S + MINUTE_MS, `x2-${second.id}`, 1000),
      pay(Y, second.id, second.S + 2 * MINUTE_MS, `y2-${second.id}`, 1000),
      pay(Z, second.id, second.S + 3 * MINUTE_MS, `z2-${second.id}`, 1000),
    ]);
    await catchUp();
    expect((await metricsOf(t, token, first.id)).metrics).toMatchObject({ buyers: 1, newBuyers: 1, newBuyerShare: 1 });
    // X paid in the first show, Z outside any show: only Y is new here.
    expect((await metricsOf(t, token, second.id)).metrics).toMatchObject({ buyers: 3, newBuyers: 1, newBuyerShare: 1 / 3 });

    // Y's payment in the first show arrives only now: Y's first payment was there, not here.
    await track([pay(Y, first.id, first.S + 5 * MINUTE_MS, `y1-${first.id}`, 1000)]);
    await catchUp();
    expect((await metricsOf(t, token, first.id)).metrics).toMatchObject({ buyers: 2, newBuyers: 2, newBuyerShare: 1 });
    expect((await metricsOf(t, token, second.id)).metrics).toMatchObject({ buyers: 3, newBuyers: 0, newBuyerShare: 0 });

    await t.livedesk.analytics.checkpoint();
    const rows = await t.livedesk.infra.db.kysely
      .selectFrom('analytics_first_pay')
      .select(['identity', 'paid_at', 'live_session_id'])
      .where('org_id', '=', org)
      .where('identity', 'in', [X.userId!, Y.userId!, Z.userId!])
      .orderBy('identity')
      .execute();
    expect(rows).toEqual([
      { identity: X.userId, paid_at: first.S + 2 * MINUTE_MS, live_session_id: first.id },
      { identity: Y.userId, paid_at: first.S + 5 * MINUTE_MS, live_session_id: first.id },
      { identity: Z.userId, paid_at: first.S + 15 * MINUTE_MS, live_session_id: null },
    ]);
  });

  it('answers null for every rate whose denominator is zero, never 0 or NaN', async () => {
    const scheduled = await createShow(t, token, { title: '还没开播' });
    const before = await metricsOf(t, token, scheduled.id);
    expect(before).toMatchObject({ status: 'scheduled', startedAt: null, online: 0, perMinute: [], products: [], comments: [] });
    expect(before.metrics).toEqual(nothing);
    expect(before.window10m.current.metrics).toEqual(nothing);

    const { id, S } = await liveShow('没人看');
    setClock(clock, S + 10 * MINUTE_MS);
    // A like from someone who never entered, and a refund of an order paid before the show.
    await track([
      event({ anonymousId: `liker-${id}` }, id, 'like', S + MINUTE_MS),
      event({ anonymousId: `refunded-${id}` }, id, 'order.refund', S + 2 * MINUTE_MS, { orderId: 'old-order', amountFen: 100 }),
    ]);
    await catchUp();
    expect((await metricsOf(t, token, id)).metrics).toEqual({
      ...nothing,
      avgOnline: 0, // 0 s watched over 600 s of show
      likes: 1,
      interactionUsers: 1,
      refundFen: 100,
    });
  });

  it('serves the metrics to analytics:read only, and the definitions to any member', async () => {
    const { id } = await liveShow('权限');
    const warehouse = await t.memberWithRole('warehouse');
    const denied = await t.request({ method: 'GET', url: `/api/v1/live-sessions/${id}/metrics`, token: warehouse.token });
    expect(denied.status).toBe(403);
    expect(denied.body.error.details.required).toBe('analytics:read');
    const analyst = await t.memberWithRole('analyst');
    expect((await t.request({ method: 'GET', url: `/api/v1/live-sessions/${id}/metrics`, token: analyst.token })).status).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/v1/live-sessions/no-such-show/metrics', token })).status).toBe(404);

    const definitions = await t.request({ method: 'GET', url: '/api/v1/metrics/definitions', token: warehouse.token });
    expect(definitions.status).toBe(200);
    expect(definitions.body).toEqual({ conventions: metricConventions, metrics: metricDefinitions });
    expect(definitions.body.metrics.map((d: { id: string }) => d.id)).toEqual([...metricIds]);
    expect((await t.request({ method: 'GET', url: '/api/v1/metrics/definitions' })).status).toBe(401);

    const docs = (await t.request({ method: 'GET', url: '/api/docs/json' })).body;
    expect(docs.paths['/api/v1/live-sessions/{id}/metrics'].get.responses['200'].content['application/json'].schema.properties).toHaveProperty('window10m');
    expect(docs.paths['/api/v1/metrics/definitions'].get.tags).toEqual(['analytics']);
  });

  // Last: it adds a second org to the owner.
  it('drops events naming another org\'s show, and hides the show from that org', async () => {
    const { id, S } = await liveShow('别家的事件');
    setClock(clock, S + MINUTE_MS);
    const owner = (await t.login()).token;
    const other = await t.request({ method: 'POST', url: '/api/v1/orgs', token: owner, body: { name: 'Other Shop' } });
    expect(other.status).toBe(201);
    // The room gateway's behaviour events travel through the outbox; this one claims the wrong org.
    await t.livedesk.infra.db.kysely.transaction().execute((tx) =>
      enqueue(tx, { topic: 'behaviour', type: 'room.enter', orgId: other.body.id, at: S + 1_000, payload: event({ anonymousId: 'intruder' }, id, 'room.enter', S + 1_000) }),
    );
    await track([event({ anonymousId: `ours-${id}` }, id, 'room.enter', S + 2_000)]);
    await catchUp();
    expect((await metricsOf(t, token, id)).metrics).toMatchObject({ pv: 1, uv: 1 });
    const switched = await t.request({ method: 'POST', url: '/api/v1/auth/switch-org', token: owner, body: { orgId: other.body.id } });
    expect((await t.request({ method: 'GET', url: `/api/v1/live-sessions/${id}/metrics`, token: switched.body.token })).status).toBe(404);
  });
});
