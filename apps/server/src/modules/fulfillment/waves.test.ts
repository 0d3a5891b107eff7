import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { createSku, newBuyer, testAddress } from '../../testing/commerce.js';
import { paidOrder, placeOrder } from './testing.js';

describe('picking waves', () => {
  let t: TestApp;
  let owner: string;
  beforeAll(async () => {
    t = await startTestApp();
    owner = (await t.login()).token;
  });
  afterAll(() => t.close());

  const setBin = async (sku: { skuId: string; warehouseId: string }, bin: string) => {
    const res = await t.request({ method: 'PATCH', url: '/api/v1/inventory/levels', token: owner, body: { skuId: sku.skuId, warehouseId: sku.warehouseId, bin } });
    expect(res.status).toBe(200);
  };
  const createWave = (body: Record<string, unknown>, token = owner) => t.request({ method: 'POST', url: '/api/v1/fulfillment/waves', token, body });

  it('groups every waiting paid order of the warehouse, with a pick list per SKU in shelf order', async () => {
    const shelfB = await createSku(t, { stock: 50 });
    const shelfA = await createSku(t, { stock: 50 });
    const noBin = await createSku(t, { stock: 50 });
    await setBin(shelfB, 'B-02-01');
    await setBin(shelfA, 'A-01-03');
    const buyer = await newBuyer(t);
    const o1 = await paidOrder(t, buyer, [{ skuId: shelfB.skuId, quantity: 2 }, { skuId: noBin.skuId, quantity: 1 }]);
    const o2 = await paidOrder(t, buyer, [{ skuId: shelfA.skuId, quantity: 1 }, { skuId: shelfB.skuId, quantity: 3 }]);
    const o3 = await paidOrder(t, buyer, [{ skuId: shelfA.skuId, quantity: 4 }]);
    const unpaid = await placeOrder(t, buyer, [{ skuId: shelfA.skuId, quantity: 1 }]);
    // Partly shipped already: only what is left goes on the pick list.
    await t.request({ method: 'POST', url: `/api/v1/orders/${o3.id}/shipments`, token: owner, body: { carrier: 'SF', trackingNo: 'SF100000001', lines: [{ lineId: o3.lines[0]!.id, quantity: 1 }] } });
    const shipped = await paidOrder(t, buyer, [{ skuId: shelfA.skuId, quantity: 1 }]);
    await t.request({ method: 'POST', url: `/api/v1/orders/${shipped.id}/shipments`, token: owner, body: { carrier: 'SF', trackingNo: 'SF100000002' } });

    const res = await createWave({});
    expect(res.status).toBe(201);
    const wave = res.body;
    expect(wave).toMatchObject({ status: 'open', orderCount: 3, warehouseId: shelfA.warehouseId, warehouseCode: 'MAIN' });
    expect(wave.waveNo).toMatch(/^WV\d{17}$/);
    expect(wave.orders.map((o: { orderId: string }) => o.orderId)).toEqual([o1.id, o2.id, o3.id]);
    expect(wave.orders.map((o: { orderId: string }) => o.orderId)).not.toContain(unpaid.id);
    expect(wave.pickList.map((p: { skuId: string; bin: string | null; quantity: number }) => [p.skuId, p.bin, p.quantity])).toEqual([
      [shelfA.skuId, 'A-01-03', 4],
      [shelfB.skuId, 'B-02-01', 5],
      [noBin.skuId, null, 1],
    ]);
    expect(wave.pickList[0].orders).toEqual([
      { orderId: o2.id, orderNo: o2.orderNo, lineId: o2.lines.find((l) => l.skuId === shelfA.skuId)!.id, quantity: 1 },
      { orderId: o3.id, orderNo: o3.orderNo, lineId: o3.lines[0]!.id, quantity: 3 },
    ]);
    expect(wave.slips).toHaveLength(3);
    expect(wave.slips[0]).toMatchObject({ orderNo: o1.orderNo, address: { name: '张*', phone: '138****8000', masked: true } });
    expect(wave.slips[2].lines).toEqual([expect.objectContaining({ quantity: 3, orderedQuantity: 4, bin: 'A-01-03' })]);

    // Nothing is left for a second wave: every waiting order is taken.
    const again = await createWave({});
    expect(again.status).toBe(409);

    const list = await t.request({ method: 'GET', url: '/api/v1/fulfillment/waves?status=open', token: owner });
    expect(list.body.items.map((w: { id: string }) => w.id)).toContain(wave.id);
  });

  it('takes named orders only when every one can join, and says why the others cannot', async () => {
    const sku = await createSku(t, { stock: 50 });
    const buyer = await newBuyer(t);
    const a = await paidOrder(t, buyer, [{ skuId: sku.skuId, quantity: 1 }]);
    const b = await paidOrder(t, buyer, [{ skuId: sku.skuId, quantity: 1 }]);
    const unpaid = await placeOrder(t, buyer, [{ skuId: sku.skuId, quantity: 1 }]);
    const first = await createWave({ orderIds: [a.id] });
    expect(first.status).toBe(201);
    expect(first.body.orderCount).toBe(1);

    const refused = await createWave({ orderIds: [a.id, b.id, unpaid.id] });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.orders).toEqual([
      { orderId: a.id, reason: 'already_waved' },
      { orderId: unpaid.id, reason: 'status' },
    ]);
    expect((await createWave({ orderIds: ['no-such-order'] })).status).toBe(404);
    expect((await createWave({ orderIds: [b.id], warehouseId: 'no-such-warehouse' })).status).toBe(404);

    // Closing a wave frees the orders it still holds.
    expect((await t.request({ method: 'POST', url: `/api/v1/fulfillment/waves/${first.body.id}/close`, token: owner })).body.status).toBe('closed');
    expect((await t.request({ method: 'POST', url: `/api/v1/fulfillment/waves/${first.body.id}/close`, token: owner })).status).toBe(409);
    const second = await createWave({ orderIds: [a.id, b.id] });
    expect(second.status).toBe(201);
    expect(second.body.orderCount).toBe(2);
  });

  it('closes a wave once its orders have shipped, shipment by shipment', async () => {
    const sku = await createSku(t, { stock: 50 });
    const buyer = await newBuyer(t);
    const a = await paidOrder(t, buyer, [{ skuId: sku.skuId, quantity: 2 }]);
    const b = await paidOrder(t, buyer, [{ skuId: sku.skuId, quantity: 1 }]);
    const other = await paidOrder(t, buyer, [{ skuId: sku.skuId, quantity: 1 }]);
    const wave = (await createWave({ orderIds: [a.id, b.id] })).body;
    expect((await t.request({ method: 'POST', url: `/api/v1/fulfillment/waves/${wave.id}/picked`, token: owner })).body.status).toBe('picked');

    const notInWave = await t.request({ method: 'POST', url: `/api/v1/orders/${other.id}/shipments`, token: owner, body: { carrier: 'SF', trackingNo: 'SF200000009', waveId: wave.id } });
    expect(notInWave.status).toBe(409);
    for (const [order, no] of [[a, 'SF200000001'], [b, 'SF200000002']] as const) {
      const res = await t.request({ method: 'POST', url: `/api/v1/orders/${order.id}/shipments`, token: owner, body: { carrier: 'SF', trackingNo: no, waveId: wave.id } });
      expect(res.status).toBe(201);
      expect(res.body.shipment.waveId).toBe(wave.id);
    }
    const after = await t.request({ method: 'GET', url: `/api/v1/fulfillment/waves/${wave.id}`, token: owner });
    expect(after.body).toMatchObject({ status: 'closed', pickList: [], slips: [] });
    expect(after.body.orders.map((o: { status: string; unitsToShip: number }) => [o.status, o.unitsToShip])).toEqual([['shipped', 0], ['shipped', 0]]);
  });

  it('reveals addresses only to pii:read, and records one wave.print per print', async () => {
    const sku = await createSku(t, { stock: 50 });
    const order = await paidOrder(t, await newBuyer(t), [{ skuId: sku.skuId, quantity: 1 }], { note: '请放门口 <b>谢谢</b>' });
    // Titles are other people's text: the printed page must show them, never run them.
    await t.livedesk.infra.db.kysely.updateTable('order_lines').set({ product_title: '<script>alert(1)</script>口红' }).where('order_id', '=', order.id).execute();
    const wave = (await createWave({ orderIds: [order.id] })).body;
    const operator = await t.memberWithRole('operator');
    const warehouse = await t.memberWithRole('warehouse');
    const prints = async () =>
      (await t.request({ method: 'GET', url: `/api/v1/audit-log?action=wave.print&targetId=${wave.id}`, token: owner })).body.items as { actorId: string; changes: { field: string; to: unknown }[] }[];

    const masked = await t.request({ method: 'GET', url: `/api/v1/fulfillment/waves/${wave.id}`, token: operator.token });
    expect(masked.body.slips[0].address).toMatchObject({ name: '张*', masked: true });
    expect((await t.request({ method: 'GET', url: `/api/v1/fulfillment/waves/${wave.id}?reveal=1`, token: operator.token })).status).toBe(403);
    expect(await prints()).toHaveLength(0);
    const plain = await t.request({ method: 'GET', url: `/api/v1/fulfillment/waves/${wave.id}?reveal=1`, token: warehouse.token });
    expect(plain.body.slips[0].address).toMatchObject({ name: testAddress.name, phone: testAddress.phone, detail: testAddress.detail, masked: false });
    expect(await prints()).toHaveLength(1);

    const slips = await t.request({ method: 'GET', url: `/api/v1/fulfillment/waves/${wave.id}/print?doc=slips`, token: warehouse.token });
    expect(slips.status).toBe(200);
    expect(slips.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(slips.headers['content-security-policy']).toContain("default-src 'none'");
    expect(slips.body).toContain('发货单');
    expect(slips.body).toContain('@page { size: A4');
    expect(slips.body).toContain(testAddress.detail);
    expect(slips.body).toContain(order.orderNo);
    expect(slips.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;口红');
    expect(slips.body).toContain('请放门口 &lt;b&gt;谢谢&lt;/b&gt;');
    expect(slips.body).not.toContain('<script>');
    const log = await prints();
    expect(log).toHaveLength(2);
    expect(log[0]!.changes).toContainEqual({ field: 'doc', from: null, to: 'slips' });

    const picklist = await t.request({ method: 'GET', url: `/api/v1/fulfillment/waves/${wave.id}/print?doc=picklist`, token: operator.token });
    expect(picklist.body).toContain('拣货单');
    expect(picklist.body).toContain(wave.waveNo);
    expect(picklist.body).not.toContain(testAddress.detail);
    const operatorSlips = await t.request({ method: 'GET', url: `/api/v1/fulfillment/waves/${wave.id}/print?doc=slips`, token: operator.token });
    expect(operatorSlips.body).not.toContain(testAddress.detail);
    expect(operatorSlips.body).toContain('地址已脱敏');
    expect(await prints()).toHaveLength(4);
    expect((await t.request({ method: 'GET', url: `/api/v1/fulfillment/waves/${wave.id}/print?doc=labels`, token: owner })).status).toBe(400);
  });

  it('keeps roles without fulfillment permissions out', async () => {
    const anchor = await t.memberWithRole('anchor');
    expect((await t.request({ method: 'GET', url: '/api/v1/fulfillment/waves', token: anchor.token })).status).toBe(403);
    const operator = await t.memberWithRole('operator');
    expect((await createWave({}, operator.token)).status).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/v1/fulfillment/waves', token: operator.token })).status).toBe(200);
  });
});
