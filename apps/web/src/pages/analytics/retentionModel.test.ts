import type { PurchaseRetention, ReviewShowRef, ShowRetention } from '@livedesk/contracts';
import dayjs, { type Dayjs } from 'dayjs';
import { describe, expect, it } from 'vitest';
import { averageCurve, heatStyle, isEmptyTable, purchaseTable, showTable, topRate, wholeCohorts } from './retentionModel';

const show = (i: number): ReviewShowRef => ({ liveSessionId: `s${i}`, title: `第 ${i} 场`, startedAt: i * 1000, endedAt: null });
const showText = { period: (n: number) => `+${n}`, when: (at: number) => `t${at}` };

const shows: ShowRetention = {
  periods: 2,
  cohorts: [
    { show: show(0), size: 4, returned: [{ period: 1, show: show(1), count: 2, rate: 0.5 }, { period: 2, show: show(2), count: 1, rate: 0.25 }] },
    { show: show(1), size: 0, returned: [{ period: 1, show: show(2), count: 0, rate: null }] },
    { show: show(2), size: 6, returned: [] },
  ],
};

describe('show retention table', () => {
  it('lays out one row per cohort show, a cell per period that happened', () => {
    const table = showTable(shows, showText);
    expect(table.columns).toEqual(['+1', '+2']);
    expect(table.rows.map((r) => [r.label, r.sublabel, r.size, r.cells.map((c) => c && [c.count, c.rate, c.detail])])).toEqual([
      ['第 0 场', 't0', 4, [[2, 0.5, '第 1 场 · t1000'], [1, 0.25, '第 2 场 · t2000']]],
      ['第 1 场', 't1000', 0, [[0, null, '第 2 场 · t2000'], null]],
      ['第 2 场', 't2000', 6, [null, null]],
    ]);
  });

  it('averages each period over the cohorts that reached it, weighted by size', () => {
    const table = showTable(shows, showText);
    // the last cohort (6 people) has no later show yet: it must not dilute the average
    expect(averageCurve(table)).toEqual([2 / 4, 1 / 4]);
    expect(topRate(table)).toBe(0.5);
    expect(isEmptyTable(table)).toBe(false);
    expect(isEmptyTable(showTable({ periods: 2, cohorts: [shows.cohorts[1]!] }, showText))).toBe(true);
  });
});

describe('purchase retention table', () => {
  const data: PurchaseRetention = {
    cohort: 'week',
    days: [7, 30],
    cohorts: [
      { cohortStart: 1, size: 10, repurchased: [{ days: 7, count: 2, rate: 0.2, mature: true }, { days: 30, count: 4, rate: 0.4, mature: true }] },
      { cohortStart: 2, size: 30, repurchased: [{ days: 7, count: 3, rate: 0.1, mature: true }, { days: 30, count: 3, rate: 0.1, mature: false }] },
    ],
  };

  it('leaves cohorts still inside a window out of that window\'s average', () => {
    const table = purchaseTable(data, { period: (n) => `${n}d`, cohort: (start) => `w${start}` });
    expect(table.columns).toEqual(['7d', '30d']);
    expect(table.rows.map((r) => [r.label, r.size, r.cells.map((c) => c?.mature)])).toEqual([['w1', 10, [true, true]], ['w2', 30, [true, false]]]);
    expect(averageCurve(table)).toEqual([5 / 40, 4 / 10]);
  });
});

describe('heat style', () => {
  const alpha = (background: string) => Number(/, ([\d.]+)\)$/.exec(background)![1]);

  it('deepens with the rate relative to the top rate and turns the text white on deep cells', () => {
    const low = heatStyle(0.01, 0.2);
    const top = heatStyle(0.2, 0.2);
    expect(alpha(low.backgroundColor)).toBeLessThan(0.15);
    expect(low.color).toBe('#1d2129');
    expect(alpha(top.backgroundColor)).toBe(0.9);
    expect(top.color).toBe('#ffffff');
    expect(alpha(heatStyle(0, 0).backgroundColor)).toBe(0.06);
  });

  it('greys out a cell without a rate', () => {
    expect(heatStyle(null, 0.5)).toEqual({ backgroundColor: '#f7f8fa', color: '#86909c' });
  });
});

describe('whole cohorts', () => {
  const range = (a: string, b: string): [Dayjs, Dayjs] => [dayjs(a), dayjs(b)];
  const days = ([a, b]: [Dayjs, Dayjs]) => [a.format('YYYY-MM-DD'), b.format('YYYY-MM-DD')];

  it('widens the picked days to Monday-to-Sunday weeks and whole months', () => {
    // Tuesday 8 Sep 2026 to Sunday 6 Dec 2026
    expect(days(wholeCohorts(range('2026-09-08', '2026-12-06'), 'week'))).toEqual(['2026-09-07', '2026-12-06']);
    // a Sunday start belongs to the week from the Monday before; a Monday end runs to its Sunday
    expect(days(wholeCohorts(range('2026-09-06', '2026-09-07'), 'week'))).toEqual(['2026-08-31', '2026-09-13']);
    expect(days(wholeCohorts(range('2026-02-10', '2026-03-01'), 'month'))).toEqual(['2026-02-01', '2026-03-31']);
    expect(days(wholeCohorts(range('2026-02-10', '2026-03-01'), 'day'))).toEqual(['2026-02-10', '2026-03-01']);
  });
});
