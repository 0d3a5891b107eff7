import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { createSku, expectLedgerConsistent, newBuyer, testAddress } from '../../testing/commerce.js';
import { createShow } from '../../testing/live.js';

describe('inventory', () => {
  let t: TestApp;
  let owner: string;
  beforeAll(async () => {
    t = await startTestApp();
    owner = (await t.login()).token;
  });
  afterAll(() => t.close());

  const stockOf = async (skuId: string) => (await t.request({ method: 'GET', url: `/api/v1/inventory/skus/${skuId}`, token: owner })).body;
  const newShow = async () => (await createShow(t, owner, { title: '专场' })).id;
  const order = (token: string, skuId: string, quantity: number, liveSessionId?: string) =>
    t.request({ method: 'POST', url: '/api/v1/store/orders', token, body: { items: [{ skuId, quantity }], address: testAddress, ...(liveSessionId ? { liveSessionId } : {}) } });

  it('receives, adjusts and writes off through the ledger, refusing to drop below what is reserved', async () => {
    const { skuId, warehouseId } = await createSku(t, { stock: 5 });
    const inbound = await t.request({ method: 'POST', url: '/api/v1/inventory/adjustments', token: owner, body: { skuId, kind: 'inbound', quantity: 20, reason: '采购到货' } });
    expect(inbound.status).toBe(201);
    expect(inbound.body).toMatchObject({ onHand: 25, reserved: 0, available: 25 });
    expect((await order(await newBuyer(t), skuId, 20)).status).toBe(201);
    const tooMuch = await t.request({ method: 'POST', url: '/api/v1/inventory/adjustments', token: owner, body: { skuId, kind: 'write_off', quantity: 6, reason: '破损' } });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.error.details).toMatchObject({ onHand: 25, reserved: 20, delta: -6 });
    const fine = await t.request({ method: 'POST', url: '/api/v1/inventory/adjustments', token: owner, body: { skuId, kind: 'adjustment', quantity: -5, reason: '盘点' } });
    expect(fine.body).toMatchObject({ onHand: 20, reserved: 20, available: 0 });
    const ledger = await t.request({ method: 'GET', url: `/api/v1/inventory/ledger?skuId=${skuId}`, token: owner });
    expect(ledger.body.items.map((e: { kind: string }) => e.kind)).toEqual(['adjustment', 'reservation', 'inbound', 'inbound']);
    expect(await expectLedgerConsistent(t, skuId, warehouseId)).toEqual({ onHand: 20, reserved: 20, ledgerOnHand: 20, ledgerReserved: 20 });
    for (const body of [{ skuId, kind: 'inbound', quantity: 0, reason: 'x' }, { skuId, kind: 'inbound', quantity: -3, reason: 'x' }, { skuId, kind: 'inbound', quantity: 3 }]) {
      expect((await t.request({ method: 'POST', url: '/api/v1/inventory/adjustments', token: owner, body })).status).toBe(400);
    }
    const analyst = await t.memberWithRole('analyst');
    expect((await t.request({ method: 'POST', url: '/api/v1/inventory/adjustments', token: analyst.token, body: { skuId, kind: 'inbound', quantity: 1, reason: 'x' } })).status).toBe(403);
  });

  it('carves campaign stock for a live show: its orders draw only from the carve, the rest comes back after', async () => {
    const { skuId, warehouseId } = await createSku(t, { stock: 100 });
    const show = await newShow();
    const carve = await t.request({ method: 'POST', url: '/api/v1/inventory/campaign-stock', token: owner, body: { campaignType: 'live_session', campaignId: show, skuId, quantity: 30 } });
    expect(carve.status).toBe(201);
    expect(await stockOf(skuId)).toMatchObject({ onHand: 100, reserved: 30, available: 70 });
    const buyer = await newBuyer(t);
    expect((await order(buyer, skuId, 25, show)).status).toBe(201);
    // The show's quota is what stops a live order, not the general stock behind it.
    const over = await order(buyer, skuId, 10, show);
    expect(over.status).toBe(409);
    expect(over.body.error.details).toEqual({ skuId, available: 5 });
    expect(await stockOf(skuId)).toMatchObject({ reserved: 30, available: 70 });
    // An order outside the show uses general stock.
    expect((await order(buyer, skuId, 10)).status).toBe(201);
    const returned = await t.request({ method: 'POST', url: `/api/v1/inventory/campaign-stock/${carve.body.id}/return`, token: owner });
    expect(returned.body).toMatchObject({ status: 'returned', quantity: 25, used: 25, remaining: 0 });
    expect(await stockOf(skuId)).toMatchObject({ onHand: 100, reserved: 35, available: 65 });
    expect(await expectLedgerConsistent(t, skuId, warehouseId)).toMatchObject({ reserved: 35, ledgerReserved: 35 });
  });

  it('gives a cancelled campaign order back to the running campaign, and to general stock once it ended', async () => {
    const { skuId, warehouseId } = await createSku(t, { stock: 50 });
    const show = await newShow();
    const carve = await t.request({ method: 'POST', url: '/api/v1/inventory/campaign-stock', token: owner, body: { campaignType: 'live_session', campaignId: show, skuId, quantity: 10 } });
    const buyer = await newBuyer(t);
    const first = await order(buyer, skuId, 4, show);
    await t.request({ method: 'POST', url: `/api/v1/store/orders/${first.body.id}/cancel`, token: buyer });
    let list = await t.request({ method: 'GET', url: `/api/v1/inventory/campaign-stock?campaignType=live_session&campaignId=${show}`, token: owner });
    expect(list.body.items[0]).toMatchObject({ used: 0, remaining: 10 });
    const second = await order(buyer, skuId, 6, show);
    await t.request({ method: 'POST', url: `/api/v1/inventory/campaign-stock/${carve.body.id}/return`, token: owner });
    expect(await stockOf(skuId)).toMatchObject({ reserved: 6, available: 44 });
    await t.request({ method: 'POST', url: `/api/v1/store/orders/${second.body.id}/cancel`, token: buyer });
    list = await t.request({ method: 'GET', url: `/api/v1/inventory/campaign-stock?campaignType=live_session&campaignId=${show}`, token: owner });
    expect(list.body.items[0]).toMatchObject({ status: 'returned', quantity: 0, used: 0 });
    expect(await stockOf(skuId)).toMatchObject({ onHand: 50, reserved: 0, available: 50 });
    expect(await expectLedgerConsistent(t, skuId, warehouseId)).toEqual({ onHand: 50, reserved: 0, ledgerOnHand: 50, ledgerReserved: 0 });
  });

  it('raises one low-stock event when available stock crosses the threshold', async () => {
    const { skuId, warehouseId } = await createSku(t, { stock: 10 });
    const set = await t.request({ method: 'PATCH', url: '/api/v1/inventory/levels', token: owner, body: { skuId, warehouseId, lowStockThreshold: 5, bin: 'A-01-03' } });
    expect(set.body.warehouses[0]).toMatchObject({ lowStockThreshold: 5, bin: 'A-01-03' });
    const buyer = await newBuyer(t);
    await order(buyer, skuId, 3); // 7 left: above
    await order(buyer, skuId, 3); // 4 left: crosses
    await order(buyer, skuId, 1); // 3 left: already below, no second alert
    const events = await t.livedesk.infra.db.kysely.selectFrom('outbox').select(['type', 'payload']).where('type', '=', 'inventory.low_stock').execute();
    const mine = events.map((e) => JSON.parse(e.payload)).filter((p) => p.skuId === skuId);
    expect(mine).toEqual([{ skuId, warehouseId, available: 4, threshold: 5 }]);
    const low = await t.request({ method: 'GET', url: '/api/v1/inventory/levels?low=1', token: owner });
    expect(low.body.items.map((l: { skuId: string }) => l.skuId)).toContain(skuId);
  });

  it('manages warehouses and prefers the higher-priority one with enough stock', async () => {
    const { skuId, orgId } = await createSku(t, { stock: 2 });
    const south = await t.request({ method: 'POST', url: '/api/v1/inventory/warehouses', token: owner, body: { code: 'gz', name: '广州仓', priority: 5 } });
    expect(south.body).toMatchObject({ code: 'GZ', priority: 5 });
    expect((await t.request({ method: 'POST', url: '/api/v1/inventory/warehouses', token: owner, body: { code: 'GZ', name: 'dup' } })).status).toBe(409);
    await t.request({ method: 'POST', url: '/api/v1/inventory/adjustments', token: owner, body: { skuId, warehouseId: south.body.id, kind: 'inbound', quantity: 10, reason: '调拨' } });
    // MAIN (priority 0) has 2: an order of 5 must come from GZ, an order of 1 from MAIN.
    const buyer = await newBuyer(t);
    const big = await order(buyer, skuId, 5);
    expect(big.body.lines[0].warehouseId).toBe(south.body.id);
    const small = await order(buyer, skuId, 1);
    expect(small.body.lines[0].warehouseId).not.toBe(south.body.id);
    const stock = await stockOf(skuId);
    expect(stock).toMatchObject({ onHand: 12, reserved: 6 });
    expect(stock.warehouses).toHaveLength(2);
    expect(orgId).toBeTruthy();
  });
});
