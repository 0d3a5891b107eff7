import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '@livedesk/contracts';
import { lineShares, ShowNumbers, spanOf, type ShowWindow } from './compute.js';
import { SessionState } from './state.js';

const S = 1_700_000_040_000; // a whole minute
let seq = 0;
const ev = (type: string, anonymousId: string, ts: number, props?: Record<string, unknown>): StoredEvent => ({
  id: `e${++seq}`, type, ts, anonymousId, orgId: 'org', receivedAt: ts, liveSessionId: 'show', ...(props ? { props } : {}),
});
const stateOf = (...events: StoredEvent[]) => {
  const state = new SessionState('show', 'org');
  for (const e of events) state.apply(e);
  return state;
};
const ended: ShowWindow = { status: 'ended', startedAt: S, endedAt: S + 100_000 };

describe('compute', () => {
  it('shares an order among its lines by value, to the fen', () => {
    // 1000 over values 300 and 600: 333.33 and 666.67 → the larger remainder takes the spare fen.
    expect(lineShares({ amountFen: 1000, lines: [{ productId: 'a', quantity: 1, priceFen: 300 }, { productId: 'b', quantity: 2, priceFen: 300 }] })).toEqual([333, 667]);
    // without prices, by quantity; equal remainders go to the earlier line
    expect(lineShares({ amountFen: 100, lines: [{ productId: 'a', quantity: 1, priceFen: null }, { productId: 'b', quantity: 1, priceFen: 300 }, { productId: 'c', quantity: 1, priceFen: null }] })).toEqual([34, 33, 33]);
    expect(lineShares({ amountFen: 500, lines: [] })).toEqual([]);
  });

  it('keeps a reconnect (leave and enter in one millisecond) inside, in the order the marks arrived', () => {
    const reconnect = stateOf(ev('room.enter', 'a', S + 1_000), ev('room.leave', 'a', S + 5_000), ev('room.enter', 'a', S + 5_000));
    const numbers = new ShowNumbers(reconnect, ended, S + 200_000);
    expect(numbers.metrics(spanOf(ended, S + 200_000))).toMatchObject({ pv: 2, uv: 1, totalWatchSeconds: 99, peakOnline: 1 });
    // a late leave stamped before the re-enter is sorted in by event time
    const late = stateOf(ev('room.enter', 'a', S + 1_000), ev('room.enter', 'a', S + 5_000), ev('room.leave', 'a', S + 3_000));
    expect(new ShowNumbers(late, ended, S + 200_000).metrics(spanOf(ended, S + 200_000))).toMatchObject({ totalWatchSeconds: 2 + 95 });
  });

  it('hands out comments that later comments do not change (a pushed tick diffs two of them)', () => {
    const state = stateOf(ev('comment', 'a', S + 1_000, { text: '有M码吗' }));
    const before = new ShowNumbers(state, ended, S + 200_000).comments();
    state.apply(ev('comment', 'b', S + 2_000, { text: '扣1' }));
    expect(before.map((c) => c.text)).toEqual(['有M码吗']);
    expect(new ShowNumbers(state, ended, S + 200_000).comments().map((c) => c.text)).toEqual(['有M码吗', '扣1']);
  });

  it('does not let a visit of no length raise the peak', () => {
    const state = stateOf(ev('room.enter', 'a', S + 1_000), ev('room.leave', 'a', S + 2_000), ev('room.enter', 'b', S + 2_000), ev('room.enter', 'c', S + 3_000), ev('room.leave', 'c', S + 3_000));
    expect(new ShowNumbers(state, ended, S + 200_000).metrics(spanOf(ended, S + 200_000))).toMatchObject({ peakOnline: 1, uv: 3 });
  });

  it('ranks the top 20 products for the snapshot, and all of them when asked (the post-live review)', () => {
    const clicks = Array.from({ length: 21 }, (_, i) => ev('product.click', 'a', S + 1_000, { productId: `p${String(i).padStart(2, '0')}` }));
    const numbers = new ShowNumbers(stateOf(...clicks), ended, S + 200_000);
    expect(numbers.products()).toHaveLength(20);
    expect(numbers.products(Infinity).map((p) => p.productId)).toEqual(clicks.map((c) => c.props!.productId));
  });

  it('survives its checkpoint format unchanged', () => {
    const state = stateOf(
      ev('room.enter', 'a', S + 1_000),
      ev('comment', 'a', S + 2_000, { text: 'hi', nickname: 'A' }),
      ev('product.click', 'a', S + 3_000, { productId: 'p' }),
      ev('order.pay', 'a', S + 4_000, { orderId: 'o', amountFen: 100, items: [{ productId: 'p', quantity: 1 }] }),
      ev('order.refund', 'a', S + 5_000, { orderId: 'o', amountFen: 40 }),
    );
    state.firstPays.set('a', S + 4_000);
    state.pending.push(ev('like', 'a', S + 999_000));
    const again = SessionState.parse(state.serialise());
    expect(again.serialise()).toBe(state.serialise());
    const live: ShowWindow = { status: 'live', startedAt: S, endedAt: null };
    const view = (s: SessionState) => {
      const n = new ShowNumbers(s, live, S + 60_000);
      return { metrics: n.metrics(spanOf(live, S + 60_000)), minutes: n.minuteBuckets(), products: n.products(), comments: n.comments() };
    };
    expect(view(again)).toEqual(view(state));
  });
});
