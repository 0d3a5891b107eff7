import type { Address } from '@livedesk/contracts';
import { address, comment, nickname, type Persona } from './audience.js';
import { Random } from '../../apps/server/src/lib/random.js';

// The whole show decided up front from the seed: who comes when, stays how long, comes back, and what
// they do meanwhile. Playing it then only depends on the server, so one seed replays one show. Times are
// show time in ms from the start; the player compresses them by its speed.

export interface PlanProduct {
  productId: string;
  title: string;
  skus: { skuId: string; available: number }[];
}

export type Payment = 'succeed' | 'fail' | 'abandon';

export type Action =
  | { at: number; kind: 'comment'; text: string }
  | { at: number; kind: 'like'; count: number }
  | { at: number; kind: 'follow' }
  | { at: number; kind: 'share' }
  | { at: number; kind: 'exposure'; productId: string }
  | { at: number; kind: 'click'; productId: string }
  | { at: number; kind: 'cart'; productId: string; skuId: string; quantity: number }
  /** place an order; `payment` is what the buyer does at checkout `payAfterMs` later */
  | { at: number; kind: 'buy'; productId: string; skuId: string; quantity: number; payAfterMs: number; payment: Payment };

export interface Visit {
  enterAt: number;
  leaveAt: number;
  actions: Action[];
}

export interface ViewerPlan {
  index: number;
  /** the device id, as the viewer page keeps it */
  anonymousId: string;
  persona: Persona;
  nickname: string;
  /** comments, follows and orders need a guest buyer; lurkers stay anonymous */
  buyer: boolean;
  address: Address;
  visits: Visit[];
}

export interface ShowPlan {
  showMs: number;
  /** 讲解: the lineup presented in order, one product after another */
  pins: { at: number; productId: string }[];
  viewers: ViewerPlan[];
}

interface Behaviour {
  /** share of the audience */
  share: number;
  /** mean visit length, as a share of the show ... */
  stay: number;
  /** ... but no longer than this: people watch a long show for minutes, not for hours */
  stayAtMostMs: number;
  likeBurstsPerMinute: number;
  commentsPerMinute: number;
  /** opens the product list (小黄车) in a visit */
  browse: number;
  /** opens a product in a visit */
  click: number;
  /** after opening: adds it to the cart */
  cart: number;
  /** after opening: buys it */
  buy: number;
  follow: number;
}

// About 5% of viewers pay: a good show, within what live commerce reports as watch-to-pay.
const behaviours: Record<Persona, Behaviour> = {
  lurker: { share: 0.55, stay: 0.15, stayAtMostMs: 4 * 60_000, likeBurstsPerMinute: 0.3, commentsPerMinute: 0, browse: 0.2, click: 0.06, cart: 0.2, buy: 0.05, follow: 0.03 },
  chatter: { share: 0.3, stay: 0.35, stayAtMostMs: 15 * 60_000, likeBurstsPerMinute: 1.5, commentsPerMinute: 1.5, browse: 0.4, click: 0.25, cart: 0.3, buy: 0.12, follow: 0.25 },
  shopper: { share: 0.15, stay: 0.3, stayAtMostMs: 12 * 60_000, likeBurstsPerMinute: 0.6, commentsPerMinute: 0.5, browse: 0.9, click: 0.7, cart: 0.5, buy: 0.35, follow: 0.2 },
};
const RETURN_CHANCE = 0.3;
const MAX_VISITS = 3;
const SHARE_CHANCE = 0.06;
const MIN_STAY_MS = 15_000;
/** the last arrivals come this close to the end (a share of the show) */
const LAST_ARRIVAL = 0.97;
const payments: [Payment, number][] = [
  ['succeed', 0.88],
  ['fail', 0.04],
  ['abandon', 0.08],
];

/** Arrivals per moment, relative: a ramp-up over the first 15% as the push notification spreads, a tail-off at the end. */
function arrivalIntensity(share: number): number {
  return Math.min(1, share / 0.15) * (share < 0.7 ? 1 : 1 - ((share - 0.7) / 0.3) * 0.6);
}

function persona(random: Random): Persona {
  const roll = random.next();
  if (roll < behaviours.lurker.share) return 'lurker';
  return roll < behaviours.lurker.share + behaviours.chatter.share ? 'chatter' : 'shopper';
}

function payment(random: Random): Payment {
  let roll = random.next();
  for (const [choice, p] of payments) {
    if (roll < p) return choice;
    roll -= p;
  }
  return 'succeed';
}

export function planShow({ seed, viewers, showMs, products }: { seed: number; viewers: number; showMs: number; products: PlanProduct[] }): ShowPlan {
  const random = new Random(seed);
  const segmentMs = products.length ? showMs / products.length : showMs;
  const pins = products.map((p, i) => ({ at: Math.round(i * segmentMs), productId: p.productId }));
  const pinnedAt = (t: number) => products[Math.min(products.length - 1, Math.floor(t / segmentMs))];

  // Arrivals: independent draws from the arrival intensity, i.e. a Poisson process of `viewers` arrivals.
  const arrivals: number[] = [];
  while (arrivals.length < viewers) {
    const t = random.next() * showMs * LAST_ARRIVAL;
    if (random.next() < arrivalIntensity(t / showMs)) arrivals.push(t);
  }
  arrivals.sort((a, b) => a - b);

  const plan = arrivals.map((arrival, index): ViewerPlan => {
    const kind = persona(random);
    const behaviour = behaviours[kind];
    const follows = random.chance(behaviour.follow);
    const visits: Visit[] = [];
    for (let enterAt = arrival; visits.length < MAX_VISITS && enterAt < showMs * LAST_ARRIVAL; ) {
      const leaveAt = Math.min(showMs, enterAt + MIN_STAY_MS + random.exponential(Math.min(behaviour.stay * showMs, behaviour.stayAtMostMs)));
      visits.push({ enterAt, leaveAt, actions: visitActions(random, kind, behaviour, { enterAt, leaveAt }, products, pins, pinnedAt) });
      if (leaveAt >= showMs || !random.chance(RETURN_CHANCE)) break;
      enterAt = leaveAt + 10_000 + random.exponential(0.08 * showMs);
    }
    if (follows && visits[0]) {
      const first = visits[0];
      first.actions.push({ at: first.enterAt + random.next() * (first.leaveAt - first.enterAt), kind: 'follow' });
      first.actions.sort((a, b) => a.at - b.at);
    }
    return {
      index,
      anonymousId: `sim${random.hex(29)}`,
      persona: kind,
      nickname: nickname(random, index),
      buyer: kind !== 'lurker' || follows || visits.some((v) => v.actions.some((a) => a.kind === 'buy')),
      address: address(random),
      visits,
    };
  });
  return { showMs, pins, viewers: plan };
}

function visitActions(
  random: Random,
  kind: Persona,
  behaviour: Behaviour,
  { enterAt, leaveAt }: { enterAt: number; leaveAt: number },
  products: PlanProduct[],
  pins: ShowPlan['pins'],
  pinnedAt: (t: number) => PlanProduct | undefined,
): Action[] {
  const actions: Action[] = [];
  const span = leaveAt - enterAt;
  const during = (from = enterAt) => from + random.next() * (leaveAt - from);
  const perMs = (perMinute: number) => perMinute / 60_000;

  // The pinned card is in view on arrival and whenever the anchor moves on to the next product.
  const exposed = new Map<string, number>();
  const expose = (productId: string, at: number) => {
    if ((exposed.get(productId) ?? Infinity) <= at) return;
    exposed.set(productId, at);
  };
  const first = pinnedAt(enterAt);
  if (first) expose(first.productId, enterAt + 1000);
  for (const pin of pins) if (pin.at > enterAt && pin.at + 1000 < leaveAt) expose(pin.productId, pin.at + 1000);
  if (products.length && random.chance(behaviour.browse)) {
    const at = during();
    for (const p of products.slice(0, random.int(3, 8))) expose(p.productId, at);
  }

  if (products.length && random.chance(behaviour.click)) {
    const at = during();
    const product = random.chance(0.7) ? pinnedAt(at)! : random.pick(products);
    expose(product.productId, at - 500);
    actions.push({ at, kind: 'click', productId: product.productId });
    const inStock = product.skus.filter((s) => s.available > 0);
    const sku = inStock.length ? random.pick(inStock) : undefined;
    const quantity = random.chance(0.1) ? 2 : 1;
    if (sku && random.chance(behaviour.cart)) actions.push({ at: during(at), kind: 'cart', productId: product.productId, skuId: sku.skuId, quantity });
    if (sku && random.chance(behaviour.buy)) {
      actions.push({ at: during(at), kind: 'buy', productId: product.productId, skuId: sku.skuId, quantity, payAfterMs: random.int(5_000, 30_000), payment: payment(random) });
    }
  }
  for (const [productId, at] of exposed) actions.push({ at: Math.max(enterAt, at), kind: 'exposure', productId });

  for (const at of random.poisson(perMs(behaviour.likeBurstsPerMinute), enterAt, leaveAt)) {
    actions.push({ at, kind: 'like', count: random.int(5, 40) });
  }
  for (const at of random.poisson(perMs(behaviour.commentsPerMinute), enterAt, leaveAt)) {
    actions.push({ at, kind: 'comment', text: comment(random, kind, pinnedAt(at)?.title) });
  }
  if (random.chance(SHARE_CHANCE)) actions.push({ at: enterAt + random.next() * span, kind: 'share' });
  return actions.sort((a, b) => a.at - b.at);
}
