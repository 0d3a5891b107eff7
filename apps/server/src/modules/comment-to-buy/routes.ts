import { z } from 'zod';
import { CartHoldCheckoutBody, CartHoldView, CommentToBuyLogEntry, CommentToBuyLogQuery, CommentToBuySettings, OrderView } from '@livedesk/contracts';
import { requireBuyer, requireStaff } from '../../http/auth.js';
import { typed, type App } from '../../http/server.js';
import { idempotencyKey, type Idempotency } from '../orders/idempotency.js';
import type { CommentToBuyService } from './service.js';

const params = z.strictObject({ id: z.string().min(1).max(64) });

export function commentToBuyRoutes(app: App, commentToBuy: CommentToBuyService, idempotency: Idempotency) {
  const r = typed(app);
  const tags = ['live'];

  r.get('/api/v1/live-sessions/:id/comment-to-buy', { schema: { tags, params, response: { 200: CommentToBuySettings } } }, async (req) =>
    commentToBuy.settings(requireStaff(req, 'live:read'), req.params.id),
  );
  r.put(
    '/api/v1/live-sessions/:id/comment-to-buy',
    {
      schema: {
        tags,
        description: 'Comment-to-buy for the show: keywords ("扣1", "+1"), "SOLD <code> [qty]", how long a claim holds, and the mode.',
        params,
        body: CommentToBuySettings,
        response: { 200: CommentToBuySettings },
      },
    },
    async (req) => commentToBuy.updateSettings(requireStaff(req, 'live:manage'), req.params.id, req.body),
  );
  r.get(
    '/api/v1/live-sessions/:id/comment-to-buy/log',
    { schema: { tags, description: 'Every buy comment and its decision, newest first.', params, querystring: CommentToBuyLogQuery, response: { 200: z.object({ items: z.array(CommentToBuyLogEntry) }) } } },
    async (req) => ({ items: await commentToBuy.log(requireStaff(req, 'live:read'), req.params.id, req.query) }),
  );

  r.get('/api/v1/store/cart-holds/:id', { schema: { tags: ['store'], params, response: { 200: CartHoldView } } }, async (req) =>
    commentToBuy.hold(requireBuyer(req), req.params.id),
  );
  r.post(
    '/api/v1/store/cart-holds/:id/checkout',
    {
      schema: {
        tags: ['store'],
        description:
          'Turns a comment-to-buy claim into an order with this address. Send an `Idempotency-Key` header to make retries safe, ' +
          'and `X-Device-Id` (the client\'s anonymousId) for the risk rules.',
        params,
        headers: z.object({ 'idempotency-key': z.string().optional(), 'x-device-id': z.string().min(1).max(64).optional() }),
        body: CartHoldCheckoutBody,
        response: { 201: OrderView },
      },
    },
    async (req, reply) => {
      const buyer = requireBuyer(req);
      const result = await idempotency.run(`buyer:${buyer.id}:cart-hold:${req.params.id}`, idempotencyKey(req), req.body, async () => ({
        status: 201,
        body: await commentToBuy.checkout(buyer, req.params.id, req.body, { deviceId: req.headers['x-device-id'] }),
      }));
      return reply.code(201).send(result.body);
    },
  );
}
