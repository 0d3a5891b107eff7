import type { TrackedEvent } from '@livedesk/contracts';
import type { Random } from '../../lib/random.js';
import { comment, nickname, type Persona, type ProductTalk } from './chat.js';

// The tracking events of a finished show, decided from a seed: arrivals ramping up, stays of varied
// length, re-entries, comments, likes, shares and follows, and products looked at, carted and bought
// mostly while they are explained (讲解), with a flash sale's burst. Regulars of an earlier show come back.

const SECOND = 1_000;
const MINUTE = 60_000;
const HOUR = 3_600_000;

export interface ShowProduct {
  productId: string;
  talk: ProductTalk;
  /** at the show's live prices */
  skus: { skuId: string; priceFen: number }[];
  /** how strongly the product pulls buyers in this show, around 1 */
  appeal: number;
}

export interface ShowOutline {
  liveSessionId: string;
  startedAt: number;
  endedAt: number;
  viewers: number;
  products: ShowProduct[];
  explanations: { product: ShowProduct; startAt: number; endAt: number }[];
  /** a flash sale (秒杀) of one SKU: arrivals from its push, then a burst of 扣1 and orders */
  flashSale: { product: ShowProduct; skuId: string; priceFen: number; startAt: number; endAt: number };
  /** scales every buy chance: how well the show sells */
  buyFactor: number;
}

/** Someone in a show's audience, as a later show may bring them back. */
export interface AudienceMember {
  anonymousId: string;
  /** signed in as a buyer: comments, follows and orders need one */
  userId: string | null;
  persona: Persona;
  nickname: string;
  /** paid an order in the show */
  paid: boolean;
}

interface Behaviour {
  /** of the audience */
  portion: number;
  /** mean visit length */
  stayMs: number;
  likeBurstsPerMinute: number;
  commentsPerMinute: number;
  /** opens the product list (小黄车) in a visit */
  browse: number;
  /** opens the explained product, when in the room for a few minutes of its 讲解 */
  interest: number;
  /** after opening: adds it to the cart */
  cart: number;
  /** after opening: buys it */
  buy: number;
  follow: number;
  /** shares the show in a visit */
  share: number;
  /** joins the flash sale when in the room for it */
  flashSale: number;
  /** comes to the next show */
  comesBack: number;
}

const behaviours: Record<Persona, Behaviour> = {
  lurker: { portion: 0.5, stayMs: 4 * MINUTE, likeBurstsPerMinute: 0.2, commentsPerMinute: 0.05, browse: 0.25, interest: 0.06, cart: 0.3, buy: 0.25, follow: 0.03, share: 0.01, flashSale: 0.15, comesBack: 0.12 },
  chatter: { portion: 0.32, stayMs: 16 * MINUTE, likeBurstsPerMinute: 0.8, commentsPerMinute: 0.5, browse: 0.4, interest: 0.15, cart: 0.4, buy: 0.3, follow: 0.25, share: 0.08, flashSale: 0.5, comesBack: 0.3 },
  shopper: { portion: 0.18, stayMs: 12 * MINUTE, likeBurstsPerMinute: 0.3, commentsPerMinute: 0.3, browse: 0.9, interest: 0.4, cart: 0.5, buy: 0.4, follow: 0.2, share: 0.04, flashSale: 0.75, comesBack: 0.35 },
};
/** Signed-in lurkers: they may buy, follow and now and then write. */
const LURKER_SIGNED_IN = 0.2;
/** A buyer of the last show is this much likelier to come to the next. */
const BUYER_COMES_BACK = 0.25;
/** Regulars stay longer, and most come at the start (the show's push notification). */
const REGULAR_STAY = 1.5;
const REGULAR_EARLY = 0.6;
const RETURN_CHANCE = 0.28;
const MAX_VISITS = 3;
/** share of newcomers who come on the flash sale's push */
const FLASH_ARRIVALS = 0.08;
const ABANDONED_AT_CHECKOUT = 0.1;
const REFUNDED = 0.05;

/** Arrivals per moment, relative: a ramp over the first 12% as the push spreads, a tail-off after 70%. */
const arrivalIntensity = (progress: number): number => Math.min(1, progress / 0.12) * (progress < 0.7 ? 1 : 1 - ((progress - 0.7) / 0.3) * 0.6);

type Draft = Omit<TrackedEvent, 'id'>;

/**
 * The show's events in time order, with ids `${idPrefix}-n`, and its audience. Each of `previous` comes
 * back with a chance that grows with how engaged they were; newcomers fill the audience to `viewers`.
 */
export function showEvents(random: Random, show: ShowOutline, previous: readonly AudienceMember[], idPrefix: string): { events: TrackedEvent[]; audience: AudienceMember[] } {
  const recorder = new ShowRecorder(random, show, idPrefix);
  const audience: AudienceMember[] = [];
  for (const member of previous) {
    const comesBack = behaviours[member.persona].comesBack + (member.paid ? BUYER_COMES_BACK : 0);
    if (audience.length < show.viewers && random.chance(comesBack)) {
      const regular = { ...member, paid: false };
      audience.push(regular);
      recorder.attend(regular, true);
    }
  }
  while (audience.length < show.viewers) {
    const member = newcomer(random, audience.length);
    audience.push(member);
    recorder.attend(member, false);
  }
  return { events: recorder.events(), audience };
}

function newcomer(random: Random, index: number): AudienceMember {
  const roll = random.next();
  const persona: Persona = roll < behaviours.lurker.portion ? 'lurker' : roll < behaviours.lurker.portion + behaviours.chatter.portion ? 'chatter' : 'shopper';
  const signedIn = persona !== 'lurker' || random.chance(LURKER_SIGNED_IN);
  return {
    anonymousId: `dev-${random.hex(20)}`,
    userId: signedIn ? `buyer-${random.hex(16)}` : null,
    persona,
    nickname: nickname(random, index + 1),
    paid: false,
  };
}

class ShowRecorder {
  private readonly drafts: Draft[] = [];
  /** when each member first paid in this show */
  private readonly paidAt = new Map<AudienceMember, number>();
  private orders = 0;

  constructor(
    private readonly random: Random,
    private readonly show: ShowOutline,
    private readonly idPrefix: string,
  ) {}

  /** One member's visits to the show. */
  attend(member: AudienceMember, regular: boolean): void {
    const { random, show } = this;
    const behaviour = behaviours[member.persona];
    const stayMs = behaviour.stayMs * (regular ? REGULAR_STAY : 1);
    let enterAt = regular && random.chance(REGULAR_EARLY) ? show.startedAt + random.next() * 10 * MINUTE : this.arrival();
    for (let visit = 0; visit < MAX_VISITS && enterAt < show.endedAt - MINUTE; visit++) {
      const leaveAt = Math.min(show.endedAt, enterAt + 20 * SECOND + random.exponential(stayMs));
      this.visit(member, behaviour, enterAt, leaveAt, visit === 0);
      if (leaveAt >= show.endedAt || !random.chance(RETURN_CHANCE)) break;
      enterAt = leaveAt + 15 * SECOND + random.exponential(6 * MINUTE);
    }
  }

  events(): TrackedEvent[] {
    // Sorted as phones would have sent them; the ids follow, so the same seed gives the same events.
    const sorted = [...this.drafts].sort((a, b) => a.ts - b.ts);
    return sorted.map((draft, i) => ({ id: `${this.idPrefix}-${i + 1}`, ...draft }));
  }

  private arrival(): number {
    const { random, show } = this;
    if (random.chance(FLASH_ARRIVALS)) return show.flashSale.startAt - 2 * MINUTE + random.next() * 4 * MINUTE;
    for (;;) {
      const progress = random.next() * 0.95;
      if (random.next() < arrivalIntensity(progress)) return show.startedAt + progress * (show.endedAt - show.startedAt);
    }
  }

  private visit(member: AudienceMember, behaviour: Behaviour, enterAt: number, leaveAt: number, firstVisit: boolean): void {
    const { random, show } = this;
    const during = (from = enterAt, to = leaveAt) => from + random.next() * (to - from);
    this.emit(member, 'room.enter', enterAt);

    // The explained product's card is in view on arrival and whenever the anchor moves on to the next.
    const explainedOnArrival = this.explainedAt(enterAt);
    if (explainedOnArrival) this.emit(member, 'product.exposure', enterAt + random.int(1, 3) * SECOND, { productId: explainedOnArrival.productId });
    for (const e of show.explanations) {
      if (e.startAt > enterAt && e.startAt + 5 * SECOND < leaveAt) this.emit(member, 'product.exposure', e.startAt + random.int(1, 5) * SECOND, { productId: e.product.productId });
    }
    const browseAt = random.chance(behaviour.browse) ? during() : null;
    if (browseAt !== null) for (const p of show.products) this.emit(member, 'product.exposure', browseAt, { productId: p.productId });

    for (const e of show.explanations) {
      const from = Math.max(e.startAt, enterAt);
      const to = Math.min(e.endAt, leaveAt);
      if (to - from < 20 * SECOND) continue;
      if (random.chance(Math.min(0.95, behaviour.interest * e.product.appeal * Math.min(1, (to - from) / (4 * MINUTE))))) {
        this.consider(member, behaviour, e.product, during(from, to), 1);
      }
    }
    if (browseAt !== null && random.chance(0.3)) this.consider(member, behaviour, random.pick(show.products), browseAt + 2 * SECOND, 0.3);

    const sale = show.flashSale;
    if (sale.startAt < leaveAt && sale.endAt > enterAt && random.chance(behaviour.flashSale)) {
      const at = Math.max(enterAt, sale.startAt) + random.exponential(40 * SECOND);
      if (at < Math.min(leaveAt, sale.endAt)) {
        // The countdown: the room taps likes and writes 扣1 while it waits for the stock to open.
        this.emit(member, 'like', at - random.int(3, 20) * SECOND, { count: random.int(10, 60) });
        if (member.userId) this.comment(member, at - 2 * SECOND, enterAt);
        this.consider(member, behaviour, sale.product, at, 1.5, { skuId: sale.skuId, priceFen: sale.priceFen });
      }
    }

    for (const at of random.poisson(behaviour.likeBurstsPerMinute / MINUTE, enterAt, leaveAt)) this.emit(member, 'like', at, { count: random.int(5, 40) });
    if (member.userId) {
      for (const at of random.poisson(behaviour.commentsPerMinute / MINUTE, enterAt, leaveAt)) this.comment(member, at, enterAt);
      if (firstVisit && random.chance(behaviour.follow)) this.emit(member, 'follow', during());
    }
    if (random.chance(behaviour.share)) this.emit(member, 'share', during());
    if (leaveAt < show.endedAt) this.emit(member, 'room.leave', leaveAt);
  }

  /** Opens a product at `at`, maybe carts it, maybe buys it; `pull` scales the buy chance. */
  private consider(member: AudienceMember, behaviour: Behaviour, product: ShowProduct, at: number, pull: number, offer?: { skuId: string; priceFen: number }): void {
    const { random, show } = this;
    this.emit(member, 'product.click', at, { productId: product.productId });
    const sku = offer ?? random.pick(product.skus);
    const quantity = random.chance(0.12) ? 2 : 1;
    if (random.chance(behaviour.cart)) this.emit(member, 'cart.add', at + random.int(5, 40) * SECOND, { productId: product.productId, skuId: sku.skuId, quantity });
    if (!member.userId || !random.chance(Math.min(0.95, behaviour.buy * pull * show.buyFactor * product.appeal))) return;

    const createdAt = at + random.int(10, 90) * SECOND;
    const paidAt = createdAt + random.int(8, 60) * SECOND;
    if (paidAt > show.endedAt) return;
    const orderId = `${this.idPrefix}-order-${++this.orders}`;
    const amountFen = sku.priceFen * quantity;
    this.emit(member, 'order.create', createdAt, { orderId, amountFen });
    if (random.chance(ABANDONED_AT_CHECKOUT)) return;
    this.emit(member, 'order.pay', paidAt, { orderId, amountFen, items: [{ productId: product.productId, skuId: sku.skuId, quantity, priceFen: sku.priceFen }] });
    member.paid = true;
    this.paidAt.set(member, Math.min(paidAt, this.paidAt.get(member) ?? Infinity));
    if (random.chance(REFUNDED)) {
      // After-sales come hours later, some for part of the amount.
      const refundFen = random.chance(0.7) ? amountFen : Math.round(amountFen / 2);
      this.emit(member, 'order.refund', paidAt + 2 * HOUR + random.next() * 18 * HOUR, { orderId, amountFen: refundFen });
    }
  }

  private comment(member: AudienceMember, at: number, enterAt: number): void {
    const { flashSale } = this.show;
    const text = comment(this.random, member.persona, {
      explained: this.explainedAt(at)?.talk ?? null,
      flashSale: at >= flashSale.startAt && at < flashSale.endAt,
      justArrived: at - enterAt < MINUTE,
      hasBought: (this.paidAt.get(member) ?? Infinity) <= at,
    });
    this.emit(member, 'comment', at, { text, nickname: member.nickname });
  }

  private explainedAt(at: number): ShowProduct | null {
    return this.show.explanations.find((e) => e.startAt <= at && at < e.endAt)?.product ?? null;
  }

  private emit(member: AudienceMember, type: string, at: number, props?: Record<string, unknown>): void {
    this.drafts.push({
      type,
      ts: Math.round(at),
      liveSessionId: this.show.liveSessionId,
      anonymousId: member.anonymousId,
      ...(member.userId ? { userId: member.userId } : {}),
      ...(props ? { props } : {}),
    });
  }
}
