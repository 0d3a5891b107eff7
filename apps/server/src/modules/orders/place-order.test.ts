import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { createSku, expectLedgerConsistent, newBuyer, testAddress } from '../../testing/commerce.js';
import { createShow } from '../../testing/live.js';

const place = (t: TestApp, token: string, body: unknown, key?: string) =>
  t.request({ method: 'POST', url: '/api/v1/store/orders', token, body, headers: key ? { 'idempotency-key': key } : {} });

describe('placing orders', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('places an order with catalog prices, holds its stock and keeps the ledger equal to the counters', async () => {
    const { skuId, warehouseId } = await createSku(t, { stock: 10, priceFen: 1990 });
    const buyer = await newBuyer(t);
    const res = await place(t, buyer, { items: [{ skuId, quantity: 3, priceFen: 1 }], address: testAddress, totalFen: 3 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'pending_payment', totalFen: 5970, itemsFen: 5970, paymentStatus: 'unpaid' });
    expect(res.body.expiresAt).toBeGreaterThan(Date.now() + 14 * 60_000);
    expect(res.body.orderNo).toMatch(/^LD\d{20}$/);
    expect(res.body.address).toMatchObject({ name: '张三', phone: '13812348000', masked: false });
    const stock = await t.request({ method: 'GET', url: `/api/v1/inventory/skus/${skuId}`, token: (await t.login()).token });
    expect(stock.body).toMatchObject({ skuId, onHand: 10, reserved: 3, available: 7 });
    const ledger = await expectLedgerConsistent(t, skuId, warehouseId);
    expect(ledger).toEqual({ onHand: 10, reserved: 3, ledgerOnHand: 10, ledgerReserved: 3 });
  });

  it('merges two lines of one SKU into one stock check', async () => {
    const { skuId } = await createSku(t, { stock: 3 });
    const buyer = await newBuyer(t);
    const res = await place(t, buyer, { items: [{ skuId, quantity: 2 }, { skuId, quantity: 2 }], address: testAddress });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'insufficient_stock', details: { skuId, available: 3 } });
  });

  it('refuses bad quantities, unknown and delisted SKUs, and leaves nothing behind', async () => {
    const { skuId } = await createSku(t, { stock: 5 });
    const delisted = await createSku(t, { stock: 5, status: 'delisted' });
    const disabled = await createSku(t, { stock: 5, skuStatus: 'disabled' });
    const buyer = await newBuyer(t);
    const ordersBefore = (await t.livedesk.infra.db.kysely.selectFrom('orders').select('id').execute()).length;
    for (const quantity of [0, -1, 1000, 1.5]) {
      const res = await place(t, buyer, { items: [{ skuId, quantity }], address: testAddress });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation');
    }
    const unknown = await place(t, buyer, { items: [{ skuId: 'no-such-sku', quantity: 1 }], address: testAddress });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.details).toEqual({ id: 'no-such-sku' });
    for (const [sku, reason] of [[delisted.skuId, 'delisted'], [disabled.skuId, 'disabled']] as const) {
      const res = await place(t, buyer, { items: [{ skuId: skuId, quantity: 1 }, { skuId: sku, quantity: 1 }], address: testAddress });
      expect(res.status).toBe(409);
      expect(res.body.error.details).toEqual({ skuId: sku, reason });
    }
    const badAddress = await place(t, buyer, { items: [{ skuId, quantity: 1 }], address: { ...testAddress, phone: '123' } });
    expect(badAddress.status).toBe(400);
    const coupon = await place(t, buyer, { items: [{ skuId, quantity: 1 }], address: testAddress, couponCode: 'FREE' });
    expect(coupon.status).toBe(400);
    expect((await t.livedesk.infra.db.kysely.selectFrom('orders').select('id').execute()).length).toBe(ordersBefore);
    const stock = await t.request({ method: 'GET', url: `/api/v1/inventory/skus/${skuId}`, token: (await t.login()).token });
    expect(stock.body.reserved).toBe(0);
  });

  it('needs a buyer token', async () => {
    const { skuId } = await createSku(t, { stock: 1 });
    expect((await place(t, (await t.login()).token, { items: [{ skuId, quantity: 1 }], address: testAddress })).status).toBe(401);
    expect((await place(t, '', { items: [{ skuId, quantity: 1 }], address: testAddress })).status).toBe(401);
  });

  it('replays the same Idempotency-Key and body, and refuses the key with another body', async () => {
    const { skuId } = await createSku(t, { stock: 10 });
    const buyer = await newBuyer(t);
    const body = { items: [{ skuId, quantity: 1 }], address: testAddress };
    const first = await place(t, buyer, body, 'key-1');
    const again = await place(t, buyer, { address: testAddress, items: [{ quantity: 1, skuId }] }, 'key-1');
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const other = await place(t, buyer, { ...body, items: [{ skuId, quantity: 2 }] }, 'key-1');
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('idempotency_mismatch');
    // Another buyer's key space is their own.
    const otherBuyer = await place(t, await newBuyer(t), body, 'key-1');
    expect(otherBuyer.status).toBe(201);
    expect(otherBuyer.body.id).not.toBe(first.body.id);
    const stock = await t.request({ method: 'GET', url: `/api/v1/inventory/skus/${skuId}`, token: (await t.login()).token });
    expect(stock.body.reserved).toBe(2);
  });

  it('places one order when the same key races with itself', async () => {
    const { skuId } = await createSku(t, { stock: 10 });
    const buyer = await newBuyer(t);
    const body = { items: [{ skuId, quantity: 1 }], address: testAddress };
    const results = await Promise.all(Array.from({ length: 5 }, () => place(t, buyer, body, 'race-key')));
    const ids = new Set(results.filter((r) => r.status === 201).map((r) => r.body.id));
    expect(ids.size).toBe(1);
    for (const r of results) expect([201, 409]).toContain(r.status);
    const stock = await t.request({ method: 'GET', url: `/api/v1/inventory/skus/${skuId}`, token: (await t.login()).token });
    expect(stock.body.reserved).toBe(1);
  });

  it("hides another buyer's order and lets a buyer cancel their own unpaid order", async () => {
    const { skuId } = await createSku(t, { stock: 5 });
    const alice = await newBuyer(t);
    const bob = await newBuyer(t);
    const order = await place(t, alice, { items: [{ skuId, quantity: 2 }], address: testAddress });
    expect((await t.request({ method: 'GET', url: `/api/v1/store/orders/${order.body.id}`, token: bob })).status).toBe(404);
    expect((await t.request({ method: 'POST', url: `/api/v1/store/orders/${order.body.id}/cancel`, token: bob, body: {} })).status).toBe(404);
    const cancelled = await t.request({ method: 'POST', url: `/api/v1/store/orders/${order.body.id}/cancel`, token: alice });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'buyer' });
    const again = await t.request({ method: 'POST', url: `/api/v1/store/orders/${order.body.id}/cancel`, token: alice });
    expect(again.status).toBe(409);
    const stock = await t.request({ method: 'GET', url: `/api/v1/inventory/skus/${skuId}`, token: (await t.login()).token });
    expect(stock.body).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
    const mine = await t.request({ method: 'GET', url: '/api/v1/store/orders', token: alice });
    expect(mine.body.items.map((o: { id: string }) => o.id)).toEqual([order.body.id]);
  });

  it('shows staff the address masked, and plain only to pii:read on request (audited)', async () => {
    const { skuId } = await createSku(t, { stock: 5 });
    const order = await place(t, await newBuyer(t), { items: [{ skuId, quantity: 1 }], address: testAddress });
    const operator = await t.memberWithRole('operator');
    const masked = await t.request({ method: 'GET', url: `/api/v1/orders/${order.body.id}`, token: operator.token });
    expect(masked.body.address).toMatchObject({ name: '张*', phone: '138****8000', masked: true, province: '浙江省' });
    expect(masked.body.timeline[0]).toMatchObject({ kind: 'transition', toStatus: 'pending_payment', actorType: 'buyer' });
    expect((await t.request({ method: 'GET', url: `/api/v1/orders/${order.body.id}?reveal=1`, token: operator.token })).status).toBe(403);
    const warehouse = await t.memberWithRole('warehouse');
    const plain = await t.request({ method: 'GET', url: `/api/v1/orders/${order.body.id}?reveal=1`, token: warehouse.token });
    expect(plain.body.address).toMatchObject({ name: '张三', detail: testAddress.detail, masked: false });
    const log = await t.request({ method: 'GET', url: `/api/v1/audit-log?action=order.reveal_pii&targetId=${order.body.id}`, token: (await t.login()).token });
    expect(log.body.items).toHaveLength(1);
    const row = await t.livedesk.infra.db.kysely.selectFrom('orders').selectAll().where('id', '=', order.body.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('13812348000');
    expect(JSON.stringify(row)).not.toContain('张三');
  });

  it('lists orders for staff with filters and a cursor', async () => {
    const { skuId } = await createSku(t, { stock: 20 });
    const buyer = await newBuyer(t);
    const owner = (await t.login()).token;
    const show = (await createShow(t, owner, { title: '列表' })).id;
    for (let i = 0; i < 5; i++) await place(t, buyer, { items: [{ skuId, quantity: 1 }], address: testAddress, liveSessionId: show });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/orders?liveSessionId=${show}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await t.request({ method: 'GET', url, token: owner });
      for (const o of page.body.items) {
        expect(o).toMatchObject({ channel: 'live', liveSessionId: show, itemCount: 1 });
        seen.push(o.id);
      }
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(5);
  });
});

describe('1,000 buyers racing for 50 units', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LIVEDESK_RATE_LIMIT_PER_MINUTE: '100000' });
  });
  afterAll(() => t.close());

  it('never orders more than there is, answers no buyer with a 5xx, and leaves stock equal to the ledger', async () => {
    const { skuId, warehouseId } = await createSku(t, { stock: 50 });
    const buyers = await Promise.all(Array.from({ length: 1000 }, () => newBuyer(t)));
    const results = await Promise.all(
      buyers.map((token, i) => place(t, token, { items: [{ skuId, quantity: (i % 3) + 1 }], address: testAddress })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(new Set(statuses.filter((s) => s !== 201))).toEqual(new Set([409]));
    const ordered = results.filter((r) => r.status === 201).reduce((sum, r) => sum + r.body.lines[0].quantity, 0);
    expect(ordered).toBeLessThanOrEqual(50);
    expect(ordered).toBeGreaterThanOrEqual(48); // what is left must be less than the smallest refused request could use
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.error.details.available).toBeGreaterThanOrEqual(0);
    const db = t.livedesk.infra.db.kysely;
    const orders = await db.selectFrom('orders').innerJoin('order_lines', 'order_lines.order_id', 'orders.id').select(['order_lines.quantity']).where('order_lines.sku_id', '=', skuId).execute();
    expect(orders.reduce((s, o) => s + o.quantity, 0)).toBe(ordered);
    const ledger = await expectLedgerConsistent(t, skuId, warehouseId);
    expect(ledger).toEqual({ onHand: 50, reserved: ordered, ledgerOnHand: 50, ledgerReserved: ordered });
  }, 120_000);
});
