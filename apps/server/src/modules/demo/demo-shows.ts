import { MAX_EVENTS_PER_BATCH, type LineupEntry, type ProductView } from '@livedesk/contracts';
import type { Db } from '../../infra/db/port.js';
import type { Actor } from '../../lib/actor.js';
import { newId } from '../../lib/ids.js';
import { Random } from '../../lib/random.js';
import type { EventIngestion } from '../events/service.js';
import { liveRepo } from '../live/repo.js';
import type { LiveSessionsService } from '../live/service.js';
import { productTalk } from './chat.js';
import { showEvents, type AudienceMember, type ShowOutline, type ShowProduct } from './show-events.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The demo org is made in Asia/Shanghai (UTC+8 all year): shows are set at evening hours there. */
const SHANGHAI_MS = 8 * HOUR;

/** A demo product by its SKU codes' prefix (see seed.ts). */
type ProductKey = 'SHIRT' | 'TEA' | 'MASK' | 'CUP';
const keyOf = (product: ProductView): string => product.skus[0]!.skuCode.split('-')[0]!;

interface ShowScript {
  title: string;
  seed: number;
  /** the local day of the show (days since the epoch, Shanghai time) for a seeding at `now` */
  day(now: number): number;
  /** local start time, minutes after midnight */
  startMinute: number;
  minutes: number;
  viewers: number;
  buyFactor: number;
  anchors: [string, string];
  /** in 小黄车 order: the live price of every SKU or by SKU code, and the pull on buyers */
  lineup: { product: ProductKey; liveFen: number | Record<string, number>; appeal: number }[];
  /** 讲解 periods: product, from and to minute of the show */
  explanations: [ProductKey, number, number][];
  /** who is on air: anchor index, from and to minute */
  shifts: [0 | 1, number, number][];
  flashSale: { skuCode: string; priceFen: number; from: number; to: number };
}

const localDay = (now: number): number => Math.floor((now + SHANGHAI_MS) / DAY);
/** The last Friday at least `days` days ago (the epoch's day 0 was a Thursday). */
const fridayBefore = (now: number, days: number): number => {
  const day = localDay(now) - days;
  return day - ((((day - 1) % 7) + 7) % 7);
};

/**
 * Two finished shows of the demo shop, five to eleven days apart. The second differs (another lineup
 * order and co-anchor, a new product launched, a flash sale of another product, fewer but keener viewers)
 * so the review's comparison shows changes, and its audience brings back regulars and buyers of the first.
 * The second is two local days back, so its refunds (at most 20 hours after the show) are in the past.
 */
const scripts: ShowScript[] = [
  {
    title: '周五宠粉专场',
    seed: 20_250_606,
    day: (now) => fridayBefore(now, 5),
    startMinute: 20 * 60,
    minutes: 90,
    viewers: 520,
    buyFactor: 1,
    anchors: ['小鹿', '阿杰'],
    lineup: [
      { product: 'SHIRT', liveFen: 9_900, appeal: 1.1 },
      { product: 'TEA', liveFen: 4_900, appeal: 0.9 },
      { product: 'MASK', liveFen: { 'MASK-10': 3_900, 'MASK-30': 9_900 }, appeal: 1 },
      { product: 'CUP', liveFen: 6_900, appeal: 0.8 },
    ],
    explanations: [['SHIRT', 2, 16], ['TEA', 17, 27], ['MASK', 29, 43], ['CUP', 45, 57], ['SHIRT', 60, 70], ['MASK', 72, 80], ['CUP', 82, 88]],
    shifts: [[0, 0, 30], [1, 30, 60], [0, 60, 90]],
    flashSale: { skuCode: 'TEA-250', priceFen: 2_990, from: 22, to: 25 },
  },
  {
    title: '新品首发夜',
    seed: 20_250_611,
    day: (now) => localDay(now) - 2,
    startMinute: 19 * 60 + 30,
    minutes: 75,
    viewers: 430,
    buyFactor: 1.25,
    anchors: ['小鹿', '可可'],
    lineup: [
      { product: 'MASK', liveFen: { 'MASK-10': 4_500, 'MASK-30': 10_900 }, appeal: 1.6 },
      { product: 'CUP', liveFen: 7_900, appeal: 1 },
      { product: 'SHIRT', liveFen: 10_900, appeal: 0.8 },
      { product: 'TEA', liveFen: 5_500, appeal: 0.7 },
    ],
    explanations: [['MASK', 1, 15], ['CUP', 16, 26], ['SHIRT', 28, 40], ['TEA', 41, 50], ['MASK', 52, 62], ['CUP', 64, 72]],
    shifts: [[0, 0, 25], [1, 25, 50], [0, 50, 75]],
    flashSale: { skuCode: 'CUP-2', priceFen: 4_990, from: 19, to: 22 },
  },
];

export interface SeededShow {
  id: string;
  title: string;
  events: number;
}

export interface DemoShowsDeps {
  db: Db;
  live: LiveSessionsService;
  events: EventIngestion;
}

/**
 * Records the demo shop's two finished shows (lineups, 讲解 periods, anchors' shifts) and their audiences'
 * events, so a newcomer opens a review with real numbers at once. The events go in as a trusted server
 * source would send them (orders, any age); the aggregator and the OLAP store pick them up from the log.
 */
export async function seedDemoShows(deps: DemoShowsDeps, owner: Actor, products: readonly ProductView[], now = Date.now()): Promise<SeededShow[]> {
  const byKey = new Map(products.map((p) => [keyOf(p), p]));
  const seeded: SeededShow[] = [];
  let previous: AudienceMember[] = [];
  for (const [index, script] of scripts.entries()) {
    const startedAt = script.day(now) * DAY - SHANGHAI_MS + script.startMinute * MINUTE;
    const endedAt = startedAt + script.minutes * MINUTE;
    const lineup = script.lineup.map((entry) => {
      const product = byKey.get(entry.product)!;
      const liveFen = (skuCode: string) => (typeof entry.liveFen === 'number' ? entry.liveFen : entry.liveFen[skuCode]!);
      return { entry, product, skus: product.skus.map((sku) => ({ skuId: sku.id, skuCode: sku.skuCode, priceFen: liveFen(sku.skuCode) })) };
    });
    const show = await deps.live.create(owner, {
      title: script.title,
      anchors: script.anchors.map((name) => ({ name })),
      scheduledStartAt: startedAt,
      scheduledEndAt: endedAt,
      lineup: lineup.map(({ product, skus }): LineupEntry => ({ productId: product.id, skus: skus.map((s) => ({ skuId: s.skuId, livePriceFen: s.priceFen })) })),
      startedAt,
      endedAt,
    });

    const at = (minute: number) => startedAt + minute * MINUTE;
    const showProducts = new Map<ProductKey, ShowProduct>(
      lineup.map(({ entry, product, skus }) => [entry.product, { productId: product.id, talk: productTalk[entry.product]!, skus, appeal: entry.appeal }]),
    );
    const explanations = script.explanations.map(([key, from, to]) => ({ product: showProducts.get(key)!, startAt: at(from), endAt: at(to) }));
    await deps.db.kysely.transaction().execute((tx) =>
      liveRepo.insertPastPeriods(tx, {
        explanations: explanations.map((e) => ({ id: newId(), live_session_id: show.id, org_id: owner.orgId, product_id: e.product.productId, start_at: e.startAt, end_at: e.endAt })),
        shifts: script.shifts.map(([anchor, from, to]) => ({
          id: newId(), org_id: owner.orgId, live_session_id: show.id, anchor: script.anchors[anchor], user_id: null, start_at: at(from), end_at: at(to),
        })),
      }),
    );

    const sale = script.flashSale;
    const saleProduct = showProducts.get(sale.skuCode.split('-')[0] as ProductKey)!;
    const outline: ShowOutline = {
      liveSessionId: show.id,
      startedAt,
      endedAt,
      viewers: script.viewers,
      products: [...showProducts.values()],
      explanations,
      flashSale: { product: saleProduct, skuId: lineup.flatMap((l) => l.skus).find((s) => s.skuCode === sale.skuCode)!.skuId, priceFen: sale.priceFen, startAt: at(sale.from), endAt: at(sale.to) },
      buyFactor: script.buyFactor,
    };
    const { events, audience } = showEvents(new Random(script.seed), outline, previous, `demo-${index + 1}`);
    for (let i = 0; i < events.length; i += MAX_EVENTS_PER_BATCH) {
      const result = await deps.events.ingest({ orgId: owner.orgId, trusted: true }, events.slice(i, i + MAX_EVENTS_PER_BATCH));
      if (result.rejected.length > 0) throw new Error(`demo show events refused: ${JSON.stringify(result.rejected[0])}`);
    }
    seeded.push({ id: show.id, title: script.title, events: events.length });
    previous = audience;
  }
  return seeded;
}
