import type { ReviewShowRef } from '@livedesk/contracts';
import { describe, expect, it } from 'vitest';
import { DAY_MS, cohortStarts, purchaseCohorts, showCohorts, type BuyerPayments, type VisitPattern } from './engine.js';

const H = 3_600_000;

describe('show-based retention', () => {
  // Six shows, one a day from 1 March 2026 (UTC), each an hour long.
  const shows: ReviewShowRef[] = Array.from({ length: 6 }, (_, i) => {
    const startedAt = Date.UTC(2026, 2, 1) + i * DAY_MS;
    return { liveSessionId: `s${i}`, title: `第 ${i} 场`, startedAt, endedAt: startedAt + H };
  });
  const person = (...seen: number[]): VisitPattern => ({ shows: seen, persons: 1 });
  const people = [
    person(0, 1, 2), // a: back for the next two shows
    person(0, 2), // b: skips s1, back two shows later
    person(1, 4), // c: back three shows later
    person(1), // d: never back
    person(0), // e: never back
    person(3, 5), // f: back two shows later, at the last show
  ];
  const table = (periods: number, range = {}) =>
    showCohorts(shows, people, periods, range).map((c) => [c.show.liveSessionId, c.size, c.returned.map((r) => [r.show.liveSessionId, r.count, r.rate])]);

  it('puts each person in the cohort of their first show and counts them in every later show they entered', () => {
    expect(table(3)).toEqual([
      ['s0', 3, [['s1', 1, 1 / 3], ['s2', 2, 2 / 3], ['s3', 0, 0]]],
      ['s1', 2, [['s2', 0, 0], ['s3', 0, 0], ['s4', 1, 0.5]]],
      // nobody's first show: rates are unknown, not 0
      ['s2', 0, [['s3', 0, null], ['s4', 0, null], ['s5', 0, null]]],
      ['s3', 1, [['s4', 0, 0], ['s5', 1, 1]]],
      // later shows that have not happened are left out
      ['s4', 0, [['s5', 0, null]]],
      ['s5', 0, []],
    ]);
    expect(showCohorts(shows, people, 3, {})[0]!.returned.map((r) => r.period)).toEqual([1, 2, 3]);
  });

  it('stops at `periods` shows after the cohort show', () => {
    expect(table(1).slice(0, 2)).toEqual([
      ['s0', 3, [['s1', 1, 1 / 3]]],
      ['s1', 2, [['s2', 0, 0]]],
    ]);
  });

  it('lists the shows started in [from, to), their members still decided by the first show of all', () => {
    // a entered s1 too, but is in s0's cohort, which is out of range
    expect(table(2, { from: shows[1]!.startedAt!, to: shows[3]!.startedAt! })).toEqual([
      ['s1', 2, [['s2', 0, 0], ['s3', 0, 0]]],
      ['s2', 0, [['s3', 0, null], ['s4', 0, null]]],
    ]);
    expect(table(2, { from: shows[5]!.startedAt! + 1 })).toEqual([]);
    expect(table(2, { to: shows[0]!.startedAt! })).toEqual([]);
  });

  it('weighs patterns by their persons and counts a show once per pattern', () => {
    const cohorts = showCohorts(shows, [{ shows: [2, 3, 3], persons: 4 }, { shows: [2], persons: 6 }], 1, { from: shows[2]!.startedAt! });
    expect(cohorts[0]).toMatchObject({ size: 10, returned: [{ period: 1, count: 4, rate: 0.4 }] });
  });
});

describe('cohort starts in a time zone', () => {
  it('starts days, weeks (Monday) and months at local midnight of Asia/Shanghai (UTC+8, no DST)', () => {
    const day = cohortStarts('day', 'Asia/Shanghai');
    const week = cohortStarts('week', 'Asia/Shanghai');
    const month = cohortStarts('month', 'Asia/Shanghai');
    // Sunday 4 Jan 2026, 23:30 in Shanghai: the same UTC day as the next instant, but another local day and week
    const sundayNight = Date.parse('2026-01-04T15:30:00Z');
    const mondayMorning = Date.parse('2026-01-04T16:10:00Z');
    expect(day(sundayNight)).toBe(Date.parse('2026-01-03T16:00:00Z'));
    expect(day(mondayMorning)).toBe(Date.parse('2026-01-04T16:00:00Z'));
    expect(week(sundayNight)).toBe(Date.parse('2025-12-28T16:00:00Z'));
    expect(week(mondayMorning)).toBe(Date.parse('2026-01-04T16:00:00Z'));
    expect(week(Date.parse('2026-01-04T16:00:00Z'))).toBe(Date.parse('2026-01-04T16:00:00Z'));
    expect(week(Date.parse('2026-01-04T15:59:59.999Z'))).toBe(Date.parse('2025-12-28T16:00:00Z'));
    // the last ms of 2025 in Shanghai, and the first of 2026
    expect(month(Date.parse('2025-12-31T15:59:59.999Z'))).toBe(Date.parse('2025-11-30T16:00:00Z'));
    expect(month(Date.parse('2025-12-31T16:00:00Z'))).toBe(Date.parse('2025-12-31T16:00:00Z'));
  });

  it('follows DST: Europe/Berlin days of 23 and 25 hours, and America/Santiago, whose clocks skip midnight', () => {
    const berlin = cohortStarts('day', 'Europe/Berlin');
    expect(berlin(Date.parse('2026-03-29T12:00:00Z'))).toBe(Date.parse('2026-03-28T23:00:00Z'));
    expect(berlin(Date.parse('2026-03-30T12:00:00Z'))).toBe(Date.parse('2026-03-29T22:00:00Z'));
    expect(berlin(Date.parse('2026-10-25T22:59:59Z'))).toBe(Date.parse('2026-10-24T22:00:00Z'));
    expect(cohortStarts('week', 'Europe/Berlin')(Date.parse('2026-03-31T12:00:00Z'))).toBe(Date.parse('2026-03-29T22:00:00Z'));
    // 6 Sep 2026: 00:00 (UTC−4) becomes 01:00 (UTC−3), the day's first instant
    const santiago = cohortStarts('day', 'America/Santiago');
    expect(santiago(Date.parse('2026-09-06T12:00:00Z'))).toBe(Date.parse('2026-09-06T04:00:00Z'));
    expect(santiago(Date.parse('2026-09-06T03:59:59Z'))).toBe(Date.parse('2026-09-05T04:00:00Z'));
  });
});

describe('purchase retention', () => {
  const at = (iso: string) => Date.parse(iso);
  const buyer = (first: string, nextAfterMs: number | null): BuyerPayments => ({
    firstPaidAt: at(first),
    nextPaidAt: nextAfterMs === null ? null : at(first) + nextAfterMs,
  });
  const weekOf4Jan = at('2026-01-04T16:00:00Z'); // Monday 5 Jan 2026, Shanghai
  const buyers = [
    buyer('2026-01-04T15:30:00Z', 7 * DAY_MS), // Sunday night in Shanghai: the week before; again exactly 7 days later
    buyer('2026-01-04T16:10:00Z', 7 * DAY_MS + 1), // 1 ms past 7 days
    buyer('2026-01-06T02:00:00Z', 0), // a second order in the same ms
    buyer('2026-01-09T10:00:00Z', null), // never again; the cohort's latest first payment
  ];
  const latest = at('2026-01-09T10:00:00Z');
  const spec = { unit: 'week' as const, timeZone: 'Asia/Shanghai', days: [7, 30] };

  it('counts, per N, the cohort buyers who paid another order within N days of their first', () => {
    expect(purchaseCohorts(buyers, { ...spec, now: latest + 30 * DAY_MS })).toEqual([
      {
        cohortStart: at('2025-12-28T16:00:00Z'),
        size: 1,
        repurchased: [{ days: 7, count: 1, rate: 1, mature: true }, { days: 30, count: 1, rate: 1, mature: true }],
      },
      {
        cohortStart: weekOf4Jan,
        size: 3,
        repurchased: [{ days: 7, count: 1, rate: 1 / 3, mature: true }, { days: 30, count: 2, rate: 2 / 3, mature: true }],
      },
    ]);
  });

  it('calls a cohort mature for N once its latest buyer has had N days', () => {
    const maturity = (now: number) => purchaseCohorts(buyers, { ...spec, now })[1]!.repurchased.map((r) => r.mature);
    expect(maturity(latest + 7 * DAY_MS - 1)).toEqual([false, false]);
    expect(maturity(latest + 7 * DAY_MS)).toEqual([true, false]);
    expect(maturity(latest + 30 * DAY_MS - 1)).toEqual([true, false]);
    // the week before is mature already: its only buyer paid first days earlier
    expect(purchaseCohorts(buyers, { ...spec, now: latest + 7 * DAY_MS - 1 })[0]!.repurchased.map((r) => r.mature)).toEqual([true, false]);
  });

  it('cuts cohorts by local day and month too', () => {
    const byDay = purchaseCohorts(buyers, { ...spec, unit: 'day', now: latest });
    expect(byDay.map((c) => [c.cohortStart, c.size])).toEqual([
      [at('2026-01-03T16:00:00Z'), 1],
      [at('2026-01-04T16:00:00Z'), 1],
      [at('2026-01-05T16:00:00Z'), 1],
      [at('2026-01-08T16:00:00Z'), 1],
    ]);
    const byMonth = purchaseCohorts(buyers, { ...spec, unit: 'month', now: latest });
    expect(byMonth.map((c) => [c.cohortStart, c.size, c.repurchased.map((r) => r.count)])).toEqual([[at('2025-12-31T16:00:00Z'), 4, [2, 3]]]);
    expect(purchaseCohorts([], { ...spec, now: latest })).toEqual([]);
  });
});
