import { createHash } from 'node:crypto';
import type { ServerFrame } from '@livedesk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../infra/testing/wait.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { createSku, expectLedgerConsistent, testAddress } from '../../testing/commerce.js';
import { roomChannel, type RoomEnvelope } from '../room/broadcast.js';
import { guestBuyer, RoomClient, roomUrl } from '../room/test-kit.js';
import { LotteryScheduler } from './scheduler.js';
import { recomputeWinners } from './test-kit.js';
import { TestClock } from '../../testing/clock.js';
import { createShow } from '../../testing/live.js';

describe('lotteries', () => {
  let t: TestApp;
  let staff: string;
  let port: number;
  const clock = new TestClock('frozen');

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    staff = (await t.login()).token;
    await t.livedesk.http.listen({ port: 0, host: '127.0.0.1' });
    port = (t.livedesk.http.server.address() as { port: number }).port;
    t.livedesk.gateway.start();
  });
  afterAll(() => t.close());

  /** A show made through the live-sessions API, then started (or ended). */
  const newShow = async (then: 'start' | 'end' = 'start') => (await createShow(t, staff, { title: '福袋专场' }, then)).id;
  const join = async (show: string, token?: string) => (await RoomClient.join(roomUrl(port, show), token ? { token } : {})).client;
  /** A signed-in buyer with a socket in the show's room. */
  const buyerIn = async (show: string, nickname: string) => {
    const buyer = await guestBuyer(t, nickname);
    return { ...buyer, client: await join(show, buyer.token) };
  };
  const identityOf = (client: RoomClient) => client.of('welcome')[0]!.you.identity;

  const create = async (liveSessionId: string, body: Record<string, unknown>) => {
    const res = await t.request({ method: 'POST', url: `/api/v1/live-sessions/${liveSessionId}/lotteries`, token: staff, body: { prize: { title: '福袋' }, winnerCount: 1, durationSeconds: 60, ...body } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string };
  };
  const act = async (id: string, action: 'open' | 'draw' | 'cancel') => {
    const res = await t.request({ method: 'POST', url: `/api/v1/lotteries/${id}/${action}`, token: staff });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const verification = async (id: string) => (await t.request({ method: 'GET', url: `/api/v1/store/lotteries/${id}` })).body;

  /** How the room answers a viewer's attempt to enter: `lottery.entered`, or an error for `lottery.enter`. */
  const entryAnswers = (client: RoomClient, lotteryId: string) =>
    client.frames.filter((f) => (f.t === 'lottery.entered' && f.lotteryId === lotteryId) || (f.t === 'error' && f.ref === 'lottery.enter'));
  async function answerTo(client: RoomClient, lotteryId: string, send: () => void): Promise<ServerFrame> {
    const before = entryAnswers(client, lotteryId).length;
    send();
    await waitFor(() => entryAnswers(client, lotteryId).length > before, { what: 'the answer to an entry' });
    return entryAnswers(client, lotteryId)[before]!;
  }
  const enter = (client: RoomClient, lotteryId: string) => answerTo(client, lotteryId, () => client.send({ t: 'lottery.enter', lotteryId }));
  const comment = (client: RoomClient, lotteryId: string, text: string) => answerTo(client, lotteryId, () => client.send({ t: 'chat', text }));
  /** A chat that earns no answer: sent, and waited for until the room broadcasts it (its listeners start then). */
  async function say(client: RoomClient, text: string) {
    const mine = () => client.of('chat').filter((f) => f.message.user.id === identityOf(client) && f.message.text === text).length;
    const before = mine();
    client.send({ t: 'chat', text });
    await waitFor(() => mine() > before, { what: `the room to broadcast "${text}"` });
  }
  const follow = async (client: RoomClient) => {
    client.send({ t: 'follow' });
    await client.next('followed');
  };
  const entered = (lotteryId: string) => ({ t: 'lottery.entered', lotteryId });

  it('enters commenters of the keyword once each, publishes sha256(seed), and draws winners anyone can recompute', async () => {
    const show = await newShow();
    const lottery = await create(show, { prize: { title: '口红一支' }, winnerCount: 2, rule: { kind: 'comment', keyword: '我要福袋' } });
    const before = await verification(lottery.id);
    expect(before.error.code).toBe('not_found'); // a draft is not public

    const console_ = await join(show, staff);
    const opened = await act(lottery.id, 'open');
    expect(opened).toMatchObject({ status: 'open', seed: null, drawAt: clock.now() + 60_000 });
    expect(opened.seedHash).toMatch(/^[0-9a-f]{64}$/);
    const start = await console_.next('lottery.start', (f) => f.lottery.lotteryId === lottery.id);
    expect(start.lottery).toMatchObject({ seedHash: opened.seedHash, status: 'open', prize: '口红一支', rule: { kind: 'comment', keyword: '我要福袋' } });
    expect(await t.livedesk.infra.db.kysely.selectFrom('lotteries').select(['seed', 'seed_enc']).where('id', '=', lottery.id).executeTakeFirstOrThrow())
      .toMatchObject({ seed: null, seed_enc: expect.not.stringContaining(opened.seedHash) });

    const a = await buyerIn(show, '张三丰');
    const b = await buyerIn(show, '李四');
    const c = await buyerIn(show, '王五');
    const d = await buyerIn(show, '赵六');
    const buyers = [a, b, c, d];
    expect(await comment(a.client, lottery.id, '我要福袋')).toEqual(entered(lottery.id));
    expect(await comment(b.client, lottery.id, '扣 我要福袋！！')).toEqual(entered(lottery.id));
    await say(b.client, '我要福袋'); // a second comment is not a second entry
    expect(await comment(c.client, lottery.id, 'ＷＯ 我要福袋')).toEqual(entered(lottery.id)); // full width and spaces
    await say(d.client, '福袋什么时候开');
    const anonymous = await join(show);
    expect(await comment(anonymous, lottery.id, '我要福袋')).toMatchObject({ t: 'error', code: 'unauthorized' });
    await say(console_, '我要福袋'); // the show's staff never enter
    expect(await enter(a.client, lottery.id)).toMatchObject({ t: 'error', code: 'validation', message: expect.stringContaining('keyword') });
    const late = await RoomClient.join(roomUrl(port, show));
    expect(late.welcome.snapshot.lotteries).toMatchObject([{ lotteryId: lottery.id, entrants: 3, status: 'open' }]);

    const drawn = await act(lottery.id, 'draw');
    expect(drawn).toMatchObject({ status: 'drawn', entrants: 3 });
    const draw = await console_.next('lottery.draw', (f) => f.lotteryId === lottery.id);
    expect(draw.seed).toBe(drawn.seed);
    expect(draw.winners).toHaveLength(2);
    expect(draw.winners.every((w) => /^.\*+$/u.test(w.nickname))).toBe(true);
    const winnerIds = draw.winners.map((w) => w.identity);
    for (const buyer of buyers.filter((x) => winnerIds.includes(x.buyerId))) await buyer.client.next('lottery.won', (f) => f.lotteryId === lottery.id);
    // Personal frames reach only their viewer: the entrants heard they entered (once), the winners that they won.
    const heard = (type: 'lottery.entered' | 'lottery.won') => buyers.filter((x) => x.client.of(type).length > 0).map((x) => x.buyerId).sort();
    expect(heard('lottery.won')).toEqual([...winnerIds].sort());
    expect(heard('lottery.entered')).toEqual([a.buyerId, b.buyerId, c.buyerId].sort());
    expect(b.client.of('lottery.entered')).toHaveLength(1);
    expect([anonymous, console_, late.client].flatMap((x) => [...x.of('lottery.entered'), ...x.of('lottery.won')])).toEqual([]);

    // The acceptance check: from the public record alone, the seed matches its hash and the winners recompute.
    const record = await verification(lottery.id);
    expect(record).toMatchObject({ status: 'drawn', algorithm: 'livedesk-lottery-v1', seedHash: opened.seedHash, seed: draw.seed });
    expect(createHash('sha256').update(Buffer.from(record.seed, 'hex')).digest('hex')).toBe(record.seedHash);
    const stored = await t.livedesk.infra.db.kysely.selectFrom('lottery_entries').select('identity').where('lottery_id', '=', lottery.id).where('counted', '=', 1).execute();
    expect(record.entrants.map((e: { identity: string }) => e.identity).sort()).toEqual(stored.map((e) => e.identity).sort());
    const recomputed = await recomputeWinners(record.seed, record.entrants.map((e: { identity: string }) => e.identity), record.winnerCount);
    expect(record.winners.map((w: { identity: string }) => w.identity)).toEqual(recomputed);
    expect(winnerIds).toEqual(recomputed);
    expect(record.entrants.find((e: { identity: string }) => e.identity === a.buyerId).nickname).toBe('张**');

    await say(d.client, '我要福袋'); // after the draw: nothing happens
    expect((await verification(lottery.id)).entrants).toHaveLength(3);
    expect(d.client.of('lottery.entered')).toEqual([]);
    expect((await t.request({ method: 'POST', url: `/api/v1/lotteries/${lottery.id}/draw`, token: staff })).status).toBe(409);
    for (const client of [...buyers.map((x) => x.client), anonymous, console_, late.client]) client.close();
  });

  it('lets only followers enter a follow lottery, signed-in buyers only, once each', async () => {
    const show = await newShow();
    const lottery = await create(show, { rule: { kind: 'follow' }, winnerCount: 3 });
    const fan = await buyerIn(show, '粉丝');
    const stranger = await buyerIn(show, '路人');
    const anonymous = await join(show);
    const console_ = await join(show, staff);
    const fanElsewhere = await join(await newShow(), fan.token);
    expect(await enter(fan.client, lottery.id)).toMatchObject({ code: 'not_found' }); // still a draft
    await act(lottery.id, 'open');
    expect(await enter(stranger.client, lottery.id)).toMatchObject({ code: 'forbidden', message: 'Follow the shop to enter this lottery' });
    expect(await enter(anonymous, lottery.id)).toMatchObject({ code: 'unauthorized' });
    expect(await enter(console_, lottery.id)).toMatchObject({ code: 'forbidden', message: "The show's staff cannot enter its lotteries" });
    expect(await enter(fanElsewhere, lottery.id)).toMatchObject({ code: 'not_found' }); // another show's room
    await follow(fan.client);
    expect(await enter(fan.client, lottery.id)).toEqual(entered(lottery.id));
    expect(await enter(fan.client, lottery.id)).toEqual(entered(lottery.id));
    await act(lottery.id, 'draw');
    // Three prizes, one entrant: the one entrant wins, once.
    const record = await verification(lottery.id);
    expect(record.entrants.map((e: { identity: string }) => e.identity)).toEqual([fan.buyerId]);
    expect(record.winners).toEqual([{ identity: fan.buyerId, nickname: '粉*', rank: 1 }]);
    for (const client of [fan.client, stranger.client, anonymous, console_, fanElsewhere]) client.close();
  });

  it('draws a presence lottery among the buyers connected to the room at the draw', async () => {
    const show = await newShow();
    const lottery = await create(show, { rule: { kind: 'presence' }, winnerCount: 10 });
    await act(lottery.id, 'open');
    const stays = await buyerIn(show, '留下');
    const leaves = await buyerIn(show, '离开');
    const lurker = await buyerIn(show, '潜水');
    expect(await enter(stays.client, lottery.id)).toEqual(entered(lottery.id));
    expect(await enter(leaves.client, lottery.id)).toEqual(entered(lottery.id));
    const anonymous = await join(show);
    const console_ = await join(show, staff);
    leaves.client.close();
    await leaves.client.closed;
    // The gateway records presence in the Hot store, listed with its online report, so it lands a moment later.
    await expect
      .poll(async () => [...(await t.livedesk.roomPresence.present(show))].sort(), { timeout: 5_000 })
      .toEqual([stays.buyerId, lurker.buyerId, identityOf(anonymous)].sort());

    await act(lottery.id, 'draw');
    const record = await verification(lottery.id);
    expect(record.entrants.map((e: { identity: string }) => e.identity).sort()).toEqual([stays.buyerId, lurker.buyerId].sort());
    expect(record.winners.map((w: { identity: string }) => w.identity)).toEqual(await recomputeWinners(record.seed, [stays.buyerId, lurker.buyerId], 10));
    for (const client of [stays.client, lurker.client, anonymous, console_]) client.close();
  });

  it('draws at drawAt from the database on a node that never saw it open (a restart), once', async () => {
    const show = await newShow();
    const lottery = await create(show, { rule: { kind: 'follow' }, durationSeconds: undefined, drawAt: clock.now() + 60_000 });
    await act(lottery.id, 'open');
    const fan = await buyerIn(show, '守时');
    await follow(fan.client);
    expect(await enter(fan.client, lottery.id)).toEqual(entered(lottery.id));
    fan.client.close();

    const restarted = await startTestApp({}, { joining: t, clock });
    try {
      const room: RoomEnvelope[] = [];
      await restarted.livedesk.infra.fanout.subscribe(roomChannel(show), (message) => void room.push(JSON.parse(message) as RoomEnvelope));
      const scheduler = new LotteryScheduler(restarted.livedesk.services.lottery, clock);
      expect(await scheduler.runOnce()).toBe(0);
      clock.advance(60_000);
      expect(await scheduler.runOnce()).toBe(1);
      expect(await scheduler.runOnce()).toBe(0);
      expect((await verification(lottery.id)).winners.map((w: { identity: string }) => w.identity)).toEqual([fan.buyerId]);
      await waitFor(() => room.some((e) => e.frame.t === 'lottery.won'), { what: 'the lottery.won frame' });
      expect(room.filter((e) => e.frame.t === 'lottery.draw')).toHaveLength(1);
      expect(room.filter((e) => e.frame.t === 'lottery.won').map((e) => e.to)).toEqual([fan.buyerId]);
    } finally {
      await restarted.close();
    }
  });

  it('ships a claimed prize as a paid zero-price order, once, to winners only', async () => {
    const { skuId, warehouseId } = await createSku(t, { stock: 5, priceFen: 19900 });
    const show = await newShow();
    const lottery = await create(show, { prize: { title: '口红', skuId }, rule: { kind: 'follow' }, winnerCount: 1 });
    await act(lottery.id, 'open');
    const winner = await buyerIn(show, '幸运儿');
    const loser = await guestBuyer(t, '陪跑');
    const claim = (token: string) => t.request({ method: 'POST', url: `/api/v1/store/lotteries/${lottery.id}/claim`, token, body: { address: testAddress } });
    expect((await claim(winner.token)).status).toBe(409); // not drawn yet
    await follow(winner.client);
    expect(await enter(winner.client, lottery.id)).toEqual(entered(lottery.id));
    await act(lottery.id, 'draw');
    await winner.client.next('lottery.won', (f) => f.lotteryId === lottery.id && f.prize === '口红');
    winner.client.close();

    expect((await claim(loser.token)).body.error).toMatchObject({ code: 'forbidden', details: { reason: 'not_a_winner' } });
    const racing = await Promise.all([claim(winner.token), claim(winner.token)]);
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409]);
    const claimed = racing.find((r) => r.status === 201)!;
    expect(claimed.body).toMatchObject({ status: 'paid', paymentStatus: 'paid', totalFen: 0, paidFen: 0, liveSessionId: show, lines: [{ skuId, unitPriceFen: 0, quantity: 1 }] });
    const again = await claim(winner.token);
    expect(again.status).toBe(409);
    expect(again.body.error.details).toEqual({ orderId: claimed.body.id });

    const staffView = await t.request({ method: 'GET', url: `/api/v1/lotteries/${lottery.id}`, token: staff });
    expect(staffView.body.winners).toMatchObject([{ buyerId: winner.buyerId, orderId: claimed.body.id }]);
    const timeline = (await t.request({ method: 'GET', url: `/api/v1/orders/${claimed.body.id}`, token: staff })).body.timeline;
    expect(timeline.map((e: { toStatus: string | null }) => e.toStatus)).toEqual(['pending_payment', 'paid']);
    expect(timeline[0].detail).toMatchObject({ source: 'lottery', totalFen: 0 });
    expect(timeline[1].detail).toMatchObject({ provider: 'lottery', amountFen: 0 });
    // The unit is held for fulfilment like any paid order's, and the ledger still adds up.
    const stock = await expectLedgerConsistent(t, skuId, warehouseId);
    expect(stock).toEqual({ onHand: 5, reserved: 1, ledgerOnHand: 5, ledgerReserved: 1 });
    const holds = await t.livedesk.infra.db.kysely.selectFrom('reservations').select('status').where('order_id', '=', claimed.body.id).execute();
    expect(holds).toEqual([{ status: 'consumed' }]);
    // A prize is no purchase: the app's risk guard neither counts nor judges it.
    expect(await t.livedesk.infra.db.kysely.selectFrom('risk_order_marks').select('order_id').where('order_id', '=', claimed.body.id).execute()).toEqual([]);
  });

  it('cancels an open lottery for the room, and keeps staff writes to live:manage', async () => {
    const show = await newShow();
    const lottery = await create(show, { rule: { kind: 'presence' } });
    const anchor = await t.memberWithRole('anchor');
    expect((await t.request({ method: 'POST', url: `/api/v1/lotteries/${lottery.id}/open`, token: anchor.token })).status).toBe(403);
    expect((await t.request({ method: 'GET', url: `/api/v1/live-sessions/${show}/lotteries`, token: anchor.token })).body).toMatchObject([{ id: lottery.id, status: 'draft' }]);
    const viewer = await join(show);
    await act(lottery.id, 'open');
    expect(await act(lottery.id, 'cancel')).toMatchObject({ status: 'cancelled' });
    await viewer.next('lottery.start', (f) => f.lottery.lotteryId === lottery.id && f.lottery.status === 'cancelled');
    expect(viewer.of('lottery.start').filter((f) => f.lottery.lotteryId === lottery.id).map((f) => f.lottery.status)).toEqual(['open', 'cancelled']);
    expect((await t.request({ method: 'POST', url: `/api/v1/lotteries/${lottery.id}/draw`, token: staff })).status).toBe(409);
    const late = await RoomClient.join(roomUrl(port, show));
    expect(late.welcome.snapshot.lotteries).toEqual([]);
    viewer.close();
    late.client.close();
  });

  it('refuses bad lotteries: both or neither time, a past drawAt, an unknown show or SKU, an ended show', async () => {
    const show = await newShow();
    const post = (body: Record<string, unknown>, session = show) =>
      t.request({ method: 'POST', url: `/api/v1/live-sessions/${session}/lotteries`, token: staff, body: { prize: { title: '福袋' }, winnerCount: 1, rule: { kind: 'presence' }, ...body } });
    expect((await post({ drawAt: clock.now() + 60_000, durationSeconds: 60 })).status).toBe(400);
    expect((await post({})).status).toBe(400);
    expect((await post({ drawAt: clock.now() - 1 })).status).toBe(400);
    expect((await post({ durationSeconds: 60, winnerCount: 0 })).status).toBe(400);
    expect((await post({ durationSeconds: 60, prize: { title: '福袋', skuId: 'nope' } })).status).toBe(404);
    expect((await post({ durationSeconds: 60 }, 'no-such-show')).status).toBe(404);
    expect((await post({ durationSeconds: 60 }, await newShow('end'))).status).toBe(409);
  });
});
