import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { openTcpSocketCount, waitFor } from '../testing/wait.js';
import type { HandlerErrorReporter } from './local-channels.js';
import { createMemoryFanout } from './memory.js';
import { createNatsFanout } from './nats.js';
import type { Fanout } from './port.js';
import { createRedisFanout } from './redis.js';

interface FanoutAdapter {
  name: string;
  /** Nodes created here talk to each other; a memory instance is a world of its own. */
  sharesAcrossInstances: boolean;
  createNode(onHandlerError: HandlerErrorReporter): Promise<Fanout>;
  /** How many subscriptions the broker holds for a channel, where the test can ask it. */
  brokerSubscriptions?(channel: string): Promise<number>;
}

function redisAdapter(url: string): FanoutAdapter {
  const channelPrefix = `test:${randomUUID()}:`;
  return {
    name: 'redis',
    sharesAcrossInstances: true,
    createNode: async (onHandlerError) => createRedisFanout({ url, channelPrefix, onHandlerError }),
    async brokerSubscriptions(channel) {
      const redis = new Redis(url);
      try {
        const [, count] = (await redis.pubsub('NUMSUB', channelPrefix + channel)) as [string, number];
        return count;
      } finally {
        await redis.quit();
      }
    },
  };
}

function natsAdapter(servers: string): FanoutAdapter {
  const subjectPrefix = `test.${randomUUID()}`;
  return {
    name: 'nats',
    sharesAcrossInstances: true,
    createNode: (onHandlerError) => createNatsFanout({ servers, subjectPrefix, onHandlerError }),
  };
}

const adapters: FanoutAdapter[] = [
  {
    name: 'memory',
    sharesAcrossInstances: false,
    createNode: async (onHandlerError) => createMemoryFanout({ onHandlerError }),
  },
  ...(process.env.REDIS_URL ? [redisAdapter(process.env.REDIS_URL)] : []),
  ...(process.env.NATS_URL ? [natsAdapter(process.env.NATS_URL)] : []),
];

/** Subscribes a handler that records what it receives. */
async function listen(node: Fanout, channel: string) {
  const received: string[] = [];
  const unsubscribe = await node.subscribe(channel, (message) => received.push(message));
  return { received, unsubscribe };
}

describe.each(adapters)('Fanout contract: $name', (adapter) => {
  const handlerErrors: { error: unknown; channel: string }[] = [];
  const recordHandlerError: HandlerErrorReporter = (error, channel) => handlerErrors.push({ error, channel });
  let publisherNode: Fanout;
  // Where instances share a broker this is a second node; otherwise the same instance stands in for it.
  let otherNode: Fanout;
  let channelCount = 0;
  const channel = (name: string) => `${name}.${++channelCount}`;

  beforeAll(async () => {
    publisherNode = await adapter.createNode(recordHandlerError);
    otherNode = adapter.sharesAcrossInstances ? await adapter.createNode(recordHandlerError) : publisherNode;
  });

  afterAll(async () => {
    await publisherNode.close();
    await otherNode.close();
  });

  it('delivers a message to subscribers on the publishing node and on other nodes', async () => {
    const room = channel('room');
    const local = await listen(publisherNode, room);
    const remote = await listen(otherNode, room);
    await publisherNode.publish(room, 'from the publisher');
    await waitFor(() => local.received.length === 1 && remote.received.length === 1);
    await otherNode.publish(room, 'from the other node');
    await waitFor(() => local.received.length === 2 && remote.received.length === 2);
    expect(local.received).toEqual(['from the publisher', 'from the other node']);
    expect(remote.received).toEqual(['from the publisher', 'from the other node']);
  });

  it('never runs a subscriber inside publish', async () => {
    const room = channel('room');
    let deliveredDuringPublish = false;
    let publishing = false;
    let delivered = false;
    await publisherNode.subscribe(room, () => {
      deliveredDuringPublish ||= publishing;
      delivered = true;
    });
    publishing = true;
    const published = publisherNode.publish(room, 'm');
    publishing = false;
    await published;
    await waitFor(() => delivered);
    expect(deliveredDuringPublish).toBe(false);
  });

  it('gives every handler on a channel its own copy', async () => {
    const room = channel('room');
    const handlers = await Promise.all([1, 2, 3].map(() => listen(otherNode, room)));
    const seen: string[] = [];
    const record = (message: string) => seen.push(message);
    const unsubscribeFirst = await otherNode.subscribe(room, record);
    await otherNode.subscribe(room, record);
    await publisherNode.publish(room, 'one');
    await waitFor(() => seen.length === 2 && handlers.every((h) => h.received.length === 1));
    await unsubscribeFirst();
    await publisherNode.publish(room, 'two');
    await waitFor(() => handlers.every((h) => h.received.length === 2));
    expect(handlers.map((h) => h.received)).toEqual([
      ['one', 'two'],
      ['one', 'two'],
      ['one', 'two'],
    ]);
    expect(seen).toEqual(['one', 'one', 'two']);
  });

  it('stops delivering to a handler once it unsubscribed', async () => {
    const room = channel('room');
    const leaving = await listen(otherNode, room);
    const staying = await listen(otherNode, room);
    await publisherNode.publish(room, 'before');
    await waitFor(() => leaving.received.length === 1 && staying.received.length === 1);
    await leaving.unsubscribe();
    await leaving.unsubscribe();
    await publisherNode.publish(room, 'after');
    // Both handlers share the node's one subscription, so once `staying` has it `leaving` would have too.
    await waitFor(() => staying.received.length === 2);
    expect(leaving.received).toEqual(['before']);
    expect(staying.received).toEqual(['before', 'after']);
  });

  it('delivers to a handler that subscribes while the channel’s last handler is still leaving', async () => {
    const room = channel('room');
    for (let cycle = 0; cycle < 3; cycle++) {
      const unsubscribeLast = await otherNode.subscribe(room, () => {});
      const leaving = unsubscribeLast();
      const arriving = listen(otherNode, room);
      await leaving;
      const arrived = await arriving;
      await publisherNode.publish(room, `cycle ${cycle}`);
      await waitFor(() => arrived.received.length === 1, { what: `delivery in cycle ${cycle}` });
      await arrived.unsubscribe();
    }
  });

  it('delivers to a handler that joined while the channel’s subscription was still opening', async () => {
    const room = channel('room');
    const opening = otherNode.subscribe(room, () => {});
    const joining = listen(otherNode, room);
    await (await opening)();
    const joined = await joining;
    await publisherNode.publish(room, 'm');
    await waitFor(() => joined.received.length === 1);
  });

  it('skips a handler that another handler unsubscribed while delivering the same message', async () => {
    const room = channel('room');
    let unsubscribeSecond = async () => {};
    await otherNode.subscribe(room, () => void unsubscribeSecond());
    const second = await listen(otherNode, room);
    unsubscribeSecond = second.unsubscribe;
    const third = await listen(otherNode, room);
    await publisherNode.publish(room, 'm');
    await waitFor(() => third.received.length === 1);
    expect(second.received).toEqual([]);
  });

  it.runIf(adapter.brokerSubscriptions)('holds one broker subscription per channel and node', async () => {
    const room = channel('room');
    const count = () => adapter.brokerSubscriptions!(room);
    const handlers = await Promise.all([1, 2, 3].map(() => listen(otherNode, room)));
    expect(await count()).toBe(1);
    await handlers[0]!.unsubscribe();
    await handlers[1]!.unsubscribe();
    expect(await count()).toBe(1);
    await handlers[2]!.unsubscribe();
    expect(await count()).toBe(0);
  });

  it('keeps channels apart', async () => {
    const first = channel('room');
    const second = channel('room');
    // One name extending the other catches prefix matching where exact matching is meant.
    const nested = `${first}.nested`;
    const listeners = await Promise.all([first, second, nested].map((name) => listen(otherNode, name)));
    await publisherNode.publish(first, 'to first');
    await publisherNode.publish(second, 'to second');
    await publisherNode.publish(nested, 'to nested');
    await waitFor(() => listeners.every((l) => l.received.length >= 1));
    await sleep(50);
    expect(listeners.map((l) => l.received)).toEqual([['to first'], ['to second'], ['to nested']]);
  });

  it('preserves the order of one publisher’s messages', async () => {
    const room = channel('room');
    const remote = await listen(otherNode, room);
    const sent = Array.from({ length: 200 }, (_, i) => `message ${i}`);
    await Promise.all(sent.map((message) => publisherNode.publish(room, message)));
    await waitFor(() => remote.received.length === sent.length, { what: 'all messages' });
    expect(remote.received).toEqual(sent);
  });

  it('keeps delivering to other handlers, and later messages, when a handler throws', async () => {
    const room = channel('room');
    const failure = new Error('handler bug');
    let thrownCount = 0;
    await otherNode.subscribe(room, () => {
      thrownCount++;
      throw failure;
    });
    const healthy = await listen(otherNode, room);
    const errorsBefore = handlerErrors.length;
    await publisherNode.publish(room, 'one');
    await publisherNode.publish(room, 'two');
    await waitFor(() => healthy.received.length === 2);
    expect(healthy.received).toEqual(['one', 'two']);
    expect(thrownCount).toBe(2);
    expect(handlerErrors.slice(errorsBefore)).toEqual([
      { error: failure, channel: room },
      { error: failure, channel: room },
    ]);
  });

  it('subscribes cleanly on a node created moments ago', async () => {
    // Subscribing while a client library is still in its connect handshake has broken connections before
    // (ioredis#2037); libraries report such trouble on the console rather than through the port.
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      for (let delayMs = 0; delayMs < 16; delayMs++) {
        const node = await adapter.createNode(recordHandlerError);
        await sleep(delayMs % 8);
        const room = channel('fresh');
        const subscriber = await listen(node, room);
        await node.publish(room, 'hello');
        await waitFor(() => subscriber.received.length === 1);
        await node.close();
      }
      expect(consoleError).not.toHaveBeenCalled();
    } finally {
      consoleError.mockRestore();
    }
  });

  it('releases its connections on close, after which it refuses work', async () => {
    const socketsBefore = openTcpSocketCount();
    const node = await adapter.createNode(recordHandlerError);
    const room = channel('room');
    const subscriber = await listen(node, room);
    await node.publish(room, 'm');
    await waitFor(() => subscriber.received.length === 1);
    await node.close();
    expect(openTcpSocketCount()).toBeLessThanOrEqual(socketsBefore);
    await expect(node.publish(room, 'late')).rejects.toThrow();
    await expect(node.subscribe(room, () => {})).rejects.toThrow();
    await subscriber.unsubscribe();
    await node.close();
  });
});
