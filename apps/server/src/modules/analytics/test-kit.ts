// Test helpers for live metrics: events through the real ingestion, and the hand-built show of the acceptance tests.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { LiveMetricsSnapshot, MetricValues } from '@livedesk/contracts';
import { systemActor } from '../../lib/actor.js';
import type { TestApp } from '../../testing/app.js';
import type { TestClock } from '../../testing/clock.js';
import { createSku, newBuyer, testAddress } from '../../testing/commerce.js';
import { createShow } from '../../testing/live.js';
import { ingestKey, postEvents } from '../events/test-kit.js';
import { MINUTE_MS } from './state.js';

export const setClock = (clock: TestClock, at: number): void => clock.advance(at - clock.now());

/** Who does something: a device, signed in as a buyer or not. */
export interface Viewer {
  anonymousId: string;
  userId?: string;
}

/** A tracking event of `liveSessionId` by `who` at `ts`. */
export const event = (who: Viewer, liveSessionId: string | undefined, type: string, ts: number, props?: Record<string, unknown>) => ({
  id: randomUUID(),
  type,
  ts,
  ...(liveSessionId ? { liveSessionId } : {}),
  ...who,
  ...(props ? { props } : {}),
});

/** An SDK on a trusted server key (order events, events of any age), posting through `POST /api/v1/events`. */
export async function tracker(t: TestApp): Promise<(events: ReturnType<typeof event>[]) => Promise<void>> {
  const key = await ingestKey(t, ['events:ingest', 'events:ingest:trusted']);
  return async (events) => {
    const res = await postEvents(t, key, { events });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ accepted: events.length, rejected: [] });
  };
}

export async function metricsOf(t: TestApp, token: string, liveSessionId: string): Promise<LiveMetricsSnapshot> {
  const res = await t.request({ method: 'GET', url: `/api/v1/live-sessions/${liveSessionId}/metrics`, token });
  expect(res.status).toBe(200);
  return res.body as LiveMetricsSnapshot;
}

/**
 * The hand-built show of the acceptance tests, worked out by hand. Five viewers over 30 minutes, one real
 * order placed and paid through the store (its outbox events carry the real time, 1–3 minutes into the
 * show) and refunded in part, one order reported by the SDK, events before the start and after the end,
 * an event stamped after the end that arrives while the show is live, and late events. `settle` makes the
 * numbers visible to `GET /metrics` (the aggregator catches up, crashes, checkpoints: whatever the test is about).
 */
export async function handBuiltShow(t: TestApp, clock: TestClock, settle: () => Promise<void>): Promise<void> {
  const token = (await t.login()).token;
  const track = await tracker(t);
  const p1 = await createSku(t, { stock: 10, priceFen: 9900 });
  const p2 = await createSku(t, { stock: 10, priceFen: 2500 });
  const unique = randomUUID().slice(0, 8);

  // The show starts on a minute, 1–2 minutes before the real time at which the real order is paid.
  const S = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
  const s = (seconds: number) => S + seconds * 1000;
  setClock(clock, S);
  const show = await createShow(t, token, { title: '手工核算专场', productIds: [p1.productId, p2.productId] }, 'start');
  expect(show.startedAt).toBe(S);
  const id = show.id;

  // B buys P1 through the store: order.created and order.paid come from the outbox, stamped with the real time.
  const buyerToken = await newBuyer(t);
  const placed = await t.request({
    method: 'POST',
    url: '/api/v1/store/orders',
    token: buyerToken,
    headers: { 'idempotency-key': `hand-built-${unique}` },
    body: { items: [{ skuId: p1.skuId, quantity: 1 }], liveSessionId: id, address: testAddress },
  });
  expect(placed.status).toBe(201);
  expect(placed.body.totalFen).toBe(9900);
  const orderB = placed.body.id as string;
  expect((await t.request({ method: 'POST', url: `/api/v1/store/orders/${orderB}/pay`, token: buyerToken, body: { method: 'sandbox' } })).status).toBe(200);
  const db = t.livedesk.infra.db.kysely;
  const buyerId = (await db.selectFrom('orders').select('buyer_id').where('id', '=', orderB).executeTakeFirstOrThrow()).buyer_id!;
  // After-sales refunds ¥30 of it (the refund's outbox event, too, carries the real time: after the start).
  await db.transaction().execute((tx) =>
    t.livedesk.services.orders.recordRefund(tx, { orgId: p1.orgId, orderId: orderB, refundId: `refund-${unique}`, amountFen: 3000, actor: systemActor(p1.orgId) }),
  );
  const paidAt = (await db.selectFrom('outbox').select('created_at').where('type', '=', 'order.paid').where('payload', 'like', `%${orderB}%`).executeTakeFirstOrThrow()).created_at;
  expect(paidAt - S).toBeGreaterThanOrEqual(0);
  expect(paidAt - S).toBeLessThan(1_100_000);

  const A: Viewer = { anonymousId: `dev-a-${unique}` };
  const B: Viewer = { anonymousId: `dev-b-${unique}`, userId: buyerId };
  const C: Viewer = { anonymousId: `dev-c-${unique}`, userId: `user-c-${unique}` };
  const D: Viewer = { anonymousId: `dev-d-${unique}` };
  const E: Viewer = { anonymousId: `dev-e-${unique}` };
  const orderC = `order-c-${unique}`;

  // ---- the first 20 minutes
  setClock(clock, s(1200));
  await track([
    event(D, id, 'comment', s(-30), { text: '开始了吗' }), // before the start: not counted
    event(A, id, 'room.enter', s(10)),
    event(B, id, 'room.enter', s(30)),
    event(B, id, 'product.exposure', s(40), { productId: p1.productId }),
    event(B, id, 'product.click', s(45), { productId: p1.productId }),
    event(B, id, 'cart.add', s(50), { productId: p1.productId, skuId: p1.skuId, quantity: 1 }),
    event(A, id, 'like', s(60), { count: 5 }),
    event(B, id, 'comment', s(100), { text: '好看', nickname: '小B' }),
    event(B, id, 'follow', s(130)),
  ]);
  await track([
    // the SDK reports B's order too: the same order id counts once
    event(B, id, 'order.pay', s(150), { orderId: orderB, amountFen: 9900, items: [{ productId: p1.productId, skuId: p1.skuId, quantity: 1, priceFen: 9900 }] }),
    event(C, id, 'room.enter', s(200)),
    event(C, id, 'product.exposure', s(210), { productId: p2.productId }),
    event(C, id, 'product.click', s(220), { productId: p2.productId }),
    event(C, id, 'product.click', s(230), { productId: p2.productId }),
    event(C, id, 'cart.add', s(240), { productId: p2.productId, skuId: p2.skuId, quantity: 2 }),
    event(C, id, 'order.create', s(250), { orderId: orderC, amountFen: 5000 }),
    event(C, id, 'order.pay', s(260), { orderId: orderC, amountFen: 5000, items: [{ productId: p2.productId, skuId: p2.skuId, quantity: 2, priceFen: 2500 }] }),
    event(C, id, 'share', s(270)),
    event(C, id, 'follow', s(280)),
    event(A, id, 'room.leave', s(310)),
  ]);
  await track([
    event(D, id, 'room.enter', s(400)),
    event(D, id, 'comment', s(410), { text: '多少钱' }),
    event(D, id, 'product.exposure', s(420), { productId: p1.productId }),
    event(D, id, 'room.leave', s(500)),
    event(A, id, 'room.enter', s(600)),
    event(A, id, 'product.exposure', s(620), { productId: p2.productId }),
    event(A, id, 'room.enter', s(700)), // already inside: a view, not a second visit
    event(A, id, 'room.leave', s(900)),
    event(B, id, 'room.leave', s(1000)),
    event(E, id, 'room.enter', s(1100)),
  ]);
  await settle();

  // Visits at 20:00 — A [10, 310) + [600, 900) = 600 s; B [30, 1000) = 970 s; C [200, now) = 1000 s;
  // D [400, 500) = 100 s; E [1100, now) = 100 s. Total 2770 s over 1200 s of show.
  // Inside: 10 s A; 30 s A B; 200 s A B C; 310 s B C; 400 s B C D; 500 s B C; 600 s A B C; 900 s B C;
  // 1000 s C; 1100 s C E → peak 3, online now 2.
  // Enters: A ×3 (10, 600, 700), B, C, D, E = 7 views by 5 viewers.
  // Orders: B 9900 (P1 ×1), C 5000 (P2 ×2) → 2 orders, 3 items, GMV 14900 by 2 buyers, both first-time.
  const live: MetricValues = {
    pv: 7,
    uv: 5,
    peakOnline: 3,
    avgOnline: 2_770_000 / 1_200_000,
    avgWatchSeconds: 554, // 2770 / 5
    totalWatchSeconds: 2770,
    comments: 2, // B at 100 s, D at 410 s (D's at −30 s was before the start)
    likes: 5,
    shares: 1,
    follows: 2, // B, C
    interactionUsers: 4, // A like, B comment, C share, D comment
    interactionRate: 4 / 5,
    followRate: 2 / 5,
    productExposureUv: 4, // B, C, D, A
    productClickUv: 2, // B, C
    cartUv: 2,
    orderCreateUv: 2, // B from the outbox, C from the SDK
    buyers: 2,
    paidOrders: 2,
    itemsSold: 3,
    gmvFen: 14_900,
    gpmFen: 2_128_571, // round(14900 × 1000 / 7) = round(2128571.43)
    uvValueFen: 2980, // 14900 / 5
    aovFen: 7450, // 14900 / 2
    exposureToClickRate: 2 / 4,
    clickToPayRate: 2 / 2,
    watchToPayRate: 2 / 5,
    refundFen: 3000,
    refundRate: 3000 / 14_900,
    newBuyers: 2,
    newBuyerShare: 2 / 2,
  };
  const during = await metricsOf(t, token, id);
  expect(during).toMatchObject({ liveSessionId: id, status: 'live', startedAt: S, endedAt: null, asOf: s(1200), online: 2 });
  expect(during.metrics).toEqual(live);
  expect(during.perMinute.map((m) => m.minute)).toEqual(Array.from({ length: 21 }, (_, i) => S + i * MINUTE_MS));
  expect(during.perMinute[0]).toEqual({ minute: S, online: 2, enters: 2, leaves: 0, comments: 0, likes: 0, shares: 0, productClicks: 1, cartAdds: 1, paidOrders: 0, gmvFen: 0 });
  expect(during.perMinute[20]).toMatchObject({ minute: s(1200), online: 2, enters: 0 });
  expect(during.products.map((p) => [p.title, p.exposureUv, p.clickUv, p.clicks, p.cartUv, p.paidOrders, p.itemsSold, p.gmvFen])).toEqual([
    [`商品 ${p1.productId.slice(-4)}`, 2, 1, 1, 1, 1, 1, 9900],
    [`商品 ${p2.productId.slice(-4)}`, 2, 1, 2, 1, 1, 2, 5000],
  ]);
  expect(during.comments.map((c) => [c.text, c.nickname, c.identity])).toEqual([['好看', '小B', buyerId], ['多少钱', null, D.anonymousId]]);

  // ---- the last 10 minutes. E shares at 30:30 while the show is live at 29:00: held until the clock passes
  // it, by when the show has ended at 30:00, so it never counts.
  setClock(clock, s(1740));
  await track([
    event(D, id, 'room.enter', s(1500)),
    event(D, id, 'room.leave', s(1700)),
    event(E, id, 'share', s(1830)),
  ]);
  await settle();
  await track([event(E, id, 'room.leave', s(1790))]); // also ahead of the clock: held, and counted once the clock passes it
  setClock(clock, s(1800));
  const ended = await t.request({ method: 'POST', url: `/api/v1/live-sessions/${id}/end`, token });
  expect(ended.body.endedAt).toBe(s(1800));
  setClock(clock, s(2100));
  await track([
    event(D, id, 'like', s(450)), // late: arrives after the end, counts at its time
    event(E, id, 'comment', s(1830), { text: '下播了' }), // after the end: not counted
    event(C, id, 'order.refund', s(2000), { orderId: orderC, amountFen: 1000 }), // refunds count after the end too
  ]);
  await settle();

  // Visits — A 600 s; B 970 s; C [200, 1800) = 1600 s (still inside at the end); D [400, 500) + [1500, 1700) = 300 s;
  // E [1100, 1790) = 690 s. Total 4160 s over 1800 s. Peak still 3 (1500 s: C D E).
  const after: MetricValues = {
    ...live,
    pv: 8, // D's second enter
    avgOnline: 4_160_000 / 1_800_000,
    avgWatchSeconds: 832, // 4160 / 5
    totalWatchSeconds: 4160,
    likes: 6, // + D's late like (count 1)
    gpmFen: 1_862_500, // 14900 × 1000 / 8
    refundFen: 4000,
    refundRate: 4000 / 14_900,
  };
  const final = await metricsOf(t, token, id);
  expect(final).toMatchObject({ status: 'ended', startedAt: S, endedAt: s(1800), online: 0 });
  expect(final.metrics).toEqual(after);
  expect(final.perMinute).toHaveLength(31);
  // E left at 29:50, held until the clock passed it and then counted; C was still inside when the show ended.
  expect(final.perMinute[29]).toMatchObject({ minute: s(1740), online: 1, leaves: 1 });
  expect(final.perMinute[30]).toMatchObject({ minute: s(1800), online: 1, enters: 0, comments: 0, shares: 0 });
}
