import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryBus } from '../bus/memory.js';
import type { Bus, BusMessage } from '../bus/port.js';
import type { Db } from '../db/port.js';
import { busFixtures } from '../testing/bus.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../testing/db.js';
import { waitFor } from '../testing/wait.js';
import { processOnce } from './consumer.js';
import { enqueue, type OutboxEvent } from './outbox.js';
import { OutboxRelay, type OutboxRelayOptions } from './relay.js';

const orderPlaced = (n: number): OutboxEvent => ({
  topic: n % 2 === 0 ? 'orders' : 'payments',
  type: 'order.placed',
  orgId: 'org-1',
  payload: { n, items: [{ sku: `sku-${n}` }] },
  at: 1_700_000_000_000 + n,
});

/** Commits `count` events, `perTransaction` per transaction, and returns them in commit order with ids. */
async function commitEvents(db: Db, count: number, perTransaction = 50) {
  const committed: Array<OutboxEvent & { id: string }> = [];
  for (let start = 0; start < count; start += perTransaction) {
    await db.kysely.transaction().execute(async (tx) => {
      for (let n = start; n < Math.min(count, start + perTransaction); n++) {
        const event = orderPlaced(n);
        committed.push({ ...event, id: await enqueue(tx, event) });
      }
    });
  }
  return committed;
}

async function relayAll(relay: OutboxRelay): Promise<number> {
  let total = 0;
  for (let relayed = await relay.runOnce(); relayed > 0; relayed = await relay.runOnce()) total += relayed;
  return total;
}

describe.each(testDialects)('outbox on %s', (dialect) => {
  let testDb: TestDatabase;
  let db: Db;
  let bus: Bus;
  const relays: OutboxRelay[] = [];
  const newRelay = (options: Partial<OutboxRelayOptions> & { holderId: string }) => {
    const relay = new OutboxRelay({ db, bus, idleMs: 20, ...options });
    relays.push(relay);
    return relay;
  };

  beforeEach(async () => {
    testDb = await createTestDatabase(dialect);
    db = testDb.db;
    bus = createMemoryBus();
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((relay) => relay.stop()));
    await bus.close();
    await testDb.destroy();
  });

  it('never publishes an event whose transaction rolled back', async () => {
    const rolledBack = db.kysely.transaction().execute(async (tx) => {
      await enqueue(tx, orderPlaced(0));
      throw new Error('domain check failed');
    });
    await expect(rolledBack).rejects.toThrow('domain check failed');
    const [kept] = await commitEvents(db, 1);

    expect(await relayAll(newRelay({ holderId: 'a' }))).toBe(1);
    expect((await bus.read('orders', 1, 10)).map((m) => m.id)).toEqual([kept?.id]);
  });

  it('publishes every committed event once, in commit order, with its fields', async () => {
    const committed = await commitEvents(db, 250);
    const relay = newRelay({ holderId: 'a', batchSize: 40 });
    const before = await relay.lag();
    expect(before.unpublished).toBe(250);
    expect(before.oldestAgeMs).toBeGreaterThan(0);

    expect(await relayAll(relay)).toBe(250);

    for (const topic of ['orders', 'payments']) {
      const expected = committed.filter((e) => e.topic === topic);
      const messages = await bus.read(topic, 1, 1000);
      expect(messages.map((m) => m.id)).toEqual(expected.map((e) => e.id));
      expect(messages[1]).toMatchObject({
        id: expected[1]?.id,
        type: 'order.placed',
        orgId: 'org-1',
        at: expected[1]?.at,
        payload: expected[1]?.payload,
      });
    }
    expect(await relay.lag()).toEqual({ unpublished: 0, oldestAgeMs: null });
  });

  it.each(busFixtures)('relays in the background to $name consumers soon after a nudge', async (fixture) => {
    const target = await fixture.create();
    try {
      const received: BusMessage[] = [];
      await target.bus.consume('orders', 'projector', async (message) => void received.push(message));
      const relay = newRelay({ holderId: 'a', bus: target.bus, idleMs: 60_000 });
      relay.start();
      await sleep(50);

      const committed = await commitEvents(db, 10);
      relay.nudge();
      await waitFor(() => received.length === 5, { what: 'relayed events' });
      const orders = committed.filter((e) => e.topic === 'orders');
      expect(received.map((m) => m.id)).toEqual(orders.map((e) => e.id));
      await relay.stop();
    } finally {
      await target.bus.close();
      await target.dispose();
    }
  });

  it('lets only the lease holder relay, and another process take over once the lease expires', async () => {
    const otherProcess = await testDb.connect();
    const first = newRelay({ holderId: 'first', leaseMs: 400 });
    const second = newRelay({ holderId: 'second', leaseMs: 400, db: otherProcess });
    await commitEvents(db, 10);

    expect(await first.runOnce()).toBe(10);
    await commitEvents(db, 5);
    expect(await second.runOnce()).toBe(0);
    expect((await second.lag()).unpublished).toBe(5);

    await sleep(450);
    expect(await second.runOnce()).toBe(5);
    await commitEvents(db, 3);
    expect(await first.runOnce()).toBe(0);
    expect(await second.runOnce()).toBe(3);
  });

  it('hands the lease over at once when the holder stops', async () => {
    const first = newRelay({ holderId: 'first', leaseMs: 60_000 });
    const second = newRelay({ holderId: 'second', leaseMs: 60_000, idleMs: 0 });
    await commitEvents(db, 2);
    expect(await first.runOnce()).toBe(2);
    await commitEvents(db, 2);
    expect(await second.runOnce()).toBe(0);

    await first.stop();
    expect(await second.runOnce()).toBe(2);
  });

  it('runs the work of processOnce once per consumer and event', async () => {
    let runs = 0;
    const work = async () => void runs++;

    expect(await processOnce(db, 'projector', 'event-1', work)).toBe(true);
    expect(await processOnce(db, 'projector', 'event-1', work)).toBe(false);
    expect(await processOnce(db, 'mailer', 'event-1', work)).toBe(true);
    expect(runs).toBe(2);
  });

  it('forgets a processOnce whose work failed, so the next delivery retries it', async () => {
    const failing = processOnce(db, 'projector', 'event-1', async () => {
      throw new Error('downstream unavailable');
    });
    await expect(failing).rejects.toThrow('downstream unavailable');

    let runs = 0;
    expect(await processOnce(db, 'projector', 'event-1', async () => void runs++)).toBe(true);
    expect(runs).toBe(1);
  });

  it('runs the work once when the same event is processed concurrently', async () => {
    // A second SQLite connection in this thread would deadlock: its busy wait blocks the event loop that
    // has to commit the first. Across processes the busy timeout does the waiting; one Db serialises.
    const pools = dialect === 'postgres' ? [db, await testDb.connect()] : [db];
    let runs = 0;
    const work = async () => {
      runs++;
      await sleep(50);
    };

    const outcomes = await Promise.all(
      [...pools, ...pools].map((pool) => processOnce(pool, 'projector', 'event-1', work)),
    );

    expect(runs).toBe(1);
    expect(outcomes.filter(Boolean)).toHaveLength(1);
  });
});
