import type { FlashSaleState } from '@livedesk/contracts';

export type FlashPhase = 'upcoming' | 'running' | 'sold_out' | 'ended';

/**
 * What a flash sale is at `now`. The clock decides the start and the end (no frame marks them); the
 * server's word decides sold out and ended early.
 */
export function flashPhase(sale: FlashSaleState, now: number): FlashPhase {
  if (sale.status === 'ended' || now >= sale.endAt) return 'ended';
  if (sale.status === 'sold_out' || sale.remaining <= 0) return 'sold_out';
  if (now < sale.startAt) return 'upcoming';
  return 'running';
}

/** Share of the quota sold, 0–100, for the stock bar. */
export function soldPercent(sale: FlashSaleState): number {
  if (sale.quota <= 0) return 100;
  return Math.min(100, Math.max(0, Math.round(((sale.quota - sale.remaining) / sale.quota) * 100)));
}
