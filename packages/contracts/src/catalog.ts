import { z } from 'zod';

// ---- shared pieces

/** Money in integer fen (分); ¥1,000,000.00 is the most one SKU may cost. */
export const PriceFen = z.number().int().min(0).max(100_000_000);
/** Units of stock in one move. */
export const StockQuantity = z.number().int().min(0).max(1_000_000);
export const EpochMs = z.number().int().min(0);

const Id = z.string().min(1).max(64);
const text = (max: number) => z.string().trim().min(1).max(max);
/** Printable, no spaces inside: codes are typed into scanners, spreadsheets and platform back-ends. */
export const SkuCode = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[^\s\p{C}]+$/u, 'printable characters without spaces');

export const ProductStatus = z.enum(['draft', 'listed', 'delisted']);
export type ProductStatus = z.infer<typeof ProductStatus>;
export const SkuStatus = z.enum(['active', 'disabled']);
export type SkuStatus = z.infer<typeof SkuStatus>;

export const MAX_SKUS_PER_PRODUCT = 500;
export const MAX_IMAGES_PER_PRODUCT = 20;
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** Spec names and values travel as `颜色:红;尺码:M` in CSV files, so those separators stay out of them. */
const SpecName = text(30).regex(/^[^:：;；]+$/, 'no colons or semicolons');
const SpecValue = text(30).regex(/^[^;；]+$/, 'no semicolons');

/** One axis of the SKU matrix: `{name: '颜色', values: ['红', '蓝']}`. */
export const SpecAttribute = z.strictObject({
  name: SpecName,
  values: z
    .array(SpecValue)
    .min(1)
    .max(100)
    .refine((v) => new Set(v).size === v.length, 'values must be distinct'),
});
export type SpecAttribute = z.infer<typeof SpecAttribute>;

export const SpecAttributes = z
  .array(SpecAttribute)
  .max(5)
  .refine((a) => new Set(a.map((x) => x.name)).size === a.length, 'attribute names must be distinct');

/** A SKU's cell in the matrix: `{颜色: '红', 尺码: 'M'}`. */
export const SpecValues = z
  .record(SpecName, SpecValue)
  .refine((v) => Object.keys(v).length <= 5, 'at most 5 spec values');
export type SpecValues = z.infer<typeof SpecValues>;

// ---- products: requests

export const CreateSkuInput = z.strictObject({
  skuCode: SkuCode,
  /** defaults to the spec values ("红 / M"), or to the product title when there are none */
  title: text(200).optional(),
  priceFen: PriceFen,
  /** received into stock when the product is created */
  stock: StockQuantity.default(0),
  specValues: SpecValues.optional(),
  costFen: PriceFen.optional(),
  barcode: text(64).optional(),
  weightGrams: z.number().int().min(0).max(1_000_000).optional(),
  /** where the initial stock goes; the org's default warehouse (MAIN) when omitted */
  warehouseId: Id.optional(),
});
export type CreateSkuInput = z.infer<typeof CreateSkuInput>;

export const CreateProductBody = z.strictObject({
  title: text(200),
  description: z.string().max(20_000).optional(),
  categoryId: Id.optional(),
  brandId: Id.optional(),
  specAttributes: SpecAttributes.optional(),
  /** `listed` unless `listAt` schedules the listing, then `draft` */
  status: z.enum(['draft', 'listed']).optional(),
  /** when a draft is listed (上架) by the scheduler */
  listAt: EpochMs.optional(),
  /** when the product is delisted (下架) by the scheduler */
  delistAt: EpochMs.optional(),
  skus: z.array(CreateSkuInput).min(1).max(MAX_SKUS_PER_PRODUCT),
});
export type CreateProductBody = z.infer<typeof CreateProductBody>;

export const UpdateProductBody = z.strictObject({
  title: text(200).optional(),
  description: z.string().max(20_000).optional(),
  categoryId: Id.nullable().optional(),
  brandId: Id.nullable().optional(),
  /** blob keys already on the product, in the new order; a key left out removes that image */
  images: z.array(z.string().min(1).max(200)).max(MAX_IMAGES_PER_PRODUCT).optional(),
  listAt: EpochMs.nullable().optional(),
  delistAt: EpochMs.nullable().optional(),
});
export type UpdateProductBody = z.infer<typeof UpdateProductBody>;

/**
 * One SKU in `PUT /products/:id/skus`. With `id` it edits that SKU (omitted optional fields keep their
 * value, `null` clears them); without `id` it adds a SKU. SKUs are disabled, never deleted, because
 * orders refer to them.
 */
export const SkuUpsert = z.strictObject({
  id: Id.optional(),
  skuCode: SkuCode,
  title: text(200).optional(),
  priceFen: PriceFen,
  specValues: SpecValues.optional(),
  costFen: PriceFen.nullable().optional(),
  barcode: text(64).nullable().optional(),
  weightGrams: z.number().int().min(0).max(1_000_000).nullable().optional(),
  status: SkuStatus.optional(),
  /** new SKUs only: received into stock; later changes go through inventory */
  stock: StockQuantity.optional(),
  warehouseId: Id.optional(),
});
export type SkuUpsert = z.infer<typeof SkuUpsert>;

export const ReplaceSkusBody = z.strictObject({
  /** the new matrix axes; unchanged when omitted */
  specAttributes: SpecAttributes.optional(),
  /** every existing SKU (by id) plus any new ones */
  skus: z.array(SkuUpsert).min(1).max(MAX_SKUS_PER_PRODUCT),
});
export type ReplaceSkusBody = z.infer<typeof ReplaceSkusBody>;

export const BulkStatusBody = z.strictObject({
  productIds: z
    .array(Id)
    .min(1)
    .max(500)
    .refine((ids) => new Set(ids).size === ids.length, 'product ids must be distinct'),
  status: z.enum(['listed', 'delisted']),
  /** schedule the change; now when omitted or not in the future */
  at: EpochMs.optional(),
});
export type BulkStatusBody = z.infer<typeof BulkStatusBody>;

export const ProductQuery = z.strictObject({
  /** matches the title or a SKU code, case-insensitively */
  q: z.string().trim().min(1).max(100).optional(),
  status: ProductStatus.optional(),
  /** includes the category's subcategories */
  categoryId: Id.optional(),
  brandId: Id.optional(),
  /** opaque; pass `nextCursor` of the previous page */
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ProductQuery = z.infer<typeof ProductQuery>;

/** The same filters as the list, without paging: the export holds every matching product. */
export const ProductExportQuery = ProductQuery.omit({ cursor: true, limit: true });
export type ProductExportQuery = z.infer<typeof ProductExportQuery>;

// ---- products: responses

export const ImageView = z.object({ key: z.string(), url: z.string() });
export type ImageView = z.infer<typeof ImageView>;

export const StockView = z.object({
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
});

export const SkuView = z.object({
  id: z.string(),
  skuCode: z.string(),
  title: z.string(),
  specValues: z.record(z.string(), z.string()),
  priceFen: z.number().int(),
  costFen: z.number().int().nullable(),
  barcode: z.string().nullable(),
  weightGrams: z.number().int().nullable(),
  status: SkuStatus,
  /** summed over every warehouse */
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
});
export type SkuView = z.infer<typeof SkuView>;

export const ProductView = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  categoryId: z.string().nullable(),
  brandId: z.string().nullable(),
  status: ProductStatus,
  listAt: z.number().int().nullable(),
  delistAt: z.number().int().nullable(),
  specAttributes: z.array(z.object({ name: z.string(), values: z.array(z.string()) })),
  /** the first is the cover */
  images: z.array(ImageView),
  skus: z.array(SkuView),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type ProductView = z.infer<typeof ProductView>;

export const ProductSummary = z.object({
  id: z.string(),
  title: z.string(),
  status: ProductStatus,
  categoryId: z.string().nullable(),
  brandId: z.string().nullable(),
  cover: ImageView.nullable(),
  skuCount: z.number().int(),
  /** over active SKUs; null when every SKU is disabled */
  minPriceFen: z.number().int().nullable(),
  maxPriceFen: z.number().int().nullable(),
  available: z.number().int(),
  listAt: z.number().int().nullable(),
  delistAt: z.number().int().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type ProductSummary = z.infer<typeof ProductSummary>;

export const ProductPage = z.object({ items: z.array(ProductSummary), nextCursor: z.string().nullable() });
export type ProductPage = z.infer<typeof ProductPage>;

export const BulkStatusResult = z.object({
  items: z.array(
    z.object({ id: z.string(), status: ProductStatus, listAt: z.number().int().nullable(), delistAt: z.number().int().nullable() }),
  ),
});
export type BulkStatusResult = z.infer<typeof BulkStatusResult>;

export const UploadedImage = z.object({ image: ImageView, images: z.array(ImageView) });
export type UploadedImage = z.infer<typeof UploadedImage>;

// ---- CSV import

export const ImportRowResult = z.object({
  /** line in the file where the row starts (the header is line 1) */
  row: z.number().int(),
  ok: z.boolean(),
  skuCode: z.string().optional(),
  errors: z.array(z.string()).optional(),
});
export const ImportResult = z.object({
  /** rows that created a SKU */
  imported: z.number().int(),
  /** rows that changed an existing SKU */
  updated: z.number().int(),
  /** rows that matched an existing SKU and changed nothing */
  unchanged: z.number().int(),
  rejected: z.number().int(),
  productsCreated: z.number().int(),
  /** header columns the importer does not know; their cells were ignored */
  ignoredColumns: z.array(z.string()),
  rows: z.array(ImportRowResult),
});
export type ImportResult = z.infer<typeof ImportResult>;

// ---- categories and brands

export const CategoryView = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  sort: z.number().int(),
  createdAt: z.number().int(),
});
export type CategoryView = z.infer<typeof CategoryView>;

export const CreateCategoryBody = z.strictObject({
  name: text(50),
  parentId: Id.optional(),
  sort: z.number().int().min(-1_000_000).max(1_000_000).optional(),
});
export type CreateCategoryBody = z.infer<typeof CreateCategoryBody>;

export const UpdateCategoryBody = z.strictObject({
  name: text(50).optional(),
  /** null moves it to the top level */
  parentId: Id.nullable().optional(),
  sort: z.number().int().min(-1_000_000).max(1_000_000).optional(),
});
export type UpdateCategoryBody = z.infer<typeof UpdateCategoryBody>;

export const BrandView = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.number().int(),
});
export type BrandView = z.infer<typeof BrandView>;

export const BrandBody = z.strictObject({ name: text(100) });
export type BrandBody = z.infer<typeof BrandBody>;

// ---- store (buyers)

export const StoreProductQuery = z.strictObject({
  /** the shop's slug; the buyer's shop when a buyer token is sent, else the installation's first shop */
  org: z.string().max(64).optional(),
  q: z.string().trim().min(1).max(100).optional(),
  categoryId: Id.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type StoreProductQuery = z.infer<typeof StoreProductQuery>;

export const StoreProductSummary = z.object({
  id: z.string(),
  title: z.string(),
  cover: ImageView.nullable(),
  minPriceFen: z.number().int().nullable(),
  maxPriceFen: z.number().int().nullable(),
  available: z.number().int(),
});
export type StoreProductSummary = z.infer<typeof StoreProductSummary>;

export const StoreProductPage = z.object({ items: z.array(StoreProductSummary), nextCursor: z.string().nullable() });

export const StoreSkuView = z.object({
  id: z.string(),
  title: z.string(),
  specValues: z.record(z.string(), z.string()),
  priceFen: z.number().int(),
  available: z.number().int(),
  /** a disabled SKU is shown (its cell of the matrix) but cannot be ordered */
  disabled: z.boolean(),
});

export const StoreProductView = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  specAttributes: z.array(z.object({ name: z.string(), values: z.array(z.string()) })),
  images: z.array(ImageView),
  skus: z.array(StoreSkuView),
});
export type StoreProductView = z.infer<typeof StoreProductView>;
