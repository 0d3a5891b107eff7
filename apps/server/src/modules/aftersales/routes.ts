import fastifyMultipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  AftersalesDetailView,
  AftersalesListQuery,
  AftersalesPage,
  CloseAftersalesBody,
  CreateAftersalesBody,
  MAX_EVIDENCE,
  MAX_IMAGE_BYTES,
  ReceiveReturnBody,
  RejectAftersalesBody,
  ReplacementShipmentBody,
  ReturnShipmentBody,
  UploadedEvidence,
} from '@livedesk/contracts';
import { requireBuyer, requireStaff } from '../../http/auth.js';
import { typed, type App } from '../../http/server.js';
import { can, type Actor } from '../../lib/actor.js';
import { forbidden, validationError } from '../../lib/errors.js';
import type { Blob } from '../../infra/blob/port.js';
import type { Evidence } from './evidence.js';
import type { AftersalesService } from './service.js';

const IdParams = z.strictObject({ id: z.string().min(1).max(64) });
const EvidenceParams = z.strictObject({ id: z.string().min(1).max(64), index: z.coerce.number().int().min(0).max(MAX_EVIDENCE - 1) });
const tags = ['aftersales'];
const storeTags = ['store'];

export interface AftersalesDeps {
  aftersales: AftersalesService;
  evidence: Evidence;
}

/** Receiving returns and shipping replacements is warehouse work: `fulfillment:write` may do it too. */
function requireWarehouseOrAftersales(req: FastifyRequest): Actor {
  const actor = requireStaff(req);
  if (!can(actor, 'aftersales:write') && !can(actor, 'fulfillment:write')) {
    throw forbidden('This needs the aftersales:write or fulfillment:write permission', { required: 'aftersales:write' });
  }
  return actor;
}

/** Evidence photos are private: never cached by shared caches, never sniffed into something else. */
const sendPhoto = (reply: FastifyReply, blob: Blob) =>
  reply
    .header('content-type', blob.contentType)
    .header('cache-control', 'private, max-age=3600')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'")
    .send(blob.bytes);

/** Reads the one image file of a multipart upload; every way a client can get it wrong is a 400. */
async function readImage(req: FastifyRequest): Promise<Buffer> {
  try {
    const file = await req.file({ limits: { fileSize: MAX_IMAGE_BYTES, files: 1, fields: 5, parts: 6 } });
    if (!file) throw validationError('Send the image as a multipart/form-data file field');
    return await file.toBuffer();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw validationError('The image is larger than 5 MB', { limitBytes: MAX_IMAGE_BYTES });
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw validationError('Send the image as multipart/form-data');
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw validationError('Send one image per request');
    throw err;
  }
}

export function aftersalesRoutes(app: App, deps: AftersalesDeps) {
  buyerRoutes(app, deps);
  staffRoutes(app, deps);
  // Multipart parsing stays inside this plugin's scope; other routes keep JSON only.
  void app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: MAX_IMAGE_BYTES, files: 1 } });
    typed(scope).post(
      '/api/v1/store/aftersales/evidence',
      {
        schema: {
          tags: storeTags,
          description: `multipart/form-data with one file: JPEG, PNG or WebP (judged by its bytes), at most 5 MB. Attach the returned key to a request's \`evidence\` (at most ${MAX_EVIDENCE}).`,
          consumes: ['multipart/form-data'],
          response: { 201: UploadedEvidence },
        },
      },
      async (req, reply) => {
        const buyer = requireBuyer(req);
        return reply.code(201).send(await deps.evidence.upload(buyer, await readImage(req)));
      },
    );
  });
}

function buyerRoutes(app: App, { aftersales, evidence }: AftersalesDeps) {
  const r = typed(app);
  r.post(
    '/api/v1/store/orders/:id/aftersales',
    {
      schema: {
        tags: storeTags,
        description:
          'Opens an after-sales case (仅退款 refund_only, 退货退款 return_refund, 换货 exchange) for units of a paid order. ' +
          '`409` when a line has fewer units left to claim (quantity − refunded − units in open cases), when returns or ' +
          'exchanges name unshipped units, or when the order is not paid.',
        params: IdParams,
        body: CreateAftersalesBody,
        response: { 201: AftersalesDetailView },
      },
    },
    async (req, reply) => reply.code(201).send(await aftersales.request(requireBuyer(req), req.params.id, req.body)),
  );
  r.get(
    '/api/v1/store/aftersales',
    { schema: { tags: storeTags, querystring: AftersalesListQuery.pick({ cursor: true, limit: true }), response: { 200: AftersalesPage } } },
    async (req) => aftersales.mine(requireBuyer(req), req.query),
  );
  r.get('/api/v1/store/aftersales/:id', { schema: { tags: storeTags, params: IdParams, response: { 200: AftersalesDetailView } } }, async (req) =>
    aftersales.detail(requireBuyer(req), req.params.id),
  );
  r.post(
    '/api/v1/store/aftersales/:id/return-shipment',
    { schema: { tags: storeTags, description: 'The return parcel of an approved return or exchange: approved → return_shipped.', params: IdParams, body: ReturnShipmentBody, response: { 200: AftersalesDetailView } } },
    async (req) => aftersales.returnShipment(requireBuyer(req), req.params.id, req.body),
  );
  r.post(
    '/api/v1/store/aftersales/:id/withdraw',
    { schema: { tags: storeTags, description: 'The buyer withdraws a requested or approved case: → closed.', params: IdParams, response: { 200: AftersalesDetailView } } },
    async (req) => aftersales.withdraw(requireBuyer(req), req.params.id),
  );
  r.get('/api/v1/store/aftersales/:id/evidence/:index', { schema: { tags: storeTags, params: EvidenceParams } }, async (req, reply) =>
    sendPhoto(reply, await evidence.read(requireBuyer(req), req.params.id, req.params.index)),
  );
}

function staffRoutes(app: App, { aftersales, evidence }: AftersalesDeps) {
  const r = typed(app);
  r.get(
    '/api/v1/aftersales',
    { schema: { tags, description: 'The queue, most urgent SLA first (cases without one last).', querystring: AftersalesListQuery, response: { 200: AftersalesPage } } },
    async (req) => aftersales.queue(requireStaff(req, 'aftersales:read'), req.query),
  );
  r.get('/api/v1/aftersales/:id', { schema: { tags, params: IdParams, response: { 200: AftersalesDetailView } } }, async (req) =>
    aftersales.detail(requireStaff(req, 'aftersales:read'), req.params.id),
  );
  r.get('/api/v1/aftersales/:id/evidence/:index', { schema: { tags, params: EvidenceParams } }, async (req, reply) =>
    sendPhoto(reply, await evidence.read(requireStaff(req, 'aftersales:read'), req.params.id, req.params.index)),
  );
  r.post('/api/v1/aftersales/:id/approve', { schema: { tags, description: 'requested → approved.', params: IdParams, response: { 200: AftersalesDetailView } } }, async (req) =>
    aftersales.approve(requireStaff(req, 'aftersales:write'), req.params.id),
  );
  r.post(
    '/api/v1/aftersales/:id/reject',
    { schema: { tags, description: 'requested → rejected.', params: IdParams, body: RejectAftersalesBody, response: { 200: AftersalesDetailView } } },
    async (req) => aftersales.reject(requireStaff(req, 'aftersales:write'), req.params.id, req.body.reason),
  );
  r.post(
    '/api/v1/aftersales/:id/receive',
    {
      schema: {
        tags,
        description:
          'The return parcel arrived: return_shipped → received. `restock` puts the units back on the shelf; `write_off` ' +
          'receives them and writes them off (both show in the stock ledger). Needs aftersales:write or fulfillment:write.',
        params: IdParams,
        body: ReceiveReturnBody,
        response: { 200: AftersalesDetailView },
      },
    },
    async (req) => aftersales.receive(requireWarehouseOrAftersales(req), req.params.id, req.body.disposition),
  );
  r.post(
    '/api/v1/aftersales/:id/refund',
    {
      schema: {
        tags,
        description:
          'Pays the case back through the payment provider: refund_only approved → refunded, return_refund received → ' +
          'refunded. The amount is the lines\' paid value, never more than the order\'s paid − refunded.',
        params: IdParams,
        response: { 200: AftersalesDetailView },
      },
    },
    async (req) => aftersales.refund(requireStaff(req, 'aftersales:write'), req.params.id),
  );
  r.post(
    '/api/v1/aftersales/:id/close',
    { schema: { tags, description: 'Ends the case without (further) money.', params: IdParams, body: CloseAftersalesBody.nullish(), response: { 200: AftersalesDetailView } } },
    async (req) => aftersales.close(requireStaff(req, 'aftersales:write'), req.params.id, req.body?.reason),
  );
  r.post(
    '/api/v1/aftersales/:id/replacement-shipment',
    {
      schema: {
        tags,
        description:
          'Ships an exchange\'s replacement: received → closed, with a new shipment of the same SKUs (stock and ledger ' +
          'move; the order\'s line counters and status do not). Needs aftersales:write or fulfillment:write.',
        params: IdParams,
        body: ReplacementShipmentBody,
        response: { 200: AftersalesDetailView },
      },
    },
    async (req) => aftersales.shipReplacement(requireWarehouseOrAftersales(req), req.params.id, req.body),
  );
}
