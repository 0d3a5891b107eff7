import type { FunnelOrder, FunnelPropValue, FunnelStep } from '@livedesk/contracts';
import type { Olap, OlapParam } from '../../infra/olap/port.js';

export interface FunnelScan {
  orgId: string;
  steps: readonly FunnelStep[];
  order: FunnelOrder;
  /** `[from, to)`, epoch ms */
  from: number;
  to: number;
  liveSessionId?: string | undefined;
  breakdown?: string | undefined;
}

/** One person's events in time order (see `PersonEvents`), and their breakdown value as JSON text. */
export interface PersonRow {
  ts: Float64Array;
  masks: Uint16Array;
  /** JSON text of the breakdown prop on the person's entry event; null when absent or not asked for */
  breakdown: string | null;
}

/**
 * Events travel as one number each, `ts · 1024 + mask` (10 steps at most): one list per person, sorted by
 * DuckDB's `list_sort` (under half the cost of an ordered aggregate, and one value to convert instead of
 * two) and read back as doubles, exact while ts < 2^43 (the contract's limit on `to`). Events of one ms
 * come out by mask: the same order on every run.
 */
const MASK_SPAN = 1024;

function unpack(packed: readonly number[]): Pick<PersonRow, 'ts' | 'masks'> {
  const ts = new Float64Array(packed.length);
  const masks = new Uint16Array(packed.length);
  for (let i = 0; i < packed.length; i++) {
    const mask = packed[i]! % MASK_SPAN;
    masks[i] = mask;
    ts[i] = (packed[i]! - mask) / MASK_SPAN;
  }
  return { ts, masks };
}

/** SQL with its `?` parameters, in order. */
interface Fragment {
  sql: string;
  params: OlapParam[];
}

const join = (parts: readonly Fragment[], separator: string): Fragment => ({
  sql: parts.map((p) => p.sql).join(separator),
  params: parts.flatMap((p) => p.params),
});

/** `$."name"`: the schema refuses quotes and backslashes in prop names, so quoting is enough. */
const jsonPath = (prop: string) => `$."${prop}"`;

/**
 * Props the OLAP row also holds as columns, filled only when the prop is a string: for a string value the
 * column is the same exact match without parsing the JSON (half the cost of a product funnel's scan).
 */
const stringColumns: Readonly<Record<string, string>> = { productId: 'product_id', orderId: 'order_id' };

/**
 * An exact match: same JSON type and value, so the string "5" never matches the number 5. A string is
 * compared as JSON text, both sides written by DuckDB's one JSON writer, so in one parse of `props`.
 */
function propEquals(prop: string, value: FunnelPropValue): Fragment {
  const path = jsonPath(prop);
  if (typeof value === 'string') {
    const column = stringColumns[prop];
    if (column) return { sql: `${column} = ?`, params: [value] };
    return { sql: `json_extract(props, ?) = to_json(CAST(? AS VARCHAR))`, params: [path, value] };
  }
  if (typeof value === 'boolean') return { sql: `json_extract(props, ?) = '${value}'`, params: [path] };
  return {
    sql: `(json_type(props, ?) IN ('UBIGINT', 'BIGINT', 'DOUBLE') AND CAST(json_extract(props, ?) AS DOUBLE) = ?)`,
    params: [path, path, value],
  };
}

function stepMatch(step: FunnelStep): Fragment {
  const filters = Object.entries(step.where ?? {}).map(([prop, value]) => propEquals(prop, value));
  return join([{ sql: 'type = ?', params: [step.event] }, ...filters], ' AND ');
}

/** The steps an event matches, as bits: bit k-1 for step k. */
function stepMask(steps: readonly FunnelStep[]): Fragment {
  return join(
    steps.map((step, k) => {
      const match = stepMatch(step);
      return { sql: `CASE WHEN ${match.sql} THEN ${2 ** k} ELSE 0 END`, params: match.params };
    }),
    ' + ',
  );
}

/**
 * The events a funnel reads: every event in range for strict funnels (any other event breaks a strict
 * sequence), else only those of the steps' types.
 */
function scope(scan: FunnelScan): Fragment {
  const where: Fragment[] = [
    { sql: 'org_id = ?', params: [scan.orgId] },
    { sql: 'ts >= ? AND ts < ?', params: [scan.from, scan.to] },
  ];
  if (scan.liveSessionId !== undefined) where.push({ sql: 'live_session_id = ?', params: [scan.liveSessionId] });
  if (scan.order !== 'strict') {
    const types = [...new Set(scan.steps.map((s) => s.event))];
    where.push({ sql: `type IN (${types.map(() => '?').join(', ')})`, params: types });
  }
  return join(where, ' AND ');
}

/** The events of the scan within `(after, upTo]` of identities, each with its step mask, and `columns`. */
function scoped(scan: FunnelScan, range: Fragment, columns: Fragment[]): Fragment {
  const mask = stepMask(scan.steps);
  const select = join([{ sql: 'identity, id, ts', params: [] }, { sql: `(${mask.sql}) AS mask`, params: mask.params }, ...columns], ', ');
  const condition = join([scope(scan), range], ' AND ');
  return { sql: `SELECT ${select.sql} FROM events WHERE ${condition.sql}`, params: [...select.params, ...condition.params] };
}

/** Where a person's funnel can start: their first step, or any step when the order does not matter. */
const entryCondition = (order: FunnelOrder) => (order === 'unordered' ? 'mask <> 0' : '(mask & 1) <> 0');

/**
 * Reads funnels' events from OLAP one identity range at a time, so memory holds one chunk whatever the
 * size of the store. Persons without an entry event are left out in SQL.
 */
export class FunnelsRepo {
  constructor(private readonly olap: Olap) {}

  /**
   * The last identity of each chunk, in identity order: consecutive persons whose events add up to about
   * `eventsPerChunk` (a person is never split, so one with more events is a chunk alone). Persons are
   * those with a step-1 event, or any event of the steps' types when the order does not matter; their
   * events are counted before the other steps' filters, an upper bound that spares this pass most JSON.
   */
  async chunkEnds(scan: FunnelScan, eventsPerChunk: number): Promise<string[]> {
    const where = scope(scan);
    const entry = scan.order === 'unordered' ? { sql: 'true', params: [] } : stepMatch(scan.steps[0]!);
    const rows = await this.olap.query<{ upper: string }>(
      `WITH persons AS (SELECT identity, count(*) AS n FROM events WHERE ${where.sql} GROUP BY identity HAVING bool_or(${entry.sql})),
       running AS (SELECT identity, sum(n) OVER (ORDER BY identity ROWS UNBOUNDED PRECEDING) AS total FROM persons)
       SELECT max(identity) AS upper FROM running GROUP BY (total - 1) // ? ORDER BY upper`,
      [...where.params, ...entry.params, eventsPerChunk],
    );
    return rows.map((r) => r.upper);
  }

  /** The persons with identities in `(after, upTo]` (`after` null: from the first), events sorted by time. */
  async persons(scan: FunnelScan, after: string | null, upTo: string): Promise<PersonRow[]> {
    const range = after === null ? { sql: 'identity <= ?', params: [upTo] } : { sql: 'identity > ? AND identity <= ?', params: [after, upTo] };
    const breakdown: Fragment[] = scan.breakdown === undefined ? [] : [{ sql: 'json_extract(props, ?) AS breakdown', params: [jsonPath(scan.breakdown)] }];
    const events = scoped(scan, range, breakdown);
    const rows = await this.olap.query<{ events: number[]; breakdown: string | null }>(
      `SELECT list_sort(list(CAST(ts * ${MASK_SPAN} + mask AS DOUBLE))) AS events,
         ${scan.breakdown === undefined ? 'NULL' : `arg_min_null(CAST(breakdown AS VARCHAR), {'ts': ts, 'id': id}) FILTER (WHERE ${entryCondition(scan.order)})`} AS breakdown
       FROM (${events.sql}) ${scan.order === 'strict' ? '' : 'WHERE mask <> 0'}
       GROUP BY identity HAVING bool_or(${entryCondition(scan.order)})`,
      events.params,
    );
    return rows.map((row) => ({ ...unpack(row.events), breakdown: row.breakdown }));
  }

  /** Every person of the scan, a chunk at a time in identity order. */
  async *chunks(scan: FunnelScan, eventsPerChunk: number): AsyncGenerator<PersonRow[]> {
    let after: string | null = null;
    for (const upTo of await this.chunkEnds(scan, eventsPerChunk)) {
      yield await this.persons(scan, after, upTo);
      after = upTo;
    }
  }
}
