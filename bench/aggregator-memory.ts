// Memory of the real-time aggregator per show: one show's state after N viewers, each with a typical
// hour of activity. Run with --expose-gc (bench/run.ts does) so the heap is measured after collection.
import type { StoredEvent } from '@livedesk/contracts';
import { SessionState } from '../apps/server/src/modules/analytics/state.js';

export interface AggregatorMemoryResult {
  viewers: number;
  events: number;
  heapMiB: number;
  /** the checkpoint of this show, as written to the database each second it changes */
  checkpointMiB: number;
  bytesPerViewer: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

function heapUsed(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

/** Each viewer: two visits, likes, a comment, product views and clicks, a cart add; one in twenty buys. */
function* viewerEvents(viewers: number, startedAt: number): Generator<StoredEvent> {
  const hour = 3_600_000;
  let n = 0;
  const event = (type: string, ts: number, anonymousId: string, props?: Record<string, unknown>): StoredEvent => ({
    id: `e${n++}`, type, ts, anonymousId, liveSessionId: 'show', orgId: 'org', receivedAt: ts, ...(props ? { props } : {}),
  });
  for (let v = 0; v < viewers; v++) {
    const who = `device-${v.toString(36).padStart(8, '0')}`;
    const enter = startedAt + ((v * 7919) % hour);
    for (const visit of [0, 1]) {
      const at = enter + visit * 600_000;
      yield event('room.enter', at, who);
      yield event('like', at + 1000, who, { count: 3 });
      yield event('product.exposure', at + 2000, who, { productId: `p${v % 20}` });
      yield event('product.click', at + 3000, who, { productId: `p${v % 20}` });
      yield event('room.leave', at + 300_000, who);
    }
    yield event('comment', enter + 4000, who, { text: '主播这件有M码吗', nickname: `用户${v}` });
    yield event('cart.add', enter + 5000, who, { productId: `p${v % 20}`, skuId: `s${v % 20}`, quantity: 1 });
    if (v % 20 === 0) yield event('order.pay', enter + 6000, who, { orderId: `o${v}`, amountFen: 9900, items: [{ productId: `p${v % 20}`, quantity: 1, priceFen: 9900 }] });
  }
}

export function benchAggregatorMemory(viewers: number): AggregatorMemoryResult {
  const before = heapUsed();
  const state = new SessionState('show', 'org');
  let events = 0;
  for (const event of viewerEvents(viewers, Date.UTC(2026, 11, 1, 12))) {
    state.apply(event);
    events++;
  }
  const heap = heapUsed() - before;
  const checkpoint = Buffer.byteLength(state.serialise());
  return {
    viewers,
    events,
    heapMiB: Math.round((heap / 2 ** 20) * 10) / 10,
    checkpointMiB: Math.round((checkpoint / 2 ** 20) * 10) / 10,
    bytesPerViewer: Math.round(heap / viewers),
  };
}
