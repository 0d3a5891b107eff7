import type { CreateLotteryBody, FlashSaleState, FlashSaleView, LineupProductView, LotteryRule, LotteryStatus, LotteryView } from '@livedesk/contracts';
import type { CreateFlashSaleRequest } from '../../../api/live';
import { parseYuan } from '../../../lib/money';
import type { ConsoleLottery } from './roomState';

/*
 * The console's forms → request bodies, and the HTTP lists merged with what the room socket says since.
 * The HTTP list knows the bookkeeping (SKU code, ordered units, seed once drawn); the socket knows the
 * last second (remaining stock, a draw that just happened). Neither alone is the screen.
 */

// ---- flash sales (秒杀)

export interface FlashSaleFormValues {
  skuId: string;
  /** yuan as typed */
  price: string;
  quota: number;
  perUserLimit: number;
  durationSeconds: number;
}

/** null when the price is not an amount (the form's validator says so before this is reached). */
export function flashSaleBody(values: FlashSaleFormValues): CreateFlashSaleRequest | null {
  const priceFen = parseYuan(values.price);
  if (priceFen === null) return null;
  return { skuId: values.skuId, priceFen, quota: values.quota, perUserLimit: values.perUserLimit, durationSeconds: values.durationSeconds };
}

export interface SkuChoice {
  skuId: string;
  productId: string;
  label: string;
  /** the live price, proposed as the start of the flash price */
  livePriceFen: number;
  available: number;
}

/** Every SKU of the lineup, in lineup order, for the flash-sale form. */
export function skuChoices(products: readonly LineupProductView[]): SkuChoice[] {
  return [...products]
    .sort((a, b) => a.position - b.position)
    .flatMap((product) =>
      product.skus.map((sku) => {
        const spec = Object.values(sku.specs).join(' / ');
        return {
          skuId: sku.skuId,
          productId: product.productId,
          label: spec ? `${product.title} · ${spec}` : product.title,
          livePriceFen: sku.livePriceFen,
          available: sku.available,
        };
      }),
    );
}

export interface FlashSaleRow {
  flashSaleId: string;
  title: string;
  skuCode: string | null;
  priceFen: number;
  originalPriceFen: number;
  quota: number;
  remaining: number;
  perUserLimit: number;
  status: FlashSaleState['status'];
  startAt: number | null;
  endAt: number | null;
  durationSeconds: number | null;
  /** units in orders not cancelled, as of the HTTP list; null for a sale only the room has told of */
  ordered: number | null;
}

const fromView = (view: FlashSaleView): FlashSaleRow => ({
  flashSaleId: view.flashSaleId,
  title: view.title,
  skuCode: view.skuCode,
  priceFen: view.priceFen,
  originalPriceFen: view.originalPriceFen,
  quota: view.quota,
  remaining: view.remaining,
  perUserLimit: view.perUserLimit,
  status: view.status,
  startAt: view.startAt,
  endAt: view.endAt,
  durationSeconds: view.durationSeconds,
  ordered: view.ordered,
});

/**
 * Units sold so far. While a sale runs, the quota less what is left (the room's live figure); once it
 * ended, what is left has gone back to stock, so the orders tell.
 */
export const soldOf = (row: FlashSaleRow): number =>
  row.status === 'ended' && row.ordered !== null ? row.ordered : row.quota - row.remaining;

const statusRank: Record<FlashSaleState['status'], number> = { running: 0, scheduled: 1, sold_out: 2, ended: 3 };

/** The HTTP list with the room's live stock and status over it; running sales first, then newest. */
export function mergeFlashSales(views: readonly FlashSaleView[], live: readonly FlashSaleState[]): FlashSaleRow[] {
  const rows = new Map<string, FlashSaleRow>(views.map((view) => [view.flashSaleId, fromView(view)]));
  for (const sale of live) {
    const known = rows.get(sale.flashSaleId);
    // An ended sale stays ended even if the socket's last word about it was older.
    const status = known?.status === 'ended' ? 'ended' : sale.status;
    rows.set(sale.flashSaleId, {
      ...(known ?? { skuCode: null, durationSeconds: null, ordered: null }),
      flashSaleId: sale.flashSaleId,
      title: sale.title,
      priceFen: sale.priceFen,
      originalPriceFen: sale.originalPriceFen,
      quota: sale.quota,
      perUserLimit: sale.perUserLimit,
      remaining: status === 'ended' && known ? known.remaining : sale.remaining,
      status,
      startAt: sale.startAt,
      endAt: sale.endAt,
    });
  }
  const newest = (row: FlashSaleRow) => row.startAt ?? Number.MAX_SAFE_INTEGER;
  return [...rows.values()].sort((a, b) => statusRank[a.status] - statusRank[b.status] || newest(b) - newest(a));
}

// ---- lotteries (福袋)

export interface LotteryFormValues {
  prizeTitle: string;
  prizeSkuId?: string | null;
  winnerCount: number;
  ruleKind: LotteryRule['kind'];
  keyword?: string;
  durationSeconds: number;
}

export function lotteryBody(values: LotteryFormValues): CreateLotteryBody {
  const rule: LotteryRule = values.ruleKind === 'comment' ? { kind: 'comment', keyword: (values.keyword ?? '').trim() } : { kind: values.ruleKind };
  return {
    prize: { title: values.prizeTitle.trim(), ...(values.prizeSkuId ? { skuId: values.prizeSkuId } : {}) },
    winnerCount: values.winnerCount,
    rule,
    durationSeconds: values.durationSeconds,
  };
}

export interface LotteryRow {
  id: string;
  prize: string;
  winnerCount: number;
  rule: LotteryRule;
  status: LotteryStatus;
  drawAt: number | null;
  durationSeconds: number | null;
  seedHash: string | null;
  seed: string | null;
  entrants: number;
  winners: { key: string; nickname: string }[];
}

const lifecycle: Record<LotteryStatus, number> = { draft: 0, open: 1, drawn: 2, cancelled: 2 };

/** The HTTP list, moved on by what the room said since (an opening, a draw with its seed and winners). */
export function mergeLotteries(views: readonly LotteryView[], live: readonly ConsoleLottery[]): LotteryRow[] {
  const rows = new Map<string, LotteryRow>(
    views.map((view) => [
      view.id,
      {
        id: view.id,
        prize: view.prize.title,
        winnerCount: view.winnerCount,
        rule: view.rule,
        status: view.status,
        drawAt: view.drawAt,
        durationSeconds: view.durationSeconds,
        seedHash: view.seedHash,
        seed: view.seed,
        entrants: view.entrants,
        winners: view.winners.map((winner) => ({ key: winner.buyerId, nickname: winner.nickname })),
      },
    ]),
  );
  for (const lottery of live) {
    const known = rows.get(lottery.lotteryId);
    const ahead = !known || lifecycle[lottery.status] > lifecycle[known.status];
    const liveWinners = (lottery.winners ?? []).map((winner) => ({ key: winner.identity, nickname: winner.nickname }));
    rows.set(lottery.lotteryId, {
      id: lottery.lotteryId,
      prize: known?.prize ?? lottery.prize,
      winnerCount: lottery.winnerCount,
      rule: known?.rule ?? lottery.rule,
      status: ahead ? lottery.status : known.status,
      drawAt: known?.drawAt ?? lottery.drawAt,
      durationSeconds: known?.durationSeconds ?? null,
      seedHash: known?.seedHash ?? lottery.seedHash,
      seed: known?.seed ?? lottery.seed ?? null,
      entrants: Math.max(known?.entrants ?? 0, lottery.entrants),
      winners: known && known.winners.length > 0 ? known.winners : liveWinners,
    });
  }
  // The one being run on top, then those waiting to open; finished ones keep the server's order below.
  const focus: Record<LotteryStatus, number> = { open: 0, draft: 1, drawn: 2, cancelled: 3 };
  return [...rows.values()].sort((a, b) => focus[a.status] - focus[b.status]);
}
