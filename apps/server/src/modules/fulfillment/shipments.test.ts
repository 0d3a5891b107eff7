import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { createSku, expectLedgerConsistent, newBuyer } from '../../testing/commerce.js';
import { ledgerOf, paidOrder, placeOrder, staffOrder, stockOf } from './testing.js';

describe('shipments', () => {
  let t: TestApp;
  let owner: string;
  let tracking = 0;
  const nextTracking = () => `SF${String(Date.now()).slice(-6)}${String(++tracking).padStart(4, '0')}`;

  beforeAll(async () => {
    t = await startTestApp();
    owner = (await t.login()).token;
  });
  afterAll(() => t.close());

  const ship = (orderId: string, body: Record<string, unknown>, token = owner) =>
    t.request({ method: 'POST', url: `/api/v1/orders/${orderId}/shipments`, token, body: { carrier: 'SF', trackingNo: nextTracking(), ...body } });

  const counts = async () => {
    const db = t.livedesk.infra.db.kysely;
    const [shipments, lines, events] = await Promise.all([
      db.selectFrom('shipments').select('id').execute(),
      db.selectFrom('order_lines').select(['id', 'shipped_quantity']).execute(),
      db.selectFrom('order_events').select('seq').execute(),
    ]);
    return { shipments: shipments.length, shipped: lines.reduce((s, l) => s + Number(l.shipped_quantity), 0), events: events.length };
  };

  it('ships part of an order, then the rest: stock leaves, the ledger agrees, the status follows', async () => {
    const a = await createSku(t, { stock: 10, priceFen: 1000 });
    const b = await createSku(t, { stock: 5, priceFen: 500 });
    const order = await paidOrder(t, await newBuyer(t), [{ skuId: a.skuId, quantity: 3 }, { skuId: b.skuId, quantity: 1 }]);
    const lineA = order.lines.find((l) => l.skuId === a.skuId)!;
    expect(await stockOf(t, owner, a.skuId)).toMatchObject({ onHand: 10, reserved: 3 });

    const first = await ship(order.id, { lines: [{ lineId: lineA.id, quantity: 2 }] });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'partially_shipped', fulfillmentStatus: 'partially_shipped', shipment: { carrier: 'SF', status: 'shipped', lines: [{ lineId: lineA.id, quantity: 2 }] } });
    expect(await stockOf(t, owner, a.skuId)).toMatchObject({ onHand: 8, reserved: 1, available: 7 });
    expect(await ledgerOf(t, first.body.shipment.id)).toEqual([{ kind: 'shipment', onHand: -2, reserved: -2, skuId: a.skuId }]);

    const rest = await ship(order.id, {});
    expect(rest.status).toBe(201);
    expect(rest.body).toMatchObject({ status: 'shipped', fulfillmentStatus: 'shipped' });
    expect(rest.body.shipment.lines).toHaveLength(2);
    expect(await stockOf(t, owner, a.skuId)).toMatchObject({ onHand: 7, reserved: 0 });
    expect(await stockOf(t, owner, b.skuId)).toMatchObject({ onHand: 4, reserved: 0 });
    for (const sku of [a, b]) {
      const ledger = await expectLedgerConsistent(t, sku.skuId, sku.warehouseId);
      expect(ledger.onHand).toBe(ledger.ledgerOnHand);
      expect(ledger.reserved).toBe(ledger.ledgerReserved);
    }

    const detail = await staffOrder(t, owner, order.id);
    expect(detail.lines.map((l: { shippedQuantity: number; quantity: number }) => l.shippedQuantity === l.quantity)).toEqual([true, true]);
    const kinds = detail.timeline.map((e: { kind: string; toStatus: string | null }) => `${e.kind}:${e.toStatus ?? ''}`);
    expect(kinds).toEqual(['transition:pending_payment', 'transition:paid', 'shipment:', 'transition:partially_shipped', 'shipment:', 'transition:shipped']);
    const listed = await t.request({ method: 'GET', url: `/api/v1/orders/${order.id}/shipments`, token: owner });
    expect(listed.body.items.map((s: { id: string }) => s.id)).toEqual([first.body.shipment.id, rest.body.shipment.id]);
    const log = await t.request({ method: 'GET', url: `/api/v1/audit-log?action=shipment.create&targetId=${order.id}`, token: owner });
    expect(log.body.items).toHaveLength(2);
  });

  it('refuses over-shipping and changes nothing', async () => {
    const { skuId } = await createSku(t, { stock: 10 });
    const order = await paidOrder(t, await newBuyer(t), [{ skuId, quantity: 3 }]);
    const lineId = order.lines[0]!.id;
    const before = await counts();
    const stock = await stockOf(t, owner, skuId);

    const tooMany = await ship(order.id, { lines: [{ lineId, quantity: 4 }] });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.error).toMatchObject({ code: 'conflict', details: { lineId, requested: 4, left: 3 } });
    expect((await ship(order.id, { lines: [{ lineId: 'no-such-line', quantity: 1 }] })).status).toBe(404);
    expect((await ship(order.id, { lines: [{ lineId, quantity: 1 }, { lineId, quantity: 1 }] })).status).toBe(400);
    expect((await ship(order.id, { lines: [{ lineId, quantity: 0 }] })).status).toBe(400);
    expect(await counts()).toEqual(before);
    expect(await stockOf(t, owner, skuId)).toEqual(stock);

    expect((await ship(order.id, { lines: [{ lineId, quantity: 2 }] })).status).toBe(201);
    const again = await ship(order.id, { lines: [{ lineId, quantity: 2 }] });
    expect(again.status).toBe(409);
    expect(again.body.error.details).toMatchObject({ requested: 2, left: 1 });
    expect(await stockOf(t, owner, skuId)).toMatchObject({ onHand: stock.onHand - 2, reserved: stock.reserved - 2 });
  });

  it('ships an order once when shipments race for it', async () => {
    const sku = await createSku(t, { stock: 10 });
    const order = await paidOrder(t, await newBuyer(t), [{ skuId: sku.skuId, quantity: 3 }]);
    const results = await Promise.all(Array.from({ length: 5 }, () => ship(order.id, {})));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(await stockOf(t, owner, sku.skuId)).toMatchObject({ onHand: 7, reserved: 0 });
    expect((await staffOrder(t, owner, order.id)).status).toBe('shipped');
    const ledger = await expectLedgerConsistent(t, sku.skuId, sku.warehouseId);
    expect(ledger).toEqual({ onHand: 7, reserved: 0, ledgerOnHand: 7, ledgerReserved: 0 });
  });

  it('refuses to ship unpaid, cancelled or fully shipped orders', async () => {
    const { skuId } = await createSku(t, { stock: 10 });
    const buyer = await newBuyer(t);
    const unpaid = await placeOrder(t, buyer, [{ skuId, quantity: 1 }]);
    const res = await ship(unpaid.id, {});
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'conflict', message: 'Unpaid orders cannot be shipped', details: { status: 'pending_payment' } });

    await t.request({ method: 'POST', url: `/api/v1/store/orders/${unpaid.id}/cancel`, token: buyer, body: {} });
    expect((await ship(unpaid.id, {})).body.error.details).toEqual({ status: 'cancelled' });

    const paid = await paidOrder(t, buyer, [{ skuId, quantity: 1 }]);
    expect((await ship(paid.id, {})).status).toBe(201);
    const done = await ship(paid.id, {});
    expect(done.status).toBe(409);
    expect(done.body.error.details).toEqual({ status: 'shipped' });
    expect((await ship('no-such-order', {})).status).toBe(404);
  });

  it('refuses a tracking number the carrier already has, in any letter case', async () => {
    const { skuId } = await createSku(t, { stock: 10 });
    const buyer = await newBuyer(t);
    const one = await paidOrder(t, buyer, [{ skuId, quantity: 1 }]);
    const two = await paidOrder(t, buyer, [{ skuId, quantity: 1 }]);
    expect((await ship(one.id, { carrier: 'ZTO', trackingNo: 'zt-778899' })).status).toBe(201);
    const dup = await ship(two.id, { carrier: 'ZTO', trackingNo: 'ZT-778899' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details).toMatchObject({ carrier: 'ZTO', trackingNo: 'ZT-778899' });
    expect((await staffOrder(t, owner, two.id)).status).toBe('paid');
    expect((await ship(two.id, { carrier: 'YTO', trackingNo: 'ZT-778899' })).status).toBe(201);
    expect((await ship(two.id, { carrier: 'YTO', trackingNo: 'bad tracking!' })).status).toBe(400);
  });

  it('lets the warehouse ship and keeps roles without fulfillment:write out', async () => {
    const { skuId } = await createSku(t, { stock: 10 });
    const order = await paidOrder(t, await newBuyer(t), [{ skuId, quantity: 1 }]);
    const operator = await t.memberWithRole('operator');
    expect((await ship(order.id, {}, operator.token)).status).toBe(403);
    const warehouse = await t.memberWithRole('warehouse');
    expect((await ship(order.id, {}, warehouse.token)).status).toBe(201);
  });

  it('imports shipments from CSV row by row and reports each bad row with its line and reason', async () => {
    const { skuId } = await createSku(t, { stock: 20 });
    const buyer = await newBuyer(t);
    const good = await paidOrder(t, buyer, [{ skuId, quantity: 2 }]);
    const good2 = await paidOrder(t, buyer, [{ skuId, quantity: 1 }]);
    const unpaid = await placeOrder(t, buyer, [{ skuId, quantity: 1 }]);
    const dupTracking = await paidOrder(t, buyer, [{ skuId, quantity: 1 }]);
    const csv = [
      'orderNo,carrier,trackingNo',
      `${good.orderNo},顺丰,SF900000001`,
      `LD000000000000000000,SF,SF900000002`,
      `${unpaid.orderNo},SF,SF900000003`,
      `${dupTracking.orderNo},顺丰,sf900000001`,
      `${good2.orderNo},"中通, 快递",ZT900000004`,
      `${good2.orderNo},SF,not valid!`,
      `${good.orderNo}`,
      '',
    ].join('\r\n');
    const res = await t.request({ method: 'POST', url: '/api/v1/fulfillment/shipments/import', token: owner, body: csv, headers: { 'content-type': 'text/csv' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 7, applied: 2, failed: 5 });
    const byLine = Object.fromEntries(res.body.rows.map((r: { line: number; ok: boolean; error: { code: string } | null }) => [r.line, r.ok ? 'ok' : r.error!.code]));
    expect(byLine).toEqual({ 2: 'ok', 3: 'not_found', 4: 'conflict', 5: 'conflict', 6: 'ok', 7: 'validation', 8: 'validation' });
    expect(res.body.rows.find((r: { line: number }) => r.line === 4).error.message).toBe('Unpaid orders cannot be shipped');
    expect(res.body.rows.find((r: { line: number }) => r.line === 6)).toMatchObject({ carrier: '中通, 快递', trackingNo: 'ZT900000004' });

    expect((await staffOrder(t, owner, good.id)).status).toBe('shipped');
    expect((await staffOrder(t, owner, good2.id)).status).toBe('shipped');
    expect((await staffOrder(t, owner, dupTracking.id)).status).toBe('paid');
    expect((await staffOrder(t, owner, unpaid.id)).status).toBe('pending_payment');

    const headerless = await t.request({ method: 'POST', url: '/api/v1/fulfillment/shipments/import', token: owner, body: `${dupTracking.orderNo},SF,SF900000005\n`, headers: { 'content-type': 'text/csv' } });
    expect(headerless.body).toMatchObject({ total: 1, applied: 1, rows: [{ line: 1, ok: true }] });
    const empty = await t.request({ method: 'POST', url: '/api/v1/fulfillment/shipments/import', token: owner, body: 'orderNo,carrier,trackingNo\n', headers: { 'content-type': 'text/csv' } });
    expect(empty.status).toBe(400);
    const broken = await t.request({ method: 'POST', url: '/api/v1/fulfillment/shipments/import', token: owner, body: 'a,"b\n', headers: { 'content-type': 'text/csv' } });
    expect(broken.status).toBe(400);
  });

  it('delivers and completes: staff deliver, the buyer confirms receipt, staff complete', async () => {
    const { skuId } = await createSku(t, { stock: 10 });
    const buyer = await newBuyer(t);
    const other = await newBuyer(t);
    const one = await paidOrder(t, buyer, [{ skuId, quantity: 1 }]);

    expect((await t.request({ method: 'POST', url: `/api/v1/orders/${one.id}/deliver`, token: owner })).status).toBe(409);
    expect((await t.request({ method: 'POST', url: `/api/v1/store/orders/${one.id}/confirm-receipt`, token: buyer })).status).toBe(409);
    await ship(one.id, {});
    const delivered = await t.request({ method: 'POST', url: `/api/v1/orders/${one.id}/deliver`, token: owner });
    expect(delivered.body).toMatchObject({ status: 'delivered', fulfillmentStatus: 'delivered', completedAt: null });
    const shipments = await t.request({ method: 'GET', url: `/api/v1/store/orders/${one.id}/shipments`, token: buyer });
    expect(shipments.body.items[0]).toMatchObject({ status: 'delivered' });
    expect((await t.request({ method: 'GET', url: `/api/v1/store/orders/${one.id}/shipments`, token: other })).status).toBe(404);
    expect((await t.request({ method: 'POST', url: `/api/v1/store/orders/${one.id}/confirm-receipt`, token: other })).status).toBe(404);
    const completed = await t.request({ method: 'POST', url: `/api/v1/store/orders/${one.id}/confirm-receipt`, token: buyer });
    expect(completed.body).toMatchObject({ status: 'completed' });
    expect(completed.body.completedAt).toBeGreaterThan(0);
    expect((await t.request({ method: 'POST', url: `/api/v1/store/orders/${one.id}/confirm-receipt`, token: buyer })).status).toBe(409);

    // Shipped but never marked delivered: confirming receipt passes through delivered.
    const two = await paidOrder(t, buyer, [{ skuId, quantity: 1 }]);
    await ship(two.id, {});
    expect((await t.request({ method: 'POST', url: `/api/v1/store/orders/${two.id}/confirm-receipt`, token: buyer })).body.status).toBe('completed');
    const statuses = (await staffOrder(t, owner, two.id)).timeline.filter((e: { kind: string }) => e.kind === 'transition').map((e: { toStatus: string }) => e.toStatus);
    expect(statuses.slice(-3)).toEqual(['shipped', 'delivered', 'completed']);

    // Staff complete; a partially shipped order can be neither delivered nor completed.
    const three = await paidOrder(t, buyer, [{ skuId, quantity: 2 }]);
    await ship(three.id, { lines: [{ lineId: three.lines[0]!.id, quantity: 1 }] });
    expect((await t.request({ method: 'POST', url: `/api/v1/orders/${three.id}/deliver`, token: owner })).status).toBe(409);
    expect((await t.request({ method: 'POST', url: `/api/v1/orders/${three.id}/complete`, token: owner })).status).toBe(409);
    await ship(three.id, {});
    expect((await t.request({ method: 'POST', url: `/api/v1/orders/${three.id}/complete`, token: owner })).body.status).toBe('completed');
    const log = await t.request({ method: 'GET', url: `/api/v1/audit-log?action=order.complete&targetId=${three.id}`, token: owner });
    expect(log.body.items).toHaveLength(1);
  });
});
