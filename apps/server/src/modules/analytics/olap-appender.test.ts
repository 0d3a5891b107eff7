import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredEvent, TrackedEvent } from '@livedesk/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDuckDbOlap } from '../../infra/olap/duckdb.js';
import type { Olap } from '../../infra/olap/port.js';
import { enqueue } from '../../infra/outbox/outbox.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../../infra/testing/db.js';
import { waitFor } from '../../infra/testing/wait.js';
import { eventsRepo } from '../events/repo.js';
import { OLAP_CONSUMER, OlapAppender, type OlapAppenderOptions } from './olap-appender.js';
import { outboxSource, trackedSource, type EventSource } from './sources.js';

const ORG = 'org-a';
const SESSION = 'ls-1';

describe.each(testDialects)('OLAP appender (%s)', (dialect) => {
  let database: TestDatabase;
  let sources: EventSource[];
  let dir: string;
  const running: { appender: OlapAppender; olap: Olap }[] = [];
  const errors: unknown[] = [];
  let eventCount = 0;

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    sources = [trackedSource(database.db), outboxSource(database.db)];
    dir = await mkdtemp(join(tmpdir(), 'livedesk-olap-appender-'));
    errors.length = 0;
  });
  afterEach(async () => {
    for (const { appender, olap } of running.splice(0)) {
      await appender.stop();
      await olap.close();
    }
    await database.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  async function startAppender(olap: Olap, options: Partial<OlapAppenderOptions> = {}) {
    const appender = new OlapAppender({ olap, sources, idleMs: 10, onError: (err) => errors.push(err), ...options });
    running.push({ appender, olap });
    appender.start();
    return appender;
  }

  const tracked = (type: string, props?: Record<string, unknown>, extra: Partial<TrackedEvent> = {}): StoredEvent => {
    const n = ++eventCount;
    return {
      id: `t-${n}`, type, ts: 1_700_000_000_000 + n, liveSessionId: SESSION, anonymousId: `anon-${n % 5}`,
      ...(props ? { props } : {}), ...extra, orgId: ORG, receivedAt: 1_700_000_000_900 + n,
    };
  };
  const writeTracked = async (events: StoredEvent[]) => eventsRepo.appendLog(database.db.kysely, ORG, Date.now(), events);
  const writeClicks = async (batches: number, perBatch: number) => {
    for (let b = 0; b < batches; b++) await writeTracked(Array.from({ length: perBatch }, () => tracked('product.click', { productId: 'p-1' })));
  };
  const writeBehaviour = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const n = ++eventCount;
      const enter: TrackedEvent = { id: `b-${n}`, type: 'room.enter', ts: 1_700_000_000_000 + n, liveSessionId: SESSION, anonymousId: `viewer-${n}` };
      await enqueue(database.db.kysely, { topic: 'behaviour', type: 'room.enter', orgId: ORG, payload: enter });
    }
  };
  /** Where each source ends now: what a caught-up appender has committed. */
  const ends = async () => {
    const out: Record<string, number> = {};
    for (const source of sources) out[source.name] = (await source.readAfter(0, 1_000_000)).position;
    return out;
  };
  const caughtUp = async (appender: OlapAppender) => {
    const target = await ends();
    appender.nudge();
    await waitFor(() => sameNumbers(appender.lag().committed, target), { timeoutMs: 10_000, what: `positions ${JSON.stringify(target)}` });
  };
  const count = async (olap: Olap) =>
    (await olap.query<{ rows: number; ids: number }>('SELECT count(*) AS rows, count(DISTINCT id) AS ids FROM events'))[0]!;

  it('copies tracked events, behaviour and order events into OLAP with the positions they reach', async () => {
    await writeTracked([
      tracked('like', { count: 4 }, { userId: 'buyer-1' }),
      tracked('cart.add', { productId: 'p-7', skuId: 's-1', quantity: 2 }),
    ]);
    await writeTracked([tracked('comment', { text: '好看' })]);
    await writeBehaviour(2);
    const orderId = await enqueue(database.db.kysely, {
      topic: 'orders',
      type: 'order.paid',
      orgId: ORG,
      at: 1_700_000_555_000,
      payload: {
        orderId: 'order-1', buyerId: 'buyer-1', liveSessionId: SESSION, amountFen: 29_800,
        items: [{ skuId: 's-1', productId: 'p-7', quantity: 2, priceFen: 9_900 }, { skuId: 's-2', productId: 'p-8', quantity: 1, priceFen: 10_000 }],
      },
    });
    // rows of other topics move the outbox position and add nothing
    await enqueue(database.db.kysely, { topic: 'audit', type: 'something', orgId: ORG, payload: {} });

    const olap = await createDuckDbOlap({ file: ':memory:' });
    const appender = await startAppender(olap);
    await caughtUp(appender);

    const rows = await olap.query<Record<string, unknown>>(
      'SELECT id, type, identity, product_id, order_id, amount_fen, quantity, received_at FROM events ORDER BY ts',
    );
    expect(rows.map((r) => r.type)).toEqual(['like', 'cart.add', 'comment', 'room.enter', 'room.enter', 'order.pay']);
    expect(rows[0]).toMatchObject({ identity: 'buyer-1', quantity: 4 });
    expect(rows[1]).toMatchObject({ product_id: 'p-7', quantity: 2 });
    expect(rows[5]).toEqual({
      id: orderId, type: 'order.pay', identity: 'buyer-1', product_id: null, order_id: 'order-1', amount_fen: 29_800, quantity: 3, received_at: 1_700_000_555_000,
    });
    expect(await olap.positions(OLAP_CONSUMER)).toEqual(await ends());
    expect(appender.lag()).toMatchObject({ bufferedEvents: 0, oldestEventAgeMs: null, failures: 0 });
    expect(errors).toEqual([]);
  });

  it('flushes whenever it holds flushAtEvents, and what is left when it stops', async () => {
    await writeClicks(5, 50);
    const olap = await createDuckDbOlap({ file: ':memory:' });
    // two log rows a read: 100 events, a flush each, until the fifth row is read and held
    const appender = await startAppender(olap, { flushAtEvents: 100, flushEveryMs: 3_600_000, readLimit: 2 });
    await waitFor(() => appender.lag().committed.tracked === 4 && appender.lag().bufferedEvents === 50, { what: 'two flushes and 50 held' });
    expect(await count(olap)).toEqual({ rows: 200, ids: 200 });
    expect(appender.lag().oldestEventAgeMs).toBeGreaterThanOrEqual(0);

    await appender.stop();
    expect(await count(olap)).toEqual({ rows: 250, ids: 250 });
    expect(await olap.positions(OLAP_CONSUMER)).toEqual(await ends());
  });

  it('resumes after an abrupt end from what OLAP committed: no event lost, none twice', async () => {
    const file = join(dir, 'analytics.duckdb');
    await writeClicks(6, 50);
    await writeBehaviour(30);

    const first = await createDuckDbOlap({ file });
    const crashed = await startAppender(first, { flushAtEvents: 100, flushEveryMs: 3_600_000, readLimit: 2 });
    await waitFor(() => (crashed.lag().committed.tracked ?? 0) > 0 && crashed.lag().bufferedEvents > 0, { what: 'a flush done and events held' });
    // The store goes away under the appender with events held: what a crash does to them.
    await first.close();
    await writeClicks(2, 50);
    await writeBehaviour(5);
    await crashed.stop();
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((err) => err instanceof Error && /closed/.test(err.message))).toBe(true);

    const second = await createDuckDbOlap({ file });
    const resumed = await startAppender(second, { flushAtEvents: 100, readLimit: 2 });
    await caughtUp(resumed);
    expect(await count(second)).toEqual({ rows: 8 * 50 + 35, ids: 8 * 50 + 35 });
  });

  it('reports failed flushes and retries them, never throwing', async () => {
    await writeClicks(2, 10);
    const olap = await createDuckDbOlap({ file: ':memory:' });
    let failuresLeft = 2;
    const failingTwice: Olap = {
      ...olap,
      appendEvents: (...args) => (failuresLeft-- > 0 ? Promise.reject(new Error('disk full')) : olap.appendEvents(...args)),
    };
    const appender = await startAppender(failingTwice, { flushEveryMs: 0 });
    await caughtUp(appender);
    expect(errors).toEqual([new Error('disk full'), new Error('disk full')]);
    expect(appender.lag().failures).toBe(0);
    expect(await count(olap)).toEqual({ rows: 20, ids: 20 });
  });
});

/**
 * The appender in a process of its own, for the kill -9 test: it runs until killed and prints its
 * committed positions as they move, one JSON line each.
 */
const childScript = `
  const [{ openTestDb }, { createDuckDbOlap }, { OlapAppender }, { trackedSource, outboxSource }] = await Promise.all(
    ${JSON.stringify(['../../infra/testing/db.ts', '../../infra/olap/duckdb.ts', './olap-appender.ts', './sources.ts'].map((path) => new URL(path, import.meta.url).href))}
      .map((url) => import(url)),
  );
  const config = JSON.parse(process.env.OLAP_CHILD_CONFIG);
  const db = await openTestDb(config.db);
  const olap = await createDuckDbOlap({ file: config.file });
  const appender = new OlapAppender({
    olap, sources: [trackedSource(db), outboxSource(db)], flushAtEvents: 100, readLimit: 2, idleMs: 10,
    onError: (err) => console.error(err),
  });
  appender.start();
  let last = '';
  setInterval(() => {
    const committed = JSON.stringify(appender.lag().committed);
    if (committed !== last) process.stdout.write(committed + '\\n');
    last = committed;
  }, 2);
`;

describe.each(testDialects)('OLAP appender killed by SIGKILL (%s)', (dialect) => {
  let database: TestDatabase;
  let dir: string;
  let child: ChildProcess | null = null;
  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    dir = await mkdtemp(join(tmpdir(), 'livedesk-olap-kill-'));
  });
  afterEach(async () => {
    // A failed assertion must not leave the child appending into the next test's files.
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await database.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('resumes from what the killed process committed: every event once', async () => {
    const file = join(dir, 'analytics.duckdb');
    const batches = 200;
    for (let b = 0; b < batches; b++) {
      const events = Array.from({ length: 50 }, (_, i): StoredEvent => ({
        id: `k-${b}-${i}`, type: 'like', ts: 1_700_000_000_000 + b, anonymousId: `anon-${i}`, orgId: ORG, receivedAt: 1_700_000_000_000 + b,
      }));
      await eventsRepo.appendLog(database.db.kysely, ORG, Date.now(), events);
    }

    child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', childScript], {
      env: { ...process.env, OLAP_CHILD_CONFIG: JSON.stringify({ db: database.location, file }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(child, 'exit');
    let output = '';
    const { stdout } = child;
    await new Promise<void>((resolve, reject) => {
      child!.on('exit', () => reject(new Error(`the appender exited before it was killed: ${stderr}`)));
      stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const lines = output.trim().split('\n');
        if (((JSON.parse(lines.at(-1)!) as Record<string, number>).tracked ?? 0) >= 40) resolve();
      });
    });
    child.kill('SIGKILL');
    expect((await exited)[1]).toBe('SIGKILL');

    const olap = await createDuckDbOlap({ file });
    try {
      const atKill = await olap.positions(OLAP_CONSUMER);
      expect(atKill.tracked).toBeGreaterThanOrEqual(40);
      expect(atKill.tracked).toBeLessThan(batches);
      const [before] = await olap.query<{ rows: number }>('SELECT count(*) AS rows FROM events');
      expect(before!.rows).toBe(atKill.tracked! * 50);

      const appender = new OlapAppender({ olap, sources: [trackedSource(database.db), outboxSource(database.db)], idleMs: 10, flushEveryMs: 50 });
      appender.start();
      await waitFor(() => appender.lag().committed.tracked === batches, { timeoutMs: 10_000, what: 'the resumed appender to catch up' });
      await appender.stop();
      const [after] = await olap.query<{ rows: number; ids: number }>('SELECT count(*) AS rows, count(DISTINCT id) AS ids FROM events');
      expect(after).toEqual({ rows: batches * 50, ids: batches * 50 });
    } finally {
      await olap.close();
    }
  });
});

function sameNumbers(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => a[k] === b[k]);
}
