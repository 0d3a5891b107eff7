import { createHash } from 'node:crypto';
import type { ChatMessage, ServerFrame } from '@livedesk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../lib/ids.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { createSku, expectLedgerConsistent, testAddress } from '../../testing/commerce.js';
import type { RoomViewer } from '../room/ports.js';
import { anonymousViewer, recomputeWinners, startHarness, TestClock, type Harness } from './testing.js';

const chat = (viewer: RoomViewer, text: string): ChatMessage => ({ id: newId(), user: { id: viewer.identity, nickname: viewer.nickname, tags: [] }, text, at: Date.now() });

describe('lotteries', () => {
  let t: TestApp;
  let h: Harness;
  let staff: string;
  let orgId: string;
  const clock = new TestClock();

  beforeAll(async () => {
    t = await startTestApp();
    h = await startHarness(t, clock);
    const owner = await t.login();
    staff = owner.token;
    orgId = owner.org.id;
  });
  afterAll(async () => {
    await h.close();
    await t.close();
  });

  const create = async (liveSessionId: string, body: Record<string, unknown>) => {
    const res = await h.request({ method: 'POST', url: `/api/v1/live-sessions/${liveSessionId}/lotteries`, token: staff, body: { prize: { title: '福袋' }, winnerCount: 1, durationSeconds: 60, ...body } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string };
  };
  const act = async (id: string, action: 'open' | 'draw' | 'cancel') => {
    const res = await h.request({ method: 'POST', url: `/api/v1/lotteries/${id}/${action}`, token: staff });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const verification = async (id: string) => (await h.request({ method: 'GET', url: `/api/v1/store/lotteries/${id}` })).body;
  const framesOf = <T extends ServerFrame['t']>(type: T, lotteryId: string) =>
    h.frames.filter((f) => f.frame.t === type && 'lotteryId' in f.frame && f.frame.lotteryId === lotteryId);

  it('enters commenters of the keyword once each, publishes sha256(seed), and draws winners anyone can recompute', async () => {
    const show = await h.liveSession();
    const lottery = await create(show, { prize: { title: '口红一支' }, winnerCount: 2, rule: { kind: 'comment', keyword: '我要福袋' } });
    const before = await verification(lottery.id);
    expect(before.error.code).toBe('not_found'); // a draft is not public

    const opened = await act(lottery.id, 'open');
    expect(opened).toMatchObject({ status: 'open', seed: null, drawAt: clock.now() + 60_000 });
    expect(opened.seedHash).toMatch(/^[0-9a-f]{64}$/);
    const start = h.frames.find((f) => f.frame.t === 'lottery.start' && f.frame.lottery.lotteryId === lottery.id);
    expect(start).toMatchObject({ liveSessionId: show, frame: { lottery: { seedHash: opened.seedHash, status: 'open', prize: '口红一支', rule: { kind: 'comment', keyword: '我要福袋' } } } });
    expect(await t.livedesk.infra.db.kysely.selectFrom('lotteries').select(['seed', 'seed_enc']).where('id', '=', lottery.id).executeTakeFirstOrThrow())
      .toMatchObject({ seed: null, seed_enc: expect.not.stringContaining(opened.seedHash) });

    const buyers = await Promise.all(['张三丰', '李四', '王五', '赵六'].map((n) => h.buyer(n)));
    const [a, b, c, d] = buyers.map((x) => x.viewer(show));
    await h.lottery.onChat(a!, chat(a!, '我要福袋'));
    await h.lottery.onChat(b!, chat(b!, '扣 我要福袋！！'));
    await h.lottery.onChat(b!, chat(b!, '我要福袋')); // a second comment is not a second entry
    await h.lottery.onChat(c!, chat(c!, 'ＷＯ 我要福袋')); // full width and spaces
    await h.lottery.onChat(d!, chat(d!, '福袋什么时候开'));
    const anon = anonymousViewer(show, orgId);
    await h.lottery.onChat(anon, chat(anon, '我要福袋'));
    const staffViewer: RoomViewer = { ...a!, identity: 'staff:x', buyerId: null, role: 'staff' };
    await h.lottery.onChat(staffViewer, chat(staffViewer, '我要福袋'));

    expect(framesOf('lottery.entered', lottery.id).map((f) => f.to).sort()).toEqual([a!.identity, b!.identity, c!.identity].sort());
    expect(h.frames.find((f) => f.to === anon.identity)?.frame).toMatchObject({ t: 'error', code: 'unauthorized', ref: 'lottery.enter' });
    expect((await h.lottery.lotteries(show)).find((l) => l.lotteryId === lottery.id)).toMatchObject({ entrants: 3, status: 'open' });
    await expect(h.lottery.enterLottery(a!, lottery.id)).rejects.toMatchObject({ code: 'validation', details: { keyword: '我要福袋' } });

    const drawn = await act(lottery.id, 'draw');
    expect(drawn).toMatchObject({ status: 'drawn', entrants: 3 });
    const draw = framesOf('lottery.draw', lottery.id)[0]!.frame as Extract<ServerFrame, { t: 'lottery.draw' }>;
    expect(draw.seed).toBe(drawn.seed);
    expect(draw.winners).toHaveLength(2);
    expect(draw.winners.every((w) => /^.\*+$/u.test(w.nickname))).toBe(true);
    expect(framesOf('lottery.won', lottery.id).map((f) => f.to).sort()).toEqual(draw.winners.map((w) => w.identity).sort());

    // The acceptance check: from the public record alone, the seed matches its hash and the winners recompute.
    const record = await verification(lottery.id);
    expect(record).toMatchObject({ status: 'drawn', algorithm: 'livedesk-lottery-v1', seedHash: opened.seedHash, seed: draw.seed });
    expect(createHash('sha256').update(Buffer.from(record.seed, 'hex')).digest('hex')).toBe(record.seedHash);
    const stored = await t.livedesk.infra.db.kysely.selectFrom('lottery_entries').select('identity').where('lottery_id', '=', lottery.id).where('counted', '=', 1).execute();
    expect(record.entrants.map((e: { identity: string }) => e.identity).sort()).toEqual(stored.map((e) => e.identity).sort());
    const recomputed = await recomputeWinners(record.seed, record.entrants.map((e: { identity: string }) => e.identity), record.winnerCount);
    expect(record.winners.map((w: { identity: string }) => w.identity)).toEqual(recomputed);
    expect(draw.winners.map((w) => w.identity)).toEqual(recomputed);
    expect(record.entrants.find((e: { identity: string }) => e.identity === a!.identity).nickname).toBe('张**');

    await h.lottery.onChat(d!, chat(d!, '我要福袋')); // after the draw: nothing happens
    expect((await verification(lottery.id)).entrants).toHaveLength(3);
    expect((await h.request({ method: 'POST', url: `/api/v1/lotteries/${lottery.id}/draw`, token: staff })).status).toBe(409);
  });

  it('lets only followers enter a follow lottery, signed-in buyers only, once each', async () => {
    const show = await h.liveSession();
    const lottery = await create(show, { rule: { kind: 'follow' }, winnerCount: 3 });
    const fan = await h.buyer('粉丝');
    const stranger = await h.buyer('路人');
    await expect(h.lottery.enterLottery(fan.viewer(show), lottery.id)).rejects.toMatchObject({ code: 'not_found' }); // still a draft
    await act(lottery.id, 'open');
    await expect(h.lottery.enterLottery(stranger.viewer(show), lottery.id)).rejects.toMatchObject({ code: 'forbidden', details: { reason: 'not_following' } });
    await expect(h.lottery.enterLottery(anonymousViewer(show, orgId), lottery.id)).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(h.lottery.enterLottery({ ...fan.viewer(show), identity: 'staff:u', buyerId: null, role: 'staff' }, lottery.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(h.lottery.enterLottery(fan.viewer(await h.liveSession()), lottery.id)).rejects.toMatchObject({ code: 'not_found' }); // another show's room
    h.follow(orgId, fan.id);
    await h.lottery.enterLottery(fan.viewer(show), lottery.id);
    await h.lottery.enterLottery(fan.viewer(show), lottery.id);
    await act(lottery.id, 'draw');
    // Three prizes, one entrant: the one entrant wins, once.
    const record = await verification(lottery.id);
    expect(record.entrants.map((e: { identity: string }) => e.identity)).toEqual([fan.id]);
    expect(record.winners).toEqual([{ identity: fan.id, nickname: '粉*', rank: 1 }]);
  });

  it('draws a presence lottery among the buyers in the room at the draw', async () => {
    const show = await h.liveSession();
    const lottery = await create(show, { rule: { kind: 'presence' }, winnerCount: 10 });
    await act(lottery.id, 'open');
    const [stays, leaves, lurker] = await Promise.all(['留下', '离开', '潜水'].map((n) => h.buyer(n)));
    await h.lottery.enterLottery(stays!.viewer(show), lottery.id);
    await h.lottery.enterLottery(leaves!.viewer(show), lottery.id);
    const anon = anonymousViewer(show, orgId);
    h.present.set(show, new Set([stays!.id, lurker!.id, anon.identity, 'staff:someone']));
    await act(lottery.id, 'draw');
    const record = await verification(lottery.id);
    expect(record.entrants.map((e: { identity: string }) => e.identity).sort()).toEqual([stays!.id, lurker!.id].sort());
    expect(record.winners.map((w: { identity: string }) => w.identity)).toEqual(await recomputeWinners(record.seed, [stays!.id, lurker!.id], 10));
  });

  it('draws at drawAt from the database after a restart, once', async () => {
    const show = await h.liveSession();
    const lottery = await create(show, { rule: { kind: 'follow' }, durationSeconds: undefined, drawAt: clock.now() + 60_000 });
    await act(lottery.id, 'open');
    const fan = await h.buyer('守时');
    h.follow(orgId, fan.id);
    await h.lottery.enterLottery(fan.viewer(show), lottery.id);

    const restarted = h.restart();
    expect(await restarted.scheduler.runOnce()).toBe(0);
    clock.advance(60_000);
    expect(await restarted.scheduler.runOnce()).toBe(1);
    expect(await restarted.scheduler.runOnce()).toBe(0);
    expect((await verification(lottery.id)).winners.map((w: { identity: string }) => w.identity)).toEqual([fan.id]);
    expect(framesOf('lottery.draw', lottery.id)).toHaveLength(1);
    expect(framesOf('lottery.won', lottery.id).map((f) => f.to)).toEqual([fan.id]);
  });

  it('ships a claimed prize as a paid zero-price order, once, to winners only', async () => {
    const { skuId, warehouseId } = await createSku(t, { stock: 5, priceFen: 19900 });
    const show = await h.liveSession();
    const lottery = await create(show, { prize: { title: '口红', skuId }, rule: { kind: 'follow' }, winnerCount: 1 });
    await act(lottery.id, 'open');
    const winner = await h.buyer('幸运儿');
    const loser = await h.buyer('陪跑');
    const claim = (token: string) => h.request({ method: 'POST', url: `/api/v1/store/lotteries/${lottery.id}/claim`, token, body: { address: testAddress } });
    expect((await claim(winner.token)).status).toBe(409); // not drawn yet
    h.follow(orgId, winner.id);
    await h.lottery.enterLottery(winner.viewer(show), lottery.id);
    await act(lottery.id, 'draw');

    expect((await claim(loser.token)).body.error).toMatchObject({ code: 'forbidden', details: { reason: 'not_a_winner' } });
    const racing = await Promise.all([claim(winner.token), claim(winner.token)]);
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409]);
    const claimed = racing.find((r) => r.status === 201)!;
    expect(claimed.body).toMatchObject({ status: 'paid', paymentStatus: 'paid', totalFen: 0, paidFen: 0, liveSessionId: show, lines: [{ skuId, unitPriceFen: 0, quantity: 1 }] });
    const again = await claim(winner.token);
    expect(again.status).toBe(409);
    expect(again.body.error.details).toEqual({ orderId: claimed.body.id });

    const staffView = await h.request({ method: 'GET', url: `/api/v1/lotteries/${lottery.id}`, token: staff });
    expect(staffView.body.winners).toMatchObject([{ buyerId: winner.id, orderId: claimed.body.id }]);
    const timeline = (await t.request({ method: 'GET', url: `/api/v1/orders/${claimed.body.id}`, token: staff })).body.timeline;
    expect(timeline.map((e: { toStatus: string | null }) => e.toStatus)).toEqual(['pending_payment', 'paid']);
    expect(timeline[0].detail).toMatchObject({ source: 'lottery', totalFen: 0 });
    expect(timeline[1].detail).toMatchObject({ provider: 'lottery', amountFen: 0 });
    // The unit is held for fulfilment like any paid order's, and the ledger still adds up.
    const stock = await expectLedgerConsistent(t, skuId, warehouseId);
    expect(stock).toEqual({ onHand: 5, reserved: 1, ledgerOnHand: 5, ledgerReserved: 1 });
    const holds = await t.livedesk.infra.db.kysely.selectFrom('reservations').select('status').where('order_id', '=', claimed.body.id).execute();
    expect(holds).toEqual([{ status: 'consumed' }]);
    // A prize is no purchase: risk rules neither count nor judge it.
    expect(await t.livedesk.infra.db.kysely.selectFrom('risk_order_marks').select('order_id').where('order_id', '=', claimed.body.id).execute()).toEqual([]);
  });

  it('cancels an open lottery for the room, and keeps staff writes to live:manage', async () => {
    const show = await h.liveSession();
    const lottery = await create(show, { rule: { kind: 'presence' } });
    const anchor = await t.memberWithRole('anchor');
    expect((await h.request({ method: 'POST', url: `/api/v1/lotteries/${lottery.id}/open`, token: anchor.token })).status).toBe(403);
    expect((await h.request({ method: 'GET', url: `/api/v1/live-sessions/${show}/lotteries`, token: anchor.token })).body).toMatchObject([{ id: lottery.id, status: 'draft' }]);
    await act(lottery.id, 'open');
    expect(await act(lottery.id, 'cancel')).toMatchObject({ status: 'cancelled' });
    expect(h.frames.filter((f) => f.frame.t === 'lottery.start' && f.frame.lottery.lotteryId === lottery.id).map((f) => (f.frame as Extract<ServerFrame, { t: 'lottery.start' }>).lottery.status)).toEqual(['open', 'cancelled']);
    expect((await h.request({ method: 'POST', url: `/api/v1/lotteries/${lottery.id}/draw`, token: staff })).status).toBe(409);
    expect(await h.lottery.lotteries(show)).toEqual([]);
  });

  it('refuses bad lotteries: both or neither time, a past drawAt, an unknown show or SKU, an ended show', async () => {
    const show = await h.liveSession();
    const post = (body: Record<string, unknown>, session = show) =>
      h.request({ method: 'POST', url: `/api/v1/live-sessions/${session}/lotteries`, token: staff, body: { prize: { title: '福袋' }, winnerCount: 1, rule: { kind: 'presence' }, ...body } });
    expect((await post({ drawAt: clock.now() + 60_000, durationSeconds: 60 })).status).toBe(400);
    expect((await post({})).status).toBe(400);
    expect((await post({ drawAt: clock.now() - 1 })).status).toBe(400);
    expect((await post({ durationSeconds: 60, winnerCount: 0 })).status).toBe(400);
    expect((await post({ durationSeconds: 60, prize: { title: '福袋', skuId: 'nope' } })).status).toBe(404);
    expect((await post({ durationSeconds: 60 }, 'no-such-show')).status).toBe(404);
    expect((await post({ durationSeconds: 60 }, await h.liveSession('ended'))).status).toBe(409);
  });
});
