import { randomUUID } from 'node:crypto';
import { Random } from '../apps/server/src/lib/random.js';

interface ShowEvent {
  id: string;
  type: string;
  ts: number;
  liveSessionId: string;
  userId?: string;
  anonymousId: string;
  props?: Record<string, unknown>;
}

/**
 * The tracking events of a whole recorded show in `[startedAt, endedAt]`: viewers who enter, leave and
 * come back, like, chat, share, follow, look at and buy products, a refund, and a few events outside
 * the window that must not count. Sent with a trusted key, so the commerce events are accepted too.
 */
export function recordedShowEvents(options: { liveSessionId: string; startedAt: number; endedAt: number; viewers: number; productIds: string[]; seed: number }): ShowEvent[] {
  const random = new Random(options.seed);
  const rnd = () => random.next();
  const { liveSessionId, startedAt, endedAt } = options;
  const span = endedAt - startedAt;
  const at = (from: number, to: number) => Math.floor(from + rnd() * (to - from));
  const events: ShowEvent[] = [];
  for (let v = 0; v < options.viewers; v++) {
    const anonymousId = `device-${options.seed}-${v}`;
    const userId = v % 3 === 0 ? `buyer-${options.seed}-${v}` : undefined;
    const who = { liveSessionId, anonymousId, ...(userId ? { userId } : {}) };
    const push = (type: string, ts: number, props?: Record<string, unknown>) => events.push({ id: randomUUID(), type, ts, ...who, ...(props ? { props } : {}) });
    let cursor = at(startedAt - span * 0.05, startedAt + span * 0.8);
    const visits = 1 + Math.floor(rnd() * 3);
    for (let i = 0; i < visits && cursor < endedAt + span * 0.05; i++) {
      const enter = cursor;
      const leave = enter + Math.floor(rnd() * span * 0.4);
      push('room.enter', enter);
      const productId = options.productIds[v % options.productIds.length]!;
      if (rnd() < 0.7) push('like', at(enter, leave), { count: 1 + Math.floor(rnd() * 9) });
      if (rnd() < 0.4) push('comment', at(enter, leave), { text: ['主播好', '有M码吗', '扣1', '包邮吗'][v % 4] });
      if (rnd() < 0.1) push('share', at(enter, leave));
      if (rnd() < 0.2) push('follow', at(enter, leave));
      if (rnd() < 0.8) push('product.exposure', at(enter, leave), { productId });
      if (rnd() < 0.4) push('product.click', at(enter, leave), { productId });
      if (rnd() < 0.2) push('cart.add', at(enter, leave), { productId, skuId: `sku-${productId}`, quantity: 1 });
      if (userId && rnd() < 0.5) {
        const orderId = `order-${options.seed}-${v}-${i}`;
        const amountFen = 990 * (1 + Math.floor(rnd() * 5));
        const created = at(enter, leave);
        push('order.create', created, { orderId, amountFen });
        if (rnd() < 0.8) {
          push('order.pay', created + 1000, { orderId, amountFen, items: [{ productId, quantity: amountFen / 990, priceFen: 990 }] });
          if (rnd() < 0.15) push('order.refund', created + 60_000, { orderId, amountFen: 990 });
        }
      }
      if (rnd() < 0.8) push('room.leave', leave);
      cursor = leave + Math.floor(rnd() * span * 0.2);
    }
  }
  // Shuffled: events arrive out of order, as they do from many phones.
  for (let i = events.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [events[i], events[j]] = [events[j]!, events[i]!];
  }
  return events;
}

export function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
