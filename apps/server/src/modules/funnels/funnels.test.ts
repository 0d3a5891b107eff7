import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FunnelQueryInput, FunnelResult, StoredEvent } from '@livedesk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../lib/actor.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { postEvents, ingestKey } from '../events/test-kit.js';
import { FunnelsRepo } from './repo.js';
import { FunnelsService } from './service.js';

const S = 1000;
const WINDOW_S = 60;

describe('funnels API (events in DuckDB)', () => {
  let t: TestApp;
  let owner: string;
  let orgId: string;
  /** Each test reads its own day, so the events of the others are out of its range. */
  let nextDay = 0;

  beforeAll(async () => {
    t = await startTestApp();
    const auth = await t.login();
    owner = auth.token;
    orgId = auth.org.id;
  });
  afterAll(async () => {
    await t.close();
  });

  const day = () => Date.UTC(2026, 0, 1) + nextDay++ * 86_400_000;

  /** `who`: an anonymous id, or `userId@anonymousId` for a signed-in device. */
  const event = (who: string, type: string, ts: number, props?: Record<string, unknown>, over: Partial<StoredEvent> = {}): StoredEvent => {
    const [first, device] = who.split('@');
    return {
      id: randomUUID(), orgId, type, ts, receivedAt: ts,
      ...(device ? { userId: first!, anonymousId: device } : { anonymousId: first! }),
      ...(props ? { props } : {}),
      ...over,
    };
  };
  const append = (events: StoredEvent[]) => t.livedesk.infra.olap.appendEvents('funnel-test', events, {});

  const funnel = async (body: FunnelQueryInput, token = owner): Promise<FunnelResult> => {
    const res = await t.request({ method: 'POST', url: '/api/v1/analytics/funnel', token, body });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as FunnelResult;
  };
  const counts = (result: { steps: { count: number }[] }) => result.steps.map((s) => s.count);

  const clickCartPay = [
    { event: 'product.click', where: { productId: 'p1' } },
    { event: 'cart.add', where: { productId: 'p1' } },
    { event: 'order.pay' },
  ];

  it('counts persons (userId, else anonymousId) at their furthest step, with filters, window and range applied to every step', async () => {
    const from = day();
    const to = from + 3_600 * S;
    const p1 = { productId: 'p1' };
    await append([
      // one buyer on two devices: one person, through all three steps
      event('u1@d1', 'product.click', from + 100 * S, p1),
      event('u1@d2', 'cart.add', from + 110 * S, p1),
      event('u1@d1', 'order.pay', from + 120 * S, { orderId: 'o1', amountFen: 100 }),
      // adds another product: stops at step 1
      event('a2', 'product.click', from + 100 * S, p1),
      event('a2', 'cart.add', from + 105 * S, { productId: 'p2' }),
      // the window, from the click: 1 ms too late, then exactly on time
      event('a3', 'product.click', from + 100 * S, p1),
      event('a3', 'cart.add', from + (100 + WINDOW_S) * S + 1, p1),
      event('a4', 'product.click', from + 100 * S, p1),
      event('a4', 'cart.add', from + (100 + WINDOW_S) * S, p1),
      // clicked before the range: not in the funnel at all
      event('a5', 'product.click', from - 1, p1),
      event('a5', 'cart.add', from + 10 * S, p1),
      // added to the cart at `to`, which is outside
      event('a6', 'product.click', to - 10 * S, p1),
      event('a6', 'cart.add', to, p1),
      // another org's events of the same identities
      event('a2', 'cart.add', from + 101 * S, p1, { orgId: 'another-org' }),
      event('other', 'product.click', from + 100 * S, p1, { orgId: 'another-org' }),
    ]);

    const result = await funnel({ steps: clickCartPay, order: 'ordered', windowSeconds: WINDOW_S, from, to });
    expect(result).toEqual({
      steps: [
        { event: 'product.click', count: 5, conversionFromPrevious: null, conversionFromFirst: 1, medianSecondsFromPrevious: null },
        { event: 'cart.add', count: 2, conversionFromPrevious: 0.4, conversionFromFirst: 0.4, medianSecondsFromPrevious: (10 + WINDOW_S) / 2 },
        { event: 'order.pay', count: 1, conversionFromPrevious: 0.5, conversionFromFirst: 0.2, medianSecondsFromPrevious: 10 },
      ],
    });

    // the same persons read a few at a time, as a big store is
    const chunked = new FunnelsService(new FunnelsRepo(t.livedesk.infra.olap), { eventsPerChunk: 2, eventsPerSlice: 1 });
    const query = { steps: clickCartPay, order: 'ordered' as const, windowSeconds: WINDOW_S, from, to, breakdownLimit: 25 };
    expect(await chunked.funnel(systemActor(orgId), query)).toEqual(result);
  });

  it('matches props exactly, JSON type included', async () => {
    const from = day();
    const want = { n: 5, flag: true, s: '7' };
    await append([
      ...['b1', 'b2', 'b3', 'b4', 'b5', 'b6'].map((who) => event(who, 'signup', from + S)),
      event('b1', 'coupon', from + 2 * S, { ...want, extra: 1 }),
      event('b2', 'coupon', from + 2 * S, { ...want, n: '5' }),
      event('b3', 'coupon', from + 2 * S, { ...want, flag: 'true' }),
      event('b4', 'coupon', from + 2 * S, { n: 5, flag: true }),
      event('b5', 'coupon', from + 2 * S, { ...want, n: 5.5 }),
      event('b6', 'coupon', from + 2 * S, { ...want, s: 7 }),
      // productId is also a column of the OLAP row, filled for strings only
      event('b7', 'signup', from + S),
      event('b7', 'coupon', from + 2 * S, { productId: 5 }),
      event('b8', 'signup', from + S),
      event('b8', 'coupon', from + 2 * S, { productId: '5' }),
    ]);
    const coupon = async (where: Record<string, string | number | boolean>) =>
      counts(await funnel({ steps: [{ event: 'signup' }, { event: 'coupon', where }], windowSeconds: WINDOW_S, from, to: from + 3_600 * S }));
    expect(await coupon(want)).toEqual([8, 1]);
    expect(await coupon({ productId: 5 })).toEqual([8, 1]);
    expect(await coupon({ productId: '5' })).toEqual([8, 1]);
    expect(await coupon({ s: '7' })).toEqual([8, 4]);
    expect(await coupon({ s: 7 })).toEqual([8, 1]);
  });

  it('breaks strict funnels on any other event of the person in range, a step failing its filter included', async () => {
    const from = day();
    const show = `show-${randomUUID()}`;
    const inShow = { liveSessionId: show };
    const p1 = { productId: 'p1' };
    await append([
      // the cart.add of another product is a step event failing its filter
      event('c1', 'product.click', from + 1 * S, p1, inShow),
      event('c1', 'cart.add', from + 2 * S, { productId: 'p2' }, inShow),
      event('c1', 'cart.add', from + 3 * S, p1, inShow),
      // an unrelated event in between
      event('c2', 'product.click', from + 1 * S, p1, inShow),
      event('c2', 'like', from + 2 * S, undefined, inShow),
      event('c2', 'cart.add', from + 3 * S, p1, inShow),
      // the like is in another show, outside the funnel's scope
      event('c3', 'product.click', from + 1 * S, p1, inShow),
      event('c3', 'like', from + 2 * S, undefined, { liveSessionId: 'another-show' }),
      event('c3', 'cart.add', from + 3 * S, p1, inShow),
      // the like has the click's timestamp
      event('c4', 'product.click', from + 1 * S, p1, inShow),
      event('c4', 'like', from + 1 * S, undefined, inShow),
      event('c4', 'cart.add', from + 3 * S, p1, inShow),
    ]);
    const query = { steps: clickCartPay.slice(0, 2), windowSeconds: WINDOW_S, from, to: from + 3_600 * S, liveSessionId: show };
    expect(counts(await funnel({ ...query, order: 'strict' }))).toEqual([4, 2]);
    expect(counts(await funnel({ ...query, order: 'ordered' }))).toEqual([4, 4]);
    // without the show, c3's like is in scope and breaks it too
    const { liveSessionId: _, ...everyShow } = query;
    expect(counts(await funnel({ ...everyShow, order: 'strict' }))).toEqual([4, 1]);
  });

  it('counts unordered funnels from whichever step came first', async () => {
    const from = day();
    await append([
      event('d1', 'cart.add', from + 1 * S, { productId: 'p1' }),
      event('d1', 'product.click', from + 2 * S, { productId: 'p1' }),
      event('d2', 'cart.add', from + 1 * S, { productId: 'p1' }),
      event('d3', 'order.pay', from + 1 * S),
      event('d3', 'cart.add', from + 2 * S, { productId: 'p1' }),
      event('d3', 'product.click', from + 3 * S, { productId: 'p1' }),
    ]);
    const result = await funnel({ steps: clickCartPay, order: 'unordered', windowSeconds: WINDOW_S, from, to: from + 3_600 * S });
    expect(counts(result)).toEqual([3, 2, 1]);
  });

  it('breaks down by a prop of each person\'s first step-1 event', async () => {
    const from = day();
    const click = (who: string, ts: number, props: Record<string, unknown>) => event(who, 'product.click', from + ts * S, props);
    const pay = (who: string, ts: number) => event(who, 'order.pay', from + ts * S);
    await append([
      click('e1', 1, { channel: 'douyin' }), click('e1', 2, { channel: 'wechat' }), pay('e1', 3),
      click('e2', 1, { channel: 'douyin' }),
      click('e3', 1, { channel: 'wechat' }), pay('e3', 5),
      click('e4', 1, {}), pay('e4', 2),
      click('e5', 1, { channel: 7 }),
    ]);
    const query = { steps: [{ event: 'product.click' }, { event: 'order.pay' }], windowSeconds: WINDOW_S, from, to: from + 3_600 * S, breakdown: 'channel' };
    const result = await funnel(query);
    expect(counts(result)).toEqual([5, 3]);
    expect(result.breakdown?.map((b) => [b.value, ...counts(b)])).toEqual([['douyin', 2, 1], ['wechat', 1, 1], [7, 1, 0], [null, 1, 1]]);
    expect(result.breakdown?.[1]?.steps[1]?.medianSecondsFromPrevious).toBe(4);
    expect(result.breakdownOther).toBeUndefined();

    // values past the limit are summed, ties cut by value so that the cut is stable
    const limited = await funnel({ ...query, breakdownLimit: 2 });
    expect(limited.breakdown?.map((b) => b.value)).toEqual(['douyin', 'wechat']);
    expect(limited.breakdownOther).toMatchObject({ values: 2, steps: [{ count: 2 }, { count: 1, conversionFromPrevious: 0.5 }] });
  });

  it('reads events posted through the ingestion API once the appender has them', async () => {
    const key = await ingestKey(t, ['events:ingest', 'events:ingest:trusted']);
    const from = Date.now() - 60 * S;
    const ids = [randomUUID(), randomUUID()];
    const res = await postEvents(t, key, {
      events: [
        { id: ids[0], type: 'signup', ts: from + S, anonymousId: 'api-1' },
        { id: ids[1], type: 'first.order', ts: from + 2 * S, anonymousId: 'api-1' },
      ],
    });
    expect(res.status).toBe(202);
    t.livedesk.olapAppender.start();
    const deadline = Date.now() + 10_000;
    while ((await t.livedesk.infra.olap.query('SELECT id FROM events WHERE list_contains(?, id)', [ids])).length < 2) {
      if (Date.now() > deadline) throw new Error('the appender did not bring the events to OLAP');
      await sleep(20);
    }
    const result = await funnel({ steps: [{ event: 'signup' }, { event: 'first.order' }], windowSeconds: WINDOW_S, from, to: from + 60 * S });
    expect(counts(result)).toEqual([1, 1]);
  });

  it('is documented in OpenAPI', async () => {
    const res = await t.request({ method: 'GET', url: '/api/docs/json' });
    expect(res.status).toBe(200);
    const operation = res.body.paths['/api/v1/analytics/funnel'].post;
    expect(operation.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['steps', 'from', 'to']));
    expect(Object.keys(operation.responses['200'].content['application/json'].schema.properties)).toEqual(['steps', 'breakdown', 'breakdownOther']);
  });

  it('refuses bad queries with validation errors, and callers without analytics:read', async () => {
    const from = day();
    const base = { steps: clickCartPay, windowSeconds: WINDOW_S, from, to: from + S };
    const refused = async (body: unknown) => {
      const res = await t.request({ method: 'POST', url: '/api/v1/analytics/funnel', token: owner, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation');
      return res.body.error.details.issues.map((i: { path: string }) => i.path) as string[];
    };
    expect(await refused({ ...base, to: from })).toEqual(['body.to']);
    expect(await refused({ ...base, windowSeconds: 90 * 86_400 + 1 })).toEqual(['body.windowSeconds']);
    expect(await refused({ ...base, steps: clickCartPay.slice(0, 1) })).toEqual(['body.steps']);
    expect(await refused({ ...base, steps: Array.from({ length: 11 }, () => ({ event: 'like' })) })).toEqual(['body.steps']);
    expect(await refused({ ...base, order: 'sideways' })).toEqual(['body.order']);
    expect(await refused({ ...base, breakdown: 'a"b' })).toEqual(['body.breakdown']);
    expect(await refused({ ...base, breakdown: 'a\u0001b' })).toEqual(['body.breakdown']);
    expect(await refused({ ...base, steps: [{ event: 'like', where: { 'a\\b': 1 } }, { event: 'share' }] })).toEqual(['body.steps.0.where.a\\b']);
    await funnel({ ...base, windowSeconds: 90 * 86_400 });

    const warehouse = (await t.memberWithRole('warehouse')).token;
    const forbidden = await t.request({ method: 'POST', url: '/api/v1/analytics/funnel', token: warehouse, body: base });
    expect(forbidden.status).toBe(403);
    const analyst = (await t.memberWithRole('analyst')).token;
    expect(counts(await funnel(base, analyst))).toEqual([0, 0, 0]);
    expect((await t.request({ method: 'POST', url: '/api/v1/analytics/funnel', body: base })).status).toBe(401);
  });
});
