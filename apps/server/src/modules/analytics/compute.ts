import type { CommentItem, MetricValues, MetricsWindow, MinuteBucket, ProductRank } from '@livedesk/contracts';
import { MINUTE_MS, counterNames, isLeave, markTs, minuteOf, type Counters, type IdentityKind, type PaidOrder, type SessionState } from './state.js';

/** A show's live window as live_sessions has it. */
export interface ShowWindow {
  status: 'scheduled' | 'live' | 'ended';
  startedAt: number | null;
  endedAt: number | null;
}

/**
 * A stretch of a show that metrics are computed for: the whole show, or a minute-aligned window.
 * Events count by the minute they happened in; presence by the instant.
 */
export interface Span {
  /** [fromMinute, toMinute): the minutes whose events count (±Infinity for the whole show) */
  fromMinute: number;
  toMinute: number;
  /** [from, to): the watched time, which ends at the show's end, at now, or at the span's end */
  from: number;
  to: number;
  /** the last instant whose presence counts toward the peak: `to − 1`, or now itself while live */
  lastInstant: number;
}

const PRODUCTS_RANKED = 20;
const LAST_MINUTES = 5;
const WINDOW_MINUTES = 10;

/** Epoch ms where a show's observed time ends: its end, or now while live (and now, i.e. nothing, before it starts). */
const observedEnd = (show: ShowWindow, asOf: number): number => (show.startedAt === null ? asOf : (show.endedAt ?? asOf));

/** The span of minutes [fromMinute, toMinute) of a show; ±Infinity for the whole show. */
export function spanOf(show: ShowWindow, asOf: number, fromMinute = -Infinity, toMinute = Infinity): Span {
  const start = show.startedAt ?? asOf;
  const end = observedEnd(show, asOf);
  const from = Math.max(fromMinute, start);
  const to = Math.max(from, Math.min(toMinute, end));
  // Nobody is inside at the end instant of an ended show (visits close there); while live, now counts.
  const lastPresence = show.status === 'live' ? asOf : end - 1;
  return { fromMinute, toMinute, from, to, lastInstant: Math.min(toMinute - 1, lastPresence) };
}

/** The minute still filling while live, the show's last minute once ended. */
export const lastMinuteOf = (show: ShowWindow, asOf: number): number => minuteOf(observedEnd(show, asOf));

export interface Visit {
  enter: number;
  /** Infinity while open in a live show; an open visit of an ended show closes at the end */
  leave: number;
}

/**
 * One identity's visits from its presence marks: a visit opens at an enter when none is open and closes
 * at the next leave; other marks change nothing. A visit still open closes at `openUntil`.
 */
export function visitsOf(marks: readonly number[], openUntil: number): Visit[] {
  const visits: Visit[] = [];
  let open: number | null = null;
  for (const mark of marks) {
    const ts = markTs(mark);
    if (!isLeave(mark)) open ??= ts;
    else if (open !== null) {
      visits.push({ enter: open, leave: ts });
      open = null;
    }
  }
  if (open !== null) visits.push({ enter: open, leave: Math.max(open, openUntil) });
  return visits;
}

/**
 * One show prepared for reading: its visits and the online count over time, derived once from the
 * state and then queried for the whole show, each window, each minute and now.
 */
export class ShowNumbers {
  private readonly visits: Visit[] = [];
  /** instants where the online count changes, ascending, and the count from each on */
  private readonly changeAt: number[] = [];
  private readonly onlineFrom: number[] = [];

  constructor(
    private readonly state: SessionState,
    private readonly show: ShowWindow,
    private readonly asOf: number,
  ) {
    const openUntil = show.endedAt ?? Infinity;
    for (const person of state.people.values()) this.visits.push(...visitsOf(person.marks, openUntil));
    // Enters and leaves sorted apart and merged: a big show has hundreds of thousands of them.
    const nonEmpty = this.visits.filter((v) => v.leave > v.enter);
    const enters = Float64Array.from(nonEmpty, (v) => v.enter).sort();
    const leaves = Float64Array.from(nonEmpty.filter((v) => v.leave !== Infinity), (v) => v.leave).sort();
    let online = 0;
    for (let i = 0, j = 0; i < enters.length || j < leaves.length; ) {
      const at = Math.min(enters[i] ?? Infinity, leaves[j] ?? Infinity);
      for (; enters[i] === at; i++) online++;
      for (; leaves[j] === at; j++) online--;
      this.changeAt.push(at);
      this.onlineFrom.push(online);
    }
  }

  /** Identities inside at instant `t`. */
  onlineAt(t: number): number {
    let lo = 0;
    let hi = this.changeAt.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.changeAt[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : this.onlineFrom[lo - 1]!;
  }

  /** Identities inside now; nobody once the show has ended or before it starts. */
  online(): number {
    return this.show.status === 'live' ? this.onlineAt(this.asOf) : 0;
  }

  /**
   * Every metric of the registry over `span`: the one computation behind the whole show and the windows.
   * People count when they did the thing inside the span (a window's uv: who entered in it). Rates are
   * unrounded fractions and money ratios whole fen; watch time is summed in exact ms and reported in
   * seconds with ms precision (up to 3 decimals), avgWatchSeconds rounded to the ms.
   */
  metrics(span: Span): MetricValues {
    const inSpan = (minute: number) => minute >= span.fromMinute && minute < span.toMinute;
    const counters = sumCounters(this.state, inSpan);

    let uv = 0;
    const kinds: Record<IdentityKind, number> = { follow: 0, interaction: 0, exposure: 0, click: 0, cart: 0, orderCreate: 0 };
    for (const person of this.state.people.values()) {
      if (person.marks.some((mark) => !isLeave(mark) && inSpan(minuteOf(markTs(mark))))) uv++;
      for (const kind of Object.keys(person.kinds) as IdentityKind[]) {
        if (person.kinds[kind]!.some(inSpan)) kinds[kind]++;
      }
    }

    let watchMs = 0;
    for (const v of this.visits) watchMs += Math.max(0, Math.min(v.leave, span.to) - Math.max(v.enter, span.from));
    const durationMs = span.to - span.from;

    const buyers = new Set<string>();
    let paidOrders = 0;
    let itemsSold = 0;
    let gmvFen = 0;
    for (const order of this.state.orders.values()) {
      if (!inSpan(minuteOf(order.ts))) continue;
      buyers.add(order.identity);
      paidOrders++;
      itemsSold += order.lines.reduce((sum, line) => sum + line.quantity, 0);
      gmvFen += order.amountFen;
    }
    let newBuyers = 0;
    for (const paidAt of this.state.firstPays.values()) if (inSpan(minuteOf(paidAt))) newBuyers++;

    const pv = counters.enters;
    return {
      pv,
      uv,
      peakOnline: this.peak(span.from, span.lastInstant),
      avgOnline: ratio(watchMs, durationMs),
      avgWatchSeconds: uv === 0 ? null : Math.round(watchMs / uv) / 1000,
      totalWatchSeconds: watchMs / 1000,
      comments: counters.comments,
      likes: counters.likes,
      shares: counters.shares,
      follows: kinds.follow,
      interactionUsers: kinds.interaction,
      interactionRate: ratio(kinds.interaction, uv),
      followRate: ratio(kinds.follow, uv),
      productExposureUv: kinds.exposure,
      productClickUv: kinds.click,
      cartUv: kinds.cart,
      orderCreateUv: kinds.orderCreate,
      buyers: buyers.size,
      paidOrders,
      itemsSold,
      gmvFen,
      gpmFen: rounded(gmvFen * 1000, pv),
      uvValueFen: rounded(gmvFen, uv),
      aovFen: rounded(gmvFen, buyers.size),
      exposureToClickRate: ratio(kinds.click, kinds.exposure),
      clickToPayRate: ratio(buyers.size, kinds.click),
      watchToPayRate: ratio(buyers.size, uv),
      refundFen: counters.refundFen,
      refundRate: ratio(counters.refundFen, gmvFen),
      newBuyers,
      newBuyerShare: ratio(newBuyers, buyers.size),
    };
  }

  /** The WeChat-style windows: the 10 minutes ending with the filling (or last) minute, and the 10 before. */
  windows10m(): { current: MetricsWindow; previous: MetricsWindow } {
    const endAt = lastMinuteOf(this.show, this.asOf) + MINUTE_MS;
    const window = (end: number): MetricsWindow => {
      const startAt = end - WINDOW_MINUTES * MINUTE_MS;
      return { startAt, endAt: end, metrics: this.metrics(spanOf(this.show, this.asOf, startAt, end)) };
    };
    return { current: window(endAt), previous: window(endAt - WINDOW_MINUTES * MINUTE_MS) };
  }

  /** Every minute from the start's minute to now (or the end's minute); empty minutes as zeros. */
  minuteBuckets(): MinuteBucket[] {
    if (this.show.startedAt === null) return [];
    const paid = new Map<number, { paidOrders: number; gmvFen: number }>();
    for (const order of this.state.orders.values()) {
      const m = minuteOf(order.ts);
      const sums = paid.get(m) ?? { paidOrders: 0, gmvFen: 0 };
      sums.paidOrders++;
      sums.gmvFen += order.amountFen;
      paid.set(m, sums);
    }
    const lastInstant = spanOf(this.show, this.asOf).lastInstant;
    const buckets: MinuteBucket[] = [];
    for (let m = minuteOf(this.show.startedAt); m <= lastMinuteOf(this.show, this.asOf); m += MINUTE_MS) {
      const c = this.state.minutes.get(m);
      buckets.push({
        minute: m,
        online: this.onlineAt(Math.min(m + MINUTE_MS - 1, lastInstant)),
        enters: c?.enters ?? 0,
        leaves: c?.leaves ?? 0,
        comments: c?.comments ?? 0,
        likes: c?.likes ?? 0,
        shares: c?.shares ?? 0,
        productClicks: c?.productClicks ?? 0,
        cartAdds: c?.cartAdds ?? 0,
        paidOrders: paid.get(m)?.paidOrders ?? 0,
        gmvFen: paid.get(m)?.gmvFen ?? 0,
      });
    }
    return buckets;
  }

  /**
   * Products ranked by GMV, then clicks (titles are the caller's). An order's amount is shared among its
   * lines by their value (by quantity when a line has no price), so the products' GMV adds up to the show's.
   * "Last 5 minutes" are the 5 minutes ending with the filling (or last) minute. The snapshot shows the
   * top `limit`; the post-live review asks for every product.
   */
  products(limit = PRODUCTS_RANKED): ProductRank[] {
    const since = lastMinuteOf(this.show, this.asOf) - (LAST_MINUTES - 1) * MINUTE_MS;
    const ranks = new Map<string, ProductRank>();
    const rank = (productId: string): ProductRank => {
      let r = ranks.get(productId);
      if (!r) {
        ranks.set(productId, (r = { productId, title: null, exposureUv: 0, clickUv: 0, clicks: 0, cartUv: 0, paidOrders: 0, itemsSold: 0, gmvFen: 0, last5m: { clicks: 0, gmvFen: 0 } }));
      }
      return r;
    };
    for (const [productId, activity] of this.state.products) {
      const r = rank(productId);
      r.exposureUv = activity.exposure.size;
      r.clickUv = activity.click.size;
      r.cartUv = activity.cart.size;
      for (const [minute, clicks] of activity.clicksByMinute) {
        r.clicks += clicks;
        if (minute >= since) r.last5m.clicks += clicks;
      }
    }
    for (const order of this.state.orders.values()) {
      const recent = minuteOf(order.ts) >= since;
      const shares = lineShares(order);
      const inOrder = new Set<string>();
      order.lines.forEach((line, i) => {
        if (!line.productId) return;
        const r = rank(line.productId);
        inOrder.add(line.productId);
        r.itemsSold += line.quantity;
        r.gmvFen += shares[i]!;
        if (recent) r.last5m.gmvFen += shares[i]!;
      });
      for (const productId of inOrder) rank(productId).paidOrders++;
    }
    return [...ranks.values()]
      .sort((a, b) => b.gmvFen - a.gmvFen || b.clicks - a.clicks || a.productId.localeCompare(b.productId))
      .slice(0, limit);
  }

  /** A copy: the state's list changes in place, and a snapshot handed out must not change with it. */
  comments(): CommentItem[] {
    return [...this.state.comments];
  }

  /** The most identities inside at once at any instant of [from, last]. */
  private peak(from: number, last: number): number {
    if (last < from) return 0;
    let peak = this.onlineAt(from);
    for (let i = 0; i < this.changeAt.length; i++) {
      const at = this.changeAt[i]!;
      if (at > last) break;
      if (at > from) peak = Math.max(peak, this.onlineFrom[i]!);
    }
    return peak;
  }
}

function sumCounters(state: SessionState, inSpan: (minute: number) => boolean): Counters {
  const sums = Object.fromEntries(counterNames.map((name) => [name, 0])) as Counters;
  for (const [minute, counters] of state.minutes) {
    if (!inSpan(minute)) continue;
    for (const name of counterNames) sums[name] += counters[name];
  }
  return sums;
}

/** A fraction; null when the denominator is zero (never 0 or NaN). */
const ratio = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : numerator / denominator);
const rounded = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : Math.round(numerator / denominator));

/** The order's amount split over its lines by weight, largest remainders first, so the shares sum to the amount exactly. */
export function lineShares(order: Pick<PaidOrder, 'amountFen' | 'lines'>): number[] {
  const priced = order.lines.every((line) => line.priceFen !== null);
  let weights = order.lines.map((line) => (priced ? line.priceFen! * line.quantity : line.quantity));
  if (weights.every((w) => w === 0)) weights = order.lines.map(() => 1);
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (total === 0) return [];
  const exact = weights.map((w) => (order.amountFen * w) / total);
  const shares = exact.map(Math.floor);
  let left = order.amountFen - shares.reduce((sum, s) => sum + s, 0);
  const byRemainder = exact.map((x, i) => ({ i, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    shares[i]!++;
    left--;
  }
  return shares;
}
