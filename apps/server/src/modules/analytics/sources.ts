import type { StoredEvent } from '@livedesk/contracts';
import type { Db } from '../../infra/db/port.js';
import { outboxAfter, trackedLogAfter, type LogRow, type TrackedLogRow } from './repo.js';

/**
 * A durable, ordered log of analytics events that a consumer reads by position. The consumer keeps its
 * position itself and commits it with what it derived from the events, which is what makes a restart
 * (even `kill -9`) resume with no loss and no double count. Both logs are tables of the `Db`, so this
 * works the same embedded and in a cluster; the in-memory Bus could not give it, since it forgets what
 * it held at a restart.
 */
export interface EventSource {
  readonly name: SourceName;
  /** Events after `position`, in log order, from at most `limit` log rows, and the position they reach. */
  readAfter(position: number, limit: number): Promise<{ position: number; events: StoredEvent[] }>;
}

export type SourceName = 'tracked' | 'outbox';
export type SourcePositions = Record<SourceName, number>;
export const startPositions = (): SourcePositions => ({ tracked: 0, outbox: 0 });

/**
 * How long a hole in the sequence may be waited for. On PostgreSQL a sequence number is taken at insert
 * but becomes visible at commit, so a reader can see seq 12 before seq 11 commits; it must stop at the
 * hole, or move past 11 for good. A hole that lasts longer than any transaction is a rollback.
 */
export const SEQ_HOLE_WAIT_MS = 10_000;

/** The rows a reader may consume now: up to the first hole in the sequence that is still young. */
export function contiguousPrefix<R extends LogRow>(rows: R[], position: number, now: number): R[] {
  let expected = position + 1;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (row.seq !== expected && now - row.at < SEQ_HOLE_WAIT_MS) return rows.slice(0, i);
    expected = row.seq + 1;
  }
  return rows;
}

/** Parsed events of recent log rows kept for the next reader (≈ 10–20 MB). */
const PARSED_EVENTS_KEPT = 30_000;

/**
 * Tracking events accepted by `POST /api/v1/events` and the room socket's `track` frame. The aggregator
 * and the OLAP appender of a process share one source and read the same rows moments apart, so each row
 * is parsed once: parsing the log twice was ~4% of the server's CPU under sustained ingestion. The
 * events are shared between the readers, which never modify them.
 */
export function trackedSource(db: Db, clock: () => number = Date.now): EventSource {
  const parsed = new Map<number, StoredEvent[]>();
  let kept = 0;
  const eventsOf = (row: TrackedLogRow): StoredEvent[] => {
    let events = parsed.get(row.seq);
    if (events) return events;
    events = JSON.parse(row.events) as StoredEvent[];
    parsed.set(row.seq, events);
    kept += events.length;
    for (const [seq, old] of parsed) {
      if (kept <= PARSED_EVENTS_KEPT) break;
      parsed.delete(seq);
      kept -= old.length;
    }
    return events;
  };
  return {
    name: 'tracked',
    async readAfter(position, limit) {
      const rows = contiguousPrefix(await trackedLogAfter(db.kysely, position, limit), position, clock());
      const events: StoredEvent[] = [];
      for (const row of rows) for (const event of eventsOf(row)) events.push(event);
      return { position: rows.at(-1)?.seq ?? position, events };
    },
  };
}

interface OrderPayload {
  orderId: string;
  buyerId?: string | null;
  liveSessionId?: string | null;
  amountFen: number;
  items?: { skuId: string; productId: string; quantity: number; priceFen: number }[];
}

/** The commerce core's order events, in the tracking vocabulary of the contract. */
const orderEventTypes: Record<string, StoredEvent['type']> = {
  'order.created': 'order.create',
  'order.paid': 'order.pay',
  'order.refund': 'order.refund',
};

/**
 * Server-made events from the outbox: the gateway's presence and interactions (topic `behaviour`, already
 * shaped as tracking events) and the commerce core's orders (topic `orders`), which the server vouches for.
 */
export function outboxSource(db: Db, clock: () => number = Date.now): EventSource {
  return {
    name: 'outbox',
    async readAfter(position, limit) {
      const rows = contiguousPrefix(await outboxAfter(db.kysely, position, limit), position, clock());
      const events: StoredEvent[] = [];
      for (const row of rows) {
        if (!row.orgId) continue;
        if (row.topic === 'behaviour') {
          events.push({ ...(JSON.parse(row.payload) as StoredEvent), orgId: row.orgId, receivedAt: row.at });
          continue;
        }
        const type = row.topic === 'orders' ? orderEventTypes[row.type] : undefined;
        if (!type) continue;
        const order = JSON.parse(row.payload) as OrderPayload;
        const buyer = order.buyerId ?? `order:${order.orderId}`;
        events.push({
          id: row.id,
          type,
          ts: row.at,
          ...(order.liveSessionId ? { liveSessionId: order.liveSessionId } : {}),
          userId: buyer,
          anonymousId: buyer,
          props: {
            orderId: order.orderId,
            amountFen: order.amountFen,
            ...(type === 'order.refund' ? {} : { items: order.items ?? [] }),
          },
          orgId: row.orgId,
          receivedAt: row.at,
        });
      }
      return { position: rows.at(-1)?.seq ?? position, events };
    },
  };
}
