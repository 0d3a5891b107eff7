import { sql, type Expression, type SqlBool } from 'kysely';
import type { BrandRow, CategoryRow, ProductRow, SkuRow } from '../../infra/db/database.js';
import type { DbExecutor } from '../../infra/db/port.js';

export interface ProductFilter {
  q?: string;
  status?: string;
  /** the category and its subcategories */
  categoryIds?: string[];
  brandId?: string;
}

export interface SkuStock {
  sku_id: string;
  on_hand: number;
  reserved: number;
}

export interface ProductSkuStats {
  product_id: string;
  sku_count: number;
  min_price_fen: number | null;
  max_price_fen: number | null;
}

export interface ExportRow {
  product_id: string;
  product_title: string;
  product_status: string;
  spec_attributes: string;
  sku_code: string;
  sku_title: string;
  spec_values: string;
  price_fen: number;
  cost_fen: number | null;
  barcode: string | null;
  weight_grams: number | null;
  sku_status: string;
  on_hand: number;
  reserved: number;
}

/** `IN (…)` lists are cut to this size: SQLite allows at most 32,766 bound values per statement. */
const CHUNK = 500;
const chunks = <T>(items: T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
};

/** A LIKE pattern matching `text` anywhere, with LIKE's own wildcards in it taken literally. */
const containsPattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const likeLower = (column: Expression<string>, pattern: string) =>
  sql<SqlBool>`lower(${column}) like ${pattern} escape '\\'`;

const stockSum = (column: 'on_hand' | 'reserved') => sql<number>`coalesce(sum(${sql.ref(`l.${column}`)}), 0)`;

/** The org's products matching `filter`, before ordering and paging. */
function filteredProducts(db: DbExecutor, orgId: string, filter: ProductFilter) {
  let query = db.selectFrom('products as p').where('p.org_id', '=', orgId);
  if (filter.status) query = query.where('p.status', '=', filter.status);
  if (filter.brandId) query = query.where('p.brand_id', '=', filter.brandId);
  if (filter.categoryIds) query = query.where('p.category_id', 'in', filter.categoryIds.length ? filter.categoryIds : ['']);
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    query = query.where((eb) =>
      eb.or([
        likeLower(eb.ref('p.title'), pattern),
        eb.exists(
          eb
            .selectFrom('skus as s')
            .select('s.id')
            .whereRef('s.product_id', '=', 'p.id')
            .where((inner) => likeLower(inner.ref('s.sku_code'), pattern)),
        ),
      ]),
    );
  }
  return query;
}

/** Products, their SKUs, categories and brands; stock is only read here (inventory owns its writes). */
export const catalogRepo = {
  // ---- products

  async insertProduct(db: DbExecutor, row: ProductRow): Promise<void> {
    await db.insertInto('products').values(row).execute();
  },

  async productById(db: DbExecutor, orgId: string, id: string): Promise<ProductRow | undefined> {
    return db.selectFrom('products').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  },

  /** For buyers, who may not know the shop: the product alone names its org. */
  async listedProduct(db: DbExecutor, id: string): Promise<ProductRow | undefined> {
    return db.selectFrom('products').selectAll().where('id', '=', id).where('status', '=', 'listed').executeTakeFirst();
  },

  async productsByIds(db: DbExecutor, orgId: string, ids: string[]): Promise<ProductRow[]> {
    const out: ProductRow[] = [];
    for (const part of chunks(ids)) {
      out.push(...(await db.selectFrom('products').selectAll().where('org_id', '=', orgId).where('id', 'in', part).execute()));
    }
    return out;
  },

  async updateProduct(db: DbExecutor, orgId: string, id: string, patch: Partial<Omit<ProductRow, 'id' | 'org_id'>>): Promise<void> {
    await db.updateTable('products').set(patch).where('org_id', '=', orgId).where('id', '=', id).execute();
  },

  /**
   * Optimistic lock on `updated_at`: writes only if nobody changed the product since it was read at
   * `seenUpdatedAt`. On PostgreSQL two edits of one product (two uploads appending images) may overlap;
   * the second then fails instead of silently overwriting the first.
   */
  async updateProductIfUnchanged(
    db: DbExecutor,
    orgId: string,
    id: string,
    seenUpdatedAt: number,
    patch: Partial<Omit<ProductRow, 'id' | 'org_id'>> & { updated_at: number },
  ): Promise<boolean> {
    const res = await db
      .updateTable('products')
      .set(patch)
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .where('updated_at', '=', seenUpdatedAt)
      .executeTakeFirst();
    return res.numUpdatedRows > 0n;
  },

  /**
   * Newest first; `beforeId` is the last id of the previous page (UUIDv7 ids sort by creation).
   * Returns one row more than `limit` so the caller knows whether another page follows.
   */
  async pageProducts(db: DbExecutor, orgId: string, filter: ProductFilter, beforeId: string | undefined, limit: number): Promise<ProductRow[]> {
    let query = filteredProducts(db, orgId, filter).selectAll('p');
    if (beforeId) query = query.where('p.id', '<', beforeId);
    return query.orderBy('p.id', 'desc').limit(limit + 1).execute();
  },

  /** Every product of the org matching `filter`, oldest first, with one row per SKU. */
  async exportRows(db: DbExecutor, orgId: string, filter: ProductFilter): Promise<ExportRow[]> {
    const ids = (await filteredProducts(db, orgId, filter).select('p.id').orderBy('p.id').execute()).map((p) => p.id);
    const out: ExportRow[] = [];
    for (const part of chunks(ids)) {
      const rows = await db
        .selectFrom('skus as s')
        .innerJoin('products as p', 'p.id', 's.product_id')
        .leftJoin('stock_levels as l', 'l.sku_id', 's.id')
        .select([
          'p.id as product_id',
          'p.title as product_title',
          'p.status as product_status',
          'p.spec_attributes',
          's.sku_code',
          's.title as sku_title',
          's.spec_values',
          's.price_fen',
          's.cost_fen',
          's.barcode',
          's.weight_grams',
          's.status as sku_status',
          stockSum('on_hand').as('on_hand'),
          stockSum('reserved').as('reserved'),
        ])
        .where('s.org_id', '=', orgId)
        .where('s.product_id', 'in', part)
        .groupBy(['p.id', 'p.title', 'p.status', 'p.spec_attributes', 's.id', 's.sku_code', 's.title', 's.spec_values', 's.price_fen', 's.cost_fen', 's.barcode', 's.weight_grams', 's.status'])
        .orderBy('p.id')
        .orderBy('s.id')
        .execute();
      out.push(...rows.map((r) => ({ ...r, on_hand: Number(r.on_hand), reserved: Number(r.reserved) })));
    }
    return out;
  },

  /** Products of any org with a listing or delisting due at `now`: the scheduler's work list. */
  async dueSchedules(db: DbExecutor, now: number, limit: number): Promise<ProductRow[]> {
    return db
      .selectFrom('products')
      .selectAll()
      .where((eb) => eb.or([eb('list_at', '<=', now), eb('delist_at', '<=', now)]))
      .orderBy('id')
      .limit(limit)
      .execute();
  },

  /**
   * Applies a due schedule only if the product still has the status and schedule that were read, so of
   * two nodes (or a node and a staff edit) racing on one product exactly one change lands.
   */
  async applySchedule(
    db: DbExecutor,
    seen: Pick<ProductRow, 'id' | 'status' | 'list_at' | 'delist_at'>,
    next: Pick<ProductRow, 'status' | 'list_at' | 'delist_at' | 'updated_at'>,
  ): Promise<boolean> {
    const res = await db
      .updateTable('products')
      .set(next)
      .where('id', '=', seen.id)
      .where('status', '=', seen.status)
      .where((eb) =>
        eb.and([
          seen.list_at === null ? eb('list_at', 'is', null) : eb('list_at', '=', seen.list_at),
          seen.delist_at === null ? eb('delist_at', 'is', null) : eb('delist_at', '=', seen.delist_at),
        ]),
      )
      .executeTakeFirst();
    return res.numUpdatedRows > 0n;
  },

  // ---- SKUs

  async insertSkus(db: DbExecutor, rows: SkuRow[]): Promise<void> {
    for (const part of chunks(rows)) await db.insertInto('skus').values(part).execute();
  },

  async updateSku(db: DbExecutor, orgId: string, id: string, patch: Partial<Omit<SkuRow, 'id' | 'org_id' | 'product_id'>>): Promise<void> {
    await db.updateTable('skus').set(patch).where('org_id', '=', orgId).where('id', '=', id).execute();
  },

  async skusOfProducts(db: DbExecutor, orgId: string, productIds: string[]): Promise<SkuRow[]> {
    const out: SkuRow[] = [];
    for (const part of chunks(productIds)) {
      out.push(
        ...(await db.selectFrom('skus').selectAll().where('org_id', '=', orgId).where('product_id', 'in', part).orderBy('id').execute()),
      );
    }
    return out;
  },

  /** SKUs of the org holding any of `codes`. */
  async skusByCodes(db: DbExecutor, orgId: string, codes: string[]): Promise<SkuRow[]> {
    const out: SkuRow[] = [];
    for (const part of chunks(codes)) {
      out.push(...(await db.selectFrom('skus').selectAll().where('org_id', '=', orgId).where('sku_code', 'in', part).execute()));
    }
    return out;
  },

  /** On-hand and reserved per SKU, summed over warehouses; SKUs without stock levels are absent. */
  async stockOfSkus(db: DbExecutor, orgId: string, skuIds: string[]): Promise<SkuStock[]> {
    const out: SkuStock[] = [];
    for (const part of chunks(skuIds)) {
      const rows = await db
        .selectFrom('stock_levels as l')
        .select(['l.sku_id', stockSum('on_hand').as('on_hand'), stockSum('reserved').as('reserved')])
        .where('l.org_id', '=', orgId)
        .where('l.sku_id', 'in', part)
        .groupBy('l.sku_id')
        .execute();
      out.push(...rows.map((r) => ({ sku_id: r.sku_id, on_hand: Number(r.on_hand), reserved: Number(r.reserved) })));
    }
    return out;
  },

  /** SKU count and the price range of active SKUs, per product. */
  async skuStats(db: DbExecutor, orgId: string, productIds: string[]): Promise<ProductSkuStats[]> {
    const out: ProductSkuStats[] = [];
    for (const part of chunks(productIds)) {
      const rows = await db
        .selectFrom('skus')
        .select((eb) => [
          'product_id',
          eb.fn.countAll<number>().as('sku_count'),
          sql<number | null>`min(case when status = 'active' then price_fen end)`.as('min_price_fen'),
          sql<number | null>`max(case when status = 'active' then price_fen end)`.as('max_price_fen'),
        ])
        .where('org_id', '=', orgId)
        .where('product_id', 'in', part)
        .groupBy('product_id')
        .execute();
      out.push(
        ...rows.map((r) => ({
          product_id: r.product_id,
          sku_count: Number(r.sku_count),
          min_price_fen: r.min_price_fen === null ? null : Number(r.min_price_fen),
          max_price_fen: r.max_price_fen === null ? null : Number(r.max_price_fen),
        })),
      );
    }
    return out;
  },

  /** Available units (on hand − reserved) of a product's active SKUs, over every warehouse. */
  async availableByProduct(db: DbExecutor, orgId: string, productIds: string[]): Promise<{ product_id: string; available: number }[]> {
    const out: { product_id: string; available: number }[] = [];
    for (const part of chunks(productIds)) {
      const rows = await db
        .selectFrom('stock_levels as l')
        .innerJoin('skus as s', 's.id', 'l.sku_id')
        .select(['s.product_id', sql<number>`coalesce(sum(l.on_hand - l.reserved), 0)`.as('available')])
        .where('s.org_id', '=', orgId)
        .where('s.status', '=', 'active')
        .where('s.product_id', 'in', part)
        .groupBy('s.product_id')
        .execute();
      out.push(...rows.map((r) => ({ product_id: r.product_id, available: Number(r.available) })));
    }
    return out;
  },

  // ---- categories

  async categories(db: DbExecutor, orgId: string): Promise<CategoryRow[]> {
    return db.selectFrom('categories').selectAll().where('org_id', '=', orgId).orderBy('sort').orderBy('name').orderBy('id').execute();
  },

  async categoryById(db: DbExecutor, orgId: string, id: string): Promise<CategoryRow | undefined> {
    return db.selectFrom('categories').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  },

  async insertCategory(db: DbExecutor, row: CategoryRow): Promise<void> {
    await db.insertInto('categories').values(row).execute();
  },

  async updateCategory(db: DbExecutor, orgId: string, id: string, patch: Partial<Pick<CategoryRow, 'name' | 'parent_id' | 'sort'>>): Promise<void> {
    await db.updateTable('categories').set(patch).where('org_id', '=', orgId).where('id', '=', id).execute();
  },

  async deleteCategory(db: DbExecutor, orgId: string, id: string): Promise<void> {
    await db.deleteFrom('categories').where('org_id', '=', orgId).where('id', '=', id).execute();
  },

  async categoryUse(db: DbExecutor, orgId: string, id: string): Promise<{ products: number; children: number }> {
    const products = await db
      .selectFrom('products')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', orgId)
      .where('category_id', '=', id)
      .executeTakeFirstOrThrow();
    const children = await db
      .selectFrom('categories')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', orgId)
      .where('parent_id', '=', id)
      .executeTakeFirstOrThrow();
    return { products: Number(products.n), children: Number(children.n) };
  },

  // ---- brands

  async brands(db: DbExecutor, orgId: string): Promise<BrandRow[]> {
    return db.selectFrom('brands').selectAll().where('org_id', '=', orgId).orderBy('name').execute();
  },

  async brandById(db: DbExecutor, orgId: string, id: string): Promise<BrandRow | undefined> {
    return db.selectFrom('brands').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  },

  async brandByName(db: DbExecutor, orgId: string, name: string): Promise<BrandRow | undefined> {
    return db.selectFrom('brands').selectAll().where('org_id', '=', orgId).where('name', '=', name).executeTakeFirst();
  },

  async insertBrand(db: DbExecutor, row: BrandRow): Promise<void> {
    await db.insertInto('brands').values(row).execute();
  },

  async updateBrand(db: DbExecutor, orgId: string, id: string, patch: Partial<Pick<BrandRow, 'name'>>): Promise<void> {
    await db.updateTable('brands').set(patch).where('org_id', '=', orgId).where('id', '=', id).execute();
  },

  async deleteBrand(db: DbExecutor, orgId: string, id: string): Promise<void> {
    await db.deleteFrom('brands').where('org_id', '=', orgId).where('id', '=', id).execute();
  },

  async brandUse(db: DbExecutor, orgId: string, id: string): Promise<number> {
    const row = await db
      .selectFrom('products')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', orgId)
      .where('brand_id', '=', id)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
};
