import { z } from 'zod';
import {
  CallbackResult,
  CreatedRefunds,
  CreateRefundBody,
  OrderPaymentsView,
  PayOrderBody,
  PayOrderResult,
  SandboxCallbackOutcome,
  SandboxCallbackResult,
} from '@livedesk/contracts';
import { requireBuyer, requireStaff } from '../../http/auth.js';
import { typed, type App } from '../../http/server.js';
import { idempotencyKey, type Idempotency } from '../orders/idempotency.js';
import { SANDBOX_SIGNATURE_HEADER } from './sandbox.js';
import type { PaymentsService } from './service.js';

const IdParams = z.strictObject({ id: z.string().min(1).max(64) });
const IdempotencyHeader = z.object({ 'idempotency-key': z.string().optional() });

export function paymentRoutes(app: App, payments: PaymentsService, idempotency: Idempotency) {
  const r = typed(app);

  r.post(
    '/api/v1/store/orders/:id/pay',
    {
      schema: {
        tags: ['store'],
        description:
          'Pays the buyer\'s unpaid order. `409 conflict` (with `details.status`) when it is expired, cancelled or ' +
          'already paid: nothing is taken. A declined payment answers `200` with the order still `pending_payment`. ' +
          'Send an `Idempotency-Key` header to make retries safe.',
        params: IdParams,
        headers: IdempotencyHeader,
        body: PayOrderBody,
        response: { 200: PayOrderResult },
      },
    },
    async (req) => {
      const buyer = requireBuyer(req);
      // The order id is part of the request: the same key reused for another order is a mismatch, not a replay.
      const request = { orderId: req.params.id, ...req.body };
      const result = await idempotency.run(`buyer:${buyer.id}:pay-order`, idempotencyKey(req), request, async () => ({
        status: 200,
        body: await payments.pay(buyer, req.params.id, req.body),
      }));
      return result.body;
    },
  );

  r.get('/api/v1/orders/:id/payments', { schema: { tags: ['orders'], params: IdParams, response: { 200: OrderPaymentsView } } }, async (req) =>
    payments.forOrder(requireStaff(req, 'orders:read'), req.params.id),
  );

  r.post(
    '/api/v1/orders/:id/refunds',
    {
      schema: {
        tags: ['orders'],
        description:
          'Refunds part or all of what the buyer paid, through the provider that took it. `409` when the amount is ' +
          'more than paid − refunded. Send an `Idempotency-Key` header so a retried request is not a second refund.',
        params: IdParams,
        headers: IdempotencyHeader,
        body: CreateRefundBody,
        response: { 201: CreatedRefunds },
      },
    },
    async (req, reply) => {
      const actor = requireStaff(req, 'payments:refund');
      const request = { orderId: req.params.id, ...req.body };
      const result = await idempotency.run(`${actor.kind}:${actor.id}:refund-order`, idempotencyKey(req), request, async () => ({
        status: 201,
        body: {
          items: await payments.refund(undefined, { orgId: actor.orgId, orderId: req.params.id, amountFen: req.body.amountFen, reason: req.body.reason, actor }),
        },
      }));
      return reply.code(201).send(result.body);
    },
  );

  r.post(
    '/api/v1/payments/:id/sandbox/:outcome',
    {
      schema: {
        tags: ['payments'],
        description:
          'Sandbox payments only: delivers the signed callback the sandbox provider would send when the buyer pays ' +
          '(`succeed`) or gives up (`fail`), through the same verification as `/api/v1/payments/sandbox/callback`.',
        params: z.strictObject({ id: IdParams.shape.id, outcome: SandboxCallbackOutcome }),
        response: { 200: SandboxCallbackResult },
      },
    },
    async (req) => payments.sandboxCallback(requireStaff(req, 'orders:write'), req.params.id, req.params.outcome),
  );

  // Signatures cover the exact bytes received, so this scope keeps JSON bodies as text.
  app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    typed(scope).post(
      '/api/v1/payments/sandbox/callback',
      {
        schema: {
          tags: ['payments'],
          security: [],
          description:
            `Sandbox provider notifications: a JSON event signed in \`${SANDBOX_SIGNATURE_HEADER}: t=<ms>,v1=<hex HMAC-SHA256 ` +
            'of "t.body">`, refused beyond 5 minutes of skew. Each event id is applied once however often it arrives.',
          body: z.string().max(64 * 1024),
          response: { 200: CallbackResult },
        },
      },
      async (req) => payments.handleCallback('sandbox', { headers: req.headers, body: req.body }),
    );
  });
}
