import { setTimeout as sleep } from 'node:timers/promises';
import type { LiveMetricsSnapshot, LiveReview, LiveSessionView } from '@livedesk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../lib/random.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import type { SessionState } from '../analytics/state.js';
import { metricsOf } from '../analytics/test-kit.js';
import { productTalk } from './chat.js';
import type { SeededShow } from './demo-shows.js';
import { seedDemo } from './seed.js';
import { showEvents, type ShowOutline } from './show-events.js';

const MINUTE = 60_000;
const isQuestion = (text: string) => /吗|多少|什么时候|怎么|几/.test(text);

describe('demo shows', () => {
  let t: TestApp;
  let token: string;
  let seeded: SeededShow[];
  const shows: LiveSessionView[] = [];
  const metrics: LiveMetricsSnapshot[] = [];
  const states: SessionState[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    const owner = await t.login();
    token = owner.token;
    const actor = await t.livedesk.services.identity.staffActor({ subject: owner.user.id, orgId: owner.org.id }, { ip: null, requestId: null });
    t.livedesk.olapAppender.start();
    seeded = await seedDemo(t.livedesk, actor);
    await t.livedesk.analytics.catchUp();
    // The review reads presence and comments from the OLAP store too.
    const total = seeded.reduce((sum, s) => sum + s.events, 0);
    const deadline = Date.now() + 60_000;
    while ((await t.livedesk.infra.olap.query<{ n: number }>("SELECT count(*) AS n FROM events WHERE id LIKE 'demo-%'"))[0]!.n < total) {
      if (Date.now() > deadline) throw new Error('the OLAP appender did not bring the events over');
      await sleep(50);
    }
    for (const { id } of seeded) {
      shows.push((await t.request({ method: 'GET', url: `/api/v1/live-sessions/${id}`, token })).body as LiveSessionView);
      metrics.push(await metricsOf(t, token, id));
      states.push((await t.livedesk.analytics.stateOf(id))!);
    }
  }, 120_000);
  afterAll(() => t.close());

  it('records two finished shows, a week and two days back, with lineups, 讲解 periods and anchors', async () => {
    expect(shows.map((s) => [s.title, s.status, s.anchors.length, s.products.length])).toEqual([
      ['周五宠粉专场', 'ended', 2, 4],
      ['新品首发夜', 'ended', 2, 4],
    ]);
    const [first, second] = shows as [LiveSessionView, LiveSessionView];
    const daysAgo = (at: number) => (Date.now() - at) / 86_400_000;
    expect(daysAgo(first.startedAt!)).toBeGreaterThan(4);
    expect(daysAgo(first.startedAt!)).toBeLessThan(12);
    expect(daysAgo(second.endedAt!)).toBeGreaterThan(1);
    expect(daysAgo(second.startedAt!)).toBeLessThan(3);
    for (const show of shows) {
      expect((show.endedAt! - show.startedAt!) / MINUTE).toBeGreaterThanOrEqual(60);
      expect(show.explanations.length).toBeGreaterThanOrEqual(6);
      for (const e of show.explanations) {
        expect(e.startAt).toBeGreaterThanOrEqual(show.startedAt!);
        expect(e.endAt).toBeLessThanOrEqual(show.endedAt!);
      }
      // The recorded lineup keeps live prices below the catalog's.
      expect(show.products.every((p) => p.skus.every((s) => s.livePriceFen < s.priceFen))).toBe(true);
    }
    const shifts = await t.livedesk.infra.db.kysely.selectFrom('anchor_shifts').selectAll().where('live_session_id', '=', second.id).orderBy('start_at').execute();
    expect(shifts.map((s) => [s.anchor, (s.start_at - second.startedAt!) / MINUTE, (s.end_at! - second.startedAt!) / MINUTE])).toEqual([
      ['小鹿', 0, 25],
      ['可可', 25, 50],
      ['小鹿', 50, 75],
    ]);
  });

  it('fills each show with an audience that stays, talks and buys, keeping the event count modest', () => {
    const total = seeded.reduce((sum, s) => sum + s.events, 0);
    expect(total).toBeGreaterThan(10_000);
    expect(total).toBeLessThanOrEqual(40_000);
    for (const { metrics: m } of metrics) {
      expect(m.uv).toBeGreaterThanOrEqual(300);
      expect(m.uv).toBeLessThanOrEqual(600);
      expect(m.pv).toBeGreaterThan(m.uv!); // re-entries
      expect(m.gmvFen).toBeGreaterThan(0);
      expect(m.paidOrders).toBeGreaterThanOrEqual(15);
      expect(m.orderCreateUv).toBeGreaterThan(m.buyers!); // some leave at checkout
      expect(m.comments).toBeGreaterThan(200);
      expect(m.likes).toBeGreaterThan(0);
      expect(m.shares).toBeGreaterThan(0);
      expect(m.follows).toBeGreaterThan(0);
      expect(m.productClickUv).toBeGreaterThan(m.cartUv!);
      expect(m.avgWatchSeconds).toBeGreaterThan(180);
    }
    expect(metrics.some((s) => s.metrics.refundFen! > 0)).toBe(true);
    // The second show sells better: a new product and a keener audience.
    expect(metrics[1]!.metrics.watchToPayRate).toBeGreaterThan(metrics[0]!.metrics.watchToPayRate!);
  });

  it('has people inside at the start of every 10-minute segment, more once arrivals ramp up', () => {
    for (const [i, snapshot] of metrics.entries()) {
      const show = shows[i]!;
      const starts = Array.from({ length: Math.ceil((show.endedAt! - show.startedAt!) / (10 * MINUTE)) }, (_, k) => show.startedAt! + k * 10 * MINUTE);
      expect(starts.length).toBeGreaterThanOrEqual(6);
      const online = starts.map((at) => snapshot.perMinute.find((m) => m.minute === at)?.online ?? 0);
      expect(online.slice(1).every((n) => n > 0)).toBe(true);
      expect(online[2]!).toBeGreaterThan(online[0]!);
    }
  });

  it('sells a product mostly while it is explained, and most in the flash sale\'s burst', () => {
    for (const [i, state] of states.entries()) {
      const show = shows[i]!;
      const orders = [...state.orders.values()];
      const explained = (productId: string, ts: number) => show.explanations.some((e) => e.productId === productId && e.startAt <= ts && ts < e.endAt!);
      let inside = 0;
      let total = 0;
      for (const order of orders) {
        for (const line of order.lines) {
          total += line.priceFen! * line.quantity;
          if (explained(line.productId!, order.ts)) inside += line.priceFen! * line.quantity;
        }
      }
      // By chance alone a line's product would be the one explained about a fifth of the time.
      expect(inside / total).toBeGreaterThan(0.6);
      const withSales = show.explanations.filter((e) => orders.some((o) => e.startAt <= o.ts && o.ts < e.endAt! && o.lines.some((l) => l.productId === e.productId)));
      expect(withSales.length).toBeGreaterThanOrEqual(show.explanations.length - 1);

      const busiest = metrics[i]!.perMinute.reduce((a, b) => (b.paidOrders > a.paidOrders ? b : a));
      expect(busiest.paidOrders).toBeGreaterThanOrEqual(5);
      const lowestLivePrice = new Map(show.products.map((p) => [p.productId, p.fromPriceFen]));
      const inBurst = orders.filter((o) => o.ts >= busiest.minute && o.ts < busiest.minute + MINUTE).flatMap((o) => o.lines);
      const belowLivePrice = inBurst.filter((l) => l.priceFen! < lowestLivePrice.get(l.productId!)!);
      expect(belowLivePrice.length).toBeGreaterThan(inBurst.length / 2);
    }
  });

  it('has questions, praise and a few complaints among the comments', () => {
    for (const state of states) {
      const texts = state.comments.map((c) => c.text);
      expect(texts.filter(isQuestion).length).toBeGreaterThan(3);
      expect(state.comments.every((c) => c.nickname !== null)).toBe(true);
    }
  });

  it('brings viewers and buyers of the first show back to the second', () => {
    const [first, second] = states as [SessionState, SessionState];
    const returning = [...second.people.keys()].filter((identity) => first.people.has(identity));
    expect(returning.length).toBeGreaterThan(0.15 * second.people.size);
    const firstBuyers = new Set([...first.orders.values()].map((o) => o.identity));
    expect([...second.orders.values()].some((o) => firstBuyers.has(o.identity))).toBe(true);
    expect(metrics[1]!.metrics.newBuyers).toBeLessThan(metrics[1]!.metrics.buyers!);
  });

  it('gives each show a full review, the second compared with the first', async () => {
    const reviews: LiveReview[] = [];
    for (const show of shows) {
      const res = await t.request({ method: 'GET', url: `/api/v1/live-sessions/${show.id}/review`, token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      reviews.push(res.body as LiveReview);
    }
    for (const [i, review] of reviews.entries()) {
      const show = shows[i]!;
      expect(review.segments10m).toHaveLength(Math.ceil((show.endedAt! - show.startedAt!) / (10 * MINUTE)));
      expect(review.segments10m.slice(1).every((s) => s.onlineAtStart > 0 && s.retained > 0)).toBe(true);
      expect(review.stayTime.atLeast.find((a) => a.minutes === 30)!.viewers).toBeGreaterThan(0);
      const explainedGmv = review.products.flatMap((p) => p.explanations).filter((e) => e.gmvFen > 0);
      expect(explainedGmv.length).toBeGreaterThanOrEqual(show.explanations.length - 1);
      expect(review.anchors).toMatchObject({ source: 'shifts' });
      expect(review.anchors.anchors.map((a) => a.anchor).sort()).toEqual(show.anchors.map((a) => a.name).sort());
      expect(review.anchors.anchors.every((a) => a.gmvFen > 0)).toBe(true);
      expect(review.danmaku.keywords.length).toBeGreaterThan(0);
      expect(review.danmaku.questions.count).toBeGreaterThan(0);
      expect(review.danmaku.sentiment.negative).toBeGreaterThan(0);
      expect(review.danmaku.sentiment.positive).toBeGreaterThan(review.danmaku.sentiment.negative);
    }
    expect(reviews[0]!.comparison.baseline).toBeNull();
    expect(reviews[1]!.comparison.baseline!.show.liveSessionId).toBe(shows[0]!.id);
    expect(reviews[1]!.comparison.baseline!.metrics.gmvFen!.change).toBeGreaterThan(0);
  });

  it('plays the same show for the same seed', () => {
    const product = { productId: 'p1', talk: productTalk.TEA!, skus: [{ skuId: 's1', priceFen: 100 }], appeal: 1 };
    const outline: ShowOutline = {
      liveSessionId: 'show',
      startedAt: 0,
      endedAt: 60 * MINUTE,
      viewers: 50,
      products: [product],
      explanations: [{ product, startAt: 0, endAt: 30 * MINUTE }],
      flashSale: { product, skuId: 's1', priceFen: 50, startAt: 40 * MINUTE, endAt: 43 * MINUTE },
      buyFactor: 1,
    };
    const play = (seed: number) => showEvents(new Random(seed), outline, [], 'x').events;
    expect(play(7)).toEqual(play(7));
    expect(play(8)).not.toEqual(play(7));
    const times = play(7).map((e) => e.ts);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});
