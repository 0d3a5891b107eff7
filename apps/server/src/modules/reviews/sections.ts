import {
  reviewFunnelSteps,
  STAY_THRESHOLDS_MINUTES,
  type MetricMarker,
  type MetricValues,
  type MinuteBucket,
  type ProductRank,
  type ReviewAnchor,
  type ReviewAnchors,
  type ReviewExplanation,
  type ReviewFunnelStep,
  type ReviewPeak,
  type ReviewProduct,
  type ReviewSegment,
  type StayTime,
} from '@livedesk/contracts';
import { lineShares, visitsOf, type Visit } from '../analytics/compute.js';
import { isLeave, markTs, MINUTE_MS, minuteOf, type PaidOrder, type Person } from '../analytics/state.js';
import { keywordsOf, type DanmakuComment } from './danmaku.js';

// The sections of a post-live review, computed from an ended show's aggregated state. Pure functions: the
// service reads, these count.

/** An ended show's live window [startAt, endAt), epoch ms. */
export interface LiveWindow {
  startAt: number;
  endAt: number;
}

export const SEGMENT_MS = 10 * MINUTE_MS;
const PEAKS = 5;
const PEAK_KEYWORDS = 5;

/** Each identity's visits inside the window, in time order. */
export type Presence = ReadonlyMap<string, readonly Visit[]>;

/**
 * Visits as the live numbers count them (an open visit closes at the show's end), clipped to the window.
 * A leave and an enter in the same millisecond (a reconnect) make one visit: the viewer never left.
 */
export function presenceOf(people: ReadonlyMap<string, Person>, window: LiveWindow): Presence {
  const presence = new Map<string, Visit[]>();
  for (const [identity, person] of people) {
    const visits: Visit[] = [];
    for (const visit of visitsOf(person.marks, window.endAt)) {
      const enter = Math.min(Math.max(visit.enter, window.startAt), window.endAt);
      const leave = Math.max(Math.min(visit.leave, window.endAt), enter);
      const last = visits.at(-1);
      if (last && last.leave === enter) last.leave = leave;
      else visits.push({ enter, leave });
    }
    if (visits.length > 0) presence.set(identity, visits);
  }
  return presence;
}

const inside = (visit: Visit, t: number): boolean => visit.enter <= t && t < visit.leave;

/**
 * One segment per 10 minutes of the window, the last one shorter when the show was: who was inside at its
 * start, how many of them stayed to its end without leaving, and the room.enter / room.leave events in it.
 */
export function segments10m(window: LiveWindow, people: ReadonlyMap<string, Person>, presence: Presence): ReviewSegment[] {
  const segments: ReviewSegment[] = [];
  for (let startAt = window.startAt; startAt < window.endAt; startAt += SEGMENT_MS) {
    const endAt = Math.min(startAt + SEGMENT_MS, window.endAt);
    let onlineAtStart = 0;
    let retained = 0;
    for (const visits of presence.values()) {
      const visit = visits.find((v) => inside(v, startAt));
      if (!visit) continue;
      onlineAtStart++;
      if (visit.leave >= endAt) retained++;
    }
    segments.push({ startAt, endAt, onlineAtStart, enters: 0, leaves: 0, retained, retentionRate: ratio(retained, onlineAtStart) });
  }
  for (const person of people.values()) {
    for (const mark of person.marks) {
      const ts = markTs(mark);
      if (ts < window.startAt || ts >= window.endAt) continue;
      const segment = segments[Math.floor((ts - window.startAt) / SEGMENT_MS)]!;
      if (isLeave(mark)) segment.leaves++;
      else segment.enters++;
    }
  }
  return segments;
}

/** Each viewer's time inside the window, all visits summed; viewers are the identities with any visit (the show's uv). */
export function stayTime(presence: Presence): StayTime {
  const stays = [...presence.values()].map((visits) => visits.reduce((sum, v) => sum + v.leave - v.enter, 0)).sort((a, b) => a - b);
  const viewers = stays.length;
  const middle = viewers >> 1;
  const medianMs = viewers === 0 ? null : viewers % 2 === 1 ? stays[middle]! : (stays[middle - 1]! + stays[middle]!) / 2;
  return {
    viewers,
    medianSeconds: medianMs === null ? null : Math.round(medianMs) / 1000,
    atLeast: STAY_THRESHOLDS_MINUTES.map((minutes) => {
      const staying = stays.filter((ms) => ms >= minutes * MINUTE_MS).length;
      return { minutes, viewers: staying, share: ratio(staying, viewers) };
    }),
  };
}

export function funnel(metrics: MetricValues): ReviewFunnelStep[] {
  const counts = reviewFunnelSteps.map((metric) => metrics[metric] ?? 0);
  return reviewFunnelSteps.map((metric, i) => ({
    metric,
    count: counts[i]!,
    conversionFromPrevious: i === 0 ? null : ratio(counts[i]!, counts[i - 1]!),
    conversionFromFirst: ratio(counts[i]!, counts[0]!),
  }));
}

/** A 讲解 marker's period inside the window (an open one runs to the end); null when it lies outside. */
function periodOf(marker: MetricMarker, window: LiveWindow): { startAt: number; endAt: number } | null {
  const startAt = Math.max(marker.startAt, window.startAt);
  const endAt = Math.min(marker.endAt ?? window.endAt, window.endAt);
  return startAt < endAt ? { startAt, endAt } : null;
}

export interface ProductsInput {
  /** every product of the show as the live ranking has it, titles filled */
  ranks: readonly ProductRank[];
  /** the show's paid orders by order id */
  orders: ReadonlyMap<string, PaidOrder>;
  /** refunded fen by order id */
  refunds: ReadonlyMap<string, number>;
  markers: readonly MetricMarker[];
  window: LiveWindow;
  /** the show's pv, for GPM */
  pv: number;
}

/**
 * The live ranking's numbers per product, with what they imply (CTR, GPM, refunds) and what sold during
 * each of its 讲解 periods. A product explained but never seen, clicked or sold is listed with zeros. An
 * order's refunds are shared among its lines like its amount is (by line value), so they add up per order.
 */
export function products({ ranks, orders, refunds, markers, window, pv }: ProductsInput): ReviewProduct[] {
  const rows = new Map<string, ReviewProduct>();
  for (const r of ranks) {
    rows.set(r.productId, {
      productId: r.productId,
      title: r.title,
      exposureUv: r.exposureUv,
      clickUv: r.clickUv,
      clicks: r.clicks,
      ctr: ratio(r.clickUv, r.exposureUv),
      cartUv: r.cartUv,
      paidOrders: r.paidOrders,
      itemsSold: r.itemsSold,
      gmvFen: r.gmvFen,
      gpmFen: pv === 0 ? null : Math.round((r.gmvFen * 1000) / pv),
      refundFen: 0,
      refundRate: null,
      explanations: [],
    });
  }
  const explained = markers.filter((m) => m.kind === 'explain' && m.productId !== null);
  for (const marker of explained) {
    if (rows.has(marker.productId!)) continue;
    rows.set(marker.productId!, {
      productId: marker.productId!, title: marker.label, exposureUv: 0, clickUv: 0, clicks: 0, ctr: null, cartUv: 0,
      paidOrders: 0, itemsSold: 0, gmvFen: 0, gpmFen: pv === 0 ? null : 0, refundFen: 0, refundRate: null, explanations: [],
    });
  }

  for (const [orderId, refundFen] of refunds) {
    const order = orders.get(orderId);
    if (!order) continue;
    lineShares({ amountFen: refundFen, lines: order.lines }).forEach((share, i) => {
      const productId = order.lines[i]!.productId;
      const row = productId === null ? undefined : rows.get(productId);
      if (row) row.refundFen += share;
    });
  }

  for (const marker of explained) {
    const period = periodOf(marker, window);
    if (!period) continue;
    const explanation: ReviewExplanation = { ...period, durationSeconds: (period.endAt - period.startAt) / 1000, gmvFen: 0, paidOrders: 0, itemsSold: 0 };
    for (const order of orders.values()) {
      if (order.ts < period.startAt || order.ts >= period.endAt) continue;
      const shares = lineShares(order);
      let inOrder = false;
      order.lines.forEach((line, i) => {
        if (line.productId !== marker.productId) return;
        inOrder = true;
        explanation.gmvFen += shares[i]!;
        explanation.itemsSold += line.quantity;
      });
      if (inOrder) explanation.paidOrders++;
    }
    rows.get(marker.productId!)!.explanations.push(explanation);
  }

  const list = [...rows.values()];
  for (const row of list) row.refundRate = ratio(row.refundFen, row.gmvFen);
  return list.sort((a, b) => b.gmvFen - a.gmvFen || b.clicks - a.clicks || a.productId.localeCompare(b.productId));
}

/** A shift as anchor_shifts keeps it; `endAt` null while still on air. */
export interface Shift {
  anchor: string;
  userId: string | null;
  startAt: number;
  endAt: number | null;
}

export interface AnchorsInput {
  shifts: readonly Shift[];
  /** the show's anchors as live_sessions lists them */
  showAnchors: readonly { name: string; userId?: string | undefined }[];
  window: LiveWindow;
  presence: Presence;
  orders: ReadonlyMap<string, PaidOrder>;
}

/**
 * What each anchor's time on air brought. Shifts are clipped to the window (one still on air ends with the
 * show); without any shift every anchor of the show is credited with the whole window. Anchors of the show
 * who never went on air are listed with zeros next to those who did.
 */
export function anchors({ shifts, showAnchors, window, presence, orders }: AnchorsInput): ReviewAnchors {
  const spans = new Map<string, { userId: string | null; periods: { startAt: number; endAt: number }[] }>();
  const periodsOf = (anchor: string, userId: string | null) => {
    let entry = spans.get(anchor);
    if (!entry) spans.set(anchor, (entry = { userId, periods: [] }));
    entry.userId ??= userId;
    return entry.periods;
  };
  const source = shifts.length > 0 ? 'shifts' : 'whole_show';
  if (source === 'shifts') {
    for (const shift of [...shifts].sort((a, b) => a.startAt - b.startAt)) {
      const startAt = Math.max(shift.startAt, window.startAt);
      const endAt = Math.min(shift.endAt ?? window.endAt, window.endAt);
      const periods = periodsOf(shift.anchor, shift.userId);
      if (startAt < endAt) periods.push({ startAt, endAt });
    }
  }
  for (const anchor of showAnchors) {
    const periods = periodsOf(anchor.name, anchor.userId ?? null);
    if (source === 'whole_show' && window.startAt < window.endAt) periods.push({ ...window });
  }

  return {
    source,
    anchors: [...spans].map(([anchor, { userId, periods }]): ReviewAnchor => {
      const onAir = merged(periods);
      const during = (t: number) => onAir.some((p) => p.startAt <= t && t < p.endAt);
      const onAirMs = onAir.reduce((sum, p) => sum + p.endAt - p.startAt, 0);
      let gmvFen = 0;
      let paidOrders = 0;
      const buyers = new Set<string>();
      for (const order of orders.values()) {
        if (!during(order.ts)) continue;
        gmvFen += order.amountFen;
        paidOrders++;
        buyers.add(order.identity);
      }
      let viewers = 0;
      for (const visits of presence.values()) {
        if (visits.some((v) => v.leave > v.enter && onAir.some((p) => v.enter < p.endAt && v.leave > p.startAt))) viewers++;
      }
      return {
        anchor,
        userId,
        onAirSeconds: onAirMs / 1000,
        gmvFen,
        paidOrders,
        gmvPerHourFen: onAirMs === 0 ? null : Math.round((gmvFen * 3_600_000) / onAirMs),
        viewers,
        buyers: buyers.size,
        conversionRate: ratio(buyers.size, viewers),
      };
    }),
  };
}

/** Overlapping periods joined: two shifts of one anchor that overlap count their common time once. */
function merged(periods: readonly { startAt: number; endAt: number }[]): { startAt: number; endAt: number }[] {
  const out: { startAt: number; endAt: number }[] = [];
  for (const p of [...periods].sort((a, b) => a.startAt - b.startAt)) {
    const last = out.at(-1);
    if (last && p.startAt <= last.endAt) last.endAt = Math.max(last.endAt, p.endAt);
    else out.push({ ...p });
  }
  return out;
}

/**
 * The minutes with the most comments, likes and shares (the earlier first when equal; minutes without any
 * are never peaks), with what was happening then and what the audience wrote.
 */
export function peaks(perMinute: readonly MinuteBucket[], markers: readonly MetricMarker[], comments: readonly DanmakuComment[], window: LiveWindow): ReviewPeak[] {
  const top = perMinute
    .map((bucket) => ({ bucket, interactions: bucket.comments + bucket.likes + bucket.shares }))
    .filter((m) => m.interactions > 0)
    .sort((a, b) => b.interactions - a.interactions || a.bucket.minute - b.bucket.minute)
    .slice(0, PEAKS);
  return top.map(({ bucket, interactions }) => {
    const from = bucket.minute;
    const to = from + MINUTE_MS;
    // A marker without an end (still open at the end, or an instant) overlaps the minutes it reaches.
    const happenings = markers.filter((m) => m.startAt < to && Math.max(m.endAt ?? window.endAt, m.startAt + 1) > from);
    const texts = comments.filter((c) => minuteOf(c.ts) === from).map((c) => c.text);
    return {
      minute: from,
      interactions,
      comments: bucket.comments,
      likes: bucket.likes,
      shares: bucket.shares,
      online: bucket.online,
      gmvFen: bucket.gmvFen,
      happenings,
      keywords: keywordsOf(texts, PEAK_KEYWORDS).map((k) => k.word),
    };
  });
}

const ratio = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : numerator / denominator);
