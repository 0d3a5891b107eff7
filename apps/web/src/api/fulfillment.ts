import type {
  CreateShipmentBody,
  CreateWaveBody,
  OrderProgressView,
  OrderShipmentsView,
  ShipmentImportReport,
  ShipmentResult,
  WaveDetailView,
  WavePage,
  WaveStatus,
  WaveView,
} from '@livedesk/contracts';
import { download, request } from './client';
import type { Infer } from './schemaTypes';

export type WaveList = Infer<typeof WavePage>;
export type ShipmentViewItem = Infer<typeof OrderShipmentsView>['items'][number];
export type PrintDoc = 'picklist' | 'slips';

export interface WaveFilters {
  status?: WaveStatus;
  warehouseId?: string;
}

const wavePath = (id: string) => `/fulfillment/waves/${encodeURIComponent(id)}`;
const orderPath = (id: string) => `/orders/${encodeURIComponent(id)}`;

export const fulfillmentApi = {
  createWave: (body: CreateWaveBody) => request<WaveDetailView>('POST', '/fulfillment/waves', { body }),
  waves: (filters: WaveFilters, cursor: string | null, signal?: AbortSignal) =>
    request<WaveList>('GET', '/fulfillment/waves', { query: { ...filters, cursor, limit: 50 }, signal }),
  wave: (id: string) => request<WaveDetailView>('GET', wavePath(id)),
  /** The server's A4 print page (拣货单 or 发货单); every print is audited. */
  printWave: (id: string, doc: PrintDoc) => download(`${wavePath(id)}/print`, { query: { doc } }),
  markPicked: (id: string) => request<WaveView>('POST', `${wavePath(id)}/picked`),
  closeWave: (id: string) => request<WaveView>('POST', `${wavePath(id)}/close`),

  ship: (orderId: string, body: CreateShipmentBody) => request<ShipmentResult>('POST', `${orderPath(orderId)}/shipments`, { body }),
  shipments: (orderId: string) => request<Infer<typeof OrderShipmentsView>>('GET', `${orderPath(orderId)}/shipments`),
  deliver: (orderId: string) => request<OrderProgressView>('POST', `${orderPath(orderId)}/deliver`),
  complete: (orderId: string) => request<OrderProgressView>('POST', `${orderPath(orderId)}/complete`),
  importShipments: (file: Blob) =>
    request<ShipmentImportReport>('POST', '/fulfillment/shipments/import', { rawBody: { data: file, contentType: 'text/csv' } }),
};

export const fulfillmentKeys = {
  all: ['fulfillment'] as const,
  waves: (filters: WaveFilters) => ['fulfillment', 'waves', filters] as const,
  wave: (id: string) => ['fulfillment', 'wave', id] as const,
  shipments: (orderId: string) => ['fulfillment', 'shipments', orderId] as const,
};
