import type { PurchaseRetentionCohort, ReviewShowRef, ShowRetentionCohort } from '@livedesk/contracts';
import { Zone, type LocalDate } from '../../lib/zone.js';

/**
 * Cohort arithmetic of retention (留存), in plain TypeScript so that it is tested without a database: the
 * repo hands over what SQL finds per person (which shows they entered; when they first and next paid).
 */

export const DAY_MS = 86_400_000;

// ---- show-based retention (看播留存)

/** Persons who entered the same shows, as indices into the org's started shows in start order. */
export interface VisitPattern {
  shows: readonly number[];
  persons: number;
}

/** `[from, to)` on a show's start; either end open when absent. */
export interface StartRange {
  from?: number | undefined;
  to?: number | undefined;
}

const inRange = (at: number, { from, to }: StartRange) => (from === undefined || at >= from) && (to === undefined || at < to);

/**
 * The indices of the cohort shows (started in `range`), first and last; null when there are none. The
 * shows are in start order, so the cohort shows are one run of them.
 */
export function cohortShowSpan(shows: readonly ReviewShowRef[], range: StartRange): { first: number; last: number } | null {
  const first = shows.findIndex((s) => s.startedAt !== null && inRange(s.startedAt, range));
  if (first < 0) return null;
  let last = first;
  while (last + 1 < shows.length && inRange(shows[last + 1]!.startedAt!, range)) last++;
  return { first, last };
}

/**
 * One cohort per show started in `range`: the persons whose first show it is, and how many of them came
 * back to each of the next `periods` shows of the org (only those that have happened). A person counts
 * in every later show they entered, whatever they skipped in between.
 */
export function showCohorts(
  shows: readonly ReviewShowRef[],
  patterns: Iterable<VisitPattern>,
  periods: number,
  range: StartRange,
): ShowRetentionCohort[] {
  const span = cohortShowSpan(shows, range);
  if (span === null) return [];
  const size = new Map<number, number>();
  const returned = new Map<number, number[]>();
  for (const { shows: seen, persons } of patterns) {
    if (seen.length === 0) continue;
    const cohort = Math.min(...seen);
    if (cohort < span.first || cohort > span.last) continue;
    size.set(cohort, (size.get(cohort) ?? 0) + persons);
    let counts = returned.get(cohort);
    if (!counts) returned.set(cohort, (counts = new Array<number>(periods + 1).fill(0)));
    for (const show of new Set(seen)) {
      const period = show - cohort;
      if (period >= 1 && period <= periods) counts[period]! += persons;
    }
  }

  const cohorts: ShowRetentionCohort[] = [];
  for (let i = span.first; i <= span.last; i++) {
    const members = size.get(i) ?? 0;
    const counts = returned.get(i);
    const later = shows.slice(i + 1, i + 1 + periods);
    cohorts.push({
      show: shows[i]!,
      size: members,
      returned: later.map((show, k) => {
        const count = counts?.[k + 1] ?? 0;
        return { period: k + 1, show, count, rate: ratio(count, members) };
      }),
    });
  }
  return cohorts;
}

// ---- purchase retention (复购留存)

/** A buyer's first paid order and their next one (another order id; null when none yet), epoch ms. */
export interface BuyerPayments {
  firstPaidAt: number;
  nextPaidAt: number | null;
}

export type CohortUnit = 'day' | 'week' | 'month';

export interface PurchaseCohortSpec {
  unit: CohortUnit;
  /** the org's IANA time zone: cohorts start at its local midnights */
  timeZone: string;
  /** day counts N, ascending */
  days: readonly number[];
  now: number;
}

/**
 * Buyers by the day, week (from Monday) or month of their first payment, in the org's time zone; per N,
 * those who paid another order at most N × 24 h after the first (one at the same ms included: the first
 * is the earliest, so the next is never before it). A cohort is mature for N once its last buyer has had
 * those N days. Only cohorts with buyers are listed, oldest first.
 */
export function purchaseCohorts(buyers: Iterable<BuyerPayments>, spec: PurchaseCohortSpec): PurchaseRetentionCohort[] {
  interface Tally {
    size: number;
    latestFirst: number;
    repurchased: number[];
  }
  const tallies = new Map<number, Tally>();
  const startOf = cohortStarts(spec.unit, spec.timeZone);
  for (const buyer of buyers) {
    const start = startOf(buyer.firstPaidAt);
    let tally = tallies.get(start);
    if (!tally) tallies.set(start, (tally = { size: 0, latestFirst: buyer.firstPaidAt, repurchased: spec.days.map(() => 0) }));
    tally.size++;
    tally.latestFirst = Math.max(tally.latestFirst, buyer.firstPaidAt);
    if (buyer.nextPaidAt === null) continue;
    const gap = buyer.nextPaidAt - buyer.firstPaidAt;
    spec.days.forEach((n, i) => {
      if (gap <= n * DAY_MS) tally.repurchased[i]!++;
    });
  }
  return [...tallies]
    .sort(([a], [b]) => a - b)
    .map(([cohortStart, tally]) => ({
      cohortStart,
      size: tally.size,
      repurchased: spec.days.map((days, i) => ({
        days,
        count: tally.repurchased[i]!,
        rate: ratio(tally.repurchased[i]!, tally.size),
        mature: tally.latestFirst + days * DAY_MS <= spec.now,
      })),
    }));
}

const ratio = (count: number, of: number): number | null => (of === 0 ? null : count / of);

// ---- local calendar of a time zone


/**
 * A function from an instant to the start of its day, week (Monday) or month in `timeZone`, epoch ms.
 * Buyers come in their thousands, so the formatter is made once and starts are cached per local day.
 */
export function cohortStarts(unit: CohortUnit, timeZone: string): (at: number) => number {
  const zone = new Zone(timeZone);
  const byDay = new Map<string, number>();
  return (at) => {
    const local = zone.date(at);
    const key = `${local.year}-${local.month}-${local.day}`;
    let start = byDay.get(key);
    if (start === undefined) byDay.set(key, (start = zone.midnight(firstDayOf(unit, local))));
    return start;
  };
}

function firstDayOf(unit: CohortUnit, date: LocalDate): LocalDate {
  if (unit === 'day') return date;
  if (unit === 'month') return { ...date, day: 1 };
  const civil = new Date(Date.UTC(date.year, date.month - 1, date.day));
  // getUTCDay: 0 is Sunday; weeks start on Monday
  civil.setUTCDate(civil.getUTCDate() - ((civil.getUTCDay() + 6) % 7));
  return { year: civil.getUTCFullYear(), month: civil.getUTCMonth() + 1, day: civil.getUTCDate() };
}
