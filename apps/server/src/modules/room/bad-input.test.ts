import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { waitFor } from '../../infra/testing/wait.js';
import { guestBuyer, RoomClient, startRoomServer, type RoomServer } from './test-kit.js';

describe('room gateway against bad input', () => {
  let t: TestApp;
  let server: RoomServer;
  let sessionId: string;

  beforeAll(async () => {
    t = await startTestApp();
    server = await startRoomServer(t, { joinTimeoutMs: 300 });
    sessionId = server.sessions.add((await t.login()).org.id);
  });
  afterAll(async () => {
    await server.close();
    await t.close();
  });

  /** A joined viewer that is still served normally after the bad frames (answers a ping). */
  async function stillServed(client: RoomClient) {
    const pongs = client.of('pong').length;
    client.send({ t: 'ping' });
    await client.next('pong', () => client.of('pong').length > pongs);
  }

  it('answers malformed and invalid frames with typed errors and keeps the connection', async () => {
    const { client } = await RoomClient.join(server.url(sessionId));
    const cases: [string | Buffer, { message: RegExp; ref?: string }][] = [
      ['{not json', { message: /Malformed JSON/ }],
      ['42', { message: /frame|Invalid/ }],
      [JSON.stringify({ t: 'explode' }), { message: /Unknown frame type "explode"/, ref: 'explode' }],
      [JSON.stringify({ t: 'chat', text: '长'.repeat(201) }), { message: /text/, ref: 'chat' }],
      [JSON.stringify({ t: 'chat', text: 'hi\u0007there' }), { message: /control characters/, ref: 'chat' }],
      [JSON.stringify({ t: 'chat', text: 'evil\u202Ename' }), { message: /control characters/, ref: 'chat' }],
      [JSON.stringify({ t: 'chat', text: '   ' }), { message: /text/, ref: 'chat' }],
      [JSON.stringify({ t: 'like', count: 101 }), { message: /count/, ref: 'like' }],
      [JSON.stringify({ t: 'like', count: 1, extra: true }), { message: /extra|Unrecognized/i, ref: 'like' }],
      [JSON.stringify({ t: 'join', anonymousId: 'device-again-01' }), { message: /Already joined/, ref: 'join' }],
    ];
    for (const [raw, expected] of cases) {
      const before = client.of('error').length;
      client.sendRaw(raw);
      await waitFor(() => client.of('error').length > before, { what: `an answer to ${String(raw).slice(0, 40)}` });
      const error = client.of('error')[before]!;
      expect(error.code, String(raw)).toBe('validation');
      expect(error.message, String(raw)).toMatch(expected.message);
      expect(error.ref, String(raw)).toBe(expected.ref);
    }
    client.sendRaw(Buffer.from([1, 2, 3]), true);
    expect((await client.next('error', (e) => /Binary/.test(e.message))).code).toBe('validation');
    await stillServed(client);
    expect(client.of('chat')).toEqual([]);
    client.close();
  });

  it('refuses frames before join, then accepts the join', async () => {
    const client = await RoomClient.open(server.url(sessionId));
    client.send({ t: 'chat', text: '抢先发言' });
    const error = await client.next('error');
    expect(error).toMatchObject({ code: 'validation', message: 'Send join first', ref: 'chat' });
    client.send({ t: 'join', anonymousId: 'device-late-join' });
    await client.next('welcome');
    client.close();
  });

  it('refuses control frames from viewers and buyers, and from staff without the permission', async () => {
    const buyer = await guestBuyer(t);
    const { client } = await RoomClient.join(server.url(sessionId), { token: buyer.token });
    const forged = [
      { t: 'pin', productId: 'p1' },
      { t: 'unpin' },
      { t: 'flash.start', flashSaleId: 'fs1' },
      { t: 'lottery.start', lotteryId: 'l1' },
      { t: 'announce', text: '全场免单' },
    ] as const;
    for (const frame of forged) {
      client.send(frame);
      const error = await client.next('error', (e) => e.ref === frame.t);
      expect(error.code).toBe('forbidden');
    }

    const anchor = await t.memberWithRole('anchor');
    const { client: anchorConsole } = await RoomClient.join(server.url(sessionId), { token: anchor.token });
    anchorConsole.send({ t: 'flash.start', flashSaleId: 'fs1' });
    expect((await anchorConsole.next('error', (e) => e.ref === 'flash.start')).message).toMatch(/live:manage/);
    anchorConsole.send({ t: 'pin', productId: 'p2' });
    await stillServed(anchorConsole);

    const owner = await t.login();
    const { client: ownerConsole } = await RoomClient.join(server.url(sessionId), { token: owner.token });
    ownerConsole.send({ t: 'flash.start', flashSaleId: 'missing' });
    expect(await ownerConsole.next('error', (e) => e.ref === 'flash.start')).toMatchObject({ code: 'forbidden', message: 'No such flash sale here' });
    ownerConsole.send({ t: 'lottery.start', lotteryId: 'l1' });
    await stillServed(ownerConsole);
    expect(server.control.handled.map((h) => [h.viewer.role, h.frame.t])).toEqual([
      ['staff', 'pin'],
      ['staff', 'lottery.start'],
    ]);
    for (const c of [client, anchorConsole, ownerConsole]) c.close();
  });

  it('answers a flood with rate_limited and disconnects persistent abuse with 4429', async () => {
    const { client } = await RoomClient.join(server.url(sessionId));
    for (let i = 0; i < 50; i++) client.send({ t: 'like', count: 1 });
    const limited = await client.next('error', (e) => e.code === 'rate_limited');
    expect(limited.message).toMatch(/20 frames per second/);
    expect(client.socket.readyState).toBe(client.socket.OPEN);
    for (let i = 0; i < 200; i++) client.send({ t: 'like', count: 1 });
    const { code } = await client.closed;
    expect(code).toBe(4429);
  });

  it('survives a frame over the 64 KiB limit; the ws library closes that socket alone', async () => {
    const { client } = await RoomClient.join(server.url(sessionId));
    const { client: bystander } = await RoomClient.join(server.url(sessionId));
    client.sendRaw(JSON.stringify({ t: 'chat', text: 'x'.repeat(70 * 1024) }));
    expect((await client.closed).code).toBe(1009);
    await stillServed(bystander);
    bystander.close();
  });

  it('closes with 4400 without a join, 4404 for an unknown show, 4401 for a bad token, 4403 for a banned viewer', async () => {
    const silent = await RoomClient.open(server.url(sessionId));
    expect((await silent.closed).code).toBe(4400);

    const unknown = await RoomClient.open(server.url('no-such-show'));
    unknown.send({ t: 'join', anonymousId: 'device-unknown-1' });
    expect((await unknown.closed).code).toBe(4404);

    const forged = await RoomClient.open(server.url(sessionId));
    forged.send({ t: 'join', anonymousId: 'device-forged-1', token: 'forged.token.value' });
    expect((await forged.closed).code).toBe(4401);

    const buyer = await guestBuyer(t);
    server.policy.banned.add(buyer.buyerId);
    const banned = await RoomClient.open(server.url(sessionId));
    banned.send({ t: 'join', anonymousId: 'device-new-phone', token: buyer.token });
    expect((await banned.closed).code).toBe(4403);
    expect(banned.of('error')).toEqual([{ t: 'error', code: 'banned', message: 'You are banned from this room', ref: 'join' }]);
    expect(banned.of('welcome')).toEqual([]);
  });

  it('passes a moderation refusal back as the error code the policy chose', async () => {
    const buyer = await guestBuyer(t);
    server.policy.muted.add(buyer.buyerId);
    const { client, welcome } = await RoomClient.join(server.url(sessionId), { token: buyer.token });
    expect(welcome.you.muted).toBe(true);
    client.send({ t: 'chat', text: '我被禁言了吗' });
    expect(await client.next('error', (e) => e.ref === 'chat')).toMatchObject({ code: 'muted' });
    client.close();
  });

  it('logged no unexpected errors', () => {
    expect(server.errors).toEqual([]);
  });
});
