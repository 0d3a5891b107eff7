import { setTimeout as sleep } from 'node:timers/promises';
import type { ServerFrame } from '@livedesk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../lib/actor.js';
import { waitFor } from '../../infra/testing/wait.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { createSku, expectLedgerConsistent, newBuyer, testAddress } from '../../testing/commerce.js';
import { roomChannel, type RoomEnvelope } from '../room/broadcast.js';
import { FLASH_ORDER_HOLD_MS } from './service.js';
import { createShow } from '../../testing/live.js';

let now = Date.now();
const clock = { now: () => now };
let t: TestApp;
let token: string;
let orgId: string;

beforeAll(async () => {
  t = await startTestApp({}, { clock });
  const owner = await t.login();
  token = owner.token;
  orgId = owner.org.id;
  await t.livedesk.flashSaleWorker.start();
});
afterAll(() => t.close());

const show = async () => (await createShow(t, token, { title: '秒杀专场' })).id;
const createSale = (sessionId: string, body: unknown, as = token) => t.request({ method: 'POST', url: `/api/v1/live-sessions/${sessionId}/flash-sales`, token: as, body });
const sale = async (id: string) => (await t.request({ method: 'GET', url: `/api/v1/flash-sales/${id}`, token })).body;
const start = (id: string) => t.request({ method: 'POST', url: `/api/v1/flash-sales/${id}/start`, token });
const end = (id: string) => t.request({ method: 'POST', url: `/api/v1/flash-sales/${id}/end`, token });
const buy = (buyer: string, id: string, quantity = 1, key?: string) =>
  t.request({ method: 'POST', url: `/api/v1/store/flash-sales/${id}/orders`, token: buyer, body: { quantity, address: testAddress }, headers: key ? { 'idempotency-key': key } : {} });
const available = async (skuId: string) => (await t.request({ method: 'GET', url: `/api/v1/inventory/skus/${skuId}`, token })).body.available as number;

/** Frames published to a show's room from now on. */
async function listen(sessionId: string): Promise<ServerFrame[]> {
  const frames: ServerFrame[] = [];
  await t.livedesk.infra.fanout.subscribe(roomChannel(sessionId), (message) => frames.push((JSON.parse(message) as RoomEnvelope).frame));
  return frames;
}

/** Waits until the room has heard `count` frames of type `t` (delivery is asynchronous, even in memory). */
async function heard<T extends ServerFrame['t']>(frames: ServerFrame[], t: T, count = 1): Promise<Extract<ServerFrame, { t: T }>[]> {
  const of = () => frames.filter((f): f is Extract<ServerFrame, { t: T }> => f.t === t);
  await waitFor(() => of().length >= count, { what: `${count} ${t} frame(s)` });
  return of();
}

/** Waits for what the bus delivers to the flash-sales consumer, publishing the outbox as the relay would. */
async function until(check: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    await t.livedesk.relay.runOnce();
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('flash sales', () => {
  it('carves the quota when a sale is created, and refuses more than is available leaving nothing behind', async () => {
    const { skuId } = await createSku(t, { stock: 10, priceFen: 9900 });
    const sessionId = await show();
    const res = await createSale(sessionId, { skuId, priceFen: 1990, quota: 4, perUserLimit: 1, durationSeconds: 60 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      liveSessionId: sessionId, skuId, priceFen: 1990, originalPriceFen: 9900, quota: 4, remaining: 4, ordered: 0,
      perUserLimit: 1, startAt: null, endAt: null, durationSeconds: 60, status: 'scheduled',
    });
    expect(await available(skuId)).toBe(6);

    const tooMany = await createSale(sessionId, { skuId, priceFen: 1990, quota: 7, durationSeconds: 60 });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.error).toMatchObject({ code: 'insufficient_stock', details: { skuId, available: 6 } });
    for (const bad of [
      { skuId, priceFen: 1, quota: 1 },
      { skuId, priceFen: 1, quota: 1, durationSeconds: 60, endAt: now + 60_000 },
      { skuId, priceFen: 1, quota: 1, endAt: now - 1 },
      { skuId, priceFen: 1, quota: 0, durationSeconds: 60 },
    ]) {
      expect((await createSale(sessionId, bad)).status, JSON.stringify(bad)).toBe(400);
    }
    expect((await createSale('no-such-show', { skuId, priceFen: 1, quota: 1, durationSeconds: 60 })).status).toBe(404);
    expect(await available(skuId)).toBe(6);

    const anchor = await t.memberWithRole('anchor');
    expect((await createSale(sessionId, { skuId, priceFen: 1, quota: 1, durationSeconds: 60 }, anchor.token)).status).toBe(403);
    const list = await t.request({ method: 'GET', url: `/api/v1/live-sessions/${sessionId}/flash-sales`, token: anchor.token });
    expect(list.body.items.map((s: { id: string }) => s.id)).toEqual([res.body.id]);
    const audit = await t.request({ method: 'GET', url: `/api/v1/audit-log?action=flash_sale.create&targetId=${res.body.id}`, token });
    expect(audit.body.items).toHaveLength(1);

    await t.request({ method: 'POST', url: `/api/v1/live-sessions/${sessionId}/end`, token });
    expect((await createSale(sessionId, { skuId, priceFen: 1, quota: 1, durationSeconds: 60 })).body.error.details).toEqual({ reason: 'ended' });
  });

  it('sells through the gate: not before the start, within the per-buyer limit, sold out at once, then ended', async () => {
    const { skuId, warehouseId } = await createSku(t, { stock: 10, priceFen: 9900 });
    const sessionId = await show();
    const frames = await listen(sessionId);
    const { id } = (await createSale(sessionId, { skuId, priceFen: 1990, quota: 2, perUserLimit: 1, durationSeconds: 60 })).body;
    const [alice, bob, carol] = [await newBuyer(t), await newBuyer(t), await newBuyer(t)];

    const early = await buy(alice, id);
    expect(early.status).toBe(409);
    expect(early.body.error.details).toMatchObject({ reason: 'not_started' });

    const started = await start(id);
    expect(started.body).toMatchObject({ status: 'running', startAt: now, endAt: now + 60_000, remaining: 2 });
    expect((await start(id)).body.error.details).toEqual({ reason: 'running' });
    expect(await heard(frames, 'flash.start')).toMatchObject([{ sale: { flashSaleId: id, remaining: 2, priceFen: 1990, originalPriceFen: 9900, status: 'running' } }]);
    expect(await t.livedesk.services.flashSales.roomStates(sessionId)).toMatchObject([{ flashSaleId: id, remaining: 2, status: 'running' }]);

    const first = await buy(alice, id);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'pending_payment', totalFen: 1990, channel: 'live', liveSessionId: sessionId, expiresAt: now + FLASH_ORDER_HOLD_MS });
    expect((await buy(alice, id)).body.error).toMatchObject({ code: 'conflict', details: { reason: 'limit_reached', perUserLimit: 1 } });
    expect((await buy(carol, id, 2)).body.error.details).toMatchObject({ reason: 'limit_reached' });

    expect((await buy(bob, id)).status).toBe(201);
    expect(await heard(frames, 'flash.soldout')).toEqual([{ t: 'flash.soldout', flashSaleId: id }]);
    const soldOut = await buy(carol, id);
    expect(soldOut.status).toBe(409);
    expect(soldOut.body.error).toMatchObject({ code: 'insufficient_stock', details: { skuId, available: 0, flashSaleId: id } });
    expect(await sale(id)).toMatchObject({ status: 'sold_out', remaining: 0, ordered: 2 });
    // the stock bar follows in coalesced frames, the last one at zero
    await waitFor(() => frames.some((f) => f.t === 'flash.stock' && f.remaining === 0), { what: 'the stock frame at zero' });
    expect((await heard(frames, 'flash.stock')).length).toBeLessThanOrEqual(2);

    const ended = await end(id);
    expect(ended.body).toMatchObject({ status: 'ended', remaining: 0, ordered: 2, endedAt: now });
    expect(await heard(frames, 'flash.end')).toEqual([{ t: 'flash.end', flashSaleId: id }]);
    expect((await buy(carol, id)).body.error.details).toEqual({ reason: 'ended' });
    expect((await end(id)).status).toBe(409);
    // the two orders keep their units; the carve is closed
    expect(await available(skuId)).toBe(8);
    const ledger = await expectLedgerConsistent(t, skuId, warehouseId);
    expect(ledger).toEqual({ onHand: 10, reserved: 2, ledgerOnHand: 10, ledgerReserved: 2 });
  });

  it('gives the units of a cancelled or expired order back to the quota once, and sells them again', async () => {
    const { skuId, warehouseId } = await createSku(t, { stock: 5 });
    const sessionId = await show();
    const { id } = (await createSale(sessionId, { skuId, priceFen: 100, quota: 1, perUserLimit: 1, durationSeconds: 3600 })).body;
    await start(id);
    const [alice, bob] = [await newBuyer(t), await newBuyer(t)];
    const order = (await buy(alice, id)).body;
    expect((await buy(bob, id)).status).toBe(409);

    await t.request({ method: 'POST', url: `/api/v1/store/orders/${order.id}/cancel`, token: alice });
    await until(async () => (await sale(id)).remaining === 1, 'the cancelled order to come back');
    expect(await t.livedesk.services.flashSales.returnCancelled(order.id)).toBe(false);
    expect((await sale(id)).remaining).toBe(1);

    const second = (await buy(bob, id)).body;
    expect(second.status).toBe('pending_payment');
    now += FLASH_ORDER_HOLD_MS;
    expect(await t.livedesk.expiry.sweepOnce()).toBeGreaterThanOrEqual(1);
    await until(async () => (await sale(id)).remaining === 1, 'the expired order to come back');
    // Alice's earlier claim was given back with her order: she may buy again.
    expect((await buy(alice, id)).status).toBe(201);
    expect(await sale(id)).toMatchObject({ remaining: 0, ordered: 1 });
    const carve = await t.livedesk.infra.db.kysely.selectFrom('campaign_stock').selectAll().where('campaign_id', '=', id).executeTakeFirstOrThrow();
    expect([carve.quantity, carve.used]).toEqual([1, 1]);
    const ledger = await expectLedgerConsistent(t, skuId, warehouseId);
    expect([ledger.reserved, ledger.onHand]).toEqual([ledger.ledgerReserved, ledger.ledgerOnHand]);
  });

  it('gives the claim back when the order cannot be placed after the gate let the buyer through', async () => {
    const { skuId, productId } = await createSku(t, { stock: 5 });
    const sessionId = await show();
    const { id } = (await createSale(sessionId, { skuId, priceFen: 100, quota: 1, perUserLimit: 1, durationSeconds: 600 })).body;
    await start(id);
    const db = t.livedesk.infra.db.kysely;
    await db.updateTable('products').set({ status: 'delisted' }).where('id', '=', productId).execute();
    const alice = await newBuyer(t);
    const refused = await buy(alice, id);
    expect(refused.body.error).toMatchObject({ code: 'conflict', details: { reason: 'delisted' } });
    expect((await sale(id)).remaining).toBe(1);
    await db.updateTable('products').set({ status: 'listed' }).where('id', '=', productId).execute();
    expect((await buy(alice, id)).status).toBe(201);
    expect((await sale(id)).remaining).toBe(0);
  });

  it('starts and ends on schedule, and the first buyer of a due sale starts it at once', async () => {
    const { skuId } = await createSku(t, { stock: 10 });
    const sessionId = await show();
    const frames = await listen(sessionId);
    const due = (await createSale(sessionId, { skuId, priceFen: 500, quota: 3, startAt: now + 60_000, endAt: now + 120_000 })).body;
    expect(due).toMatchObject({ status: 'scheduled', startAt: now + 60_000, endAt: now + 120_000 });
    expect(await t.livedesk.services.flashSales.roomStates(sessionId)).toMatchObject([{ flashSaleId: due.id, status: 'scheduled', remaining: 3, startAt: now + 60_000 }]);

    now += 60_000;
    expect((await buy(await newBuyer(t), due.id)).status).toBe(201);
    expect(await sale(due.id)).toMatchObject({ status: 'running', remaining: 2, startedAt: now });

    const timed = (await createSale(sessionId, { skuId, priceFen: 500, quota: 2, startAt: now + 10_000, durationSeconds: 30 })).body;
    expect(await t.livedesk.flashSaleWorker.runOnce()).toBe(0);
    now += 10_000;
    expect(await t.livedesk.flashSaleWorker.runOnce()).toBe(1);
    expect(await sale(timed.id)).toMatchObject({ status: 'running', endAt: now + 30_000 });
    expect((await heard(frames, 'flash.start', 2)).map((f) => f.sale.flashSaleId)).toEqual([due.id, timed.id]);

    now += 50_000;
    expect(await t.livedesk.flashSaleWorker.runOnce()).toBe(2);
    expect((await sale(due.id)).status).toBe('ended');
    expect((await sale(timed.id)).status).toBe('ended');
    expect(await heard(frames, 'flash.end', 2)).toHaveLength(2);
    // one unit sold; the rest of both carves is back in stock
    expect(await available(skuId)).toBe(9);
  });

  it('ends with its show, giving the unsold carves back, and never starts a sale of an ended show', async () => {
    const { skuId } = await createSku(t, { stock: 10 });
    const sessionId = await show();
    const frames = await listen(sessionId);
    const running = (await createSale(sessionId, { skuId, priceFen: 500, quota: 3, durationSeconds: 600 })).body;
    await start(running.id);
    expect((await buy(await newBuyer(t), running.id)).status).toBe(201);
    const later = (await createSale(sessionId, { skuId, priceFen: 500, quota: 2, startAt: now + 60_000, durationSeconds: 60 })).body;
    expect(await available(skuId)).toBe(5);
    expect(await t.livedesk.services.flashSales.endForSession(systemActor(orgId), sessionId)).toBe(2);
    expect([(await sale(running.id)).status, (await sale(later.id)).status]).toEqual(['ended', 'ended']);
    expect(await heard(frames, 'flash.end', 2)).toHaveLength(2);
    expect(await available(skuId)).toBe(9);

    const otherShow = await show();
    const due = (await createSale(otherShow, { skuId, priceFen: 500, quota: 2, startAt: now + 10_000, durationSeconds: 60 })).body;
    await t.request({ method: 'POST', url: `/api/v1/live-sessions/${otherShow}/end`, token });
    now += 10_000;
    await t.livedesk.flashSaleWorker.runOnce();
    expect(await sale(due.id)).toMatchObject({ status: 'ended', startedAt: null });
    expect(await available(skuId)).toBe(9);
  });

  it('rebuilds a lost gate from the database, and leaves a gate that is there alone', async () => {
    const { skuId } = await createSku(t, { stock: 10 });
    const sessionId = await show();
    const { id } = (await createSale(sessionId, { skuId, priceFen: 500, quota: 3, perUserLimit: 1, durationSeconds: 600 })).body;
    await start(id);
    const alice = await newBuyer(t);
    const order = (await buy(alice, id)).body;
    const hot = t.livedesk.infra.hot;
    // what an embedded restart loses: every Hot key
    await hot.del(`flash:${id}:left`, `flash:${id}:buyer:${order.buyerId}`);
    expect((await sale(id)).remaining).toBe(0);

    expect(await t.livedesk.services.flashSales.restoreGates()).toBeGreaterThanOrEqual(1);
    expect((await sale(id)).remaining).toBe(2);
    expect((await buy(alice, id)).body.error.details).toMatchObject({ reason: 'limit_reached' });
    expect((await buy(await newBuyer(t), id)).status).toBe(201);

    await hot.set(`flash:${id}:left`, '0');
    await t.livedesk.services.flashSales.restoreGates();
    expect((await sale(id)).remaining).toBe(0);
  });

  it('replays an Idempotency-Key without claiming twice', async () => {
    const { skuId } = await createSku(t, { stock: 10 });
    const sessionId = await show();
    const { id } = (await createSale(sessionId, { skuId, priceFen: 500, quota: 5, perUserLimit: 2, durationSeconds: 600 })).body;
    await start(id);
    const alice = await newBuyer(t);
    const first = await buy(alice, id, 1, 'flash-key');
    const again = await buy(alice, id, 1, 'flash-key');
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect((await sale(id)).remaining).toBe(4);
    expect((await buy(alice, id, 1, 'flash-key-2')).status).toBe(201);
    expect((await buy(alice, id, 1, 'flash-key-3')).body.error.details).toMatchObject({ reason: 'limit_reached' });
  });
});
