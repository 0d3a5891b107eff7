import { z } from 'zod';

/** One SKU's stock in one warehouse. */
const WarehouseStock = z.object({
  warehouseId: z.string(),
  warehouseCode: z.string(),
  warehouseName: z.string(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  lowStockThreshold: z.number().int().nullable(),
  bin: z.string().nullable(),
});

/** The public contract's shape, plus the per-warehouse breakdown. */
export const SkuAvailabilityView = z.object({
  skuId: z.string(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  warehouses: z.array(WarehouseStock),
});
export type SkuAvailabilityView = z.infer<typeof SkuAvailabilityView>;

export const WarehouseView = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  address: z.string(),
  priority: z.number().int(),
  createdAt: z.number().int(),
});
export type WarehouseView = z.infer<typeof WarehouseView>;

export const CreateWarehouseBody = z.strictObject({
  code: z.string().trim().regex(/^[A-Za-z0-9_-]{1,20}$/, 'letters, digits, _ and -, at most 20'),
  name: z.string().trim().min(1).max(60),
  address: z.string().trim().max(200).optional(),
  priority: z.number().int().min(0).max(1000).optional(),
});
export const UpdateWarehouseBody = CreateWarehouseBody.omit({ code: true }).partial().strict();

export const StockLevelView = WarehouseStock.extend({
  skuId: z.string(),
  skuCode: z.string(),
  skuTitle: z.string(),
  productId: z.string(),
  productTitle: z.string(),
  low: z.boolean(),
  updatedAt: z.number().int(),
});
export type StockLevelView = z.infer<typeof StockLevelView>;

export const StockLevelQuery = z.strictObject({
  warehouseId: z.string().max(64).optional(),
  q: z.string().max(100).optional(),
  low: z.enum(['0', '1']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const StockMovementKind = z.enum(['inbound', 'adjustment', 'write_off']);
export const StockAdjustmentBody = z.strictObject({
  skuId: z.string().min(1).max(64),
  warehouseId: z.string().min(1).max(64).optional(),
  kind: StockMovementKind,
  /** inbound: units received (> 0); adjustment: the signed correction; write_off: units removed (> 0) */
  quantity: z.number().int().min(-10_000_000).max(10_000_000).refine((q) => q !== 0, 'must not be 0'),
  reason: z.string().trim().min(1).max(200),
});
export type StockAdjustmentBody = z.infer<typeof StockAdjustmentBody>;

export const StockLevelSettingsBody = z.strictObject({
  skuId: z.string().min(1).max(64),
  warehouseId: z.string().min(1).max(64),
  lowStockThreshold: z.number().int().min(0).max(10_000_000).nullable().optional(),
  bin: z.string().trim().max(40).nullable().optional(),
});

export const LedgerEntryView = z.object({
  seq: z.number().int(),
  skuId: z.string(),
  skuCode: z.string(),
  warehouseId: z.string(),
  warehouseCode: z.string(),
  kind: z.string(),
  onHandDelta: z.number().int(),
  reservedDelta: z.number().int(),
  reason: z.string().nullable(),
  refType: z.string().nullable(),
  refId: z.string().nullable(),
  actorId: z.string().nullable(),
  at: z.number().int(),
});
export type LedgerEntryView = z.infer<typeof LedgerEntryView>;

export const LedgerQuery = z.strictObject({
  skuId: z.string().max(64).optional(),
  warehouseId: z.string().max(64).optional(),
  refId: z.string().max(64).optional(),
  cursor: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const LedgerPage = z.object({ items: z.array(LedgerEntryView), nextCursor: z.string().nullable() });

export const CampaignType = z.enum(['live_session', 'flash_sale']);
export const CarveCampaignStockBody = z.strictObject({
  campaignType: CampaignType,
  campaignId: z.string().min(1).max(64),
  skuId: z.string().min(1).max(64),
  quantity: z.number().int().min(1).max(10_000_000),
  warehouseId: z.string().min(1).max(64).optional(),
});
export const CampaignStockView = z.object({
  id: z.string(),
  campaignType: CampaignType,
  campaignId: z.string(),
  skuId: z.string(),
  warehouseId: z.string(),
  quantity: z.number().int(),
  used: z.number().int(),
  remaining: z.number().int(),
  status: z.enum(['active', 'returned']),
  createdAt: z.number().int(),
  returnedAt: z.number().int().nullable(),
});
