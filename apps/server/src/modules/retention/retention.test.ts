import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LiveSessionView, PurchaseRetention, ShowRetention } from '@livedesk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { TestClock } from '../../testing/clock.js';
import { createShow } from '../../testing/live.js';
import { event, setClock, tracker, type Viewer } from '../analytics/test-kit.js';
import { DAY_MS } from './engine.js';

const MINUTE = 60_000;

describe('retention API (shows from the system DB, events in DuckDB)', () => {
  const clock = new TestClock();
  let t: TestApp;
  let owner: string;
  let track: Awaited<ReturnType<typeof tracker>>;

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    owner = (await t.login()).token;
    track = await tracker(t);
    t.livedesk.olapAppender.start();
  });
  afterAll(async () => {
    await t.close();
  });

  /** Posts events through the ingestion API with a trusted key and waits for the appender to bring them to OLAP. */
  async function ingest(events: ReturnType<typeof event>[]): Promise<void> {
    await track(events);
    const ids = events.map((e) => e.id);
    const deadline = Date.now() + 10_000;
    while ((await t.livedesk.infra.olap.query('SELECT id FROM events WHERE list_contains(?, id)', [ids])).length < ids.length) {
      if (Date.now() > deadline) throw new Error('the appender did not bring the events to OLAP');
      await sleep(20);
    }
  }

  const get = async <T>(url: string, token = owner): Promise<T> => {
    const res = await t.request({ method: 'GET', url, token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as T;
  };

  it('cohorts viewers by their first show and counts them in each later show they entered', async () => {
    // Four shows a day apart, started and ended through the API; a fifth was never started.
    const day0 = Date.UTC(2026, 1, 2, 12);
    const shows: LiveSessionView[] = [];
    for (let i = 0; i < 4; i++) {
      setClock(clock, day0 + i * DAY_MS);
      const started = await createShow(t, owner, { title: `第 ${i + 1} 场` }, 'start');
      setClock(clock, day0 + i * DAY_MS + 60 * MINUTE);
      const ended = await t.request({ method: 'POST', url: `/api/v1/live-sessions/${started.id}/end`, token: owner });
      expect(ended.status).toBe(200);
      shows.push(ended.body as LiveSessionView);
    }
    const never = await createShow(t, owner, { title: '未开播' });
    setClock(clock, Date.now());
    const [s0, s1, s2, s3] = shows.map((s) => s.id) as [string, string, string, string];
    const enter = (who: Viewer, show: string, minute = 1) => event(who, show, 'room.enter', day0 + minute * MINUTE);
    const A: Viewer = { anonymousId: 'dev-a', userId: 'user-a' };
    const B: Viewer = { anonymousId: 'dev-b' };
    const C: Viewer = { anonymousId: 'dev-c' };
    const D: Viewer = { anonymousId: 'dev-d' };
    const E: Viewer = { anonymousId: 'dev-e' };
    await ingest([
      enter(A, s0), enter(A, s1), enter({ anonymousId: 'another-device', userId: 'user-a' }, s3),
      enter(B, s0), enter(B, s0, 5), enter(B, s2), // back two shows later
      enter(C, s1), enter(C, s2),
      enter(D, s2),
      event(E, s1, 'comment', day0, { text: '来了' }), // commented without entering: nobody's viewer
      enter(E, never.id), // a show that never started counts nowhere
    ]);
    // another org's viewer in the same show
    await t.livedesk.infra.olap.appendEvents('retention-test', [{ id: randomUUID(), orgId: 'another-org', type: 'room.enter', ts: day0, receivedAt: day0, anonymousId: 'dev-x', liveSessionId: s0 }], {});

    const ref = (i: number) => ({ liveSessionId: shows[i]!.id, title: `第 ${i + 1} 场`, startedAt: shows[i]!.startedAt, endedAt: shows[i]!.endedAt });
    const period = (k: number, show: number, count: number, rate: number | null) => ({ period: k, show: ref(show), count, rate });
    const result = await get<ShowRetention>('/api/v1/analytics/retention/shows?periods=2');
    expect(result).toEqual({
      periods: 2,
      cohorts: [
        { show: ref(0), size: 2, returned: [period(1, 1, 1, 0.5), period(2, 2, 1, 0.5)] },
        { show: ref(1), size: 1, returned: [period(1, 2, 1, 1), period(2, 3, 0, 0)] },
        { show: ref(2), size: 1, returned: [period(1, 3, 0, 0)] },
        { show: ref(3), size: 0, returned: [] },
      ],
    });

    // cohorts of the shows started in [from, to)
    const ranged = await get<ShowRetention>(`/api/v1/analytics/retention/shows?from=${shows[1]!.startedAt}&to=${shows[3]!.startedAt}`);
    expect(ranged.periods).toBe(6);
    expect(ranged.cohorts.map((c) => [c.show.liveSessionId, c.size, c.returned.map((r) => r.count)])).toEqual([[s1, 1, [1, 0]], [s2, 1, [0]]]);
    // with more periods, A's return three shows later shows up
    const all = await get<ShowRetention>('/api/v1/analytics/retention/shows');
    expect(all.cohorts[0]!.returned.map((r) => r.count)).toEqual([1, 1, 1]);
    expect(await get<ShowRetention>(`/api/v1/analytics/retention/shows?from=${shows[3]!.startedAt! + 1}`)).toEqual({ periods: 6, cohorts: [] });
  });

  it('cohorts buyers by the week of their first paid order in the org\'s time zone, each order once', async () => {
    const pay = (who: Viewer, orderId: string, at: number) =>
      event(who, undefined, 'order.pay', at, { orderId, amountFen: 100, items: [{ productId: 'p1', skuId: 'k1', quantity: 1, priceFen: 100 }] });
    const P1: Viewer = { anonymousId: 'dev-p1', userId: 'buyer-1' };
    const P2: Viewer = { anonymousId: 'dev-p2', userId: 'buyer-2' };
    const P3: Viewer = { anonymousId: 'dev-p3' };
    const P4: Viewer = { anonymousId: 'dev-p4' };
    const sundayNight = Date.parse('2026-01-04T15:30:00Z'); // 23:30 in Shanghai, the org's zone
    const monday = Date.parse('2026-01-05T02:00:00Z');
    const recent = clock.now() - DAY_MS;
    await ingest([
      pay(P1, 'o1', sundayNight),
      pay({ anonymousId: 'dev-p1' }, 'o1', sundayNight + 60 * MINUTE), // o1 reported again, by the device alone: not a second order
      pay(P1, 'o2', sundayNight + 10 * DAY_MS), // again after 10 days
      pay(P2, 'o3', monday),
      pay(P2, 'o4', monday), // a second order in the same ms
      pay(P3, 'o5', monday + 2 * DAY_MS),
      pay(P4, 'o6', recent), // too recent for any N to be mature
      event(P3, undefined, 'order.create', monday + 3 * DAY_MS, { orderId: 'o7', amountFen: 100 }), // never paid
    ]);

    const repurchased = (count: number, rate: number, days: number, mature = true) => ({ days, count, rate, mature });
    const result = await get<PurchaseRetention>('/api/v1/analytics/retention/purchases?days=14,7,14');
    expect(result.days).toEqual([7, 14]);
    expect(result.cohort).toBe('week');
    expect(result.cohorts.slice(0, 2)).toEqual([
      { cohortStart: Date.parse('2025-12-28T16:00:00Z'), size: 1, repurchased: [repurchased(0, 0, 7), repurchased(1, 1, 14)] },
      { cohortStart: Date.parse('2026-01-04T16:00:00Z'), size: 2, repurchased: [repurchased(1, 0.5, 7), repurchased(1, 0.5, 14)] },
    ]);
    expect(result.cohorts[2]).toMatchObject({ size: 1, repurchased: [{ count: 0, mature: false }, { count: 0, mature: false }] });
    expect(result.cohorts).toHaveLength(3);

    // [from, to) on the first payment: P1 first paid before `from`, so their later order does not make them a buyer of the range
    const ranged = await get<PurchaseRetention>(`/api/v1/analytics/retention/purchases?cohort=day&from=${monday}&to=${recent}`);
    expect(ranged.days).toEqual([7, 14, 30, 60, 90]);
    expect(ranged.cohorts.map((c) => [c.cohortStart, c.size])).toEqual([[Date.parse('2026-01-04T16:00:00Z'), 1], [Date.parse('2026-01-06T16:00:00Z'), 1]]);

    // the cohorts follow the org's time zone
    expect((await t.request({ method: 'PATCH', url: '/api/v1/org', token: owner, body: { timezone: 'Europe/Berlin' } })).status).toBe(200);
    const berlin = await get<PurchaseRetention>('/api/v1/analytics/retention/purchases?cohort=month');
    expect(berlin.cohorts[0]).toMatchObject({ cohortStart: Date.parse('2025-12-31T23:00:00Z'), size: 3 });
  });

  it('refuses bad queries with validation errors, and callers without analytics:read', async () => {
    const refused = async (url: string) => {
      const res = await t.request({ method: 'GET', url, token: owner });
      expect(res.status, url).toBe(400);
      expect(res.body.error.code).toBe('validation');
    };
    await refused('/api/v1/analytics/retention/purchases?days=7,x');
    await refused('/api/v1/analytics/retention/purchases?days=0');
    await refused('/api/v1/analytics/retention/purchases?days=366');
    await refused('/api/v1/analytics/retention/purchases?days=');
    await refused('/api/v1/analytics/retention/purchases?cohort=year');
    await refused('/api/v1/analytics/retention/shows?periods=13');
    await refused('/api/v1/analytics/retention/shows?periods=0');
    await refused('/api/v1/analytics/retention/shows?from=-1');
    await get('/api/v1/analytics/retention/shows?periods=12');

    for (const url of ['/api/v1/analytics/retention/shows', '/api/v1/analytics/retention/purchases']) {
      expect((await t.request({ method: 'GET', url })).status).toBe(401);
      const warehouse = (await t.memberWithRole('warehouse')).token;
      expect((await t.request({ method: 'GET', url, token: warehouse })).status).toBe(403);
      await get(url, (await t.memberWithRole('analyst')).token);
    }
  });
});
