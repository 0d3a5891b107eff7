import type {
  CreateWarehouseBody,
  LedgerPage,
  SkuAvailabilityView,
  StockAdjustmentBody,
  StockLevelSettingsBody,
  StockLevelView,
  UpdateWarehouseBody,
  WarehouseView,
} from '@livedesk/contracts';
import { request } from './client';
import type { Infer } from './schemaTypes';

export type LedgerEntries = Infer<typeof LedgerPage>;
export type CreateWarehouse = Infer<typeof CreateWarehouseBody>;
export type UpdateWarehouse = Infer<typeof UpdateWarehouseBody>;
export type StockLevelSettings = Infer<typeof StockLevelSettingsBody>;

export interface StockLevelFilters {
  warehouseId?: string;
  q?: string;
  low?: boolean;
}

export interface LedgerFilters {
  skuId?: string;
  warehouseId?: string;
  refId?: string;
}

/** Stock levels come in pages of this many, fetched by offset. */
export const stockLevelPageSize = 100;

export const inventoryApi = {
  levels: (filters: StockLevelFilters, offset: number, signal?: AbortSignal) =>
    request<{ items: StockLevelView[] }>('GET', '/inventory/levels', {
      query: { warehouseId: filters.warehouseId, q: filters.q, low: filters.low ? '1' : undefined, limit: stockLevelPageSize, offset },
      signal,
    }),
  sku: (skuId: string) => request<SkuAvailabilityView>('GET', `/inventory/skus/${encodeURIComponent(skuId)}`),
  adjust: (body: StockAdjustmentBody) => request<SkuAvailabilityView>('POST', '/inventory/adjustments', { body }),
  updateLevel: (body: StockLevelSettings) => request<SkuAvailabilityView>('PATCH', '/inventory/levels', { body }),
  ledger: (filters: LedgerFilters, cursor: string | null, signal?: AbortSignal) =>
    request<LedgerEntries>('GET', '/inventory/ledger', { query: { ...filters, cursor, limit: 50 }, signal }),
  warehouses: () => request<{ items: WarehouseView[] }>('GET', '/inventory/warehouses'),
  createWarehouse: (body: CreateWarehouse) => request<WarehouseView>('POST', '/inventory/warehouses', { body }),
  updateWarehouse: (id: string, body: UpdateWarehouse) =>
    request<WarehouseView>('PATCH', `/inventory/warehouses/${encodeURIComponent(id)}`, { body }),
};

export const inventoryKeys = {
  all: ['inventory'] as const,
  levels: (filters: StockLevelFilters) => ['inventory', 'levels', filters] as const,
  ledger: (filters: LedgerFilters) => ['inventory', 'ledger', filters] as const,
  warehouses: ['inventory', 'warehouses'] as const,
};
