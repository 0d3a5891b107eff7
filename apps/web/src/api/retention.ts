import type { PurchaseRetention, ShowRetention } from '@livedesk/contracts';
import { request } from './client';

export interface ShowRetentionFilters {
  from?: number;
  to?: number;
  periods: number;
}

export interface PurchaseRetentionFilters {
  from?: number;
  to?: number;
  cohort: PurchaseRetention['cohort'];
  days: number[];
}

export const retentionApi = {
  shows: (filters: ShowRetentionFilters, signal?: AbortSignal) =>
    request<ShowRetention>('GET', '/analytics/retention/shows', { query: { ...filters }, signal }),
  purchases: ({ days, ...filters }: PurchaseRetentionFilters, signal?: AbortSignal) =>
    request<PurchaseRetention>('GET', '/analytics/retention/purchases', { query: { ...filters, days: days.join(',') }, signal }),
};

export const retentionKeys = {
  shows: (filters: ShowRetentionFilters) => ['retention', 'shows', filters] as const,
  purchases: (filters: PurchaseRetentionFilters) => ['retention', 'purchases', filters] as const,
};
