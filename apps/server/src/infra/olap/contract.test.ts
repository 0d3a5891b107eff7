import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredEvent } from '@livedesk/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDuckDbOlap } from './duckdb.js';
import type { Olap } from './port.js';

interface OlapAdapter {
  name: string;
  /** Opens the store kept at `dir`; opening the same `dir` again after close() gives back the same data. */
  open(dir: string): Promise<Olap>;
}

// The contract every Olap keeps; a ClickHouse adapter joins this list when it exists.
const adapters: OlapAdapter[] = [{ name: 'duckdb', open: (dir) => createDuckDbOlap({ file: join(dir, 'analytics.duckdb') }) }];

let eventCount = 0;
function event(overrides: Partial<StoredEvent> = {}): StoredEvent {
  const n = ++eventCount;
  return {
    id: `e-${n}`,
    orgId: 'org-1',
    type: 'product.click',
    ts: 1_700_000_000_000 + n,
    receivedAt: 1_700_000_000_500 + n,
    liveSessionId: 'ls-1',
    anonymousId: `anon-${n % 7}`,
    props: { productId: `p-${n % 3}` },
    ...overrides,
  };
}
const events = (count: number, overrides: Partial<StoredEvent> = {}) => Array.from({ length: count }, () => event(overrides));

describe.each(adapters)('Olap contract: $name', (adapter) => {
  let dir: string;
  let olap: Olap;
  // Every test appends under its own org and consumer, so tests stay independent on one store.
  let testCount = 0;
  let org: string;
  let consumer: string;
  const countOf = async (orgId: string) =>
    (await olap.query<{ n: number }>('SELECT count(*) AS n FROM events WHERE org_id = ?', [orgId]))[0]!.n;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'livedesk-olap-'));
    olap = await adapter.open(dir);
  });
  beforeEach(() => {
    testCount++;
    org = `org-${testCount}`;
    consumer = `consumer-${testCount}`;
  });
  afterAll(async () => {
    await olap.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('appends rows with the fields funnels and reviews filter on, pulled out of props', async () => {
    await olap.appendEvents(consumer, [
      event({ id: 'like-1', orgId: org, type: 'like', userId: 'buyer-1', anonymousId: 'anon-1', props: { count: 5 } }),
      event({ id: 'like-2', orgId: org, type: 'like', anonymousId: 'anon-2', liveSessionId: undefined, props: undefined }),
      event({ id: 'cart-1', orgId: org, type: 'cart.add', props: { productId: 'p-9', skuId: 's-1', quantity: 3 } }),
      event({
        id: 'pay-1',
        orgId: org,
        type: 'order.pay',
        ts: 1_700_000_123_456,
        props: { orderId: 'o-1', amountFen: 19_900, items: [{ productId: 'p-9', quantity: 2 }, { productId: 'p-8', quantity: 1 }] },
      }),
      event({ id: 'gift-1', orgId: org, type: 'gift', props: { giftId: 'rose', valueFen: 100 } }),
      event({ id: 'odd-1', orgId: org, type: 'signup', props: { productId: 7, quantity: 1.5, amountFen: 'lots' } }),
    ], {});
    const rows = await olap.query('SELECT * EXCLUDE (org_id) FROM events WHERE org_id = ? ORDER BY id', [org]);
    const base = { type: expect.any(String), ts: expect.any(Number), received_at: expect.any(Number), anonymous_id: expect.any(String), identity: expect.any(String) };
    expect(rows).toEqual([
      { ...base, id: 'cart-1', live_session_id: 'ls-1', user_id: null, product_id: 'p-9', order_id: null, amount_fen: null, quantity: 3, props: '{"productId":"p-9","skuId":"s-1","quantity":3}' },
      { ...base, id: 'gift-1', live_session_id: 'ls-1', user_id: null, product_id: null, order_id: null, amount_fen: 100, quantity: null, props: expect.any(String) },
      { ...base, id: 'like-1', live_session_id: 'ls-1', user_id: 'buyer-1', anonymous_id: 'anon-1', identity: 'buyer-1', product_id: null, order_id: null, amount_fen: null, quantity: 5, props: '{"count":5}' },
      { ...base, id: 'like-2', live_session_id: null, user_id: null, anonymous_id: 'anon-2', identity: 'anon-2', product_id: null, order_id: null, amount_fen: null, quantity: 1, props: null },
      { ...base, id: 'odd-1', live_session_id: 'ls-1', user_id: null, product_id: null, order_id: null, amount_fen: null, quantity: null, props: expect.any(String) },
      { ...base, id: 'pay-1', type: 'order.pay', ts: 1_700_000_123_456, live_session_id: 'ls-1', user_id: null, product_id: null, order_id: 'o-1', amount_fen: 19_900, quantity: 3, props: expect.any(String) },
    ]);
  });

  it('appends batches larger than one data chunk, every row once, and records the positions with them', async () => {
    const batch = events(5_000, { orgId: org });
    await olap.appendEvents(consumer, batch, { tracked: 40, outbox: 7 });
    const [row] = await olap.query<{ n: number; ids: number; first: string; last: string }>(
      'SELECT count(*) AS n, count(DISTINCT id) AS ids, min(ts) AS first, max(ts) AS last FROM events WHERE org_id = ?',
      [org],
    );
    expect(row).toEqual({ n: 5_000, ids: 5_000, first: batch[0]!.ts, last: batch.at(-1)!.ts });
    expect(await olap.positions(consumer)).toEqual({ tracked: 40, outbox: 7 });
  });

  it('moves positions forward source by source, also with no events, and keeps consumers apart', async () => {
    await olap.appendEvents(consumer, [], { tracked: 5, outbox: 3 });
    await olap.appendEvents(consumer, [], { outbox: 9 });
    await olap.appendEvents(`${consumer}-other`, [], { tracked: 1 });
    expect(await olap.positions(consumer)).toEqual({ tracked: 5, outbox: 9 });
    expect(await olap.positions(`${consumer}-other`)).toEqual({ tracked: 1 });
    expect(await olap.positions(`${consumer}-never`)).toEqual({});
  });

  it('commits rows and positions together: a failing position write leaves no rows', async () => {
    await olap.appendEvents(consumer, events(3, { orgId: org }), { tracked: 1 });
    await expect(olap.appendEvents(consumer, events(3_000, { orgId: org }), { tracked: 2, outbox: Number.NaN })).rejects.toThrow();
    expect(await countOf(org)).toBe(3);
    expect(await olap.positions(consumer)).toEqual({ tracked: 1 });
    // the store is usable after the failed transaction
    await olap.appendEvents(consumer, events(2, { orgId: org }), { tracked: 3 });
    expect(await countOf(org)).toBe(5);
    expect(await olap.positions(consumer)).toEqual({ tracked: 3 });
  });

  it('commits rows and positions together: a bad event late in a batch leaves none of the batch', async () => {
    const batch = events(5_000, { orgId: org });
    // chunks before it have already gone to the store when this one is refused
    batch[4_500] = { ...batch[4_500]!, anonymousId: undefined as unknown as string };
    await expect(olap.appendEvents(consumer, batch, { tracked: 9 })).rejects.toThrow();
    expect(await countOf(org)).toBe(0);
    expect(await olap.positions(consumer)).toEqual({});
  });

  it('runs concurrent appends one after another, losing none', async () => {
    await Promise.all(Array.from({ length: 8 }, (_, i) => olap.appendEvents(`${consumer}-${i}`, events(300, { orgId: org }), { tracked: i })));
    expect(await countOf(org)).toBe(2_400);
    expect(await olap.positions(`${consumer}-7`)).toEqual({ tracked: 7 });
  });

  it('binds parameters and returns plain numbers, epoch ms, arrays and strings', async () => {
    await olap.appendEvents(consumer, [
      event({ orgId: org, type: 'order.pay', ts: 1_700_000_060_000, props: { orderId: 'o-1', amountFen: 2_000_000_000, items: [] } }),
      event({ orgId: org, type: 'order.pay', ts: 1_700_000_120_000, props: { orderId: 'o-2', amountFen: 2_000_000_000, items: [] } }),
      event({ orgId: org, type: 'product.click', ts: 1_700_000_180_000 }),
    ], {});
    const rows = await olap.query<Record<string, unknown>>(
      `SELECT sum(amount_fen) AS gmv_fen, count(*) AS orders, avg(amount_fen) AS avg_fen,
              min(make_timestamp(ts * 1000)) AS first_at, list(order_id ORDER BY order_id) AS order_ids,
              max(ts) - min(ts) AS span_ms, any_value(props)::JSON ->> 'orderId' AS some_order
       FROM events WHERE org_id = $1 AND type = $2 AND ts >= $3 AND order_id IN (SELECT unnest($4::VARCHAR[]))`,
      [org, 'order.pay', 1_700_000_000_000, ['o-1', 'o-2', 'o-3']],
    );
    expect(rows).toEqual([
      {
        gmv_fen: 4_000_000_000,
        orders: 2,
        avg_fen: 2_000_000_000,
        first_at: 1_700_000_060_000,
        order_ids: ['o-1', 'o-2'],
        span_ms: 60_000,
        some_order: expect.stringMatching(/^o-[12]$/),
      },
    ]);
    const byNumberList = await olap.query<{ n: number }>('SELECT count(*) AS n FROM events WHERE org_id = ? AND list_contains(?, ts)', [org, [1_700_000_180_000]]);
    expect(byNumberList).toEqual([{ n: 1 }]);
  });

  it('refuses anything but a read', async () => {
    await olap.appendEvents(consumer, events(1, { orgId: org }), { tracked: 1 });
    await expect(olap.query('DELETE FROM events')).rejects.toThrow(/read-only/);
    await expect(olap.query("UPDATE consumer_positions SET position = 0 WHERE consumer = 'x'")).rejects.toThrow();
    await expect(olap.query('SELECT 1; DELETE FROM events')).rejects.toThrow();
    expect(await countOf(org)).toBe(1);
  });
});

describe.each(adapters)('Olap durability: $name', (adapter) => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'livedesk-olap-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps rows and positions when reopened', async () => {
    const first = await adapter.open(dir);
    await first.appendEvents('olap', events(2_500, { orgId: 'org-r' }), { tracked: 12, outbox: 4 });
    await first.close();
    await expect(first.appendEvents('olap', events(1), {})).rejects.toThrow(/closed/);

    const second = await adapter.open(dir);
    try {
      expect(await second.positions('olap')).toEqual({ tracked: 12, outbox: 4 });
      await second.appendEvents('olap', events(500, { orgId: 'org-r' }), { tracked: 13 });
      const [row] = await second.query<{ n: number; ids: number }>("SELECT count(*) AS n, count(DISTINCT id) AS ids FROM events WHERE org_id = 'org-r'");
      expect(row).toEqual({ n: 3_000, ids: 3_000 });
      expect(await second.positions('olap')).toEqual({ tracked: 13, outbox: 4 });
    } finally {
      await second.close();
    }
  });
});

describe('duckdb olap', () => {
  it('refuses a second opening of a file this process holds, and opens it again once closed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'livedesk-olap-'));
    const file = join(dir, 'analytics.duckdb');
    try {
      const first = await createDuckDbOlap({ file });
      await expect(createDuckDbOlap({ file: join(dir, '.', 'analytics.duckdb') })).rejects.toThrow(/already open/);
      await first.close();
      await (await createDuckDbOlap({ file })).close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });


  it('works without a file, each store its own', async () => {
    const a = await createDuckDbOlap({ file: ':memory:' });
    const b = await createDuckDbOlap({ file: ':memory:' });
    try {
      await a.appendEvents('olap', events(3), { tracked: 3 });
      expect(await a.query<{ n: number }>('SELECT count(*) AS n FROM events')).toEqual([{ n: 3 }]);
      expect(await b.query<{ n: number }>('SELECT count(*) AS n FROM events')).toEqual([{ n: 0 }]);
      expect(await b.positions('olap')).toEqual({});
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
