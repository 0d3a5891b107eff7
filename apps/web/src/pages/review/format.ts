import { metricDefinitions, type MetricGroup, type MetricId, type ReviewRevision } from '@livedesk/contracts';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/** The registry's groups in the order the overview shows them (the big screen's: money and people first). */
export const metricGroupOrder: readonly MetricGroup[] = ['value', 'traffic', 'conversion', 'interaction', 'customers', 'aftersales'];

/** Every registry metric under its group, in registry order; no metric is left out. */
export function metricsByGroup(): { group: MetricGroup; ids: MetricId[] }[] {
  return metricGroupOrder.map((group) => ({ group, ids: metricDefinitions.filter((d) => d.group === group).map((d) => d.id) }));
}

/** Metrics where a rise is bad news, so their change is coloured the other way round. */
const lowerIsBetter: ReadonlySet<MetricId> = new Set<MetricId>(['refundFen', 'refundRate']);

export type ChangeTone = 'good' | 'bad' | 'flat' | 'none';

export interface ChangeDisplay {
  arrow: '▲' | '▼' | '';
  /** the size of the change as a percentage, `12.3%`; `—` when there is nothing to compare with */
  text: string;
  tone: ChangeTone;
}

/**
 * A change as the review shows it: arrow, size and whether it is good news. Colours follow meaning, not
 * direction (a refund rate going up is red), since the Chinese red-up convention would read the other way
 * for half the metrics.
 */
export function changeDisplay(change: number | null | undefined, metric?: MetricId): ChangeDisplay {
  if (change === null || change === undefined || !Number.isFinite(change)) return { arrow: '', text: '—', tone: 'none' };
  const percent = Math.abs(change * 100);
  const text = `${percent >= 1000 ? Math.round(percent).toLocaleString() : percent.toFixed(1)}%`;
  // Below 0.05% the rounded text would read 0.0% beside an arrow.
  if (percent < 0.05) return { arrow: '', text: '0.0%', tone: 'flat' };
  const up = change > 0;
  const better = metric !== undefined && lowerIsBetter.has(metric) ? !up : up;
  return { arrow: up ? '▲' : '▼', text, tone: better ? 'good' : 'bad' };
}

/** Time shown in one zone whatever the browser's (the org's; the shared page has no org and uses the default). */
export interface ZoneTime {
  format: (epochMs: number, pattern?: string) => string;
}

export const zoneTime = (zone: string): ZoneTime => ({
  format: (epochMs, pattern = 'YYYY-MM-DD HH:mm') => dayjs(epochMs).tz(zone).format(pattern),
});

/** `from – to`, the end without its date when it is the same day. */
export function formatSpan(time: ZoneTime, from: number | null, to: number | null): string {
  if (from === null) return '—';
  const start = time.format(from, 'YYYY-MM-DD HH:mm');
  if (to === null) return start;
  const sameDay = time.format(from, 'YYYY-MM-DD') === time.format(to, 'YYYY-MM-DD');
  return `${start} – ${time.format(to, sameDay ? 'HH:mm' : 'YYYY-MM-DD HH:mm')}`;
}

/** `1:05:09` / `5:09`: a length of time at a glance, hours only when there are any. */
export function formatClock(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** The revisions newest first, the newest marked (choosing it means "the current numbers", no `?revision=`). */
export function revisionChoices(revisions: readonly ReviewRevision[]): (ReviewRevision & { latest: boolean })[] {
  const sorted = [...revisions].sort((a, b) => b.revision - a.revision);
  return sorted.map((r, index) => ({ ...r, latest: index === 0 }));
}
