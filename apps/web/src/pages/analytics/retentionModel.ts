import type { PurchaseRetention, ShowRetention } from '@livedesk/contracts';
import type { Dayjs } from 'dayjs';

/** One cell of a cohort table: members of the cohort who came back (or bought again) in that period. */
export interface RetentionCell {
  count: number;
  /** null when the cohort has no members */
  rate: number | null;
  /** false while some of the cohort have not had the whole period yet: the rate is still rising */
  mature: boolean;
  /** what the period is for this cohort (the later show's title and time), for the cell's tooltip */
  detail: string | null;
}

export interface RetentionRow {
  key: string;
  label: string;
  sublabel: string | null;
  size: number;
  /** one per column; null where the period has not happened for this cohort */
  cells: (RetentionCell | null)[];
}

export interface RetentionTable {
  /** the periods' headings, in column order */
  columns: string[];
  rows: RetentionRow[];
}

/** The texts a table needs, given by the page (translated, in the org's time zone). */
export interface ShowTableText {
  period: (n: number) => string;
  when: (epochMs: number) => string;
}

export function showTable(data: ShowRetention, text: ShowTableText): RetentionTable {
  return {
    columns: Array.from({ length: data.periods }, (_, i) => text.period(i + 1)),
    rows: data.cohorts.map((cohort) => {
      const cells: (RetentionCell | null)[] = new Array<RetentionCell | null>(data.periods).fill(null);
      for (const r of cohort.returned) {
        const when = r.show.startedAt === null ? '' : ` · ${text.when(r.show.startedAt)}`;
        cells[r.period - 1] = { count: r.count, rate: r.rate, mature: true, detail: `${r.show.title}${when}` };
      }
      return {
        key: cohort.show.liveSessionId,
        label: cohort.show.title,
        sublabel: cohort.show.startedAt === null ? null : text.when(cohort.show.startedAt),
        size: cohort.size,
        cells,
      };
    }),
  };
}

export interface PurchaseTableText {
  period: (days: number) => string;
  cohort: (cohortStart: number) => string;
}

export function purchaseTable(data: PurchaseRetention, text: PurchaseTableText): RetentionTable {
  return {
    columns: data.days.map(text.period),
    rows: data.cohorts.map((cohort) => ({
      key: String(cohort.cohortStart),
      label: text.cohort(cohort.cohortStart),
      sublabel: null,
      size: cohort.size,
      cells: cohort.repurchased.map((r) => ({ count: r.count, rate: r.rate, mature: r.mature, detail: null })),
    })),
  };
}

/** True when no cohort has a member: nothing to show but the empty state. */
export const isEmptyTable = (table: RetentionTable): boolean => table.rows.every((row) => row.size === 0);

/**
 * The average curve: per column, everyone who came back ÷ everyone who could have, over the cohorts
 * whose period has happened and is complete (a young cohort would drag the curve down). null where no
 * cohort qualifies.
 */
export function averageCurve(table: RetentionTable): (number | null)[] {
  return table.columns.map((_, i) => {
    let count = 0;
    let size = 0;
    for (const row of table.rows) {
      const cell = row.cells[i];
      if (!cell || !cell.mature || row.size === 0) continue;
      count += cell.count;
      size += row.size;
    }
    return size === 0 ? null : count / size;
  });
}

/** The highest rate in the table, which the heat scale tops out at. */
export function topRate(table: RetentionTable): number {
  let top = 0;
  for (const row of table.rows) for (const cell of row.cells) if (cell?.rate != null) top = Math.max(top, cell.rate);
  return top;
}

const HEAT_RGB = '22, 100, 255';
const MIN_ALPHA = 0.06;
const MAX_ALPHA = 0.9;
/** From this background strength on, dark text loses contrast: it turns white. */
const LIGHT_TEXT_FROM = 0.5;

export interface HeatStyle {
  backgroundColor: string;
  color: string;
}

/**
 * A cell's colours: the brand blue, stronger with the rate relative to the table's top rate (retention
 * rates are often a few percent; an absolute scale would leave every cell pale).
 */
export function heatStyle(rate: number | null, top: number): HeatStyle {
  if (rate === null) return { backgroundColor: '#f7f8fa', color: '#86909c' };
  const alpha = MIN_ALPHA + (MAX_ALPHA - MIN_ALPHA) * (top > 0 ? Math.min(1, rate / top) : 0);
  return { backgroundColor: `rgba(${HEAT_RGB}, ${alpha.toFixed(3)})`, color: alpha >= LIGHT_TEXT_FROM ? '#ffffff' : '#1d2129' };
}

/**
 * Picked days widened to whole cohorts (weeks from Monday, months), so that the first and last cohort
 * rows hold every buyer their label promises rather than the part of them inside the picked days.
 */
export function wholeCohorts([first, last]: [Dayjs, Dayjs], unit: PurchaseRetention['cohort']): [Dayjs, Dayjs] {
  if (unit === 'month') return [first.startOf('month'), last.endOf('month').startOf('day')];
  if (unit === 'day') return [first, last];
  const monday = (day: Dayjs) => day.subtract((day.day() + 6) % 7, 'day');
  return [monday(first), monday(last).add(6, 'day')];
}
