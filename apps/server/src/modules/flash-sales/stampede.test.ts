import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../lib/actor.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { createSku, expectLedgerConsistent, testAddress } from '../../testing/commerce.js';
import { FLASH_ORDER_HOLD_MS } from './service.js';
import { createShow } from '../../testing/live.js';

let now = Date.now();
const clock = { now: () => now };
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({}, { clock });
  await t.livedesk.flashSaleWorker.start();
});
afterAll(() => t.close());

/** Guest buyers made through the service: 2,000 sign-ups over HTTP would only test the sign-up route. */
async function guests(count: number): Promise<string[]> {
  const tokens: string[] = [];
  while (tokens.length < count) {
    const batch = await Promise.all(Array.from({ length: Math.min(200, count - tokens.length) }, () => t.livedesk.services.buyers.createGuest({}, undefined)));
    tokens.push(...batch.map((b) => b.token));
  }
  return tokens;
}

const buy = (buyer: string, saleId: string, i: number) =>
  t.request({
    method: 'POST',
    url: `/api/v1/store/flash-sales/${saleId}/orders`,
    token: buyer,
    body: { quantity: 1, address: testAddress },
    headers: { 'idempotency-key': `stampede-${i}` },
  });

describe('a flash sale of 100 units and 2,000 buyers at once', () => {
  it('sells exactly 100, refuses 1,900 as sold out, keeps stock consistent, and resells what expires unpaid', async () => {
    const owner = (await t.login()).token;
    const { skuId, warehouseId, orgId } = await createSku(t, { stock: 150, priceFen: 29900 });
    const sessionId = (await createShow(t, owner, { title: '整点秒杀' })).id;
    const sale = await t.request({ method: 'POST', url: `/api/v1/live-sessions/${sessionId}/flash-sales`, token: owner, body: { skuId, priceFen: 9900, quota: 100, perUserLimit: 1, durationSeconds: 3600 } });
    const saleId = sale.body.id as string;
    expect((await t.request({ method: 'POST', url: `/api/v1/flash-sales/${saleId}/start`, token: owner })).status).toBe(200);
    const buyers = await guests(2000);

    const results = await Promise.all(buyers.map((token, i) => buy(token, saleId, i)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(100);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused).toHaveLength(1900);
    expect(new Set(refused.map((r) => `${r.status} ${r.body.error.code}`))).toEqual(new Set(['409 insufficient_stock']));

    const db = t.livedesk.infra.db.kysely;
    const carve = () => db.selectFrom('campaign_stock').select(['quantity', 'used', 'status']).where('campaign_id', '=', saleId).executeTakeFirstOrThrow();
    const orders = await db.selectFrom('orders').innerJoin('order_lines', 'order_lines.order_id', 'orders.id').select(['orders.id', 'orders.buyer_id', 'order_lines.quantity', 'order_lines.unit_price_fen']).where('order_lines.sku_id', '=', skuId).execute();
    expect(orders).toHaveLength(100);
    expect(new Set(orders.map((o) => o.buyer_id)).size).toBe(100);
    expect(orders.every((o) => o.quantity === 1 && o.unit_price_fen === 9900)).toBe(true);
    expect(await carve()).toEqual({ quantity: 100, used: 100, status: 'active' });
    expect(await expectLedgerConsistent(t, skuId, warehouseId)).toEqual({ onHand: 150, reserved: 100, ledgerOnHand: 150, ledgerReserved: 100 });

    // Ten buyers never pay: their holds expire, the units go back to the quota and sell again.
    now += FLASH_ORDER_HOLD_MS;
    const unpaid = orders.slice(0, 10);
    for (const order of unpaid) expect(await t.livedesk.services.orders.expire(orgId, order.id, systemActor(orgId))).toBe(true);
    const remaining = async () => (await t.request({ method: 'GET', url: `/api/v1/flash-sales/${saleId}`, token: owner })).body.remaining as number;
    const deadline = Date.now() + 20_000;
    while ((await remaining()) < 10) {
      if (Date.now() > deadline) throw new Error('expired holds did not come back to the quota');
      await t.livedesk.relay.runOnce();
      await sleep(20);
    }
    expect(await remaining()).toBe(10);
    expect((await carve()).used).toBe(90);

    const latecomers = await guests(30);
    const second = await Promise.all(latecomers.map((token, i) => buy(token, saleId, 2000 + i)));
    expect(second.filter((r) => r.status === 201)).toHaveLength(10);
    expect(second.filter((r) => r.status === 409 && r.body.error.code === 'insufficient_stock')).toHaveLength(20);
    expect(await remaining()).toBe(0);
    expect(await carve()).toEqual({ quantity: 100, used: 100, status: 'active' });
    expect(await expectLedgerConsistent(t, skuId, warehouseId)).toEqual({ onHand: 150, reserved: 100, ledgerOnHand: 150, ledgerReserved: 100 });
  }, 90_000);
});
