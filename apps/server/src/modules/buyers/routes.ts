import { z } from 'zod';
import { BuyerView, CreateBuyerBody, CreatedBuyer, Phone } from '@livedesk/contracts';
import { requireStaff } from '../../http/auth.js';
import { typed, type App } from '../../http/server.js';
import type { BuyersService } from './service.js';

export function buyerRoutes(app: App, buyers: BuyersService) {
  const r = typed(app);
  r.post(
    '/api/v1/store/buyers',
    {
      schema: {
        tags: ['store'],
        security: [],
        querystring: z.strictObject({ org: z.string().max(64).optional() }),
        body: CreateBuyerBody,
        response: { 201: CreatedBuyer },
      },
    },
    async (req, reply) => reply.code(201).send(await buyers.createGuest(req.body, req.query.org)),
  );
  r.get(
    '/api/v1/buyers',
    { schema: { tags: ['buyers'], querystring: z.strictObject({ phone: Phone }), response: { 200: z.object({ items: z.array(BuyerView) }) } } },
    async (req) => ({ items: await buyers.findByPhone(requireStaff(req, 'buyers:read'), req.query.phone) }),
  );
  r.get(
    '/api/v1/buyers/:id',
    {
      schema: {
        tags: ['buyers'],
        params: z.strictObject({ id: z.string().min(1).max(64) }),
        querystring: z.strictObject({ reveal: z.enum(['0', '1']).optional() }),
        response: { 200: BuyerView },
      },
    },
    async (req) => buyers.get(requireStaff(req, 'buyers:read'), req.params.id, req.query.reveal === '1'),
  );
}
