import type { FlashSaleState } from '@livedesk/contracts';
import { describe, expect, it } from 'vitest';
import { flashPhase, soldPercent } from './flash';

const sale = (patch: Partial<FlashSaleState> = {}): FlashSaleState => ({
  flashSaleId: 'fs1',
  productId: 'p1',
  skuId: 's1',
  title: 'Jacket',
  priceFen: 9900,
  originalPriceFen: 19900,
  quota: 100,
  remaining: 100,
  perUserLimit: 1,
  startAt: 1000,
  endAt: 5000,
  status: 'scheduled',
  ...patch,
});

describe('flash sale phase', () => {
  it('counts down to the start, runs, and ends by the clock', () => {
    expect(flashPhase(sale(), 999)).toBe('upcoming');
    expect(flashPhase(sale(), 1000)).toBe('running');
    expect(flashPhase(sale({ status: 'running' }), 4999)).toBe('running');
    expect(flashPhase(sale({ status: 'running' }), 5000)).toBe('ended');
  });

  it('is sold out when the server says so or nothing remains, and ended early when stopped', () => {
    expect(flashPhase(sale({ status: 'sold_out' }), 2000)).toBe('sold_out');
    expect(flashPhase(sale({ status: 'running', remaining: 0 }), 2000)).toBe('sold_out');
    expect(flashPhase(sale({ status: 'ended' }), 2000)).toBe('ended');
  });

  it('fills the stock bar with what has sold', () => {
    expect(soldPercent(sale({ remaining: 100 }))).toBe(0);
    expect(soldPercent(sale({ remaining: 37 }))).toBe(63);
    expect(soldPercent(sale({ remaining: 0 }))).toBe(100);
    expect(soldPercent(sale({ quota: 0, remaining: 0 }))).toBe(100);
  });
});
