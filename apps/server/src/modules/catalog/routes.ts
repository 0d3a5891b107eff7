import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  BrandBody,
  BrandView,
  BulkStatusBody,
  BulkStatusResult,
  CategoryView,
  CreateCategoryBody,
  CreateProductBody,
  ImportResult,
  MAX_IMAGE_BYTES,
  ProductExportQuery,
  ProductPage,
  ProductQuery,
  ProductView,
  ReplaceSkusBody,
  StoreProductPage,
  StoreProductQuery,
  StoreProductView,
  UpdateCategoryBody,
  UpdateProductBody,
  UploadedImage,
} from '@livedesk/contracts';
import { requireStaff } from '../../http/auth.js';
import { typed, type App } from '../../http/server.js';
import { notFound, validationError } from '../../lib/errors.js';
import type { BlobStore } from '../../infra/blob/port.js';
import { productImageKey, sniffImage } from './images.js';
import type { ProductsService } from './products.js';
import type { StoreCatalog } from './store.js';
import type { TaxonomyService } from './taxonomy.js';
import { IMPORT_FORMAT, MAX_IMPORT_BYTES, type CatalogTransfer } from './transfer.js';

export interface CatalogRoutesDeps {
  products: ProductsService;
  taxonomy: TaxonomyService;
  transfer: CatalogTransfer;
  store: StoreCatalog;
  blobs: BlobStore;
}

const id = z.strictObject({ id: z.string().min(1).max(64) });
const tags = ['catalog'];

/** Reads the one image file of a multipart upload; every way a client can get it wrong is a 400. */
async function readImage(req: FastifyRequest): Promise<Buffer> {
  try {
    let image: Buffer | undefined;
    // Iterating every part (not just the first file) is what notices a second file in the request.
    for await (const part of req.parts({ limits: { fileSize: MAX_IMAGE_BYTES, files: 2, fields: 5, parts: 8 } })) {
      if (part.type !== 'file') continue;
      if (image) throw validationError('Send one image per request');
      image = await part.toBuffer();
    }
    if (!image) throw validationError('Send the image as a multipart/form-data file field');
    return image;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw validationError('The image is larger than 5 MB', { limitBytes: MAX_IMAGE_BYTES });
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw validationError('Send the image as multipart/form-data');
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw validationError('Send one image per request');
    throw err;
  }
}

export function catalogRoutes(app: App, deps: CatalogRoutesDeps) {
  // Multipart and CSV parsing stay inside this plugin's scope; other modules' routes keep JSON only.
  void app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: MAX_IMAGE_BYTES, files: 1 } });
    scope.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES }, (_req, body, done) => done(null, body));
    staffRoutes(scope, deps);
    publicRoutes(scope, deps);
  });
}

function staffRoutes(app: App, { products, taxonomy, transfer }: CatalogRoutesDeps) {
  const r = typed(app);

  r.get('/api/v1/products', { schema: { tags, querystring: ProductQuery, response: { 200: ProductPage } } }, async (req) =>
    products.list(requireStaff(req, 'catalog:read'), req.query),
  );
  r.post('/api/v1/products', { schema: { tags, body: CreateProductBody, response: { 201: ProductView } } }, async (req, reply) => {
    const created = await products.create(requireStaff(req, 'catalog:write'), req.body);
    return reply.code(201).send(created);
  });
  r.get(
    '/api/v1/products/export.csv',
    {
      schema: {
        tags,
        description: 'One row per SKU, UTF-8 with BOM; the columns `POST /api/v1/products/import` reads.',
        querystring: ProductExportQuery,
        produces: ['text/csv'],
      },
    },
    async (req, reply) => {
      const csv = await transfer.exportCsv(requireStaff(req, 'catalog:read'), req.query);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="products.csv"')
        .send(csv);
    },
  );
  r.post(
    '/api/v1/products/import',
    { bodyLimit: MAX_IMPORT_BYTES, schema: { tags, description: IMPORT_FORMAT, consumes: ['text/csv'], response: { 200: ImportResult } } },
    async (req) => {
      const actor = requireStaff(req, 'catalog:write');
      if (!Buffer.isBuffer(req.body)) throw validationError('Send the file as the body with Content-Type: text/csv');
      return transfer.importCsv(actor, req.body);
    },
  );
  r.post('/api/v1/products/bulk-status', { schema: { tags, body: BulkStatusBody, response: { 200: BulkStatusResult } } }, async (req) =>
    products.bulkStatus(requireStaff(req, 'catalog:write'), req.body),
  );
  r.get('/api/v1/products/:id', { schema: { tags, params: id, response: { 200: ProductView } } }, async (req) =>
    products.get(requireStaff(req, 'catalog:read'), req.params.id),
  );
  r.patch('/api/v1/products/:id', { schema: { tags, params: id, body: UpdateProductBody, response: { 200: ProductView } } }, async (req) =>
    products.update(requireStaff(req, 'catalog:write'), req.params.id, req.body),
  );
  r.put(
    '/api/v1/products/:id/skus',
    {
      schema: {
        tags,
        description: 'The whole SKU matrix: every existing SKU by id (edit or disable it; SKUs are never deleted) plus new ones without id.',
        params: id,
        body: ReplaceSkusBody,
        response: { 200: ProductView },
      },
    },
    async (req) => products.replaceSkus(requireStaff(req, 'catalog:write'), req.params.id, req.body),
  );
  r.post(
    '/api/v1/products/:id/images',
    {
      schema: {
        tags,
        description: 'multipart/form-data with one file: JPEG, PNG or WebP (judged by its bytes), at most 5 MB. Appended to the images.',
        consumes: ['multipart/form-data'],
        params: id,
        response: { 201: UploadedImage },
      },
    },
    async (req, reply) => {
      const actor = requireStaff(req, 'catalog:write');
      const bytes = await readImage(req);
      const type = sniffImage(bytes);
      if (!type) throw validationError('Only JPEG, PNG or WebP images are accepted');
      return reply.code(201).send(await products.addImage(actor, req.params.id, bytes, type));
    },
  );

  r.get('/api/v1/categories', { schema: { tags, response: { 200: z.object({ items: z.array(CategoryView) }) } } }, async (req) => ({
    items: await taxonomy.categories(requireStaff(req, 'catalog:read')),
  }));
  r.post('/api/v1/categories', { schema: { tags, body: CreateCategoryBody, response: { 201: CategoryView } } }, async (req, reply) =>
    reply.code(201).send(await taxonomy.createCategory(requireStaff(req, 'catalog:write'), req.body)),
  );
  r.patch('/api/v1/categories/:id', { schema: { tags, params: id, body: UpdateCategoryBody, response: { 200: CategoryView } } }, async (req) =>
    taxonomy.updateCategory(requireStaff(req, 'catalog:write'), req.params.id, req.body),
  );
  r.delete('/api/v1/categories/:id', { schema: { tags, params: id } }, async (req, reply) => {
    await taxonomy.deleteCategory(requireStaff(req, 'catalog:write'), req.params.id);
    return reply.code(204).send();
  });

  r.get('/api/v1/brands', { schema: { tags, response: { 200: z.object({ items: z.array(BrandView) }) } } }, async (req) => ({
    items: await taxonomy.brands(requireStaff(req, 'catalog:read')),
  }));
  r.post('/api/v1/brands', { schema: { tags, body: BrandBody, response: { 201: BrandView } } }, async (req, reply) =>
    reply.code(201).send(await taxonomy.createBrand(requireStaff(req, 'catalog:write'), req.body)),
  );
  r.patch('/api/v1/brands/:id', { schema: { tags, params: id, body: BrandBody, response: { 200: BrandView } } }, async (req) =>
    taxonomy.updateBrand(requireStaff(req, 'catalog:write'), req.params.id, req.body),
  );
  r.delete('/api/v1/brands/:id', { schema: { tags, params: id } }, async (req, reply) => {
    await taxonomy.deleteBrand(requireStaff(req, 'catalog:write'), req.params.id);
    return reply.code(204).send();
  });
}

function publicRoutes(app: App, { store, blobs }: CatalogRoutesDeps) {
  const r = typed(app);
  const storeTags = ['store'];

  r.get(
    '/api/v1/store/products',
    { schema: { tags: storeTags, security: [], querystring: StoreProductQuery, response: { 200: StoreProductPage } } },
    async (req) => store.list(req.actor, req.query),
  );
  r.get(
    '/api/v1/store/products/:id',
    {
      schema: {
        tags: storeTags,
        security: [],
        params: id,
        querystring: z.strictObject({ org: z.string().max(64).optional() }),
        response: { 200: StoreProductView },
      },
    },
    async (req) => store.get(req.actor, req.params.id, req.query.org),
  );

  r.get(
    '/api/v1/blobs/:key',
    {
      schema: {
        tags: storeTags,
        security: [],
        description: 'Product images, public and immutable: a key is never reused for other bytes.',
        params: z.strictObject({ key: z.string().max(200) }),
      },
    },
    async (req, reply) => {
      const { key } = req.params;
      // Only product image keys: blobs stored under other key shapes (after-sales evidence) are never public.
      const blob = productImageKey.test(key) ? await blobs.get(key) : null;
      if (!blob) throw notFound('Blob', key);
      const etag = `"${key}"`;
      reply
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('etag', etag)
        .header('x-content-type-options', 'nosniff');
      if (req.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.header('content-type', blob.contentType).send(blob.bytes);
    },
  );
}
