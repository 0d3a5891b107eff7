import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../lib/time.js';
import { waitFor } from '../../infra/testing/wait.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { behaviourEvents, guestBuyer, RoomClient, startRoomServer, type RoomServer } from './test-kit.js';
import type { RoomViewer } from './ports.js';
import { RoomService, STARTER_COINS } from './service.js';

describe('gifts and follows', () => {
  let t: TestApp;
  let server: RoomServer;
  let orgId: string;
  let sessionId: string;

  beforeAll(async () => {
    t = await startTestApp();
    orgId = (await t.login()).org.id;
    server = await startRoomServer(t);
    sessionId = server.sessions.add(orgId);
  });
  afterAll(async () => {
    await server.close();
    await t.close();
  });

  const balance = async (buyerId: string) =>
    (await t.livedesk.infra.db.kysely.selectFrom('buyer_coins').select('balance').where('buyer_id', '=', buyerId).executeTakeFirstOrThrow()).balance;

  it('debits a gift from the buyer, shows it to the room and records it', async () => {
    const buyer = await guestBuyer(t, '土豪');
    const { client: giver, welcome } = await RoomClient.join(server.url(sessionId), { token: buyer.token });
    expect(welcome.you.coins).toBe(STARTER_COINS);
    const { client: watcher } = await RoomClient.join(server.url(sessionId));
    giver.send({ t: 'gift', giftId: 'rose', count: 3 });
    const shown = await watcher.next('gift');
    expect(shown).toEqual({ t: 'gift', user: { id: buyer.buyerId, nickname: '土豪', tags: [] }, giftId: 'rose', count: 3, valueFen: 300 });
    expect((await giver.next('coins')).balance).toBe(STARTER_COINS - 30);
    expect(watcher.of('coins')).toEqual([]);
    expect(await balance(buyer.buyerId)).toBe(STARTER_COINS - 30);
    const gifts = (await behaviourEvents(t, sessionId)).filter((e) => e.type === 'gift');
    expect(gifts).toEqual([expect.objectContaining({ userId: buyer.buyerId, props: { giftId: 'rose', count: 3, valueFen: 300 } })]);
    giver.close();
    watcher.close();
  });

  it('refuses a gift the balance does not cover, an unknown gift, and gifts from anonymous viewers', async () => {
    const buyer = await guestBuyer(t);
    const { client } = await RoomClient.join(server.url(sessionId), { token: buyer.token });
    client.send({ t: 'gift', giftId: 'rocket', count: 2 });
    expect(await client.next('error', (e) => e.ref === 'gift')).toMatchObject({ code: 'conflict', message: 'not enough coins' });
    client.send({ t: 'gift', giftId: 'yacht' });
    expect(await client.next('error', (e) => e.code === 'validation')).toMatchObject({ message: 'Unknown gift yacht', ref: 'gift' });
    expect(await balance(buyer.buyerId)).toBe(STARTER_COINS);

    const { client: anonymous } = await RoomClient.join(server.url(sessionId));
    anonymous.send({ t: 'gift', giftId: 'heart' });
    expect(await anonymous.next('error')).toMatchObject({ code: 'unauthorized', ref: 'gift' });
    client.close();
    anonymous.close();
  });

  it('never overspends under concurrent gifts from several devices', async () => {
    const buyer = await guestBuyer(t);
    const devices = await Promise.all([1, 2, 3, 4].map(() => RoomClient.join(server.url(sessionId), { token: buyer.token })));
    for (const { client } of devices) client.send({ t: 'gift', giftId: 'rocket' });
    // One rocket is paid; every device of the buyer hears the new balance, the three others are refused.
    await Promise.all(devices.map(({ client }) => client.next('coins', (f) => f.balance === STARTER_COINS - 500)));
    await waitFor(() => devices.filter(({ client }) => client.of('error').some((e) => e.ref === 'gift' && e.code === 'conflict')).length === 3, {
      what: 'three refusals',
    });
    expect(await balance(buyer.buyerId)).toBe(STARTER_COINS - 500);
    for (const { client } of devices) client.close();

    // The same race straight at the service, many at once.
    const other = await guestBuyer(t);
    const service = new RoomService(t.livedesk.infra.db, systemClock);
    const viewer: RoomViewer = { liveSessionId: sessionId, orgId, identity: other.buyerId, buyerId: other.buyerId, anonymousId: 'device-race', nickname: 'x', role: 'buyer', actor: null };
    const results = await Promise.allSettled(Array.from({ length: 30 }, () => service.gift(viewer, 'rose', 2)));
    const paid = results.filter((r) => r.status === 'fulfilled').length;
    expect(paid).toBe(Math.floor(STARTER_COINS / 20));
    expect(await balance(other.buyerId)).toBe(STARTER_COINS - paid * 20);
  });

  it('keeps a follow across reconnects; following twice records one follow event', async () => {
    const buyer = await guestBuyer(t, '铁粉');
    const { client } = await RoomClient.join(server.url(sessionId), { token: buyer.token });
    client.send({ t: 'follow' });
    expect(await client.next('followed')).toEqual({ t: 'followed', following: true });
    client.send({ t: 'follow' });
    client.send({ t: 'chat', text: '关注了' });
    const chat = await client.next('chat', (f) => f.message.text === '关注了');
    expect(chat.message.user.tags).toEqual(['follower']);
    client.close();

    const again = await RoomClient.join(server.url(sessionId), { token: buyer.token });
    expect(again.welcome.you.following).toBe(true);
    const follows = (await behaviourEvents(t, sessionId)).filter((e) => e.type === 'follow' && e.userId === buyer.buyerId);
    expect(follows).toHaveLength(1);
    const rows = await t.livedesk.infra.db.kysely.selectFrom('live_follows').selectAll().where('buyer_id', '=', buyer.buyerId).execute();
    expect(rows).toEqual([expect.objectContaining({ org_id: orgId, buyer_id: buyer.buyerId })]);

    const { client: anonymous } = await RoomClient.join(server.url(sessionId));
    anonymous.send({ t: 'follow' });
    expect(await anonymous.next('error')).toMatchObject({ code: 'unauthorized', ref: 'follow' });
    again.client.close();
    anonymous.close();
  });
});
