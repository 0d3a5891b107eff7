import type { FlashSaleState } from '@livedesk/contracts';

/** A running flash sale as the room reports it, for tests. */
export const flashSaleState = (id: string, patch: Partial<FlashSaleState> = {}): FlashSaleState => ({
  flashSaleId: id,
  productId: 'p',
  skuId: 's',
  title: '羊毛围巾',
  priceFen: 990,
  originalPriceFen: 9900,
  quota: 100,
  remaining: 100,
  perUserLimit: 1,
  startAt: 1_000,
  endAt: 61_000,
  status: 'running',
  ...patch,
});
