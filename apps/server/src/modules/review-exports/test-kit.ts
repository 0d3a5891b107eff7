// Test helpers for share links and exports: an ended show with a viewer who bought, through the real ingestion.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { LiveReview } from '@livedesk/contracts';
import type { TestApp } from '../../testing/app.js';
import type { TestClock } from '../../testing/clock.js';
import { createSku } from '../../testing/commerce.js';
import { createShow } from '../../testing/live.js';
import { event, tracker } from '../analytics/test-kit.js';

export const ORDER_FEN = 12_345;

/** A show of ten minutes (moved on the test clock) in which one viewer entered, commented and paid `ORDER_FEN`. */
export async function endedShowWithSale(t: TestApp, clock: TestClock, token: string, title = '周五上新专场'): Promise<string> {
  const track = await tracker(t);
  const sku = await createSku(t, { stock: 10, priceFen: ORDER_FEN });
  const show = await createShow(t, token, { title, productIds: [sku.productId] }, 'start');
  const S = show.startedAt!;
  clock.advance(10 * 60_000);
  const viewer = { anonymousId: `device-${randomUUID()}`, userId: `buyer-${randomUUID()}` };
  await track([
    event(viewer, show.id, 'room.enter', S + 10_000),
    event(viewer, show.id, 'comment', S + 20_000, { text: '这个多少钱' }),
    event(viewer, show.id, 'order.pay', S + 60_000, {
      orderId: `order-${randomUUID()}`,
      amountFen: ORDER_FEN,
      items: [{ productId: sku.productId, skuId: sku.skuId, quantity: 1, priceFen: ORDER_FEN }],
    }),
    event(viewer, show.id, 'room.leave', S + 120_000),
  ]);
  const ended = await t.request({ method: 'POST', url: `/api/v1/live-sessions/${show.id}/end`, token });
  expect(ended.status).toBe(200);
  await t.livedesk.analytics.catchUp();
  return show.id;
}

/** The review as the console reads it. */
export async function reviewOf(t: TestApp, token: string, liveSessionId: string): Promise<LiveReview> {
  const res = await t.request({ method: 'GET', url: `/api/v1/live-sessions/${liveSessionId}/review`, token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as LiveReview;
}
