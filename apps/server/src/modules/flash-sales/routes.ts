import { z } from 'zod';
import { CreateFlashSaleBody, FlashSaleList, FlashSaleOrderBody, FlashSaleView, OrderView } from '@livedesk/contracts';
import { requireBuyer, requireStaff } from '../../http/auth.js';
import { typed, type App } from '../../http/server.js';
import { idempotencyKey, type Idempotency } from '../orders/idempotency.js';
import type { FlashSalesService } from './service.js';

const tags = ['flash-sales'];
const params = z.strictObject({ id: z.string().min(1).max(64) });

export function flashSaleRoutes(app: App, sales: FlashSalesService, idempotency: Idempotency) {
  const r = typed(app);

  r.post(
    '/api/v1/live-sessions/:id/flash-sales',
    {
      schema: {
        tags,
        description: 'Creates a flash sale (秒杀) in the show and carves its quota out of available stock (`insufficient_stock` when there is not enough).',
        params,
        body: CreateFlashSaleBody,
        response: { 201: FlashSaleView },
      },
    },
    async (req, reply) => reply.code(201).send(await sales.create(requireStaff(req, 'live:manage'), req.params.id, req.body)),
  );
  r.get('/api/v1/live-sessions/:id/flash-sales', { schema: { tags, params, response: { 200: FlashSaleList } } }, async (req) => ({
    items: await sales.list(requireStaff(req, 'live:read'), req.params.id),
  }));
  r.get('/api/v1/flash-sales/:id', { schema: { tags, params, response: { 200: FlashSaleView } } }, async (req) =>
    sales.get(requireStaff(req, 'live:read'), req.params.id),
  );
  r.post('/api/v1/flash-sales/:id/start', { schema: { tags, params, response: { 200: FlashSaleView } } }, async (req) =>
    sales.start(requireStaff(req, 'live:manage'), req.params.id),
  );
  r.post(
    '/api/v1/flash-sales/:id/end',
    { schema: { tags, description: 'Ends the sale now; units no order holds go back to available stock.', params, response: { 200: FlashSaleView } } },
    async (req) => sales.end(requireStaff(req, 'live:manage'), req.params.id),
  );

  r.post(
    '/api/v1/store/flash-sales/:id/orders',
    {
      schema: {
        tags: ['store'],
        description:
          'Buys in a flash sale: an order at the flash price whose stock is held for a few minutes. Refused with ' +
          '`conflict` (`details.reason`: `not_started`, `ended`, `limit_reached`) or `insufficient_stock` when sold ' +
          'out. Send an `Idempotency-Key` header to make retries safe, and `X-Device-Id` (the client\'s anonymousId) for the risk rules.',
        params,
        headers: z.object({ 'idempotency-key': z.string().optional(), 'x-device-id': z.string().min(1).max(64).optional() }),
        body: FlashSaleOrderBody,
        response: { 201: OrderView },
      },
    },
    async (req, reply) => {
      const buyer = requireBuyer(req);
      const result = await idempotency.run(`buyer:${buyer.id}:flash-sale:${req.params.id}`, idempotencyKey(req), req.body, async () => ({
        status: 201,
        body: await sales.buy(buyer, req.params.id, req.body, { deviceId: req.headers['x-device-id'] }),
      }));
      return reply.code(201).send(result.body);
    },
  );
}
