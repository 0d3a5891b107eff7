import { z } from 'zod';
import { ClaimLotteryBody, CreateLotteryBody, LotteryVerificationView, LotteryView, OrderView } from '@livedesk/contracts';
import { requireBuyer, requireStaff } from '../../http/auth.js';
import { typed, type App } from '../../http/server.js';
import type { LotteryService } from './service.js';

const IdParams = z.strictObject({ id: z.string().min(1).max(64) });

/** Staff read with `live:read` and run lotteries with `live:manage`; the check and the claim are the store's. */
export function lotteryRoutes(app: App, lottery: LotteryService) {
  const r = typed(app);

  r.post(
    '/api/v1/live-sessions/:id/lotteries',
    { schema: { tags: ['lotteries'], params: IdParams, body: CreateLotteryBody, response: { 201: LotteryView } } },
    async (req, reply) => reply.code(201).send(await lottery.create(requireStaff(req, 'live:manage'), req.params.id, req.body)),
  );
  r.get('/api/v1/live-sessions/:id/lotteries', { schema: { tags: ['lotteries'], params: IdParams, response: { 200: z.array(LotteryView) } } }, async (req) =>
    lottery.list(requireStaff(req, 'live:read'), req.params.id),
  );
  r.get('/api/v1/lotteries/:id', { schema: { tags: ['lotteries'], params: IdParams, response: { 200: LotteryView } } }, async (req) =>
    lottery.get(requireStaff(req, 'live:read'), req.params.id),
  );
  r.post(
    '/api/v1/lotteries/:id/open',
    { schema: { tags: ['lotteries'], description: 'Opens for entries; `lottery.start` publishes sha256(seed).', params: IdParams, response: { 200: LotteryView } } },
    async (req) => lottery.open(requireStaff(req, 'live:manage'), req.params.id),
  );
  r.post(
    '/api/v1/lotteries/:id/draw',
    { schema: { tags: ['lotteries'], description: 'Draws now instead of at `drawAt`; `lottery.draw` reveals the seed.', params: IdParams, response: { 200: LotteryView } } },
    async (req) => lottery.draw(requireStaff(req, 'live:manage'), req.params.id),
  );
  r.post('/api/v1/lotteries/:id/cancel', { schema: { tags: ['lotteries'], params: IdParams, response: { 200: LotteryView } } }, async (req) =>
    lottery.cancel(requireStaff(req, 'live:manage'), req.params.id),
  );

  r.get(
    '/api/v1/store/lotteries/:id',
    {
      schema: {
        tags: ['store'],
        description: 'Public: anyone can check sha256(seed) = seedHash and recompute the winners from the seed and the entrants (docs/lottery.md).',
        params: IdParams,
        response: { 200: LotteryVerificationView },
      },
    },
    async (req) => lottery.verification(req.params.id),
  );
  r.post(
    '/api/v1/store/lotteries/:id/claim',
    {
      schema: {
        tags: ['store'],
        description: 'A winner claims the prize: a zero-price order, paid at once, shipped like any order. Once per win.',
        params: IdParams,
        body: ClaimLotteryBody,
        response: { 201: OrderView },
      },
    },
    async (req, reply) => reply.code(201).send(await lottery.claim(requireBuyer(req), req.params.id, req.body.address)),
  );
}
