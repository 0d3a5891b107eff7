import { MAX_TRACK_EVENTS_PER_FRAME } from '@livedesk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { createShow } from '../../testing/live.js';
import { guestBuyer, RoomClient, roomUrl } from '../room/test-kit.js';
import { ingestKey, postEvents, storedEvents, trackedEvent } from './test-kit.js';

describe('track frames on the room socket', () => {
  let t: TestApp;
  let staff: string;
  let orgId: string;
  let port: number;
  let show: string;

  beforeAll(async () => {
    t = await startTestApp();
    const owner = await t.login();
    staff = owner.token;
    orgId = owner.org.id;
    await t.livedesk.http.listen({ port: 0, host: '127.0.0.1' });
    port = (t.livedesk.http.server.address() as { port: number }).port;
    t.livedesk.gateway.start();
    show = (await createShow(t, staff)).id;
  });
  afterAll(() => t.close());

  /** Sends `events` in one track frame and waits for its ack. */
  async function track(client: RoomClient, events: unknown[]) {
    const before = client.of('track.ack').length;
    client.send({ t: 'track', events });
    await client.next('track.ack', (f) => client.of('track.ack').indexOf(f) >= before);
    return client.of('track.ack')[before]!;
  }

  it("stores a viewer's events as the room's show and the connection's viewer, whatever they claim", async () => {
    const { client } = await RoomClient.join(roomUrl(port, show), { anonymousId: 'device-track-0001' });
    const other = (await createShow(t, staff)).id;
    const claims = trackedEvent({ type: 'product.click', liveSessionId: other, anonymousId: 'someone-else', userId: 'buyer-x', props: { productId: 'p1' } });
    const bare = { id: trackedEvent().id, type: 'product.exposure', ts: Date.now(), props: { productId: 'p2' } };
    const ack = await track(client, [claims, bare]);
    expect(ack).toEqual({ t: 'track.ack', accepted: 2, duplicates: 0, rejected: [] });
    const stored = await storedEvents(t, [claims.id, bare.id]);
    expect(stored.map((e) => [e.liveSessionId, e.anonymousId, e.userId, e.orgId])).toEqual([
      [show, 'device-track-0001', undefined, orgId],
      [show, 'device-track-0001', undefined, orgId],
    ]);
    expect(stored[0]!.ts).toBe(claims.ts);
    client.close();
  });

  it("gives a buyer's events the buyer's id", async () => {
    const buyer = await guestBuyer(t, '小李');
    const { client } = await RoomClient.join(roomUrl(port, show), { token: buyer.token, anonymousId: 'device-track-0002' });
    const props = { productId: 'p1', skuId: 's1', quantity: 2 };
    const event = trackedEvent({ type: 'cart.add', userId: 'not-me', props });
    expect((await track(client, [event])).accepted).toBe(1);
    expect(await storedEvents(t, [event.id])).toEqual([
      expect.objectContaining({ userId: buyer.buyerId, anonymousId: 'device-track-0002', liveSessionId: show, props }),
    ]);
    client.close();
  });

  it('refuses order.* and bad events one by one, and counts a resent frame as duplicates', async () => {
    const { client } = await RoomClient.join(roomUrl(port, show));
    const good = trackedEvent({ type: 'like', props: { count: 5 } });
    const pay = trackedEvent({ type: 'order.pay', props: { orderId: 'o1', amountFen: 1, items: [] } });
    const ack = await track(client, [pay, good, trackedEvent({ ts: Date.now() + 3_600_000 }), 'x']);
    expect(ack.accepted).toBe(1);
    expect(ack.rejected.map((r) => [r.index, r.code])).toEqual([
      [0, 'forbidden_type'],
      [2, 'future_ts'],
      [3, 'invalid_event'],
    ]);
    expect(await storedEvents(t, [pay.id])).toEqual([]);
    expect(await track(client, [good])).toEqual({ t: 'track.ack', accepted: 0, duplicates: 1, rejected: [] });
    // the same id through the HTTP API is the same event of the org
    const key = await ingestKey(t, ['events:ingest']);
    expect((await postEvents(t, key, { events: [good] })).body).toMatchObject({ accepted: 0, duplicates: 1 });
    client.close();
  });

  it(`refuses a frame of more than ${MAX_TRACK_EVENTS_PER_FRAME} events whole`, async () => {
    const { client } = await RoomClient.join(roomUrl(port, show));
    const events = Array.from({ length: MAX_TRACK_EVENTS_PER_FRAME + 1 }, () => trackedEvent());
    client.send({ t: 'track', events });
    expect(await client.next('error', (f) => f.ref === 'track')).toMatchObject({ code: 'validation' });
    expect(client.of('track.ack')).toEqual([]);
    expect(await storedEvents(t, [events[0]!.id])).toEqual([]);
    client.close();
  });

  it("answers a staff console's track frame with an error and stores nothing", async () => {
    const { client } = await RoomClient.join(roomUrl(port, show), { token: staff });
    const event = trackedEvent();
    client.send({ t: 'track', events: [event] });
    expect(await client.next('error', (f) => f.ref === 'track')).toMatchObject({ code: 'forbidden' });
    expect(client.of('track.ack')).toEqual([]);
    expect(await storedEvents(t, [event.id])).toEqual([]);
    client.close();
  });

  it("puts the commenter's nickname in the comment behaviour event", async () => {
    const buyer = await guestBuyer(t, '阿花');
    const { client } = await RoomClient.join(roomUrl(port, show), { token: buyer.token });
    client.send({ t: 'chat', text: '主播好' });
    await client.next('chat', (f) => f.message.text === '主播好');
    await t.livedesk.gateway.flushEvents();
    const rows = await t.livedesk.infra.db.kysely.selectFrom('outbox').select('payload').where('topic', '=', 'behaviour').where('type', '=', 'comment').execute();
    const comments = rows.map((r) => JSON.parse(r.payload) as { userId?: string; props: Record<string, unknown> });
    expect(comments.find((c) => c.userId === buyer.buyerId)?.props).toEqual({ text: '主播好', nickname: '阿花' });
    client.close();
  });
});
