import { randomUUID } from 'node:crypto';
import { MAX_LIKES_PER_FRAME, type CreatedBuyer as CreatedBuyerSchema, type OrderView, type PayOrderResult, type ServerFrame } from '@livedesk/contracts';
import type { z } from 'zod';
import type { Tracker } from '@livedesk/sdk';
import { ApiError, type LiveDeskApi } from './api.js';
import type { ShowClock } from './clock.js';
import type { Action, ViewerPlan } from './plan.js';
import { RoomSocket } from './room.js';
import type { ShowStats } from './stats.js';

type CreatedBuyer = z.infer<typeof CreatedBuyerSchema>;

/** The moderation's chat limit allows a comment a second per viewer; a compressed show must not outrun it. */
const MIN_COMMENT_GAP_MS = 1100;

export interface ShowContext {
  api: LiveDeskApi;
  roomUrl: string;
  liveSessionId: string;
  orgSlug: string;
  clock: ShowClock;
  stats: ShowStats;
  /** the viewer's tracking SDK; `room` is the visit's socket, when the events go over it */
  tracker(viewer: ViewerPlan, room: () => RoomSocket | null): Tracker;
}

const codeOf = (err: unknown) => (err instanceof ApiError ? err.code : 'error');

/** One device through its visits: joins, does what its plan says when the show gets there, leaves. */
export async function playViewer(ctx: ShowContext, plan: ViewerPlan): Promise<void> {
  const { stats, clock } = ctx;
  let buyer: CreatedBuyer | null = null;
  let room: RoomSocket | null = null;
  let lastCommentAt = 0;
  const tracker = ctx.tracker(plan, () => room);

  const onFrames = (frames: ServerFrame[]) => {
    for (const frame of frames) {
      if (frame.t === 'error') stats.count(stats.roomErrors, frame.ref ? `${frame.ref}:${frame.code}` : frame.code);
      if (frame.t === 'track.ack' && frame.rejected.length) stats.count(stats.roomErrors, 'track_rejected', frame.rejected.length);
    }
  };

  const buy = async (action: Extract<Action, { kind: 'buy' }>, buyerToken: string) => {
    let order: OrderView;
    try {
      order = await ctx.api.request<OrderView>('POST', '/api/v1/store/orders', {
        token: buyerToken,
        headers: { 'idempotency-key': randomUUID(), 'x-device-id': plan.anonymousId },
        body: { items: [{ skuId: action.skuId, quantity: action.quantity }], liveSessionId: ctx.liveSessionId, address: plan.address },
      });
    } catch (err) {
      stats.count(stats.refused, codeOf(err));
      return;
    }
    stats.ordersPlaced++;
    if (!(await clock.sleep(action.payAfterMs / clock.speed))) return;
    if (action.payment === 'abandon') {
      stats.ordersUnpaid++;
      return;
    }
    try {
      const paid = await ctx.api.request<PayOrderResult>('POST', `/api/v1/store/orders/${order.id}/pay`, {
        token: buyerToken,
        headers: { 'idempotency-key': randomUUID() },
        body: { method: 'sandbox', outcome: action.payment },
      });
      if (paid.status === 'paid') {
        stats.ordersPaid++;
        stats.gmvFen += order.totalFen;
      } else {
        stats.paymentsFailed++;
      }
    } catch (err) {
      stats.count(stats.refused, `pay:${codeOf(err)}`);
    }
  };

  const perform = async (action: Action, visit: RoomSocket) => {
    switch (action.kind) {
      case 'comment': {
        await clock.sleep(lastCommentAt + MIN_COMMENT_GAP_MS - Date.now());
        lastCommentAt = Date.now();
        visit.send({ t: 'chat', text: action.text });
        stats.comments++;
        return;
      }
      case 'like':
        for (let left = action.count; left > 0; left -= MAX_LIKES_PER_FRAME) visit.send({ t: 'like', count: Math.min(left, MAX_LIKES_PER_FRAME) });
        stats.likes += action.count;
        return;
      case 'follow':
        visit.send({ t: 'follow' });
        stats.follows++;
        return;
      case 'share':
        visit.send({ t: 'share' });
        stats.shares++;
        return;
      case 'exposure':
        tracker.track('product.exposure', { productId: action.productId });
        stats.exposures++;
        return;
      case 'click':
        tracker.track('product.click', { productId: action.productId });
        stats.clicks++;
        return;
      case 'cart':
        tracker.track('cart.add', { productId: action.productId, skuId: action.skuId, quantity: action.quantity });
        stats.cartAdds++;
        return;
      case 'buy':
        if (buyer) await buy(action, buyer.token);
        return;
    }
  };

  try {
    for (const [n, visit] of plan.visits.entries()) {
      if (!(await clock.until(visit.enterAt))) return;
      try {
        if (plan.buyer && !buyer) {
          buyer = await ctx.api.request<CreatedBuyer>('POST', `/api/v1/store/buyers?org=${encodeURIComponent(ctx.orgSlug)}`, { body: { nickname: plan.nickname } });
          tracker.identify(buyer.buyerId);
        }
        room = await RoomSocket.join(ctx.roomUrl, { t: 'join', anonymousId: plan.anonymousId, ...(buyer ? { token: buyer.token } : {}) }, onFrames);
      } catch (err) {
        stats.count(stats.failures, buyer || !plan.buyer ? `join:${codeOf(err)}` : `buyer:${codeOf(err)}`);
        continue;
      }
      stats.visits++;
      if (n > 0) stats.reentries++;
      stats.inRoom++;
      try {
        for (const action of visit.actions) {
          if (!(await clock.until(action.at))) return;
          await perform(action, room);
        }
        await clock.until(visit.leaveAt);
      } finally {
        await tracker.flush();
        await room.leave();
        room = null;
        stats.inRoom--;
      }
    }
  } finally {
    tracker.close();
  }
}
