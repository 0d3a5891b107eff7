import { describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { FakeSessions, RoomClient, startRoomServer, type RoomServer } from './test-kit.js';

/** Two LiveDesk nodes on the same stores, each with a gateway; `run` gets a show and both nodes. */
async function onTwoNodes(run: (room: string, nodeA: RoomServer, nodeB: RoomServer) => Promise<void>) {
  const a: TestApp = await startTestApp();
  const b: TestApp = await startTestApp({}, { joining: a });
  const sessions = new FakeSessions();
  const nodeA = await startRoomServer(a, { onlineEveryMs: 100 }, sessions);
  const nodeB = await startRoomServer(b, { onlineEveryMs: 100 }, sessions);
  try {
    await run(sessions.add((await a.login()).org.id), nodeA, nodeB);
    expect([...nodeA.errors, ...nodeB.errors]).toEqual([]);
  } finally {
    await nodeB.close();
    await nodeA.close();
    await b.close();
    await a.close();
  }
}

describe.skipIf(!(process.env.REDIS_URL || process.env.NATS_URL))('room gateway on two nodes (Fanout)', () => {
  it("delivers each node's viewers' chat and personal frames to the other's", async () => {
    await onTwoNodes(async (room, nodeA, nodeB) => {
      const { client: onA } = await RoomClient.join(nodeA.url(room), { anonymousId: 'device-node-a-1' });
      const { client: onB } = await RoomClient.join(nodeB.url(room), { anonymousId: 'device-node-b-1' });
      onA.send({ t: 'chat', text: '来自 A 节点' });
      onB.send({ t: 'chat', text: '来自 B 节点' });
      for (const client of [onA, onB]) {
        await client.next('chat', (f) => f.message.text === '来自 A 节点');
        await client.next('chat', (f) => f.message.text === '来自 B 节点');
      }
      // The same viewer on a second device, connected to the other node, hears its lottery entry.
      const { client: secondDevice } = await RoomClient.join(nodeB.url(room), { anonymousId: 'device-node-a-1' });
      onA.send({ t: 'lottery.enter', lotteryId: 'lot-x' });
      await secondDevice.next('lottery.entered', (f) => f.lotteryId === 'lot-x');
      for (const client of [onA, onB, secondDevice]) client.close();
    });
  });
});

describe.skipIf(!process.env.REDIS_URL)('room gateway on two nodes (shared Hot)', () => {
  it('sums likes and the online count over both nodes', async () => {
    await onTwoNodes(async (room, nodeA, nodeB) => {
      const { client: onA } = await RoomClient.join(nodeA.url(room));
      const { client: onB } = await RoomClient.join(nodeB.url(room));
      onA.send({ t: 'like', count: 40 });
      onB.send({ t: 'like', count: 2 });
      await onA.next('likes', (f) => f.total === 42);
      await onB.next('likes', (f) => f.total === 42);
      await onA.next('online', (f) => f.count === 2);
      await onB.next('online', (f) => f.count === 2);
      onB.close();
      await onA.next('online', (f) => f.count === 1);
      const { client: late, welcome } = await RoomClient.join(nodeB.url(room));
      expect(welcome.snapshot.likes).toBe(42);
      onA.close();
      late.close();
    });
  });
});
