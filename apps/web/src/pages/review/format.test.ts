import { metricIds } from '@livedesk/contracts';
import { describe, expect, it } from 'vitest';
import { changeDisplay, formatClock, formatSpan, metricsByGroup, revisionChoices, zoneTime } from './format';

describe('changeDisplay', () => {
  it('shows a rise with ▲ and a fall with ▼, as a percentage with one decimal', () => {
    expect(changeDisplay(0.1234, 'gmvFen')).toEqual({ arrow: '▲', text: '12.3%', tone: 'good' });
    expect(changeDisplay(-0.5, 'uv')).toEqual({ arrow: '▼', text: '50.0%', tone: 'bad' });
  });

  it('colours refunds the other way round: more refunds are bad news', () => {
    expect(changeDisplay(0.2, 'refundRate').tone).toBe('bad');
    expect(changeDisplay(-0.2, 'refundFen').tone).toBe('good');
  });

  it('has no arrow without a baseline, or for a change that rounds to nothing', () => {
    expect(changeDisplay(null, 'gmvFen')).toEqual({ arrow: '', text: '—', tone: 'none' });
    expect(changeDisplay(undefined)).toEqual({ arrow: '', text: '—', tone: 'none' });
    expect(changeDisplay(0.0004, 'gmvFen')).toEqual({ arrow: '', text: '0.0%', tone: 'flat' });
  });

  it('groups the digits of very large changes and drops their decimals', () => {
    expect(changeDisplay(123.456, 'pv').text).toBe('12,346%');
  });
});

describe('metricsByGroup', () => {
  it('places every registry metric exactly once', () => {
    const placed = metricsByGroup().flatMap((group) => group.ids);
    expect([...placed].sort()).toEqual([...metricIds].sort());
    expect(metricsByGroup()[0]?.ids).toContain('gmvFen');
  });
});

describe('time formatting', () => {
  const shanghai = zoneTime('Asia/Shanghai');
  const start = Date.UTC(2025, 4, 1, 12, 0); // 20:00 in Shanghai

  it('reads times in the given zone and leaves out the end date on the same day', () => {
    expect(formatSpan(shanghai, start, start + 90 * 60_000)).toBe('2025-05-01 20:00 – 21:30');
    expect(formatSpan(shanghai, start, start + 5 * 3_600_000)).toBe('2025-05-01 20:00 – 2025-05-02 01:00');
    expect(formatSpan(shanghai, null, null)).toBe('—');
  });

  it('writes lengths as m:ss, with hours only when there are any', () => {
    expect(formatClock(65)).toBe('1:05');
    expect(formatClock(3_725)).toBe('1:02:05');
    expect(formatClock(0)).toBe('0:00');
  });
});

describe('revisionChoices', () => {
  it('lists revisions newest first and marks only the newest', () => {
    const revision = (n: number) => ({ revision: n, asOf: n * 1000, gmvFen: 0, refundFen: 0, paidOrders: 0 });
    const choices = revisionChoices([revision(1), revision(3), revision(2)]);
    expect(choices.map((c) => [c.revision, c.latest])).toEqual([
      [3, true],
      [2, false],
      [1, false],
    ]);
  });
});
