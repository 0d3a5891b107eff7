import type {
  BrandView,
  CategoryView,
  ImageView,
  ProductStatus,
  ProductSummary,
  ProductView,
  SkuStatus,
  SkuView,
  SpecAttribute,
  SpecValues,
} from '@livedesk/contracts';
import { validationError } from '../../lib/errors.js';
import type { BrandRow, CategoryRow, ProductRow, SkuRow } from '../../infra/db/database.js';
import type { ProductSkuStats, SkuStock } from './repo.js';

// JSON columns are written only by this module, from validated input, so reading them back is a cast.
export const specAttributesOf = (row: ProductRow): SpecAttribute[] => JSON.parse(row.spec_attributes) as SpecAttribute[];
export const imagesOf = (row: ProductRow): string[] => JSON.parse(row.images) as string[];
export const specValuesOf = (row: SkuRow): SpecValues => JSON.parse(row.spec_values) as SpecValues;

export const imageView = (key: string): ImageView => ({ key, url: `/api/v1/blobs/${key}` });

export function skuView(row: SkuRow, stock: SkuStock | undefined): SkuView {
  const onHand = stock?.on_hand ?? 0;
  const reserved = stock?.reserved ?? 0;
  return {
    id: row.id,
    skuCode: row.sku_code,
    title: row.title,
    specValues: specValuesOf(row),
    priceFen: row.price_fen,
    costFen: row.cost_fen,
    barcode: row.barcode,
    weightGrams: row.weight_grams,
    status: row.status as SkuStatus,
    onHand,
    reserved,
    available: onHand - reserved,
  };
}

export function productView(row: ProductRow, skus: SkuRow[], stock: Map<string, SkuStock>): ProductView {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    categoryId: row.category_id,
    brandId: row.brand_id,
    status: row.status as ProductStatus,
    listAt: row.list_at,
    delistAt: row.delist_at,
    specAttributes: specAttributesOf(row),
    images: imagesOf(row).map(imageView),
    skus: skus.map((s) => skuView(s, stock.get(s.id))),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function productSummary(row: ProductRow, stats: ProductSkuStats | undefined, available: number): ProductSummary {
  const cover = imagesOf(row)[0];
  return {
    id: row.id,
    title: row.title,
    status: row.status as ProductStatus,
    categoryId: row.category_id,
    brandId: row.brand_id,
    cover: cover === undefined ? null : imageView(cover),
    skuCount: stats?.sku_count ?? 0,
    minPriceFen: stats?.min_price_fen ?? null,
    maxPriceFen: stats?.max_price_fen ?? null,
    available,
    listAt: row.list_at,
    delistAt: row.delist_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export const categoryView = (row: CategoryRow): CategoryView => ({
  id: row.id,
  parentId: row.parent_id,
  name: row.name,
  sort: row.sort,
  createdAt: row.created_at,
});

export const brandView = (row: BrandRow): BrandView => ({ id: row.id, name: row.name, createdAt: row.created_at });

export const encodeCursor = (id: string) => Buffer.from(id).toString('base64url');
export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const id = Buffer.from(cursor, 'base64url').toString();
  if (!/^[0-9a-f-]{36}$/.test(id)) throw validationError('cursor is not one this API returned');
  return id;
}

/** `rows` holds one more than `limit` when another page follows. */
export function page<R extends { id: string }, V>(rows: R[], limit: number, view: (rows: R[]) => V[]) {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return { items: view(shown), nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}

/** Audit changes: fields whose values differ, compared by value (arrays and objects included). */
export function changesOf(before: Record<string, unknown>, after: Record<string, unknown>) {
  return Object.keys(after)
    .filter((k) => after[k] !== undefined && JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => ({ field: k, from: before[k] ?? null, to: after[k] }));
}

/** Fen as yuan with two decimals, exactly (no floating point): 12345 → "123.45". */
export const fenToYuan = (fen: number) => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/** "123.4" or "123.45" or "123" → fen; undefined when it is not such a number. */
export function yuanToFen(text: string): number | undefined {
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
