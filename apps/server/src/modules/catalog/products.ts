import {
  MAX_IMAGES_PER_PRODUCT,
  type BulkStatusBody,
  type BulkStatusResult,
  type CreateProductBody,
  type ProductPage,
  type ProductQuery,
  type ProductStatus,
  type ProductView,
  type ReplaceSkusBody,
  type SkuStatus,
  type SpecAttribute,
  type SpecValues,
  type UpdateProductBody,
  type UploadedImage,
} from '@livedesk/contracts';
import type { Actor } from '../../lib/actor.js';
import { AppError, conflict, notFound, validationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/time.js';
import type { BlobStore } from '../../infra/blob/port.js';
import type { ProductRow, SkuRow } from '../../infra/db/database.js';
import type { Db, DbExecutor, Tx } from '../../infra/db/port.js';
import type { AuditService, RecordAudit } from '../audit/service.js';
import type { InventoryService } from '../inventory/service.js';
import { duplicates, isSkuCodeClash } from './constraint.js';
import type { ImageType } from './images.js';
import { defaultSkuTitle, matrixIssues, type MatrixIssue } from './matrix.js';
import { catalogRepo } from './repo.js';
import { assertTaxonomy, subtree } from './taxonomy.js';
import { changesOf, decodeCursor, imagesOf, imageView, page, productSummary, productView, specAttributesOf, specValuesOf } from './views.js';

/** What the catalog needs from inventory: initial stock of new SKUs is received like any delivery. */
export type StockIntake = Pick<InventoryService, 'receive' | 'defaultWarehouse'>;

export interface InitialStock {
  skuId: string;
  quantity: number;
  warehouseId?: string;
}

export const skuCodesTaken = (skuCodes: string[]) => conflict('SKU code already in use', { skuCodes });

export const matrixError = (issues: MatrixIssue[]) =>
  validationError('SKUs do not fit the spec matrix', {
    issues: issues.map((i) => ({ path: `skus.${i.index}.specValues`, skuCode: i.skuCode, message: i.message })),
  });

/** Turns the database's unique refusal of a SKU code (a concurrent insert) into the same 409 as our check. */
export async function withUniqueSkuCodes<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isSkuCodeClash(err)) throw conflict('SKU code already in use by a concurrent change; reload and retry');
    throw err;
  }
}

/** Refuses codes already used anywhere in the org, except by the SKUs in `exceptSkuIds`. */
export async function assertSkuCodesFree(tx: DbExecutor, orgId: string, codes: string[], exceptSkuIds: Set<string> = new Set()) {
  const taken = (await catalogRepo.skusByCodes(tx, orgId, codes)).filter((s) => !exceptSkuIds.has(s.id)).map((s) => s.sku_code);
  if (taken.length) throw skuCodesTaken(taken);
}

/** Products with their SKU matrix, images and listing schedule. Stock itself belongs to inventory. */
export class ProductsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly inventory: StockIntake,
    private readonly blobs: BlobStore,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, body: CreateProductBody): Promise<ProductView> {
    const now = this.clock.now();
    const attributes = body.specAttributes ?? [];
    const issues = matrixIssues(attributes, body.skus.map((s) => ({ skuCode: s.skuCode, specValues: s.specValues ?? {} })));
    if (issues.length) throw matrixError(issues);
    const repeated = duplicates(body.skus.map((s) => s.skuCode));
    if (repeated.length) throw conflict('SKU code used more than once', { skuCodes: repeated });

    const product: ProductRow = {
      id: newId(),
      org_id: actor.orgId,
      title: body.title,
      description: body.description ?? '',
      category_id: body.categoryId ?? null,
      brand_id: body.brandId ?? null,
      // A scheduled listing starts as a draft; the scheduler lists it when `listAt` passes.
      status: body.status ?? (body.listAt === undefined ? 'listed' : 'draft'),
      list_at: body.listAt ?? null,
      delist_at: body.delistAt ?? null,
      spec_attributes: JSON.stringify(attributes),
      images: '[]',
      created_at: now,
      updated_at: now,
    };
    const skus = body.skus.map(
      (s): SkuRow => ({
        id: newId(),
        org_id: actor.orgId,
        product_id: product.id,
        sku_code: s.skuCode,
        title: s.title ?? defaultSkuTitle(attributes, s.specValues ?? {}, body.title),
        spec_values: JSON.stringify(s.specValues ?? {}),
        price_fen: s.priceFen,
        cost_fen: s.costFen ?? null,
        barcode: s.barcode ?? null,
        weight_grams: s.weightGrams ?? null,
        status: 'active',
        created_at: now,
        updated_at: now,
      }),
    );
    await withUniqueSkuCodes(() =>
      this.audit.transaction(actor, async (tx, record) => {
        await assertTaxonomy(tx, actor.orgId, { categoryId: product.category_id, brandId: product.brand_id });
        await assertSkuCodesFree(tx, actor.orgId, skus.map((s) => s.sku_code));
        await this.insertProduct(tx, actor, record, product, skus);
        await this.receiveInitialStock(
          tx,
          actor,
          product.id,
          body.skus.map((s, i) => ({ skuId: skus[i]!.id, quantity: s.stock, warehouseId: s.warehouseId })),
        );
      }),
    );
    return this.get(actor, product.id);
  }

  /** Inserts a product with its SKUs and audits it; shared with the CSV import. */
  async insertProduct(tx: Tx, actor: Actor, record: RecordAudit, product: ProductRow, skus: SkuRow[]): Promise<void> {
    await catalogRepo.insertProduct(tx, product);
    await catalogRepo.insertSkus(tx, skus);
    await record({
      action: 'product.create',
      targetType: 'product',
      targetId: product.id,
      changes: changesOf(
        {},
        {
          title: product.title,
          status: product.status,
          categoryId: product.category_id ?? undefined,
          brandId: product.brand_id ?? undefined,
          listAt: product.list_at ?? undefined,
          delistAt: product.delist_at ?? undefined,
          skus: skus.map((s) => ({ skuCode: s.sku_code, priceFen: s.price_fen })),
        },
      ),
    });
  }

  /**
   * Receives each new SKU's initial stock, in the caller's transaction; into the org's default
   * warehouse unless one is named. Zero still creates the stock level, so the SKU shows in inventory.
   */
  async receiveInitialStock(tx: Tx, actor: Actor, productId: string, items: InitialStock[]): Promise<void> {
    let fallback: string | undefined;
    for (const item of items) {
      const warehouseId = item.warehouseId ?? (fallback ??= (await this.inventory.defaultWarehouse(tx, actor.orgId)).id);
      await this.inventory.receive(tx, {
        orgId: actor.orgId,
        skuId: item.skuId,
        warehouseId,
        quantity: item.quantity,
        reason: 'initial stock',
        ref: { type: 'product', id: productId },
        actorId: actor.id,
      });
    }
  }

  async get(actor: Actor, id: string): Promise<ProductView> {
    const row = await catalogRepo.productById(this.db.kysely, actor.orgId, id);
    if (!row) throw notFound('Product', id);
    return this.view(this.db.kysely, row);
  }

  async list(actor: Actor, query: ProductQuery): Promise<ProductPage> {
    const db = this.db.kysely;
    const categoryIds = query.categoryId ? subtree(await catalogRepo.categories(db, actor.orgId), query.categoryId) : undefined;
    const rows = await catalogRepo.pageProducts(
      db,
      actor.orgId,
      { q: query.q, status: query.status, brandId: query.brandId, categoryIds },
      decodeCursor(query.cursor),
      query.limit,
    );
    const ids = rows.slice(0, query.limit).map((r) => r.id);
    const stats = new Map((await catalogRepo.skuStats(db, actor.orgId, ids)).map((s) => [s.product_id, s]));
    const available = new Map((await catalogRepo.availableByProduct(db, actor.orgId, ids)).map((a) => [a.product_id, a.available]));
    return page(rows, query.limit, (shown) => shown.map((r) => productSummary(r, stats.get(r.id), available.get(r.id) ?? 0)));
  }

  async update(actor: Actor, id: string, body: UpdateProductBody): Promise<ProductView> {
    const removedImages = await this.audit.transaction(actor, async (tx, record) => {
      const row = await this.productIn(tx, actor, id);
      await assertTaxonomy(tx, actor.orgId, body);
      const images = imagesOf(row);
      if (body.images) {
        const unknown = body.images.filter((k) => !images.includes(k));
        if (unknown.length) throw validationError('images may only reorder or remove images of this product; upload new ones', { unknown });
        const repeated = duplicates(body.images);
        if (repeated.length) throw validationError('an image is listed twice', { images: repeated });
      }
      const changes = changesOf(
        { title: row.title, description: row.description, categoryId: row.category_id, brandId: row.brand_id, images, listAt: row.list_at, delistAt: row.delist_at },
        { title: body.title, description: body.description, categoryId: body.categoryId, brandId: body.brandId, images: body.images, listAt: body.listAt, delistAt: body.delistAt },
      );
      if (!changes.length) return [];
      await this.writeProduct(tx, row, {
        title: body.title,
        description: body.description,
        category_id: body.categoryId,
        brand_id: body.brandId,
        images: body.images && JSON.stringify(body.images),
        list_at: body.listAt,
        delist_at: body.delistAt,
      });
      await record({ action: 'product.update', targetType: 'product', targetId: id, changes });
      return body.images ? images.filter((k) => !body.images?.includes(k)) : [];
    });
    await this.deleteBlobs(removedImages);
    return this.get(actor, id);
  }

  /**
   * Edits the SKU matrix as a whole: the body lists every existing SKU (by id) plus new ones. SKUs are
   * never deleted (orders refer to them); leaving one out is refused, disabling it is the way.
   */
  async replaceSkus(actor: Actor, id: string, body: ReplaceSkusBody): Promise<ProductView> {
    const now = this.clock.now();
    await withUniqueSkuCodes(() =>
      this.audit.transaction(actor, async (tx, record) => {
        const product = await this.productIn(tx, actor, id);
        const existing = new Map((await catalogRepo.skusOfProducts(tx, actor.orgId, [id])).map((s) => [s.id, s]));
        const listedIds = body.skus.flatMap((s) => (s.id === undefined ? [] : [s.id]));
        const unknown = listedIds.filter((skuId) => !existing.has(skuId));
        if (unknown.length) throw validationError('Unknown SKU ids for this product', { ids: unknown });
        const repeatedIds = duplicates(listedIds);
        if (repeatedIds.length) throw validationError('A SKU is listed twice', { ids: repeatedIds });
        const missing = [...existing.values()].filter((s) => !listedIds.includes(s.id));
        if (missing.length) {
          throw validationError('Every existing SKU must be listed; disable a SKU instead of leaving it out', {
            missing: missing.map((s) => ({ id: s.id, skuCode: s.sku_code })),
          });
        }
        const stockOnExisting = body.skus.filter((s) => s.id !== undefined && (s.stock !== undefined || s.warehouseId !== undefined));
        if (stockOnExisting.length) {
          throw validationError('stock and warehouseId are for new SKUs; change stock through inventory', {
            skuCodes: stockOnExisting.map((s) => s.skuCode),
          });
        }
        const repeatedCodes = duplicates(body.skus.map((s) => s.skuCode));
        if (repeatedCodes.length) throw conflict('SKU code used more than once', { skuCodes: repeatedCodes });

        const attributes: SpecAttribute[] = body.specAttributes ?? specAttributesOf(product);
        const merged = body.skus.map((item) => {
          const before = item.id === undefined ? undefined : existing.get(item.id);
          const specValues: SpecValues = item.specValues ?? (before ? specValuesOf(before) : {});
          const status: SkuStatus = item.status ?? (before?.status as SkuStatus | undefined) ?? 'active';
          return { item, before, specValues, status };
        });
        const issues = matrixIssues(
          attributes,
          merged.map((m) => ({ skuCode: m.item.skuCode, specValues: m.specValues, disabled: m.status === 'disabled' })),
        );
        if (issues.length) throw matrixError(issues);
        await assertSkuCodesFree(tx, actor.orgId, body.skus.map((s) => s.skuCode), new Set(existing.keys()));

        const added: SkuRow[] = [];
        const stock: InitialStock[] = [];
        for (const { item, before, specValues, status } of merged) {
          if (!before) {
            const row: SkuRow = {
              id: newId(),
              org_id: actor.orgId,
              product_id: id,
              sku_code: item.skuCode,
              title: item.title ?? defaultSkuTitle(attributes, specValues, product.title),
              spec_values: JSON.stringify(specValues),
              price_fen: item.priceFen,
              cost_fen: item.costFen ?? null,
              barcode: item.barcode ?? null,
              weight_grams: item.weightGrams ?? null,
              status,
              created_at: now,
              updated_at: now,
            };
            added.push(row);
            stock.push({ skuId: row.id, quantity: item.stock ?? 0, warehouseId: item.warehouseId });
            continue;
          }
          const changes = changesOf(skuFields(before), {
            skuCode: item.skuCode,
            title: item.title,
            specValues,
            priceFen: item.priceFen,
            costFen: item.costFen,
            barcode: item.barcode,
            weightGrams: item.weightGrams,
            status,
          });
          if (!changes.length) continue;
          await catalogRepo.updateSku(tx, actor.orgId, before.id, {
            sku_code: item.skuCode,
            title: item.title,
            spec_values: JSON.stringify(specValues),
            price_fen: item.priceFen,
            cost_fen: item.costFen,
            barcode: item.barcode,
            weight_grams: item.weightGrams,
            status,
            updated_at: now,
          });
          await record({ action: 'sku.update', targetType: 'sku', targetId: before.id, changes });
        }
        await catalogRepo.insertSkus(tx, added);
        for (const row of added) {
          await record({
            action: 'sku.create',
            targetType: 'sku',
            targetId: row.id,
            changes: changesOf({}, { productId: id, ...skuFields(row) }),
          });
        }
        await this.receiveInitialStock(tx, actor, id, stock);
        const attributeChanges = changesOf({ specAttributes: specAttributesOf(product) }, { specAttributes: attributes });
        await this.writeProduct(tx, product, { spec_attributes: JSON.stringify(attributes) });
        if (attributeChanges.length) await record({ action: 'product.update', targetType: 'product', targetId: id, changes: attributeChanges });
      }),
    );
    return this.get(actor, id);
  }

  /**
   * Lists or delists now, or schedules it for `at`. Listing now keeps a future delisting; delisting now
   * also cancels a pending listing, so a product taken down never comes back by itself.
   */
  async bulkStatus(actor: Actor, body: BulkStatusBody): Promise<BulkStatusResult> {
    const now = this.clock.now();
    const scheduledAt = body.at !== undefined && body.at > now ? body.at : undefined;
    return this.audit.transaction(actor, async (tx, record) => {
      const rows = new Map((await catalogRepo.productsByIds(tx, actor.orgId, body.productIds)).map((r) => [r.id, r]));
      const missing = body.productIds.filter((pid) => !rows.has(pid));
      if (missing.length) throw new AppError('not_found', 'Products not found', { productIds: missing });
      const items: BulkStatusResult['items'] = [];
      for (const row of body.productIds.flatMap((pid) => rows.get(pid) ?? [])) {
        let next: Pick<ProductRow, 'status' | 'list_at' | 'delist_at'>;
        if (scheduledAt !== undefined) {
          next = body.status === 'listed' ? { ...row, list_at: scheduledAt } : { ...row, delist_at: scheduledAt };
        } else if (body.status === 'listed') {
          // A delisting already past would take the product straight down again at the next tick.
          next = { status: 'listed', list_at: null, delist_at: row.delist_at !== null && row.delist_at <= now ? null : row.delist_at };
        } else {
          next = { status: 'delisted', list_at: null, delist_at: null };
        }
        const changes = changesOf(
          { status: row.status, listAt: row.list_at, delistAt: row.delist_at },
          { status: next.status, listAt: next.list_at, delistAt: next.delist_at },
        );
        if (changes.length) {
          const { status, list_at, delist_at } = next;
          await catalogRepo.updateProduct(tx, actor.orgId, row.id, { status, list_at, delist_at, updated_at: Math.max(now, row.updated_at + 1) });
          await record({ action: 'product.status', targetType: 'product', targetId: row.id, changes });
        }
        items.push({ id: row.id, status: next.status as ProductStatus, listAt: next.list_at, delistAt: next.delist_at });
      }
      return { items };
    });
  }

  /** Stores the (already sniffed) image, then appends its key; the blob is removed again if that fails. */
  async addImage(actor: Actor, id: string, bytes: Buffer, type: ImageType): Promise<UploadedImage> {
    const current = await catalogRepo.productById(this.db.kysely, actor.orgId, id);
    if (!current) throw notFound('Product', id);
    if (imagesOf(current).length >= MAX_IMAGES_PER_PRODUCT) throw tooManyImages();
    const key = `${newId()}.${type.ext}`;
    await this.blobs.put(key, bytes, type.contentType);
    try {
      const images = await this.audit.transaction(actor, async (tx, record) => {
        const row = await this.productIn(tx, actor, id);
        const before = imagesOf(row);
        if (before.length >= MAX_IMAGES_PER_PRODUCT) throw tooManyImages();
        const after = [...before, key];
        await this.writeProduct(tx, row, { images: JSON.stringify(after) });
        await record({ action: 'product.update', targetType: 'product', targetId: id, changes: [{ field: 'images', from: before, to: after }] });
        return after;
      });
      return { image: imageView(key), images: images.map(imageView) };
    } catch (err) {
      await this.deleteBlobs([key]);
      throw err;
    }
  }

  private async productIn(tx: Tx, actor: Actor, id: string): Promise<ProductRow> {
    const row = await catalogRepo.productById(tx, actor.orgId, id);
    if (!row) throw notFound('Product', id);
    return row;
  }

  /** Every product edit goes through the optimistic lock, so overlapping edits fail rather than merge blindly. */
  private async writeProduct(tx: Tx, row: ProductRow, patch: Partial<Omit<ProductRow, 'id' | 'org_id' | 'updated_at'>>) {
    const updatedAt = Math.max(this.clock.now(), row.updated_at + 1);
    if (!(await catalogRepo.updateProductIfUnchanged(tx, row.org_id, row.id, row.updated_at, { ...patch, updated_at: updatedAt }))) {
      throw conflict('The product was changed by someone else meanwhile; reload and try again', { id: row.id });
    }
  }

  private async view(db: DbExecutor, row: ProductRow): Promise<ProductView> {
    const skus = await catalogRepo.skusOfProducts(db, row.org_id, [row.id]);
    const stock = await catalogRepo.stockOfSkus(db, row.org_id, skus.map((s) => s.id));
    return productView(row, skus, new Map(stock.map((s) => [s.sku_id, s])));
  }

  /** After the commit that dropped them; a failure only leaves an unreferenced file behind. */
  private async deleteBlobs(keys: string[]) {
    for (const key of keys) await this.blobs.delete(key).catch(() => undefined);
  }
}

const tooManyImages = () => conflict(`A product has at most ${MAX_IMAGES_PER_PRODUCT} images`, { max: MAX_IMAGES_PER_PRODUCT });

const skuFields = (row: SkuRow) => ({
  skuCode: row.sku_code,
  title: row.title,
  specValues: specValuesOf(row),
  priceFen: row.price_fen,
  costFen: row.cost_fen,
  barcode: row.barcode,
  weightGrams: row.weight_grams,
  status: row.status,
});
