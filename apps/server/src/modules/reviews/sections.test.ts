import { describe, expect, it } from 'vitest';
import type { MetricMarker, MetricValues, MinuteBucket, ProductRank, StoredEvent } from '@livedesk/contracts';
import { SessionState } from '../analytics/state.js';
import { anchors, funnel, peaks, presenceOf, products, segments10m, stayTime, type LiveWindow } from './sections.js';

const M = 60_000;
const S = 1_700_000_040_000; // a whole minute
const at = (minutes: number) => S + minutes * M;
let seq = 0;
const ev = (type: string, who: string, ts: number, props?: Record<string, unknown>): StoredEvent => ({
  id: `e${++seq}`, type, ts, anonymousId: who, orgId: 'org', receivedAt: ts, liveSessionId: 'show', ...(props ? { props } : {}),
});
const stateOf = (...events: StoredEvent[]) => {
  const state = new SessionState('show', 'org');
  for (const e of events) state.apply(e);
  return state;
};
const enter = (who: string, minutes: number) => ev('room.enter', who, at(minutes));
const leave = (who: string, minutes: number) => ev('room.leave', who, at(minutes));
const pay = (who: string, minutes: number, orderId: string, amountFen: number, items: { productId: string; quantity: number; priceFen?: number }[]) =>
  ev('order.pay', who, at(minutes), { orderId, amountFen, items });

describe('review sections', () => {
  it('cuts presence into 10-minute segments (the last one shorter), a reconnect keeping its viewer inside', () => {
    const window: LiveWindow = { startAt: S, endAt: at(25) };
    const state = stateOf(
      enter('a', 0), // inside at 0 and for good: retained in every segment
      enter('b', 5), leave('b', 10), // leaves exactly at the second segment's start: not inside then
      enter('c', 8), leave('c', 15), enter('c', 15), leave('c', 20), // a reconnect at 15: one visit [8, 20)
      enter('d', 10), leave('d', 12), enter('d', 14), // re-enters: inside at 20 but not retained through [10, 20)
      enter('a', 3), // a second enter while inside: an event, not a visit
    );
    const presence = presenceOf(state.people, window);
    expect(presence.get('c')).toEqual([{ enter: at(8), leave: at(20) }]);
    expect(presence.get('a')).toEqual([{ enter: at(0), leave: at(25) }]); // open at the end: closes there
    expect(segments10m(window, state.people, presence)).toEqual([
      // at 0: a. Enters a (0), a (3), b (5), c (8); leaves none.
      { startAt: at(0), endAt: at(10), onlineAtStart: 1, enters: 4, leaves: 0, retained: 1, retentionRate: 1 },
      // at 10: a, c, d (b left at 10). a stays; c leaves at 20 = endAt: retained; d leaves at 12: not.
      // Enters d (10), c (15), d (14); leaves b (10), d (12), c (15).
      { startAt: at(10), endAt: at(20), onlineAtStart: 3, enters: 3, leaves: 3, retained: 2, retentionRate: 2 / 3 },
      // at 20: a, d (c left at 20). Both stay to the end at 25. Leaves c (20).
      { startAt: at(20), endAt: at(25), onlineAtStart: 2, enters: 0, leaves: 1, retained: 2, retentionRate: 1 },
    ]);
  });

  it('gives a segment nobody was inside at the start a null retention rate', () => {
    const window: LiveWindow = { startAt: S, endAt: at(3) };
    const state = stateOf(enter('a', 1));
    expect(segments10m(window, state.people, presenceOf(state.people, window))).toEqual([
      { startAt: S, endAt: at(3), onlineAtStart: 0, enters: 1, leaves: 0, retained: 0, retentionRate: null },
    ]);
    expect(segments10m({ startAt: S, endAt: S }, state.people, new Map())).toEqual([]);
  });

  it('sums each viewer\'s visits for the stay-time distribution, thresholds inclusive', () => {
    const window: LiveWindow = { startAt: S, endAt: at(60) };
    const state = stateOf(
      enter('a', 0), leave('a', 0.5), // 30 s
      enter('b', 0), leave('b', 1), // exactly 1 min
      enter('c', 0), leave('c', 2), enter('c', 10), leave('c', 13), // 2 + 3 = 5 min
      enter('d', 30), // 30 min, to the end
    );
    const stays = stayTime(presenceOf(state.people, window));
    // sorted 30, 60, 300, 1800 s: the median is (60 + 300) / 2 = 180 s
    expect(stays).toEqual({
      viewers: 4,
      medianSeconds: 180,
      atLeast: [
        { minutes: 1, viewers: 3, share: 3 / 4 },
        { minutes: 3, viewers: 2, share: 2 / 4 },
        { minutes: 5, viewers: 2, share: 2 / 4 },
        { minutes: 10, viewers: 1, share: 1 / 4 },
        { minutes: 30, viewers: 1, share: 1 / 4 },
      ],
    });
    expect(stayTime(presenceOf(stateOf(enter('a', 0), leave('a', 2), enter('b', 1), leave('b', 2), enter('c', 0)).people, window)).medianSeconds).toBe(120);
    expect(stayTime(new Map())).toMatchObject({ viewers: 0, medianSeconds: null, atLeast: expect.arrayContaining([{ minutes: 1, viewers: 0, share: null }]) });
  });

  it('reads the funnel off the metrics, conversions null where a step before is 0', () => {
    const metrics = { uv: 10, productExposureUv: 5, productClickUv: 0, cartUv: 0, orderCreateUv: 0, buyers: 0 } as MetricValues;
    expect(funnel(metrics)).toEqual([
      { metric: 'uv', count: 10, conversionFromPrevious: null, conversionFromFirst: 1 },
      { metric: 'productExposureUv', count: 5, conversionFromPrevious: 0.5, conversionFromFirst: 0.5 },
      { metric: 'productClickUv', count: 0, conversionFromPrevious: 0, conversionFromFirst: 0 },
      { metric: 'cartUv', count: 0, conversionFromPrevious: null, conversionFromFirst: 0 },
      { metric: 'orderCreateUv', count: 0, conversionFromPrevious: null, conversionFromFirst: 0 },
      { metric: 'buyers', count: 0, conversionFromPrevious: null, conversionFromFirst: 0 },
    ]);
  });

  it('attributes refunds to lines by value and sells during 讲解 periods [start, end), an open one to the end', () => {
    const window: LiveWindow = { startAt: S, endAt: at(30) };
    const state = stateOf(
      pay('x', 4.9, 'o1', 1000, [{ productId: 'p', quantity: 1, priceFen: 1000 }]), // before the first period
      pay('y', 5, 'o2', 3000, [{ productId: 'p', quantity: 2, priceFen: 1000 }, { productId: 'q', quantity: 1, priceFen: 1000 }]), // at its start
      pay('z', 10, 'o3', 1000, [{ productId: 'p', quantity: 1, priceFen: 1000 }]), // at its end: outside
      pay('x', 25, 'o4', 500, [{ productId: 'p', quantity: 1, priceFen: 1000 }]), // a discount, in the open period
    );
    const rank = (productId: string, gmvFen: number, over: Partial<ProductRank> = {}): ProductRank => ({
      productId, title: productId, exposureUv: 4, clickUv: 1, clicks: 2, cartUv: 1, paidOrders: 0, itemsSold: 0, gmvFen, last5m: { clicks: 0, gmvFen: 0 }, ...over,
    });
    const markers: MetricMarker[] = [
      { kind: 'explain', startAt: at(5), endAt: at(10), label: 'P', productId: 'p' },
      { kind: 'explain', startAt: at(20), endAt: null, label: 'P', productId: 'p' },
      { kind: 'explain', startAt: at(-5), endAt: at(-1), label: 'P', productId: 'p' }, // before the show: no period
      { kind: 'explain', startAt: at(1), endAt: at(2), label: 'R', productId: 'r' }, // explained, never seen
      { kind: 'flash_sale', startAt: at(5), endAt: at(6), label: 'sale', productId: 'p' },
    ];
    const list = products({
      ranks: [rank('p', 4500), rank('q', 1000, { exposureUv: 0 })],
      orders: state.orders,
      // o2's 600 over lines worth 2000 and 1000: 400 and 200; o4's 100 all to p; 'gone' is no order of the show
      refunds: new Map([['o2', 600], ['o4', 100], ['gone', 999]]),
      markers,
      window,
      pv: 8,
    });
    expect(list.map((p) => p.productId)).toEqual(['p', 'q', 'r']);
    const [p, q, r] = list;
    expect(p).toMatchObject({ ctr: 1 / 4, gpmFen: 562_500, refundFen: 500, refundRate: 500 / 4500 }); // 4500 × 1000 / 8
    expect(p!.explanations).toEqual([
      // o2's 3000 over 2000 + 1000: p's line is 2000
      { startAt: at(5), endAt: at(10), durationSeconds: 300, gmvFen: 2000, paidOrders: 1, itemsSold: 2 },
      { startAt: at(20), endAt: at(30), durationSeconds: 600, gmvFen: 500, paidOrders: 1, itemsSold: 1 },
    ]);
    expect(q).toMatchObject({ ctr: null, gpmFen: 125_000, refundFen: 200, refundRate: 0.2, explanations: [] });
    expect(r).toEqual({
      productId: 'r', title: 'R', exposureUv: 0, clickUv: 0, clicks: 0, ctr: null, cartUv: 0, paidOrders: 0, itemsSold: 0, gmvFen: 0,
      gpmFen: 0, refundFen: 0, refundRate: null,
      explanations: [{ startAt: at(1), endAt: at(2), durationSeconds: 60, gmvFen: 0, paidOrders: 0, itemsSold: 0 }],
    });
    expect(products({ ranks: [rank('p', 0)], orders: new Map(), refunds: new Map(), markers: [], window, pv: 0 })[0]).toMatchObject({ gpmFen: null, refundRate: null });
  });

  it('credits anchors with what sold and who watched during their shifts, clipped to the show', () => {
    const window: LiveWindow = { startAt: S, endAt: at(60) };
    const state = stateOf(
      enter('v1', 0), leave('v1', 10), // only during 甲's first shift
      enter('v2', 20), // from 20 to the end
      enter('v3', 29), leave('v3', 29), // an empty visit: inside at no moment
      pay('v1', 5, 'o1', 1000, []),
      pay('v2', 30, 'o2', 2000, []), // at 乙's start
      pay('v2', 50, 'o3', 700, []),
    );
    const presence = presenceOf(state.people, window);
    const shifts = [
      { anchor: '乙', userId: 'u2', startAt: at(30), endAt: null }, // on air to the end
      { anchor: '甲', userId: null, startAt: at(-10), endAt: at(15) }, // began before the show
      { anchor: '甲', userId: 'u1', startAt: at(10), endAt: at(20) }, // overlaps the first: [0, 20) once
    ];
    const result = anchors({ shifts, showAnchors: [{ name: '甲' }, { name: '丙' }], window, presence, orders: state.orders });
    expect(result).toEqual({
      source: 'shifts',
      anchors: [
        // [0, 20): 1200 s; o1; v1 and v2 (entering at 20 = the end: not inside then) → v1 only
        { anchor: '甲', userId: 'u1', onAirSeconds: 1200, gmvFen: 1000, paidOrders: 1, gmvPerHourFen: 3000, viewers: 1, buyers: 1, conversionRate: 1 },
        // [30, 60): 1800 s; o2 + o3 by v2; v2 inside
        { anchor: '乙', userId: 'u2', onAirSeconds: 1800, gmvFen: 2700, paidOrders: 2, gmvPerHourFen: 5400, viewers: 1, buyers: 1, conversionRate: 1 },
        { anchor: '丙', userId: null, onAirSeconds: 0, gmvFen: 0, paidOrders: 0, gmvPerHourFen: null, viewers: 0, buyers: 0, conversionRate: null },
      ],
    });
    const whole = anchors({ shifts: [], showAnchors: [{ name: '甲', userId: 'u1' }, { name: '乙' }], window, presence, orders: state.orders });
    expect(whole.source).toBe('whole_show');
    // 3600 s, all three orders (3700), v1 and v2 inside (v3's visit is empty), 2 buyers
    const everything = { onAirSeconds: 3600, gmvFen: 3700, paidOrders: 3, gmvPerHourFen: 3700, viewers: 2, buyers: 2, conversionRate: 1 };
    expect(whole.anchors).toEqual([{ anchor: '甲', userId: 'u1', ...everything }, { anchor: '乙', userId: null, ...everything }]);
  });

  it('picks the 5 busiest minutes, the earlier first on ties, with what happened and what was written then', () => {
    const window: LiveWindow = { startAt: S, endAt: at(10) };
    const bucket = (minute: number, comments: number, likes: number, shares: number): MinuteBucket => ({
      minute: at(minute), online: minute, enters: 0, leaves: 0, comments, likes, shares, productClicks: 0, cartAdds: 0, paidOrders: 0, gmvFen: minute * 100,
    });
    const perMinute = [bucket(0, 0, 0, 0), bucket(1, 1, 1, 0), bucket(2, 0, 5, 0), bucket(3, 2, 0, 0), bucket(4, 0, 0, 2), bucket(5, 0, 0, 1), bucket(6, 1, 1, 1), bucket(7, 0, 1, 0)];
    const explain: MetricMarker = { kind: 'explain', startAt: at(2.5), endAt: null, label: 'P', productId: 'p' };
    const alert: MetricMarker = { kind: 'alert', startAt: at(3), endAt: at(4), label: '在线下降', productId: null };
    const lottery: MetricMarker = { kind: 'lottery', startAt: at(6.5), endAt: at(6.5), label: '福袋', productId: null };
    const comments = [
      { ts: at(3.1), identity: 'a', text: '好看' },
      { ts: at(3.5), identity: 'b', text: '好看' },
      { ts: at(1.2), identity: 'c', text: '发货' },
    ];
    const top = peaks(perMinute, [explain, alert, lottery], comments, window);
    // 2 (5), then 6 (3), then 1, 3 and 4 (2 each, in time order); 5 (1) and 7 (1) are left out, 0 has none
    expect(top.map((p) => [p.minute, p.interactions])).toEqual([[at(2), 5], [at(6), 3], [at(1), 2], [at(3), 2], [at(4), 2]]);
    expect(top[0]).toEqual({ minute: at(2), interactions: 5, comments: 0, likes: 5, shares: 0, online: 2, gmvFen: 200, happenings: [explain], keywords: [] });
    expect(top[1]!.happenings).toEqual([explain, lottery]); // an instant marker inside the minute
    expect(top[3]!.happenings).toEqual([explain, alert]); // the alert's [3, 4) does not reach minute 4
    expect(top[4]!.happenings).toEqual([explain]);
    expect(top[3]!.keywords).toEqual(['好看']);
    expect(top[2]!.keywords).toEqual(['发货']);
  });
});
