import type {
  AftersalesDetailView,
  AftersalesPage,
  AftersalesStatus,
  AftersalesType,
  ReturnDisposition,
} from '@livedesk/contracts';
import { request } from './client';
import type { Infer } from './schemaTypes';

export type AftersalesList = Infer<typeof AftersalesPage>;
export type AftersalesCase = AftersalesList['items'][number];

export interface AftersalesFilters {
  status?: AftersalesStatus;
  type?: AftersalesType;
  orderId?: string;
}

const casePath = (id: string) => `/aftersales/${encodeURIComponent(id)}`;

export const aftersalesApi = {
  queue: (filters: AftersalesFilters, cursor: string | null, signal?: AbortSignal) =>
    request<AftersalesList>('GET', '/aftersales', { query: { ...filters, cursor, limit: 50 }, signal }),
  detail: (id: string) => request<AftersalesDetailView>('GET', casePath(id)),
  approve: (id: string) => request<AftersalesDetailView>('POST', `${casePath(id)}/approve`),
  reject: (id: string, reason: string) => request<AftersalesDetailView>('POST', `${casePath(id)}/reject`, { body: { reason } }),
  receive: (id: string, disposition: ReturnDisposition) =>
    request<AftersalesDetailView>('POST', `${casePath(id)}/receive`, { body: { disposition } }),
  refund: (id: string) => request<AftersalesDetailView>('POST', `${casePath(id)}/refund`),
  close: (id: string, reason?: string) =>
    request<AftersalesDetailView>('POST', `${casePath(id)}/close`, { body: reason ? { reason } : {} }),
  shipReplacement: (id: string, body: { carrier: string; trackingNo: string }) =>
    request<AftersalesDetailView>('POST', `${casePath(id)}/replacement-shipment`, { body }),
  evidencePath: (id: string, index: number) => `${casePath(id)}/evidence/${index}`,
};

export const aftersalesKeys = {
  all: ['aftersales'] as const,
  queue: (filters: AftersalesFilters) => ['aftersales', 'queue', filters] as const,
  detail: (id: string) => ['aftersales', 'detail', id] as const,
  evidence: (id: string, index: number) => ['aftersales', 'evidence', id, index] as const,
};
