import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LiveReview, ReviewProduct } from '@livedesk/contracts';
import { newId } from '../../lib/ids.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { TestClock } from '../../testing/clock.js';
import { createSku } from '../../testing/commerce.js';
import { createShow } from '../../testing/live.js';
import { event, metricsOf, setClock, tracker, type Viewer } from '../analytics/test-kit.js';
import { MINUTE_MS } from '../analytics/state.js';
import { reviewsRepo } from './repo.js';

const clock = new TestClock('frozen');
let t: TestApp;
let token: string;
let orgId: string;
let userId: string;
let post: Awaited<ReturnType<typeof tracker>>;

beforeAll(async () => {
  t = await startTestApp({}, { clock });
  const owner = await t.login();
  token = owner.token;
  orgId = owner.org.id;
  userId = owner.user.id;
  post = await tracker(t);
  t.livedesk.olapAppender.start();
});
afterAll(() => t.close());

type Tracked = ReturnType<typeof event>;

/** Posts events, then waits until the aggregator counted them and the OLAP store holds them. */
async function track(events: Tracked[]): Promise<void> {
  await post(events);
  await t.livedesk.analytics.catchUp();
  const ids = events.map((e) => e.id);
  const deadline = Date.now() + 10_000;
  while ((await t.livedesk.infra.olap.query<{ n: number }>('SELECT count(*) AS n FROM events WHERE list_contains(?, id)', [ids]))[0]!.n < ids.length) {
    if (Date.now() > deadline) throw new Error('the OLAP appender did not bring the events over');
    await sleep(20);
  }
}

async function reviewOf(id: string, query = '', as = token): Promise<LiveReview> {
  const res = await t.request({ method: 'GET', url: `/api/v1/live-sessions/${id}/review${query}`, token: as });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as LiveReview;
}

/** `as` null: without credentials. */
const reviewRequest = (id: string, query = '', as: string | null = token) =>
  t.request({ method: 'GET', url: `/api/v1/live-sessions/${id}/review${query}`, ...(as === null ? {} : { token: as }) });

const putNote = (id: string, section: string, text: string, as = token) =>
  t.request({ method: 'PUT', url: `/api/v1/live-sessions/${id}/review/notes/${section}`, token: as, body: { text } });

const revisionCount = async (id: string) =>
  (await t.livedesk.infra.db.kysely.selectFrom('review_revisions').select('revision').where('live_session_id', '=', id).execute()).length;

/** The product columns a review takes from the live ranking. */
const base = (p: Pick<ReviewProduct, 'productId' | 'title' | 'exposureUv' | 'clickUv' | 'clicks' | 'cartUv' | 'paidOrders' | 'itemsSold' | 'gmvFen'>) =>
  [p.productId, p.title, p.exposureUv, p.clickUv, p.clicks, p.cartUv, p.paidOrders, p.itemsSold, p.gmvFen];

describe('post-live review', () => {
  /** The hand-built show: 25 minutes, six viewers, a 讲解 period of P1 from 12:00 to 18:00. */
  let show: { id: string; S: number; p1: string; p2: string };
  const at = (minutes: number) => show.S + minutes * MINUTE_MS;

  it('computes a hand-built show by hand: every 10-minute segment, the stay times, the 讲解 sales, the anchors, the peaks', async () => {
    const P1 = await createSku(t, { stock: 100, priceFen: 9900 });
    const P2 = await createSku(t, { stock: 100, priceFen: 2500 });
    const S = Math.ceil((clock.now() + 1) / MINUTE_MS) * MINUTE_MS;
    setClock(clock, S);
    const created = await createShow(t, token, { title: '复盘手算', anchors: [{ name: '小美' }, { name: '阿强' }], productIds: [P1.productId, P2.productId] }, 'start');
    show = { id: created.id, S, p1: P1.productId, p2: P2.productId };
    const { id, p1, p2 } = show;
    expect(created.startedAt).toBe(S);

    // 讲解 of P1 from 12:00 to 18:00, pinned and unpinned in the 中控台.
    setClock(clock, at(12));
    expect((await t.request({ method: 'POST', url: `/api/v1/live-sessions/${id}/pins`, token, body: { productId: p1 } })).status).toBe(200);
    setClock(clock, at(18));
    expect((await t.request({ method: 'DELETE', url: `/api/v1/live-sessions/${id}/pins/${p1}`, token })).status).toBe(200);

    const viewer = (n: string): Viewer => ({ anonymousId: `dev-${n}-${id}`, userId: `user-${n}-${id}` });
    const [A, B, C, D, E, F] = [viewer('a'), viewer('b'), viewer('c'), viewer('d'), viewer('e'), viewer('f')] as const;
    const line = (productId: string, quantity: number, priceFen: number) => ({ productId, skuId: productId === p1 ? P1.skuId : P2.skuId, quantity, priceFen });
    const pay = (who: Viewer, minutes: number, orderId: string, amountFen: number, items: ReturnType<typeof line>[]) =>
      event(who, id, 'order.pay', at(minutes), { orderId: `${orderId}-${id}`, amountFen, items });
    setClock(clock, at(25));
    await track([
      event(A, id, 'room.enter', at(0.5)), event(A, id, 'room.leave', at(12)), event(A, id, 'room.enter', at(15)),
      event(B, id, 'room.enter', at(2)), event(B, id, 'room.leave', at(8)), event(B, id, 'room.enter', at(9)), event(B, id, 'room.leave', at(21)),
      event(C, id, 'room.enter', at(5)),
      event(D, id, 'room.enter', at(11)), event(D, id, 'room.leave', at(11.5)), event(D, id, 'room.enter', at(19)), event(D, id, 'room.leave', at(23.5)),
      event(E, id, 'room.enter', at(20)), event(E, id, 'room.leave', at(20.5)),
      // F's connection drops at 10:00 and comes back in the same millisecond: F never left
      event(F, id, 'room.enter', at(3)), event(F, id, 'room.leave', at(10)), event(F, id, 'room.enter', at(10)), event(F, id, 'room.leave', at(22)),

      pay(B, 11, 'o1', 9900, [line(p1, 1, 9900)]), // before the 讲解
      pay(F, 12, 'o4', 9000, [line(p1, 1, 9900)]), // at its first instant, with a discount
      pay(C, 13, 'o2', 22_300, [line(p1, 2, 9900), line(p2, 1, 2500)]),
      pay(B, 15, 'o5', 5000, [line(p2, 2, 2500)]), // during it, another product
      pay(A, 18, 'o3', 9900, [line(p1, 1, 9900)]), // at its end: outside

      event(A, id, 'like', at(2), { count: 3 }),
      event(A, id, 'product.exposure', at(13), { productId: p1 }),
      event(C, id, 'product.exposure', at(13), { productId: p1 }),
      event(C, id, 'comment', at(13.1), { text: '多少钱' }),
      event(C, id, 'product.click', at(13.1), { productId: p1 }),
      event(A, id, 'comment', at(13.2), { text: '好看' }),
      event(C, id, 'cart.add', at(13.2), { productId: p1, skuId: P1.skuId, quantity: 2 }),
      event(B, id, 'comment', at(13.3), { text: '好看' }),
      event(D, id, 'like', at(13.4), { count: 5 }),
      event(E, id, 'share', at(20.1)),
      event(D, id, 'comment', at(20.2), { text: '主播好美' }),
      event(E, id, 'comment', at(20.3), { text: '好看' }),
      event(C, id, 'comment', at(22.5), { text: '发货快吗' }),
    ]);

    // Not ended yet: no review.
    const early = await reviewRequest(id);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('show_not_ended');

    expect((await t.request({ method: 'POST', url: `/api/v1/live-sessions/${id}/end`, token })).body.endedAt).toBe(at(25));
    const review = await reviewOf(id);

    expect(review.show).toEqual({ liveSessionId: id, title: '复盘手算', startedAt: S, endedAt: at(25), anchors: ['小美', '阿强'], timeZone: 'Asia/Shanghai' });
    expect(review).toMatchObject({ revision: 1, asOf: at(25) });
    expect(review.revisions).toEqual([{ revision: 1, asOf: at(25), gmvFen: 56_100, refundFen: 0, paidOrders: 5 }]);

    // Visits: A [0.5, 12) + [15, 25); B [2, 8) + [9, 21); C [5, 25); D [11, 11.5) + [19, 23.5); E [20, 20.5); F [3, 22).
    expect(review.segments10m).toEqual([
      // Nobody inside at 0:00. Enters A 0.5, B 2, F 3, C 5, B 9; leaves B 8.
      { startAt: at(0), endAt: at(10), onlineAtStart: 0, enters: 5, leaves: 1, retained: 0, retentionRate: null },
      // Inside at 10:00: A, B, C, F (F's reconnect keeps the visit). Staying to 20:00: B (21), C, F (22); A left at 12.
      // Enters F 10, D 11, A 15, D 19; leaves F 10, D 11.5, A 12.
      { startAt: at(10), endAt: at(20), onlineAtStart: 4, enters: 4, leaves: 3, retained: 3, retentionRate: 3 / 4 },
      // Inside at 20:00: A, B, C, D, E (entered at 20:00), F. Staying to the end 25:00: A, C.
      // Enters E 20; leaves E 20.5, B 21, F 22, D 23.5.
      { startAt: at(20), endAt: at(25), onlineAtStart: 6, enters: 1, leaves: 4, retained: 2, retentionRate: 2 / 6 },
    ]);

    // Stays: A 11.5 + 10 = 21.5 min = 1290 s; B 6 + 12 = 1080 s; C 20 min = 1200 s; D 0.5 + 4.5 = 5 min = 300 s;
    // E 30 s; F 19 min = 1140 s. Sorted 30, 300, 1080, 1140, 1200, 1290: median (1080 + 1140) / 2 = 1110 s.
    expect(review.stayTime).toEqual({
      viewers: 6,
      medianSeconds: 1110,
      atLeast: [
        { minutes: 1, viewers: 5, share: 5 / 6 }, // all but E
        { minutes: 3, viewers: 5, share: 5 / 6 },
        { minutes: 5, viewers: 5, share: 5 / 6 }, // D's 5 minutes exactly count
        { minutes: 10, viewers: 4, share: 4 / 6 }, // A, B, C, F
        { minutes: 30, viewers: 0, share: 0 },
      ],
    });

    // P1 while explained [12:00, 18:00): o4 at 12:00 (9000, 1 item) and o2 at 13:00, whose 22300 splits over its lines
    // worth 19800 (P1 × 2) and 2500: 19800 to P1. o1 (11:00) is before, o3 (18:00) at the end, o5 has no P1.
    // → GMV 9000 + 19800 = 28800, 2 orders, 3 items, 360 s.
    const [first, second] = review.products;
    expect(first).toMatchObject({
      productId: p1,
      gmvFen: 48_600, // 9900 + 19800 + 9000 + 9900
      paidOrders: 4,
      itemsSold: 5,
      exposureUv: 2,
      clickUv: 1,
      ctr: 1 / 2,
      gpmFen: 4_860_000, // 48600 × 1000 / 10 views
      refundFen: 0,
      refundRate: 0,
      explanations: [{ startAt: at(12), endAt: at(18), durationSeconds: 360, gmvFen: 28_800, paidOrders: 2, itemsSold: 3 }],
    });
    expect(second).toMatchObject({ productId: p2, gmvFen: 7500, paidOrders: 2, itemsSold: 3, gpmFen: 750_000, explanations: [] }); // 2500 + 5000

    // No shifts switched: both anchors get the whole 1500 s. GMV 56100 in 5 orders by A, B, C, F; all 6 inside at some point.
    const whole = { onAirSeconds: 1500, gmvFen: 56_100, paidOrders: 5, gmvPerHourFen: 134_640, viewers: 6, buyers: 4, conversionRate: 4 / 6 };
    expect(review.anchors).toEqual({ source: 'whole_show', anchors: [{ anchor: '小美', userId: null, ...whole }, { anchor: '阿强', userId: null, ...whole }] });

    expect(review.funnel.map((s) => [s.metric, s.count])).toEqual([['uv', 6], ['productExposureUv', 2], ['productClickUv', 1], ['cartUv', 1], ['orderCreateUv', 0], ['buyers', 4]]);

    // 13:00 has 3 comments + 5 likes; 2:00 has 3 likes and 20:00 a share and 2 comments (a tie: the earlier first); 22:00 one comment.
    expect(review.peaks.map((p) => [p.minute, p.interactions])).toEqual([[at(13), 8], [at(2), 3], [at(20), 3], [at(22), 1]]);
    expect(review.peaks[0]).toMatchObject({ comments: 3, likes: 5, shares: 0, online: 3, gmvFen: 22_300, keywords: expect.arrayContaining(['好看']) }); // inside at 13:59: B, C, F
    expect(review.peaks[0]!.happenings).toEqual([expect.objectContaining({ kind: 'explain', productId: p1, startAt: at(12), endAt: at(18) })]);
    expect(review.peaks[1]!.happenings).toEqual([]);
    expect(review.danmaku).toMatchObject({ comments: 6, commenters: 5 });

    // The numbers are the live ones: GET …/metrics after the end.
    const live = await metricsOf(t, token, id);
    expect(review.metrics).toEqual(live.metrics);
    expect(review.metrics).toMatchObject({ pv: 10, uv: 6, gmvFen: 56_100, paidOrders: 5, totalWatchSeconds: 5040, comments: 6 });
    expect(review.perMinute).toEqual(live.perMinute);
    expect(review.markers).toEqual(live.markers);
    expect(review.products.map(base)).toEqual(live.products.map(base));

    // Read again unchanged: the same revision, no new one.
    setClock(clock, at(30));
    expect(await reviewOf(id)).toEqual(review);
    expect(await revisionCount(id)).toBe(1);
  });

  it('keeps a new revision when late data changes the numbers, and shows old revisions on request', async () => {
    const { id } = show;
    // The on-air switches made in the 中控台: 小美 from before the start to 12:00, 阿强 from 12:00 and still on air at the end.
    await t.livedesk.infra.db.kysely
      .insertInto('anchor_shifts')
      .values([
        { id: newId(), org_id: orgId, live_session_id: id, anchor: '小美', user_id: null, start_at: at(-5), end_at: at(12) },
        { id: newId(), org_id: orgId, live_session_id: id, anchor: '阿强', user_id: userId, start_at: at(12), end_at: null },
      ])
      .execute();
    setClock(clock, at(31));
    const switched = await reviewOf(id);
    expect(switched.revision).toBe(2);
    expect(switched.anchors).toEqual({
      source: 'shifts',
      anchors: [
        // [0:00, 12:00) = 720 s: o1 (B, 9900); inside then A, B, C, D, F (E came at 20:00) → 1 buyer of 5
        { anchor: '小美', userId: null, onAirSeconds: 720, gmvFen: 9900, paidOrders: 1, gmvPerHourFen: 49_500, viewers: 5, buyers: 1, conversionRate: 1 / 5 },
        // [12:00, 25:00) = 780 s: o4, o2, o5, o3 = 9000 + 22300 + 5000 + 9900 = 46200 by F, C, B, A; all 6 inside
        // (A only from 15:00: leaving at 12:00 is not being inside at 12:00). 46200 × 3600 / 780 = 213230.77
        { anchor: '阿强', userId, onAirSeconds: 780, gmvFen: 46_200, paidOrders: 4, gmvPerHourFen: 213_231, viewers: 6, buyers: 4, conversionRate: 4 / 6 },
      ],
    });

    // A refund of o2 ten minutes after the end.
    setClock(clock, at(35));
    const C: Viewer = { anonymousId: `dev-c-${id}`, userId: `user-c-${id}` };
    await track([event(C, id, 'order.refund', at(35), { orderId: `o2-${id}`, amountFen: 2230 })]);
    setClock(clock, at(36));
    const refunded = await reviewOf(id);
    expect(refunded.revision).toBe(3);
    expect(refunded.asOf).toBe(at(36));
    expect(refunded.metrics).toMatchObject({ gmvFen: 56_100, refundFen: 2230, refundRate: 2230 / 56_100 });
    expect(refunded.metrics).toEqual((await metricsOf(t, token, id)).metrics);
    // 2230 over o2's lines worth 19800 and 2500: 1980 to P1, 250 to P2.
    expect(refunded.products.map((p) => [p.productId, p.refundFen, p.refundRate])).toEqual([[show.p1, 1980, 1980 / 48_600], [show.p2, 250, 250 / 7500]]);
    expect(refunded.revisions).toEqual([
      { revision: 3, asOf: at(36), gmvFen: 56_100, refundFen: 2230, paidOrders: 5 },
      { revision: 2, asOf: at(31), gmvFen: 56_100, refundFen: 0, paidOrders: 5 },
      { revision: 1, asOf: at(25), gmvFen: 56_100, refundFen: 0, paidOrders: 5 },
    ]);

    setClock(clock, at(40));
    expect(await reviewOf(id)).toEqual(refunded);
    expect(await revisionCount(id)).toBe(3);

    const old = await reviewOf(id, '?revision=1');
    expect(old).toMatchObject({ revision: 1, asOf: at(25), revisions: refunded.revisions });
    expect(old.metrics.refundFen).toBe(0);
    expect(old.products[0]!.refundFen).toBe(0);
    expect(old.anchors.source).toBe('whole_show');
    expect(await revisionCount(id)).toBe(3);

    const missing = await reviewRequest(id, '?revision=4');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    expect((await reviewRequest(id, '?revision=0')).body.error.code).toBe('validation');
  });

  it('keeps one revision when readers compute a new review at once, the loser of a revision number reading again', async () => {
    const D0 = Date.UTC(2025, 5, 1, 12); // after the comparison test's shows, before the others
    const raced = await createShow(t, token, { title: '并发', startedAt: D0, endedAt: D0 + 600_000 });
    await track([event({ anonymousId: `racer-${raced.id}` }, raced.id, 'room.enter', D0 + 1000)]);
    const [a, b, c] = await Promise.all([reviewOf(raced.id), reviewOf(raced.id), reviewOf(raced.id)]);
    expect([a.revision, b.revision, c.revision]).toEqual([1, 1, 1]);
    expect(await revisionCount(raced.id)).toBe(1);

    // Another node kept revision 1 just after this one looked: its insert loses, it reads again and finds the same numbers.
    const latest = vi.spyOn(reviewsRepo, 'latestRevision').mockResolvedValueOnce(undefined);
    expect((await reviewOf(raced.id)).revision).toBe(1);
    expect(latest).toHaveBeenCalledTimes(2);
    expect(await revisionCount(raced.id)).toBe(1);

    // This node's numbers changed since revision 1, and meanwhile another node kept revision 2 with other numbers:
    // this one loses 2, reads again, and keeps its own as 3.
    const first = (await reviewsRepo.revision(t.livedesk.infra.db.kysely, raced.id, 1))!;
    const other = { ...first, revision: 2, as_of: first.as_of + 1, gmv_fen: 1, body: JSON.stringify({ ...a, metrics: { ...a.metrics, gmvFen: 1 } }) };
    latest.mockResolvedValueOnce({ ...first, body: '{"older":"numbers"}' });
    await t.livedesk.infra.db.kysely.insertInto('review_revisions').values(other).execute();
    const kept = await reviewOf(raced.id);
    expect(kept.revision).toBe(3);
    expect(kept.revisions.map((r) => [r.revision, r.gmvFen])).toEqual([[3, 0], [2, 1], [1, 0]]);
    latest.mockRestore();
  });

  it('compares with the previous show (or the one asked for) and the median of the shows before', async () => {
    // Four finished shows recorded afterwards, a day apart, long before the other tests' shows.
    const D0 = Date.UTC(2025, 0, 1, 12);
    const DAY = 86_400_000;
    const recorded = async (title: string, day: number, viewers: number, gmvFen: number) => {
      const startedAt = D0 + day * DAY;
      const created = await createShow(t, token, { title, startedAt, endedAt: startedAt + 3_600_000 });
      const events = Array.from({ length: viewers }, (_, i) => event({ anonymousId: `v${i}-${created.id}` }, created.id, 'room.enter', startedAt + 60_000));
      const buyer = { anonymousId: `buyer-${created.id}` };
      events.push(event(buyer, created.id, 'order.pay', startedAt + 120_000, { orderId: `order-${created.id}`, amountFen: gmvFen, items: [{ productId: 'px', quantity: 1 }] }));
      await track(events);
      return created.id;
    };
    const x1 = await recorded('一', 0, 1, 1000); // pv 1, GPM 1000 × 1000 / 1 = 1,000,000
    const x2 = await recorded('二', 1, 0, 3000); // pv 0: GPM null
    const x3 = await recorded('三', 2, 2, 2000); // pv 2, GPM 1,000,000
    const y = await recorded('四', 3, 1, 4000); // pv 1, GPM 4,000,000

    // Bad comparisons fail before anything is kept.
    const self = await reviewRequest(y, `?compareWith=${y}`);
    expect(self.status).toBe(400);
    expect(self.body.error.code).toBe('validation');
    expect((await reviewRequest(y, '?compareWith=no-such-show')).status).toBe(404);
    const scheduled = await createShow(t, token, { title: '未开播' });
    const notEnded = await reviewRequest(y, `?compareWith=${scheduled.id}`);
    expect(notEnded.status).toBe(400);
    expect(notEnded.body.error.message).toMatch(/ended/);
    expect(await revisionCount(y)).toBe(0);

    const review = await reviewOf(y);
    const { baseline, median7 } = review.comparison;
    expect(baseline!.show).toMatchObject({ liveSessionId: x3, title: '三' });
    expect(baseline!.metrics.gmvFen).toEqual({ value: 4000, baseline: 2000, change: 1 });
    expect(baseline!.metrics.pv).toEqual({ value: 1, baseline: 2, change: -0.5 });
    expect(baseline!.metrics.refundRate).toEqual({ value: 0, baseline: 0, change: null });
    expect(median7!.shows.map((s) => s.liveSessionId)).toEqual([x3, x2, x1]);
    expect(median7!.metrics.gmvFen).toEqual({ value: 4000, baseline: 2000, change: 1 }); // median of 1000, 3000, 2000
    expect(median7!.metrics.pv).toEqual({ value: 1, baseline: 1, change: 0 }); // median of 1, 0, 2
    expect(median7!.metrics.gpmFen).toEqual({ value: 4_000_000, baseline: 1_000_000, change: 3 }); // x2's null left out
    // x2 has no viewers (null): the median of x1's and x3's 3540 s (from 1:00 to the end)
    expect(median7!.metrics.avgWatchSeconds).toEqual({ value: 3540, baseline: 3540, change: 0 });
    // The earlier shows' numbers were computed and kept as their first revisions.
    expect([await revisionCount(x1), await revisionCount(x2), await revisionCount(x3)]).toEqual([1, 1, 1]);

    const againstFirst = await reviewOf(y, `?compareWith=${x1}`);
    expect(againstFirst.comparison.baseline!.show.liveSessionId).toBe(x1);
    expect(againstFirst.comparison.baseline!.metrics.gmvFen).toEqual({ value: 4000, baseline: 1000, change: 3 });
    expect(againstFirst.revision).toBe(1);

    // A refund of x3 arrives: y compares with x3's kept numbers until x3's review is read again.
    await track([event({ anonymousId: `buyer-${x3}` }, x3, 'order.refund', D0 + 2 * DAY + 7_200_000, { orderId: `order-${x3}`, amountFen: 500 })]);
    expect((await reviewOf(y)).comparison.baseline!.metrics.refundFen).toEqual({ value: 0, baseline: 0, change: null });
    expect((await reviewOf(x3)).revision).toBe(2);
    expect((await reviewOf(y)).comparison.baseline!.metrics.refundFen).toEqual({ value: 0, baseline: 500, change: -1 });

    // The first show has nothing before it.
    expect((await reviewOf(x1)).comparison).toEqual({ baseline: null, median7: null });
  });

  it('saves, replaces and removes notes on sections, audited', async () => {
    const { id } = show;
    const saved = await putNote(id, 'products', '  P1 讲解转化高，下场加长  ');
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ section: 'products', text: '  P1 讲解转化高，下场加长  ', updatedAt: clock.now(), updatedBy: userId });
    expect((await putNote(id, 'overview', '整体不错')).status).toBe(200);
    setClock(clock, clock.now() + 1000);
    expect((await putNote(id, 'products', '改：P1 加长讲解')).body).toMatchObject({ text: '改：P1 加长讲解', updatedAt: clock.now() });

    const revisions = await revisionCount(id);
    const review = await reviewOf(id);
    expect(review.notes.map((n) => [n.section, n.text])).toEqual([['overview', '整体不错'], ['products', '改：P1 加长讲解']]);
    expect(await revisionCount(id)).toBe(revisions);

    const removed = await putNote(id, 'products', ' \n ');
    expect(removed.status).toBe(204);
    expect((await putNote(id, 'products', '')).status).toBe(204);
    expect((await reviewOf(id)).notes.map((n) => n.section)).toEqual(['overview']);

    const audit = await t.livedesk.infra.db.kysely
      .selectFrom('audit_log')
      .select(['action', 'changes'])
      .where('target_id', '=', id)
      .where('action', 'like', 'review.note.%')
      .orderBy('at')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['review.note.update', 'review.note.update', 'review.note.update', 'review.note.delete']);
    expect(JSON.parse(audit[3]!.changes)).toEqual([{ field: 'notes.products', from: '改：P1 加长讲解', to: null }]);

    const unknown = await putNote(id, 'weather', 'x');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('validation');
    expect((await putNote(id, 'overview', 'x'.repeat(5001))).body.error.code).toBe('validation');

    const live = await createShow(t, token, { title: '还在播' }, 'start');
    const early = await putNote(live.id, 'overview', '太早');
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('show_not_ended');
    expect((await putNote('no-such-show', 'overview', 'x')).status).toBe(404);
  });

  it('needs analytics:read to read and reviews:write to write notes', async () => {
    const { id } = show;
    expect((await reviewRequest(id, '', null)).status).toBe(401);
    expect((await reviewRequest(id, '', (await t.memberWithRole('warehouse')).token)).status).toBe(403);
    const anchor = (await t.memberWithRole('anchor')).token;
    expect((await reviewRequest(id, '', anchor)).status).toBe(200);
    expect((await putNote(id, 'overview', 'x', anchor)).status).toBe(403);
    expect((await putNote(id, 'overview', '分析师的看法', (await t.memberWithRole('analyst')).token)).status).toBe(200);
    expect((await reviewRequest('no-such-show')).status).toBe(404);
  });

  // Last: it adds a second org to the owner.
  it('hides a show from another org', async () => {
    const other = await t.request({ method: 'POST', url: '/api/v1/orgs', token, body: { name: 'Other Shop' } });
    expect(other.status).toBe(201);
    const switched = (await t.request({ method: 'POST', url: '/api/v1/auth/switch-org', token, body: { orgId: other.body.id } })).body.token as string;
    expect((await reviewRequest(show.id, '', switched)).status).toBe(404);
    expect((await putNote(show.id, 'overview', 'x', switched)).status).toBe(404);
    const theirs = await createShow(t, switched, { title: '别家', startedAt: show.S - 3_600_000, endedAt: show.S - 60_000 });
    expect((await reviewRequest(show.id, `?compareWith=${theirs.id}`)).status).toBe(404);
  });
});
