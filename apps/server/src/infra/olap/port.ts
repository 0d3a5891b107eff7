import type { StoredEvent } from '@livedesk/contracts';

/**
 * The analytics store (funnels, retention, reviews): raw events appended in batches, read by SQL.
 * Embedded: a DuckDB file. Table `events` holds one row per event, shaped by `eventRow` below: id, org_id,
 * type, ts, received_at, live_session_id, user_id, anonymous_id, identity, product_id, order_id,
 * amount_fen, quantity, props.
 */
export interface Olap {
  /**
   * Appends `events` and records `consumer`'s positions in its source logs in one transaction: after a
   * crash both are there or neither, so a consumer resuming from `positions()` neither loses nor repeats
   * an event. Positions of sources not named are left as they were.
   */
  appendEvents(consumer: string, events: readonly StoredEvent[], positions: Readonly<Record<string, number>>): Promise<void>;
  /** The positions `consumer` last committed; sources it never committed are absent. */
  positions(consumer: string): Promise<Record<string, number>>;
  /**
   * One read-only statement (anything but a SELECT is refused), parameters as `?` or `$1`. Values come
   * back plain: every integer (BIGINT, HUGEINT, counts and sums) as a number, timestamps and dates as
   * epoch ms, lists as arrays, JSON as its text.
   */
  query<T extends object = Record<string, unknown>>(sql: string, params?: readonly OlapParam[]): Promise<T[]>;
  close(): Promise<void>;
}

export type OlapParam = string | number | boolean | null | readonly string[] | readonly number[];

/**
 * A row of `events`: the event as sent, plus what funnels and reviews filter and sum on, pulled out of
 * `props`. The table also has `identity` (user_id ?? anonymous_id), the viewer funnels and UV count.
 */
export interface EventRow {
  id: string;
  orgId: string;
  type: string;
  /** client time, as sent */
  ts: number;
  receivedAt: number;
  liveSessionId: string | null;
  userId: string | null;
  anonymousId: string;
  productId: string | null;
  orderId: string | null;
  /** order amount (order.*) or gift value (gift), fen */
  amountFen: number | null;
  /** likes in a `like` (1 when not sent), units of a `cart.add`, items summed for orders with items */
  quantity: number | null;
  /** `props` as JSON text; null when the event had none */
  props: string | null;
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const int = (v: unknown): number | null => (Number.isSafeInteger(v) ? (v as number) : null);

/**
 * `props` is whatever the sender put there (custom types are not checked), so only values of the right
 * type are pulled out; anything else stays in `props` alone rather than failing the batch it came in.
 */
export function eventRow(e: StoredEvent): EventRow {
  const props = e.props ?? {};
  return {
    id: e.id,
    orgId: e.orgId,
    type: e.type,
    ts: e.ts,
    receivedAt: e.receivedAt,
    liveSessionId: e.liveSessionId ?? null,
    userId: e.userId ?? null,
    anonymousId: e.anonymousId,
    productId: text(props.productId),
    orderId: text(props.orderId),
    amountFen: int(props.amountFen) ?? int(props.valueFen),
    quantity: e.type === 'like' ? (int(props.count) ?? 1) : Array.isArray(props.items) ? itemsQuantity(props.items) : int(props.quantity),
    props: e.props === undefined ? null : JSON.stringify(e.props),
  };
}

function itemsQuantity(items: unknown[]): number {
  let sum = 0;
  for (const item of items) sum += int((item as { quantity?: unknown } | null)?.quantity) ?? 0;
  return sum;
}
