import type { FlashSaleView, LineupProductView, LotteryView } from '@livedesk/contracts';
import { describe, expect, it } from 'vitest';
import { flashSaleBody, lotteryBody, mergeFlashSales, mergeLotteries, skuChoices, soldOf } from './consoleModel';
import type { ConsoleLottery } from './roomState';
import { flashSaleState as state } from '../../../lib/testFixtures';

const view = (id: string, patch: Partial<FlashSaleView> = {}): FlashSaleView => {
  const { startAt: _s, endAt: _e, ...base } = state(id);
  return { ...base, id, liveSessionId: 'ls', skuCode: 'SCARF-RED', startAt: null, endAt: null, durationSeconds: 60, ordered: 0, startedAt: null, endedAt: null, createdAt: 0, status: 'scheduled', ...patch };
};

describe('flash-sale form', () => {
  it('sends the price in fen and the duration in seconds', () => {
    expect(flashSaleBody({ skuId: 's1', price: '9.90', quota: 100, perUserLimit: 2, durationSeconds: 300 })).toEqual({
      skuId: 's1', priceFen: 990, quota: 100, perUserLimit: 2, durationSeconds: 300,
    });
    expect(flashSaleBody({ skuId: 's1', price: '9.999', quota: 1, perUserLimit: 1, durationSeconds: 60 })).toBeNull();
  });

  it('offers every lineup SKU in lineup order with its live price', () => {
    const product = (position: number, productId: string, specs: Record<string, string>): LineupProductView => ({
      position, productId, title: productId, imageUrl: null, fromPriceFen: 100, pinned: false,
      skus: [{ skuId: `${productId}-1`, skuCode: 'C', title: 't', specs, priceFen: 200, livePriceFen: 150, campaignStock: null, available: 7 }],
    });
    expect(skuChoices([product(2, '帽子', {}), product(1, '围巾', { 颜色: '红', 尺码: 'M' })])).toEqual([
      { skuId: '围巾-1', productId: '围巾', label: '围巾 · 红 / M', livePriceFen: 150, available: 7 },
      { skuId: '帽子-1', productId: '帽子', label: '帽子', livePriceFen: 150, available: 7 },
    ]);
  });
});

describe('flash sales on screen', () => {
  it('take the live stock and status from the room over the HTTP list', () => {
    const rows = mergeFlashSales([view('f1')], [state('f1', { remaining: 12 })]);
    expect(rows).toEqual([expect.objectContaining({ flashSaleId: 'f1', skuCode: 'SCARF-RED', remaining: 12, status: 'running', startAt: 1_000, durationSeconds: 60 })]);
  });

  it('show a sale the room announced before the list was read again', () => {
    expect(mergeFlashSales([], [state('f2')])).toEqual([expect.objectContaining({ flashSaleId: 'f2', skuCode: null, status: 'running' })]);
  });

  it('keep an ended sale ended when the socket snapshot is older', () => {
    const rows = mergeFlashSales([view('f1', { status: 'ended', remaining: 4 })], [state('f1', { remaining: 9 })]);
    expect(rows[0]).toMatchObject({ status: 'ended', remaining: 4 });
  });

  it('count units sold from the live stock while running, from the orders once ended', () => {
    const [running] = mergeFlashSales([view('f1', { ordered: 10 })], [state('f1', { remaining: 60, quota: 100 })]);
    expect(soldOf(running!)).toBe(40);
    const [ended] = mergeFlashSales([view('f1', { status: 'ended', remaining: 0, ordered: 7 })], []);
    expect(soldOf(ended!)).toBe(7);
  });

  it('list running sales first, then not started, sold out and ended', () => {
    const rows = mergeFlashSales(
      [view('ended', { status: 'ended' }), view('waiting')],
      [state('older', { startAt: 1 }), state('newer', { startAt: 5 }), state('gone', { status: 'sold_out', remaining: 0 })],
    );
    expect(rows.map((r) => r.flashSaleId)).toEqual(['newer', 'older', 'waiting', 'gone', 'ended']);
  });
});

const lottery = (id: string, patch: Partial<LotteryView> = {}): LotteryView => ({
  id, liveSessionId: 'ls', prize: { title: '福袋', skuId: null }, winnerCount: 1, rule: { kind: 'follow' }, status: 'open', drawAt: 9_000,
  durationSeconds: 300, seedHash: 'h', seed: null, entrants: 3, winners: [], createdAt: 0, openedAt: 1, drawnAt: null, cancelledAt: null, ...patch,
});
const liveLottery = (id: string, patch: Partial<ConsoleLottery> = {}): ConsoleLottery => ({
  lotteryId: id, prize: '福袋', winnerCount: 1, rule: { kind: 'follow' }, drawAt: 9_000, seedHash: 'h', status: 'open', entrants: 5, ...patch,
});

describe('lottery form', () => {
  it('keeps the keyword only for the comment rule, and the prize SKU only when chosen', () => {
    expect(lotteryBody({ prizeTitle: ' 围巾一条 ', prizeSkuId: 's1', winnerCount: 3, ruleKind: 'comment', keyword: ' 666 ', durationSeconds: 300 })).toEqual({
      prize: { title: '围巾一条', skuId: 's1' }, winnerCount: 3, rule: { kind: 'comment', keyword: '666' }, durationSeconds: 300,
    });
    expect(lotteryBody({ prizeTitle: '福袋', prizeSkuId: null, winnerCount: 1, ruleKind: 'presence', keyword: '666', durationSeconds: 60 })).toEqual({
      prize: { title: '福袋' }, winnerCount: 1, rule: { kind: 'presence' }, durationSeconds: 60,
    });
  });
});

describe('lotteries on screen', () => {
  it('move on with a draw the room reported, seed and winners included', () => {
    const rows = mergeLotteries([lottery('l1')], [liveLottery('l1', { status: 'drawn', seed: 'abc', winners: [{ identity: 'b1', nickname: '小王' }] })]);
    expect(rows[0]).toMatchObject({ status: 'drawn', seed: 'abc', entrants: 5, winners: [{ key: 'b1', nickname: '小王' }] });
  });

  it('never move back: a stale "open" from the socket does not reopen a drawn lottery', () => {
    const rows = mergeLotteries([lottery('l1', { status: 'drawn', seed: 's', winners: [{ buyerId: 'b2', nickname: '李', rank: 1, orderId: null, claimedAt: null }] })], [liveLottery('l1')]);
    expect(rows[0]).toMatchObject({ status: 'drawn', seed: 's', winners: [{ key: 'b2', nickname: '李' }] });
  });

  it('put the open lottery first and drafts next', () => {
    const rows = mergeLotteries([lottery('done', { status: 'drawn' }), lottery('draft', { status: 'draft', seedHash: null }), lottery('open')], []);
    expect(rows.map((r) => r.id)).toEqual(['open', 'draft', 'done']);
  });
});
