import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { waitFor } from '../../infra/testing/wait.js';
import { RoomBroadcaster } from './broadcast.js';
import { behaviourEvents, guestBuyer, RoomClient, startRoomServer, type RoomServer } from './test-kit.js';

describe('room gateway', () => {
  let t: TestApp;
  let server: RoomServer;
  let orgId: string;
  let sessionId: string;

  beforeAll(async () => {
    t = await startTestApp();
    orgId = (await t.login()).org.id;
    server = await startRoomServer(t, { onlineEveryMs: 100, eventsEveryMs: 100 });
    sessionId = server.sessions.add(orgId, { pinnedProductIds: ['p1'], announcement: '今晚 8 点开抢' });
  });
  afterAll(async () => {
    await server.close();
    await t.close();
  });

  it('welcomes an anonymous viewer with the room snapshot', async () => {
    const { client, welcome } = await RoomClient.join(server.url(sessionId), { anonymousId: 'device-anon-0001' });
    expect(welcome.you).toEqual({ identity: 'anon:device-anon-0001', buyerId: null, role: 'viewer', muted: false, following: false, coins: 0 });
    expect(welcome.snapshot).toMatchObject({
      status: 'live',
      pinnedProductIds: ['p1'],
      announcement: '今晚 8 点开抢',
      flashSales: [],
      lotteries: [],
      slowModeSeconds: 0,
    });
    expect(welcome.snapshot.online).toBeGreaterThanOrEqual(1);
    client.close();
  });

  it('makes a buyer token a buyer with the starter coins, and a staff token a console', async () => {
    const buyer = await guestBuyer(t, '小王');
    const { client: viewer, welcome } = await RoomClient.join(server.url(sessionId), { token: buyer.token });
    expect(welcome.you).toMatchObject({ identity: buyer.buyerId, buyerId: buyer.buyerId, role: 'buyer', coins: 520, following: false });
    const staff = await t.login();
    const { client: console_, welcome: staffWelcome } = await RoomClient.join(server.url(sessionId), { token: staff.token });
    expect(staffWelcome.you).toMatchObject({ identity: `staff:${staff.user.id}`, role: 'staff', buyerId: null });
    viewer.close();
    console_.close();
  });

  it('delivers a chat to every viewer through the room channel, with the sender tagged', async () => {
    const buyer = await guestBuyer(t, '阿花');
    const { client: sender } = await RoomClient.join(server.url(sessionId), { token: buyer.token });
    const { client: other } = await RoomClient.join(server.url(sessionId));
    sender.send({ t: 'chat', text: '主播好！这件有 M 码吗' });
    const got = await other.next('chat', (f) => f.message.text === '主播好！这件有 M 码吗');
    expect(got.message.user).toEqual({ id: buyer.buyerId, nickname: '阿花', tags: [] });
    await sender.next('chat', (f) => f.message.id === got.message.id);
    await waitFor(() => server.listener.heard.some((h) => h.message.id === got.message.id), { what: 'chat listener' });

    const { client: late, welcome } = await RoomClient.join(server.url(sessionId));
    expect(welcome.snapshot.recentChat.map((m) => m.id)).toContain(got.message.id);
    for (const c of [sender, other, late]) c.close();
  });

  it('batches: several frames reach a socket as one message, a JSON array', async () => {
    const { client: watcher } = await RoomClient.join(server.url(sessionId));
    const chatters = await Promise.all([1, 2, 3, 4, 5].map(() => RoomClient.join(server.url(sessionId))));
    for (const [i, { client }] of chatters.entries()) client.send({ t: 'chat', text: `batch ${i}` });
    await waitFor(() => watcher.of('chat').filter((f) => f.message.text.startsWith('batch ')).length === 5, { what: 'five chats' });
    const carrying = watcher.messages.filter((m) => m.some((f) => f.t === 'chat' && f.message.text.startsWith('batch ')));
    expect(carrying.length).toBeLessThan(5);
    expect(Math.max(...carrying.map((m) => m.length))).toBeGreaterThan(1);
    expect(watcher.binaryMessages).toBe(0);
    for (const c of [watcher, ...chatters.map((c) => c.client)]) c.close();
  });

  it('coalesces likes into one running total per flush and records them as summed like events', async () => {
    const room = server.sessions.add(orgId);
    const buyer = await guestBuyer(t);
    const { client: tapper } = await RoomClient.join(server.url(room), { token: buyer.token });
    const { client: watcher } = await RoomClient.join(server.url(room));
    for (let i = 0; i < 10; i++) tapper.send({ t: 'like', count: 10 });
    await watcher.next('likes', (f) => f.total === 100);
    const likes = watcher.of('likes');
    expect(likes.length).toBeLessThan(10);
    expect(likes.reduce((sum, f) => sum + f.delta, 0)).toBe(100);
    await server.gateway.flushEvents();
    const events = (await behaviourEvents(t, room)).filter((e) => e.type === 'like');
    expect(events.every((e) => e.userId === buyer.buyerId)).toBe(true);
    expect(events.reduce((sum, e) => sum + (e.props.count as number), 0)).toBe(100);
    expect(events.length).toBeLessThan(10);

    const { welcome } = await RoomClient.join(server.url(room));
    expect(welcome.snapshot.likes).toBe(100);
    tapper.close();
    watcher.close();
  });

  it('writes room.enter once per identity and room.leave when its last connection closes', async () => {
    const room = server.sessions.add(orgId);
    const buyer = await guestBuyer(t);
    const first = await RoomClient.join(server.url(room), { token: buyer.token, ref: 'share-abc' });
    const second = await RoomClient.join(server.url(room), { token: buyer.token });
    await server.gateway.flushEvents();
    let events = await behaviourEvents(t, room);
    expect(events.map((e) => e.type)).toEqual(['room.enter']);
    expect(events[0]).toMatchObject({ orgId, liveSessionId: room, userId: buyer.buyerId, props: { ref: 'share-abc' } });
    expect(events[0]!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    first.client.close();
    await first.client.closed;
    second.client.send({ t: 'share' });
    second.client.send({ t: 'ping' });
    await second.client.next('pong');
    second.client.close();
    await second.client.closed;
    await waitForEvents(room, (types) => types.includes('room.leave'));
    events = await behaviourEvents(t, room);
    expect(events.map((e) => e.type)).toEqual(['room.enter', 'share', 'room.leave']);
    expect(events[2]!.ts).toBeGreaterThanOrEqual(events[0]!.ts);
  });

  it('records the viewers waiting in the room as entering again when the show goes live', async () => {
    const room = server.sessions.add(orgId);
    const waiting = await RoomClient.join(server.url(room), { anonymousId: 'device-waiting-01' });
    await server.gateway.flushEvents();
    await new RoomBroadcaster(t.livedesk.infra.fanout).toRoom(room, { t: 'status', status: 'live' });
    await waitForEvents(room, (types) => types.length === 2);
    const events = await behaviourEvents(t, room);
    expect(events.map((e) => [e.type, e.anonymousId, e.props])).toEqual([
      ['room.enter', 'device-waiting-01', {}],
      ['room.enter', 'device-waiting-01', { atGoLive: true }],
    ]);
    waiting.client.close();
    await waiting.client.closed;
  });

  it('records comments as events but not the staff console as a viewer', async () => {
    const room = server.sessions.add(orgId);
    const staff = await t.login();
    const { client: console_ } = await RoomClient.join(server.url(room), { token: staff.token });
    const { client: viewer } = await RoomClient.join(server.url(room), { anonymousId: 'device-comment-01' });
    console_.send({ t: 'chat', text: '欢迎来到直播间' });
    viewer.send({ t: 'chat', text: '来了来了' });
    await viewer.next('chat', (f) => f.message.text === '来了来了');
    const staffChat = await viewer.next('chat', (f) => f.message.text === '欢迎来到直播间');
    expect(staffChat.message.user.tags).toEqual(['staff']);
    await server.gateway.flushEvents();
    const events = await behaviourEvents(t, room);
    expect(events.map((e) => [e.type, e.anonymousId])).toEqual([
      ['room.enter', 'device-comment-01'],
      ['comment', 'device-comment-01'],
    ]);
    expect(events[1]!.props).toEqual({ text: '来了来了', nickname: '游客t-01' });
    await viewer.next('online', (f) => f.count === 1);
    console_.close();
    viewer.close();
  });

  it('broadcasts the online count as viewers come and go', async () => {
    const room = server.sessions.add(orgId);
    const a = await RoomClient.join(server.url(room));
    const b = await RoomClient.join(server.url(room));
    await a.client.next('online', (f) => f.count === 2);
    b.client.close();
    await a.client.next('online', (f) => f.count === 1);
    a.client.close();
  });

  it('passes personal frames sent to an identity only to that identity', async () => {
    const room = server.sessions.add(orgId);
    const buyer = await guestBuyer(t);
    const { client: mine } = await RoomClient.join(server.url(room), { token: buyer.token });
    const { client: other } = await RoomClient.join(server.url(room));
    mine.send({ t: 'lottery.enter', lotteryId: 'lot-1' });
    await mine.next('lottery.entered', (f) => f.lotteryId === 'lot-1');
    expect(server.extras.entries.map((e) => [e.viewer.identity, e.lotteryId])).toContainEqual([buyer.buyerId, 'lot-1']);
    // A misrouted copy would have gone out in the same flush as mine, before any later pong.
    other.send({ t: 'ping' });
    await other.next('pong');
    expect(other.of('lottery.entered')).toEqual([]);
    mine.close();
    other.close();
  });

  async function waitForEvents(room: string, done: (types: string[]) => boolean) {
    const deadline = Date.now() + 3_000;
    for (;;) {
      await server.gateway.flushEvents();
      const types = (await behaviourEvents(t, room)).map((e) => e.type);
      if (done(types)) return;
      if (Date.now() > deadline) throw new Error(`events so far: ${types.join(', ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
});

describe('room gateway heartbeat', () => {
  it('ends a silent connection and stamps its leave at the last sign of life', async () => {
    const t = await startTestApp();
    const server = await startRoomServer(t, { heartbeatTimeoutMs: 300 });
    try {
      const room = server.sessions.add((await t.login()).org.id);
      // A client that never answers pings and never sends a frame after its join.
      const joinedAt = Date.now();
      const { client } = await RoomClient.join(server.url(room), { anonymousId: 'device-silent-01' }, { autoPong: false });
      const { code } = await client.closed;
      const closedAt = Date.now();
      expect(code).toBe(1006);
      expect(closedAt - joinedAt).toBeGreaterThanOrEqual(300);
      await server.gateway.flushEvents();
      const leave = (await behaviourEvents(t, room)).find((e) => e.type === 'room.leave');
      expect(leave).toBeDefined();
      expect(leave!.ts).toBeLessThan(closedAt - 250);
      expect(leave!.ts).toBeGreaterThanOrEqual(joinedAt);
    } finally {
      await server.close();
      await t.close();
    }
  });
});
