import { AlertCondition, type AlertConditionInput, type AlertMetric, type MinuteBucket } from '@livedesk/contracts';
import { describe, expect, it } from 'vitest';
import { completeMinutes, median, MINUTE_MS, robustZ, score } from './rules.js';
import { minutesOf } from './test-kit.js';

const START = Date.UTC(2025, 5, 1, 12, 0);
const comments = (values: readonly number[]) => minutesOf(START, values, (v) => ({ comments: v }));
const online = (values: readonly number[]) => minutesOf(START, values, (v) => ({ online: v }));

/** Scores the last minute of `minutes` under a condition given as the API would receive it (defaults applied). */
function last(metric: AlertMetric, condition: AlertConditionInput, minutes: MinuteBucket[], pastShows?: MinuteBucket[][]) {
  return score({ metric, condition: AlertCondition.parse(condition), minutes, at: minutes.length - 1, ...(pastShows ? { pastShows } : {}) });
}

const repeat = (values: readonly number[], times: number) => Array.from({ length: times }, () => values).flat();

describe('the filling minute', () => {
  it('is never among the minutes scored', () => {
    const minutes = online([120, 118, 0]);
    const complete = completeMinutes({ minutes, fillingMinute: START + 2 * MINUTE_MS });
    expect(complete.map((m) => m.online)).toEqual([120, 118]);
    // The still-filling minute reads 0 and would cross the threshold; the last complete one does not.
    expect(last('online', { kind: 'threshold', op: '<', value: 50 }, complete)).toMatchObject({ fired: false, value: 118 });
    expect(last('online', { kind: 'threshold', op: '<', value: 50 }, minutes)?.fired).toBe(true);
  });

  it('is absent once the show has ended: every minute is complete', () => {
    expect(completeMinutes({ minutes: online([1, 2, 3]), fillingMinute: null })).toHaveLength(3);
  });
});

describe('threshold', () => {
  it('compares the minute with the value, boundary included only by <= and >=', () => {
    const minutes = comments([5, 50]);
    expect(last('comments', { kind: 'threshold', op: '>', value: 50 }, minutes)?.fired).toBe(false);
    expect(last('comments', { kind: 'threshold', op: '>=', value: 50 }, minutes)?.fired).toBe(true);
    expect(last('comments', { kind: 'threshold', op: '<', value: 50 }, minutes)?.fired).toBe(false);
    expect(last('comments', { kind: 'threshold', op: '<=', value: 50 }, minutes)).toEqual({
      fired: true,
      value: 50,
      finding: { kind: 'threshold', op: '<=', threshold: 50 },
    });
  });
});

describe('drop against the previous 10 minutes', () => {
  it('needs 20 complete minutes', () => {
    expect(last('comments', { kind: 'drop', dropPct: 10 }, comments(repeat([30], 19)))).toBeNull();
  });

  it('compares sums and fires from exactly dropPct', () => {
    // 10 × 30 = 300, then 10 × 15 = 150: a 50 % fall.
    const minutes = comments([...repeat([30], 10), ...repeat([15], 10)]);
    expect(last('comments', { kind: 'drop', dropPct: 50 }, minutes)).toEqual({
      fired: true,
      value: 150,
      finding: { kind: 'drop', current: 150, previous: 300, fallPct: 50 },
    });
    expect(last('comments', { kind: 'drop', dropPct: 51 }, minutes)?.fired).toBe(false);
  });

  it('compares averages for online, a head count', () => {
    const minutes = online([...repeat([200, 400], 5), ...repeat([100], 10)]);
    expect(last('online', { kind: 'drop', dropPct: 60 }, minutes)).toEqual({
      fired: true,
      value: 100,
      finding: { kind: 'drop', current: 100, previous: 300, fallPct: (200 / 300) * 100 },
    });
  });

  it('stays quiet below the low-count floor (earlier window under minCount a minute)', () => {
    const minutes = comments([...repeat([8], 10), ...repeat([0], 10)]);
    expect(last('comments', { kind: 'drop', dropPct: 50 }, minutes)?.fired).toBe(false);
    expect(last('comments', { kind: 'drop', dropPct: 50, minCount: 5 }, minutes)?.fired).toBe(true);
  });
});

describe('robust z-score', () => {
  it('is (x − median) / (1.4826 · MAD)', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    // median 100, deviations 10, 0, 10 → MAD 10
    expect(robustZ(70, [90, 100, 110])).toEqual({ median: 100, mad: 10, z: expect.closeTo(-30 / 14.826, 12) });
    expect(robustZ(5, [40, 40, 40]).z).toBeNull();
  });

  it('session baseline: a collapse against the show\'s own last 30 minutes fires, an ordinary minute does not', () => {
    const history = repeat([90, 100, 110], 10); // 30 minutes: median 100, MAD 10
    const collapse = last('comments', { kind: 'zscore', baseline: 'session' }, comments([...history, 40]));
    expect(collapse).toEqual({
      fired: true,
      value: 40,
      finding: { kind: 'zscore', baseline: 'session', median: 100, mad: 10, z: expect.closeTo(-60 / 14.826, 12), points: 30 },
    });
    expect(last('comments', { kind: 'zscore', baseline: 'session' }, comments([...history, 105]))?.fired).toBe(false);
  });

  it('looks back at most 30 minutes', () => {
    // Older minutes were ten times busier; only the last 30 count.
    const minutes = comments([...repeat([1000], 20), ...repeat([90, 100, 110], 10), 100]);
    expect(last('comments', { kind: 'zscore', baseline: 'session' }, minutes)).toMatchObject({ finding: { median: 100, points: 30 } });
  });

  it('needs 6 baseline points', () => {
    expect(last('comments', { kind: 'zscore', baseline: 'session' }, comments([100, 100, 100, 100, 100, 0]))).toBeNull();
    expect(last('comments', { kind: 'zscore', baseline: 'session' }, comments([100, 100, 100, 100, 100, 100, 0]))?.fired).toBe(true);
  });

  it('the low-count floor keeps a noisy small room quiet', () => {
    // A room of a few comments a minute: a 12 is a huge z, but a median of 3 is below the floor of 20.
    const minutes = comments([...repeat([2, 3, 4], 10), 12]);
    const scored = last('comments', { kind: 'zscore', baseline: 'session' }, minutes);
    expect(scored?.finding).toMatchObject({ median: 3, mad: 1 });
    expect(Math.abs((scored?.finding as { z: number }).z)).toBeGreaterThan(3.5);
    expect(scored?.fired).toBe(false);
    expect(last('comments', { kind: 'zscore', baseline: 'session', minCount: 3 }, minutes)?.fired).toBe(true);
  });

  it('the floor also asks for a move of at least 50 %', () => {
    // Very steady (MAD 1): 130 is z ≈ 20, but only 30 % above the median of 100.
    const steady = repeat([99, 100, 101], 10);
    expect(last('comments', { kind: 'zscore', baseline: 'session' }, comments([...steady, 130]))?.fired).toBe(false);
    expect(last('comments', { kind: 'zscore', baseline: 'session' }, comments([...steady, 150]))?.fired).toBe(true);
  });

  it('a flat baseline (MAD = 0) needs an absolute and a relative change', () => {
    const flat = repeat([30], 30);
    const flatRule = { kind: 'zscore', baseline: 'session', minCount: 25 } as const;
    expect(last('comments', flatRule, comments([...flat, 30]))).toMatchObject({ fired: false, finding: { z: null, mad: 0 } });
    // +20 is 66 % but under the absolute 25
    expect(last('comments', flatRule, comments([...flat, 50]))?.fired).toBe(false);
    // +26 is both
    expect(last('comments', flatRule, comments([...flat, 56]))).toMatchObject({ fired: true, finding: { z: null } });
    // −14 clears the absolute 10 but is 47 % of the median, under half; a fall to 0 is both
    expect(last('comments', { ...flatRule, minCount: 10 }, comments([...flat, 16]))?.fired).toBe(false);
    expect(last('comments', { ...flatRule, minCount: 10 }, comments([...flat, 0]))?.fired).toBe(true);
  });

  it('direction limits the alert to falls or rises', () => {
    const history = repeat([90, 100, 110], 10);
    expect(last('comments', { kind: 'zscore', baseline: 'session', direction: 'up' }, comments([...history, 20]))?.fired).toBe(false);
    expect(last('comments', { kind: 'zscore', baseline: 'session', direction: 'down' }, comments([...history, 20]))?.fired).toBe(true);
    expect(last('comments', { kind: 'zscore', baseline: 'session', direction: 'down' }, comments([...history, 300]))?.fired).toBe(false);
  });

  it('past-shows baseline: the same minute after the start in earlier shows', () => {
    const earlier = (atFive: number) => minutesOf(Date.UTC(2025, 4, 1, 20, 0), [500, 500, 500, 500, 500, atFive, 500], (v) => ({ paidOrders: v }));
    const past = [90, 95, 100, 100, 105, 110].map(earlier);
    // This show, 5 minutes in: minute 5 has 30 orders; its own earlier minutes (500) play no part.
    const tonight = minutesOf(START, [500, 500, 500, 500, 500, 30], (v) => ({ paidOrders: v }));
    const scored = last('paidOrders', { kind: 'zscore', baseline: 'past_shows' }, tonight, past);
    expect(scored).toMatchObject({ fired: true, value: 30, finding: { baseline: 'past_shows', median: 100, mad: 5, points: 6 } });

    // A show too short to have a minute 5 is no point, and five points are not enough.
    const short = minutesOf(Date.UTC(2025, 4, 2, 20, 0), [100, 100, 100], (v) => ({ paidOrders: v }));
    expect(last('paidOrders', { kind: 'zscore', baseline: 'past_shows' }, tonight, [...past.slice(0, 5), short])).toBeNull();
  });
});
