import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../lib/ids.js';
import { busFixtures } from '../testing/bus.js';
import { waitFor } from '../testing/wait.js';
import type { Bus, BusEvent, BusMessage } from './port.js';

const makeEvent = (n: number): BusEvent => ({
  id: newId(),
  type: 'test.happened',
  orgId: 'org-1',
  at: 1_700_000_000_000 + n,
  payload: { n, nested: { ok: true } },
});

/** Publishes `count` events to `topic` and returns them with the seq each got. */
async function publishMany(bus: Bus, topic: string, count: number, offset = 0) {
  const published: Array<BusEvent & { seq: number }> = [];
  for (let n = offset; n < offset + count; n++) {
    const event = makeEvent(n);
    const { seq } = await bus.publish(topic, event);
    published.push({ ...event, seq });
  }
  return published;
}

describe.each(busFixtures)('Bus contract: $name', (fixture) => {
  let bus: Bus;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    ({ bus, dispose } = await fixture.create());
  });

  afterEach(async () => {
    await bus.close();
    await dispose();
  });

  it('delivers a topic in publish order with every field intact', async () => {
    const published = await publishMany(bus, 'orders', 20);
    await publishMany(bus, 'chat', 5);
    const received: BusMessage[] = [];
    await bus.consume('orders', 'projector', async (message) => {
      received.push(message);
    });
    await waitFor(() => received.length === 20);

    expect(received.map((m) => m.id)).toEqual(published.map((e) => e.id));
    const seqs = received.map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(received[3]).toEqual({ ...published[3], topic: 'orders', redelivered: false });
  });

  it('accepts an event id once', async () => {
    const event = makeEvent(1);
    const first = await bus.publish('orders', event);
    const again = await bus.publish('orders', { ...event, payload: { changed: true } });

    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ seq: first.seq, duplicate: true });
    const stored = await bus.read('orders', 1, 10);
    expect(stored.map((m) => m.payload)).toEqual([event.payload]);
  });

  it('splits a group between its members, handing each message to one of them', async () => {
    const handledBy = new Map<string, string[]>();
    const member = (name: string) => async (message: BusMessage) => {
      await sleep(2);
      handledBy.set(message.id, [...(handledBy.get(message.id) ?? []), name]);
    };
    await bus.consume('orders', 'workers', member('a'));
    await bus.consume('orders', 'workers', member('b'));
    const published = await publishMany(bus, 'orders', 60);
    await waitFor(() => handledBy.size === 60);
    await sleep(100);

    expect([...handledBy.keys()].sort()).toEqual(published.map((e) => e.id).sort());
    const handlers = [...handledBy.values()];
    expect(handlers.every((names) => names.length === 1)).toBe(true);
    expect(handlers.filter(([name]) => name === 'a').length).toBeGreaterThan(0);
    expect(handlers.filter(([name]) => name === 'b').length).toBeGreaterThan(0);
  });

  it('gives every group every message', async () => {
    const byGroup: Record<string, string[]> = { audit: [], stats: [] };
    for (const group of Object.keys(byGroup)) {
      await bus.consume('orders', group, async (message) => {
        byGroup[group]?.push(message.id);
      });
    }
    const published = await publishMany(bus, 'orders', 10);
    await waitFor(() => byGroup.audit?.length === 10 && byGroup.stats?.length === 10);

    expect(byGroup.audit).toEqual(published.map((e) => e.id));
    expect(byGroup.stats).toEqual(published.map((e) => e.id));
  });

  it('offers a message again after its handler throws, then lets it go once handled', async () => {
    const [poison] = await publishMany(bus, 'orders', 1);
    await publishMany(bus, 'orders', 3, 1);
    const deliveries: BusMessage[] = [];
    await bus.consume('orders', 'flaky', async (message) => {
      deliveries.push(message);
      if (message.id === poison?.id && deliveries.filter((m) => m.id === poison.id).length === 1) {
        throw new Error('transient failure');
      }
    });
    await waitFor(() => deliveries.length === 5);
    await sleep(300);

    const poisonDeliveries = deliveries.filter((m) => m.id === poison?.id);
    expect(poisonDeliveries.map((m) => m.redelivered)).toEqual([false, true]);
    expect(deliveries).toHaveLength(5);
  });

  it('starts a new group at fromSeq, then follows new events', async () => {
    const published = await publishMany(bus, 'orders', 5);
    const received: string[] = [];
    await bus.consume('orders', 'late', async (message) => void received.push(message.id), {
      fromSeq: published[2]?.seq,
    });
    const later = await publishMany(bus, 'orders', 2, 5);
    await waitFor(() => received.length === 5);

    expect(received).toEqual([...published.slice(2), ...later].map((e) => e.id));
  });

  it('replays a topic from a seq without any group', async () => {
    const orders: Array<BusEvent & { seq: number }> = [];
    for (let n = 0; n < 10; n++) {
      orders.push(...(await publishMany(bus, 'orders', 1, n)));
      await publishMany(bus, 'chat', 1, 100 + n);
    }

    const page = await bus.read('orders', orders[4]?.seq ?? 0, 3);
    expect(page.map((m) => m.id)).toEqual(orders.slice(4, 7).map((e) => e.id));
    expect(page[0]).toEqual({ ...orders[4], topic: 'orders', redelivered: false });
    expect((await bus.read('orders', 1, 100)).map((m) => m.id)).toEqual(orders.map((e) => e.id));
    expect(await bus.read('orders', (orders[9]?.seq ?? 0) + 1, 10)).toEqual([]);
    expect(await bus.read('unknown', 1, 10)).toEqual([]);
  });

  it('stops delivering after stop(), and the group resumes where it left off', async () => {
    const first: string[] = [];
    const subscription = await bus.consume('orders', 'pausable', async (m) => void first.push(m.id));
    const [before] = await publishMany(bus, 'orders', 1);
    await waitFor(() => first.length === 1);
    await subscription.stop();
    const [after] = await publishMany(bus, 'orders', 1, 1);
    await sleep(200);
    expect(first).toEqual([before?.id]);

    const resumed: string[] = [];
    await bus.consume('orders', 'pausable', async (m) => void resumed.push(m.id));
    await waitFor(() => resumed.length === 1);
    expect(resumed).toEqual([after?.id]);
  });

  it('leaves no timers or sockets behind after close()', async () => {
    const countByType = () =>
      process.getActiveResourcesInfo().reduce<Record<string, number>>((counts, type) => {
        counts[type] = (counts[type] ?? 0) + 1;
        return counts;
      }, {});
    await bus.close();
    await dispose();
    await sleep(100);
    const before = countByType();

    ({ bus, dispose } = await fixture.create());
    let failures = 0;
    await bus.consume('orders', 'failing', async () => {
      failures++;
      throw new Error('keeps a redelivery pending');
    });
    await bus.consume('orders', 'idle', async () => {});
    await publishMany(bus, 'orders', 1);
    // After the third failure the next redelivery is 400 ms away: close() must cancel it, not outwait it.
    await waitFor(() => failures === 3);
    await bus.close();

    await waitFor(() => {
      const after = countByType();
      return Object.entries(after).every(([type, count]) => count <= (before[type] ?? 0));
    }, { timeoutMs: 250, what: 'timers and sockets to close' });
  });
});
