import { z } from 'zod';
import {
  CreateShipmentBody,
  CreateWaveBody,
  MAX_IMPORT_ROWS,
  OrderProgressView,
  OrderShipmentsView,
  ShipmentImportReport,
  ShipmentResult,
  WaveDetailQuery,
  WaveDetailView,
  WaveListQuery,
  WavePage,
  WavePrintQuery,
  WaveView,
} from '@livedesk/contracts';
import { requireBuyer, requireStaff } from '../../http/auth.js';
import { typed, type App } from '../../http/server.js';
import { validationError } from '../../lib/errors.js';
import type { Shipping } from './shipping.js';
import type { Waves } from './waves.js';

const IdParams = z.strictObject({ id: z.string().min(1).max(64) });
const tags = ['fulfillment'];

export interface FulfillmentDeps {
  waves: Waves;
  shipping: Shipping;
}

export function fulfillmentRoutes(app: App, deps: FulfillmentDeps) {
  waveRoutes(app, deps);
  shipmentRoutes(app, deps);
  // CSV parsing stays inside this plugin's scope; other routes keep JSON only.
  void app.register(async (scope) => {
    scope.addContentTypeParser('text/csv', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    importRoute(scope, deps);
  });
}

function waveRoutes(app: App, { waves }: FulfillmentDeps) {
  const r = typed(app);
  r.post(
    '/api/v1/fulfillment/waves',
    {
      schema: {
        tags,
        description:
          'Groups paid orders with units left to ship from one warehouse, and in no open wave, into a picking wave ' +
          '(批次拣货). Without `orderIds`, takes every such order, oldest paid first, at most 200. `409` lists the ' +
          'named orders that cannot join (`status`, `already_waved`, `nothing_to_ship`).',
        body: CreateWaveBody,
        response: { 201: WaveDetailView },
      },
    },
    async (req, reply) => reply.code(201).send(await waves.create(requireStaff(req, 'fulfillment:write'), req.body)),
  );
  r.get('/api/v1/fulfillment/waves', { schema: { tags, querystring: WaveListQuery, response: { 200: WavePage } } }, async (req) =>
    waves.list(requireStaff(req, 'fulfillment:read'), req.query),
  );
  r.get(
    '/api/v1/fulfillment/waves/:id',
    {
      schema: {
        tags,
        description:
          'The wave, its pick list (per SKU, in shelf order) and packing slips. Addresses are masked; `?reveal=1` ' +
          '(needs `pii:read`) shows them plain for printing and is audited as one `wave.print`.',
        params: IdParams,
        querystring: WaveDetailQuery,
        response: { 200: WaveDetailView },
      },
    },
    async (req) => waves.detail(requireStaff(req, 'fulfillment:read'), req.params.id, req.query.reveal === '1'),
  );
  r.get(
    '/api/v1/fulfillment/waves/:id/print',
    {
      schema: {
        tags,
        description:
          'An A4 HTML page to print: `doc=picklist` (拣货单) or `doc=slips` (发货单, one page per order; plain addresses ' +
          'for callers with `pii:read`). Each print is one `wave.print` audit entry.',
        params: IdParams,
        querystring: WavePrintQuery,
        produces: ['text/html'],
      },
    },
    async (req, reply) => {
      const html = await waves.print(requireStaff(req, 'fulfillment:read'), req.params.id, req.query.doc);
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        // The page is static markup: no script may run in it, whatever a product title contains.
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
        .send(html);
    },
  );
  r.post('/api/v1/fulfillment/waves/:id/picked', { schema: { tags, params: IdParams, response: { 200: WaveView } } }, async (req) =>
    waves.markPicked(requireStaff(req, 'fulfillment:write'), req.params.id),
  );
  r.post(
    '/api/v1/fulfillment/waves/:id/close',
    { schema: { tags, description: 'Ends the wave; orders it holds that still have units to ship may join another wave.', params: IdParams, response: { 200: WaveView } } },
    async (req) => waves.close(requireStaff(req, 'fulfillment:write'), req.params.id),
  );
}

function shipmentRoutes(app: App, { shipping }: FulfillmentDeps) {
  const r = typed(app);
  r.post(
    '/api/v1/orders/:id/shipments',
    {
      schema: {
        tags,
        description:
          'Ships units of a paid order in one transaction (partial shipments allowed). Without `lines`, every unit ' +
          'left to ship (from the wave\'s warehouse when `waveId` is given). `409` for unpaid or cancelled orders, ' +
          'more units than are left, or a tracking number this carrier already has.',
        params: IdParams,
        body: CreateShipmentBody,
        response: { 201: ShipmentResult },
      },
    },
    async (req, reply) => reply.code(201).send(await shipping.ship(requireStaff(req, 'fulfillment:write'), req.params.id, req.body)),
  );
  r.get('/api/v1/orders/:id/shipments', { schema: { tags, params: IdParams, response: { 200: OrderShipmentsView } } }, async (req) =>
    shipping.shipments(requireStaff(req, 'orders:read'), req.params.id),
  );
  r.post('/api/v1/orders/:id/deliver', { schema: { tags, description: 'shipped → delivered.', params: IdParams, response: { 200: OrderProgressView } } }, async (req) =>
    shipping.deliver(requireStaff(req, 'fulfillment:write'), req.params.id),
  );
  r.post(
    '/api/v1/orders/:id/complete',
    { schema: { tags, description: 'delivered → completed (a shipped order is marked delivered first).', params: IdParams, response: { 200: OrderProgressView } } },
    async (req) => shipping.complete(requireStaff(req, 'fulfillment:write'), req.params.id),
  );

  r.get('/api/v1/store/orders/:id/shipments', { schema: { tags: ['store'], params: IdParams, response: { 200: OrderShipmentsView } } }, async (req) =>
    shipping.shipments(requireBuyer(req), req.params.id),
  );
  r.post(
    '/api/v1/store/orders/:id/confirm-receipt',
    { schema: { tags: ['store'], description: '确认收货: delivered → completed, or shipped → delivered → completed.', params: IdParams, response: { 200: OrderProgressView } } },
    async (req) => shipping.confirmReceipt(requireBuyer(req), req.params.id),
  );
}

function importRoute(app: App, { shipping }: FulfillmentDeps) {
  typed(app).post(
    '/api/v1/fulfillment/shipments/import',
    {
      schema: {
        tags,
        description:
          `Body: \`text/csv\` (UTF-8), columns \`orderNo,carrier,trackingNo\`, an optional header row, at most ${MAX_IMPORT_ROWS} rows. ` +
          'Each row ships every unit left on its order in its own transaction: good rows are applied, bad ones are ' +
          'reported with their line number and reason, and one never undoes another.',
        consumes: ['text/csv'],
        response: { 200: ShipmentImportReport },
      },
    },
    async (req) => {
      const actor = requireStaff(req, 'fulfillment:write');
      // text/plain arrives as a string from Fastify's own parser; text/csv as bytes from ours.
      const body: unknown = req.body;
      if (typeof body === 'string') return shipping.importCsv(actor, Buffer.from(body));
      if (!Buffer.isBuffer(body)) throw validationError('Send the file as the body with Content-Type: text/csv');
      return shipping.importCsv(actor, body);
    },
  );
}
