import { z } from 'zod';
import {
  CancelOrderBody,
  CommerceSettingsView,
  OrderDetailView,
  OrderListQuery,
  OrderPage,
  OrderView,
  PlaceOrderBody,
  UpdateCommerceSettingsBody,
} from '@livedesk/contracts';
import { requireBuyer, requireStaff } from '../../http/auth.js';
import { typed, type App } from '../../http/server.js';
import type { Idempotency } from './idempotency.js';
import { idempotencyKey } from './idempotency.js';
import type { OrdersService } from './service.js';

const IdParams = z.strictObject({ id: z.string().min(1).max(64) });

export function orderRoutes(app: App, orders: OrdersService, idempotency: Idempotency) {
  const r = typed(app);

  r.post(
    '/api/v1/store/orders',
    {
      schema: {
        tags: ['store'],
        description:
          'Places an order for the signed-in guest buyer and holds its stock until `expiresAt`. Send an ' +
          '`Idempotency-Key` header to make retries safe: the same key and body return the same order. ' +
          '`X-Device-Id` is the client\'s persisted anonymousId; risk rules count orders per device.',
        headers: z.object({ 'idempotency-key': z.string().optional(), 'x-device-id': z.string().min(1).max(64).optional() }),
        body: PlaceOrderBody,
        response: { 201: OrderView },
      },
    },
    async (req, reply) => {
      const buyer = requireBuyer(req);
      const result = await idempotency.run(`buyer:${buyer.id}:place-order`, idempotencyKey(req), req.body, async () => ({
        status: 201,
        body: await orders.place(buyer, req.body, undefined, { deviceId: req.headers['x-device-id'] }),
      }));
      // A replay returns the first success; a replayed refusal is thrown like the original.
      return reply.code(201).send(result.body);
    },
  );
  r.get('/api/v1/store/orders', { schema: { tags: ['store'], querystring: OrderListQuery.omit({ buyerId: true }), response: { 200: OrderPage } } }, async (req) => {
    const buyer = requireBuyer(req);
    return orders.list(buyer, { ...req.query, buyerId: buyer.id });
  });
  r.get('/api/v1/store/orders/:id', { schema: { tags: ['store'], params: IdParams, response: { 200: OrderDetailView } } }, async (req) =>
    orders.detail(requireBuyer(req), req.params.id, false),
  );
  r.post('/api/v1/store/orders/:id/cancel', { schema: { tags: ['store'], params: IdParams, body: CancelOrderBody.nullish(), response: { 200: OrderView } } }, async (req) =>
    orders.cancelUnpaid(requireBuyer(req), req.params.id, 'buyer', req.body?.reason),
  );

  r.get('/api/v1/orders', { schema: { tags: ['orders'], querystring: OrderListQuery, response: { 200: OrderPage } } }, async (req) =>
    orders.list(requireStaff(req, 'orders:read'), req.query),
  );
  r.get(
    '/api/v1/orders/:id',
    { schema: { tags: ['orders'], params: IdParams, querystring: z.strictObject({ reveal: z.enum(['0', '1']).optional() }), response: { 200: OrderDetailView } } },
    async (req) => orders.detail(requireStaff(req, 'orders:read'), req.params.id, req.query.reveal === '1'),
  );
  r.post('/api/v1/orders/:id/cancel', { schema: { tags: ['orders'], params: IdParams, body: CancelOrderBody.nullish(), response: { 200: OrderView } } }, async (req) =>
    orders.cancelUnpaid(requireStaff(req, 'orders:write'), req.params.id, 'staff', req.body?.reason),
  );

  r.get('/api/v1/commerce/settings', { schema: { tags: ['orders'], response: { 200: CommerceSettingsView } } }, async (req) =>
    orders.settings(requireStaff(req, 'orders:read')),
  );
  r.patch('/api/v1/commerce/settings', { schema: { tags: ['orders'], body: UpdateCommerceSettingsBody, response: { 200: CommerceSettingsView } } }, async (req) =>
    orders.updateSettings(requireStaff(req, 'org:manage'), req.body),
  );
}
