import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { createSku, expectLedgerConsistent, newBuyer } from '../../testing/commerce.js';
import { ledgerOf, paidOrder, placeOrder, staffOrder, stockOf } from '../fulfillment/testing.js';
import { aftersalesTransitions } from './transitions.js';
import { TestClock } from '../../testing/clock.js';

const PRICE = 1000;

describe('after-sales', () => {
  let t: TestApp;
  let owner: string;
  let tracking = 0;
  const nextTracking = () => `YT${String(Date.now()).slice(-6)}${String(++tracking).padStart(4, '0')}`;

  beforeAll(async () => {
    t = await startTestApp();
    owner = (await t.login()).token;
  });
  afterAll(() => t.close());

  const open = (buyer: string, orderId: string, body: Record<string, unknown>) =>
    t.request({ method: 'POST', url: `/api/v1/store/orders/${orderId}/aftersales`, token: buyer, body: { reason: '质量问题', ...body } });
  const staff = (id: string, step: string, body?: unknown, token = owner) =>
    t.request({ method: 'POST', url: `/api/v1/aftersales/${id}/${step}`, token, ...(body === undefined ? {} : { body }) });
  const ship = (orderId: string, body: Record<string, unknown> = {}) =>
    t.request({ method: 'POST', url: `/api/v1/orders/${orderId}/shipments`, token: owner, body: { carrier: 'SF', trackingNo: nextTracking(), ...body } });
  const returnParcel = (buyer: string, id: string) =>
    t.request({ method: 'POST', url: `/api/v1/store/aftersales/${id}/return-shipment`, token: buyer, body: { carrier: '圆通', trackingNo: nextTracking() } });
  const consistent = async (sku: { skuId: string; warehouseId: string }) => {
    const l = await expectLedgerConsistent(t, sku.skuId, sku.warehouseId);
    expect(l.onHand).toBe(l.ledgerOnHand);
    expect(l.reserved).toBe(l.ledgerReserved);
  };

  /** A paid order of `quantity` units of a fresh SKU, shipped (or not) and delivered (or not). */
  async function order(quantity: number, state: 'paid' | 'shipped' | 'delivered' = 'delivered', stock = 20) {
    const sku = await createSku(t, { stock, priceFen: PRICE });
    const buyer = await newBuyer(t);
    const placed = await paidOrder(t, buyer, [{ skuId: sku.skuId, quantity }]);
    if (state !== 'paid') expect((await ship(placed.id)).status).toBe(201);
    if (state === 'delivered') expect((await t.request({ method: 'POST', url: `/api/v1/orders/${placed.id}/deliver`, token: owner })).status).toBe(200);
    return { sku, buyer, order: placed, lineId: placed.lines[0]!.id };
  }

  it('has one table per case type', () => {
    expect(aftersalesTransitions.refund_only.approved).toEqual(['refunded', 'closed']);
    expect(aftersalesTransitions.return_refund.return_shipped).toEqual(['received']);
    expect(aftersalesTransitions.exchange.received).toEqual(['closed']);
  });

  it('refund only, before shipping: the units stay off pick lists, their stock comes back, the order closes', async () => {
    const { sku, buyer, order: o, lineId } = await order(2, 'paid');
    expect(await stockOf(t, owner, sku.skuId)).toMatchObject({ onHand: 20, reserved: 2 });
    const created = await open(buyer, o.id, { type: 'refund_only', lines: [{ lineId, quantity: 2 }], reason: '不想要了' });
    expect(created.status).toBe(201);
    const c = created.body;
    expect(c).toMatchObject({ type: 'refund_only', status: 'requested', unshipped: true, refundFen: 2 * PRICE, orderNo: o.orderNo, lines: [{ lineId, quantity: 2, unitPriceFen: PRICE }] });
    expect(c.caseNo).toMatch(/^AS\d{18}$/);
    expect(c.slaDueAt).toBe(c.createdAt + 48 * 3_600_000);

    // While the request is open its units do not ship.
    expect((await ship(o.id)).status).toBe(409);
    expect((await t.request({ method: 'POST', url: '/api/v1/fulfillment/waves', token: owner, body: { orderIds: [o.id] } })).body.error.details.orders).toEqual([
      { orderId: o.id, reason: 'nothing_to_ship' },
    ]);

    expect((await staff(c.id, 'refund')).status).toBe(409);
    expect((await staff(c.id, 'approve')).body).toMatchObject({ status: 'approved' });
    const refunded = await staff(c.id, 'refund');
    expect(refunded.status).toBe(200);
    expect(refunded.body).toMatchObject({ status: 'refunded', refundFen: 2 * PRICE, slaDueAt: null, order: { status: 'cancelled', paymentStatus: 'refunded', refundedFen: 2 * PRICE } });
    expect(refunded.body.timeline.map((e: { kind: string; detail: { to?: string } }) => `${e.kind}:${e.detail.to ?? ''}`)).toEqual([
      'aftersales:requested',
      'aftersales:approved',
      'aftersales:refunded',
      'transition:',
      'refund:',
    ]);
    expect(await stockOf(t, owner, sku.skuId)).toMatchObject({ onHand: 20, reserved: 0 });
    expect(await ledgerOf(t, c.id)).toEqual([{ kind: 'release', onHand: 0, reserved: -2, skuId: sku.skuId }]);
    await consistent(sku);
    const detail = await staffOrder(t, owner, o.id);
    expect(detail).toMatchObject({ status: 'cancelled', cancelReason: 'refunded', lines: [{ refundedQuantity: 2, shippedQuantity: 0 }] });
    const log = await t.request({ method: 'GET', url: `/api/v1/audit-log?targetId=${c.id}`, token: owner });
    expect(log.body.items.map((e: { action: string }) => e.action).sort()).toEqual(['aftersales.approve', 'aftersales.refund']);
  });

  it('refund only for some unshipped units: the rest ships and the order counts as shipped', async () => {
    const { sku, buyer, order: o, lineId } = await order(3, 'paid');
    const c = (await open(buyer, o.id, { type: 'refund_only', lines: [{ lineId, quantity: 1 }] })).body;
    const blocked = await ship(o.id, { lines: [{ lineId, quantity: 3 }] });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.details).toMatchObject({ left: 2 });
    const shipped = await ship(o.id);
    expect(shipped.body).toMatchObject({ status: 'partially_shipped', shipment: { lines: [{ lineId, quantity: 2 }] } });
    await staff(c.id, 'approve');
    expect((await staff(c.id, 'refund')).body).toMatchObject({ status: 'refunded', refundFen: PRICE, order: { status: 'shipped', paymentStatus: 'partially_refunded' } });
    expect(await stockOf(t, owner, sku.skuId)).toMatchObject({ onHand: 18, reserved: 0 });
    await consistent(sku);
  });

  it('a rejected unshipped refund request gives its units back to shipping', async () => {
    const { buyer, order: o, lineId } = await order(2, 'paid');
    const c = (await open(buyer, o.id, { type: 'refund_only', lines: [{ lineId, quantity: 2 }] })).body;
    const rejected = await staff(c.id, 'reject', { reason: '已打包' });
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: '已打包', slaDueAt: null });
    expect((await staff(c.id, 'reject', { reason: 'again' })).status).toBe(409);
    expect((await ship(o.id)).body).toMatchObject({ status: 'shipped', shipment: { lines: [{ quantity: 2 }] } });
  });

  it('refund only for delivered goods the buyer keeps: money back, no stock movement', async () => {
    const { sku, buyer, order: o, lineId } = await order(2);
    const stock = await stockOf(t, owner, sku.skuId);
    const c = (await open(buyer, o.id, { type: 'refund_only', lines: [{ lineId, quantity: 1 }], description: '少发了配件' })).body;
    expect(c).toMatchObject({ unshipped: false, refundFen: PRICE, description: '少发了配件' });
    await staff(c.id, 'approve');
    expect((await staff(c.id, 'refund')).body).toMatchObject({ status: 'refunded', order: { status: 'delivered', paymentStatus: 'partially_refunded', refundedFen: PRICE } });
    expect(await stockOf(t, owner, sku.skuId)).toEqual(stock);
    expect(await ledgerOf(t, c.id)).toEqual([]);
    const payments = await t.request({ method: 'GET', url: `/api/v1/orders/${o.id}/payments`, token: owner });
    expect(payments.body.refunds).toEqual([expect.objectContaining({ aftersalesId: c.id, amountFen: PRICE, status: 'succeeded' })]);
  });

  it('return and refund with restock: the unit comes back on the shelf, then the money goes back', async () => {
    const { sku, buyer, order: o, lineId } = await order(2);
    expect(await stockOf(t, owner, sku.skuId)).toMatchObject({ onHand: 18, reserved: 0 });
    const c = (await open(buyer, o.id, { type: 'return_refund', lines: [{ lineId, quantity: 1 }] })).body;
    expect((await returnParcel(buyer, c.id)).status).toBe(409);
    await staff(c.id, 'approve');
    expect((await staff(c.id, 'receive', { disposition: 'restock' })).status).toBe(409);
    expect((await staff(c.id, 'refund')).status).toBe(409);
    const sent = await returnParcel(buyer, c.id);
    expect(sent.body).toMatchObject({ status: 'return_shipped', returnCarrier: '圆通' });
    expect(sent.body.slaDueAt).toBe(sent.body.updatedAt + 7 * 24 * 3_600_000);

    const warehouse = await t.memberWithRole('warehouse');
    const received = await staff(c.id, 'receive', { disposition: 'restock' }, warehouse.token);
    expect(received.body).toMatchObject({ status: 'received', disposition: 'restock' });
    expect(await stockOf(t, owner, sku.skuId)).toMatchObject({ onHand: 19, reserved: 0 });
    expect(await ledgerOf(t, c.id)).toEqual([{ kind: 'return', onHand: 1, reserved: 0, skuId: sku.skuId }]);
    expect((await staff(c.id, 'refund', undefined, warehouse.token)).status).toBe(403);

    const refunded = await staff(c.id, 'refund');
    expect(refunded.body).toMatchObject({ status: 'refunded', refundFen: PRICE, order: { refundedFen: PRICE, paymentStatus: 'partially_refunded' } });
    expect((await staffOrder(t, owner, o.id)).lines[0]).toMatchObject({ returnedQuantity: 1, refundedQuantity: 1 });
    await consistent(sku);
  });

  it('return and refund with write-off: the ledger shows the return and the write-off', async () => {
    const { sku, buyer, order: o, lineId } = await order(2);
    const c = (await open(buyer, o.id, { type: 'return_refund', lines: [{ lineId, quantity: 2 }] })).body;
    await staff(c.id, 'approve');
    await returnParcel(buyer, c.id);
    expect((await staff(c.id, 'receive', { disposition: 'write_off' })).body).toMatchObject({ disposition: 'write_off' });
    expect(await stockOf(t, owner, sku.skuId)).toMatchObject({ onHand: 18, reserved: 0 });
    expect(await ledgerOf(t, c.id)).toEqual([
      { kind: 'return', onHand: 2, reserved: 0, skuId: sku.skuId },
      { kind: 'write_off', onHand: -2, reserved: 0, skuId: sku.skuId },
    ]);
    expect((await staff(c.id, 'refund')).body).toMatchObject({ status: 'refunded', order: { paymentStatus: 'refunded', refundedFen: 2 * PRICE } });
    await consistent(sku);
  });

  it('never refunds more than was paid and not yet refunded', async () => {
    const { buyer, order: o, lineId } = await order(2);
    const direct = await t.request({ method: 'POST', url: `/api/v1/orders/${o.id}/refunds`, token: owner, body: { amountFen: 1500, reason: '运费补偿' } });
    expect(direct.status).toBe(201);
    const c = (await open(buyer, o.id, { type: 'refund_only', lines: [{ lineId, quantity: 1 }] })).body;
    expect(c.refundFen).toBe(500);
    await staff(c.id, 'approve');
    expect((await staff(c.id, 'refund')).body).toMatchObject({ refundFen: 500, order: { refundedFen: 2000, paymentStatus: 'refunded' } });
  });

  it('exchange: the return comes in, a replacement ships, the case closes; the order keeps its status', async () => {
    const { sku, buyer, order: o, lineId } = await order(1);
    const c = (await open(buyer, o.id, { type: 'exchange', lines: [{ lineId, quantity: 1 }], reason: '尺码不合适' })).body;
    expect(c.refundFen).toBe(0);
    await staff(c.id, 'approve');
    await returnParcel(buyer, c.id);
    expect((await staff(c.id, 'replacement-shipment', { carrier: 'SF', trackingNo: nextTracking() })).status).toBe(409);
    await staff(c.id, 'receive', { disposition: 'restock' });
    expect((await staff(c.id, 'refund')).status).toBe(409);
    expect((await staff(c.id, 'close')).status).toBe(409);
    expect(await stockOf(t, owner, sku.skuId)).toMatchObject({ onHand: 20, reserved: 0 });

    const trackingNo = nextTracking();
    const closed = await staff(c.id, 'replacement-shipment', { carrier: 'SF', trackingNo });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', order: { status: 'delivered', refundedFen: 0 } });
    expect(await stockOf(t, owner, sku.skuId)).toMatchObject({ onHand: 19, reserved: 0 });
    await consistent(sku);
    const shipments = await t.request({ method: 'GET', url: `/api/v1/store/orders/${o.id}/shipments`, token: buyer });
    expect(shipments.body.items).toHaveLength(2);
    expect(shipments.body.items[1]).toMatchObject({ aftersalesId: c.id, trackingNo, lines: [{ lineId, quantity: 1 }] });
    expect((await staffOrder(t, owner, o.id)).lines[0]).toMatchObject({ shippedQuantity: 1, returnedQuantity: 1, refundedQuantity: 0 });
    expect(closed.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(['aftersales', 'aftersales', 'aftersales', 'aftersales', 'shipment', 'aftersales']);
  });

  it('caps quantities across cases: quantity − refunded − units in open cases', async () => {
    const { buyer, order: o, lineId } = await order(3);
    const first = (await open(buyer, o.id, { type: 'return_refund', lines: [{ lineId, quantity: 2 }] })).body;
    const tooMany = await open(buyer, o.id, { type: 'refund_only', lines: [{ lineId, quantity: 2 }] });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.error.details).toEqual({ lineId, requested: 2, available: 1 });
    const second = (await open(buyer, o.id, { type: 'refund_only', lines: [{ lineId, quantity: 1 }] })).body;
    await staff(second.id, 'approve');
    await staff(second.id, 'refund');
    expect((await open(buyer, o.id, { type: 'exchange', lines: [{ lineId, quantity: 1 }] })).body.error.details).toEqual({ lineId, requested: 1, available: 0 });
    // Withdrawing the open case frees its units.
    expect((await t.request({ method: 'POST', url: `/api/v1/store/aftersales/${first.id}/withdraw`, token: buyer })).body.status).toBe('closed');
    expect((await open(buyer, o.id, { type: 'exchange', lines: [{ lineId, quantity: 2 }] })).status).toBe(201);
    expect((await open(buyer, o.id, { type: 'exchange', lines: [{ lineId: 'no-such-line', quantity: 1 }] })).status).toBe(404);
    expect((await open(buyer, o.id, { type: 'exchange', lines: [{ lineId, quantity: 1 }, { lineId, quantity: 1 }] })).status).toBe(400);
  });

  it('keeps units claimed by a return closed after its parcel came back', async () => {
    const { buyer, order: o, lineId } = await order(1);
    const c = (await open(buyer, o.id, { type: 'return_refund', lines: [{ lineId, quantity: 1 }] })).body;
    await staff(c.id, 'approve');
    await returnParcel(buyer, c.id);
    await staff(c.id, 'receive', { disposition: 'restock' });
    expect((await staff(c.id, 'close', { reason: '退回商品有人为损坏' })).body).toMatchObject({ status: 'closed', slaDueAt: null });
    const again = await open(buyer, o.id, { type: 'refund_only', lines: [{ lineId, quantity: 1 }] });
    expect(again.status).toBe(409);
    expect(again.body.error.details).toMatchObject({ available: 0 });
  });

  it('lets only as many concurrent requests through as a line has units', async () => {
    const { buyer, order: o, lineId } = await order(2);
    const results = await Promise.all(Array.from({ length: 6 }, () => open(buyer, o.id, { type: 'refund_only', lines: [{ lineId, quantity: 1 }] })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 409, 409, 409, 409]);
  });

  it('returns need shipped units, and requests need a paid order', async () => {
    const { buyer, order: o, lineId } = await order(2, 'paid');
    const notShipped = await open(buyer, o.id, { type: 'return_refund', lines: [{ lineId, quantity: 1 }] });
    expect(notShipped.status).toBe(409);
    expect(notShipped.body.error.details).toMatchObject({ shippedAvailable: 0 });
    await ship(o.id, { lines: [{ lineId, quantity: 1 }] });
    expect((await open(buyer, o.id, { type: 'return_refund', lines: [{ lineId, quantity: 2 }] })).status).toBe(409);
    expect((await open(buyer, o.id, { type: 'exchange', lines: [{ lineId, quantity: 1 }] })).status).toBe(201);

    const unpaid = await placeOrder(t, buyer, [{ skuId: o.lines[0]!.skuId, quantity: 1 }]);
    const refused = await open(buyer, unpaid.id, { type: 'refund_only', lines: [{ lineId: unpaid.lines[0]!.id, quantity: 1 }] });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toEqual({ status: 'pending_payment' });
  });

  it('refuses every step out of order with 409 and changes nothing', async () => {
    const { buyer, order: o, lineId } = await order(2);
    const refundOnly = (await open(buyer, o.id, { type: 'refund_only', lines: [{ lineId, quantity: 1 }] })).body;
    const events = async () => (await staffOrder(t, owner, o.id)).timeline.length;
    const before = await events();
    for (const [step, body] of [['refund', undefined], ['receive', { disposition: 'restock' }], ['replacement-shipment', { carrier: 'SF', trackingNo: 'SF55555555' }]] as const) {
      const res = await staff(refundOnly.id, step, body);
      expect(res.status, step).toBe(409);
    }
    expect((await returnParcel(buyer, refundOnly.id)).status).toBe(409);
    await staff(refundOnly.id, 'approve');
    expect((await staff(refundOnly.id, 'approve')).body.error).toMatchObject({ code: 'conflict', details: { from: 'approved', to: 'approved' } });
    expect((await staff(refundOnly.id, 'reject', { reason: 'late' })).status).toBe(409);
    expect((await returnParcel(buyer, refundOnly.id)).status).toBe(409);
    await staff(refundOnly.id, 'refund');
    expect((await staff(refundOnly.id, 'refund')).status).toBe(409);
    expect((await staff(refundOnly.id, 'close')).status).toBe(409);
    expect((await t.request({ method: 'POST', url: `/api/v1/store/aftersales/${refundOnly.id}/withdraw`, token: buyer })).status).toBe(409);
    expect(await events()).toBe(before + 3);
    expect((await staff('no-such-case', 'approve')).status).toBe(404);
  });

  it("hides a buyer's cases from other buyers, and keeps staff without aftersales:write out", async () => {
    const { buyer, order: o, lineId } = await order(1);
    const c = (await open(buyer, o.id, { type: 'return_refund', lines: [{ lineId, quantity: 1 }] })).body;
    const stranger = await newBuyer(t);
    expect((await t.request({ method: 'GET', url: `/api/v1/store/aftersales/${c.id}`, token: stranger })).status).toBe(404);
    expect((await t.request({ method: 'POST', url: `/api/v1/store/aftersales/${c.id}/withdraw`, token: stranger })).status).toBe(404);
    expect((await returnParcel(stranger, c.id)).status).toBe(404);
    expect((await open(stranger, o.id, { type: 'refund_only', lines: [{ lineId, quantity: 1 }] })).status).toBe(404);
    expect((await t.request({ method: 'GET', url: '/api/v1/store/aftersales', token: stranger })).body.items).toEqual([]);
    const mine = await t.request({ method: 'GET', url: '/api/v1/store/aftersales', token: buyer });
    expect(mine.body.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
    expect((await t.request({ method: 'GET', url: `/api/v1/aftersales/${c.id}`, token: buyer })).status).toBe(401);

    const analyst = await t.memberWithRole('analyst');
    expect((await t.request({ method: 'GET', url: `/api/v1/aftersales/${c.id}`, token: analyst.token })).status).toBe(200);
    expect((await staff(c.id, 'approve', undefined, analyst.token)).status).toBe(403);
    expect((await staff(c.id, 'receive', { disposition: 'restock' }, analyst.token)).status).toBe(403);
    const service = await t.memberWithRole('customer_service');
    expect((await staff(c.id, 'approve', undefined, service.token)).body.status).toBe('approved');
  });

  it('queues cases for staff by SLA due time, most urgent first, page by page', async () => {
    const { buyer, order: o, lineId } = await order(5);
    const db = t.livedesk.infra.db.kysely;
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await open(buyer, o.id, { type: 'refund_only', lines: [{ lineId, quantity: 1 }] })).body.id);
    // Due times out of creation order; one without an SLA (a finished case) goes last.
    const due = [3_000, 1_000, null, 2_000];
    for (const [i, id] of ids.entries()) {
      await db.updateTable('aftersales').set({ sla_due_at: due[i] === null ? null : 9_000_000_000_000 + due[i]!, status: due[i] === null ? 'closed' : 'requested' }).where('id', '=', id).execute();
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/aftersales?orderId=${o.id}&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await t.request({ method: 'GET', url, token: owner });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((x: { id: string }) => x.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([ids[1], ids[3], ids[0], ids[2]]);
    const requested = await t.request({ method: 'GET', url: `/api/v1/aftersales?orderId=${o.id}&status=closed&type=refund_only`, token: owner });
    expect(requested.body.items.map((x: { id: string }) => x.id)).toEqual([ids[2]]);
  });

  it('takes evidence photos through the Blob port and shows them only to the buyer and staff', async () => {
    const { buyer, order: o, lineId } = await order(1);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
    const upload = (token: string, bytes: Buffer, filename = 'photo.png') => {
      const boundary = '----livedesk-test';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: image/png\r\n\r\n`),
        bytes,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return t.request({ method: 'POST', url: '/api/v1/store/aftersales/evidence', token, body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    };
    const uploaded = await upload(buyer, png);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({ contentType: 'image/png', size: png.length });
    expect((await upload(buyer, Buffer.from('<html><script>alert(1)</script></html>'))).status).toBe(400);

    const stranger = await newBuyer(t);
    const theirs = (await upload(stranger, png)).body.key as string;
    expect((await open(buyer, o.id, { type: 'refund_only', lines: [{ lineId, quantity: 1 }], evidence: [theirs] })).status).toBe(400);
    expect((await open(buyer, o.id, { type: 'refund_only', lines: [{ lineId, quantity: 1 }], evidence: ['../../etc/passwd'] })).status).toBe(400);
    const c = (await open(buyer, o.id, { type: 'refund_only', lines: [{ lineId, quantity: 1 }], evidence: [uploaded.body.key] })).body;
    expect(c.evidence).toEqual([uploaded.body.key]);

    const asBuyer = await t.livedesk.http.inject({ method: 'GET', url: `/api/v1/store/aftersales/${c.id}/evidence/0`, headers: { authorization: `Bearer ${buyer}` } });
    expect(asBuyer.statusCode).toBe(200);
    expect(asBuyer.headers['content-type']).toBe('image/png');
    expect(asBuyer.rawPayload.equals(png)).toBe(true);
    const asStaff = await t.livedesk.http.inject({ method: 'GET', url: `/api/v1/aftersales/${c.id}/evidence/0`, headers: { authorization: `Bearer ${owner}` } });
    expect(asStaff.statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: `/api/v1/store/aftersales/${c.id}/evidence/0`, token: stranger })).status).toBe(404);
    expect((await t.request({ method: 'GET', url: `/api/v1/aftersales/${c.id}/evidence/1`, token: owner })).status).toBe(404);
    // Never among the public product images.
    expect((await t.request({ method: 'GET', url: `/api/v1/blobs/${encodeURIComponent(uploaded.body.key)}` })).status).not.toBe(200);
  });
});

describe('after-sales auto-approval', () => {
  const clock = new TestClock();
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { clock });
  });
  afterAll(() => t.close());

  it('approves requests nobody decided within the org setting, once, as the system', async () => {
    const owner = (await t.login()).token;
    const sku = await createSku(t, { stock: 10 });
    const buyer = await newBuyer(t);
    const o = await paidOrder(t, buyer, [{ skuId: sku.skuId, quantity: 3 }]);
    const lineId = o.lines[0]!.id;
    const first = (await t.request({ method: 'POST', url: `/api/v1/store/orders/${o.id}/aftersales`, token: buyer, body: { type: 'refund_only', lines: [{ lineId, quantity: 1 }], reason: '不想要了' } })).body;
    const { aftersalesAutoApprover } = t.livedesk;

    // Without the setting, staff decide every request however long it waits.
    clock.advance(100 * 3_600_000);
    expect(await aftersalesAutoApprover.sweepOnce()).toBe(0);

    const settings = await t.request({ method: 'PATCH', url: '/api/v1/commerce/settings', token: owner, body: { aftersalesAutoApproveHours: 24 } });
    expect(settings.status).toBe(200);
    const second = (await t.request({ method: 'POST', url: `/api/v1/store/orders/${o.id}/aftersales`, token: buyer, body: { type: 'refund_only', lines: [{ lineId, quantity: 1 }], reason: '不想要了' } })).body;
    const third = (await t.request({ method: 'POST', url: `/api/v1/store/orders/${o.id}/aftersales`, token: buyer, body: { type: 'refund_only', lines: [{ lineId, quantity: 1 }], reason: '不想要了' } })).body;
    await t.request({ method: 'POST', url: `/api/v1/aftersales/${third.id}/reject`, token: owner, body: { reason: '已发货' } });

    // `first` has waited over 24 h; `second` not yet.
    expect(await aftersalesAutoApprover.sweepOnce()).toBe(1);
    const status = async (id: string) => (await t.request({ method: 'GET', url: `/api/v1/aftersales/${id}`, token: owner })).body;
    expect((await status(first.id)).status).toBe('approved');
    expect((await status(second.id)).status).toBe('requested');

    clock.advance(23 * 3_600_000);
    expect(await aftersalesAutoApprover.sweepOnce()).toBe(0);
    clock.advance(2 * 3_600_000);
    expect(await aftersalesAutoApprover.sweepOnce()).toBe(1);
    const approved = await status(second.id);
    expect(approved.status).toBe('approved');
    expect(approved.timeline.at(-1)).toMatchObject({ kind: 'aftersales', actorType: 'system', reason: 'auto-approved', detail: { from: 'requested', to: 'approved', auto: true } });
    expect((await status(third.id)).status).toBe('rejected');
    expect(await aftersalesAutoApprover.sweepOnce()).toBe(0);

    const log = await t.request({ method: 'GET', url: `/api/v1/audit-log?action=aftersales.auto_approve`, token: owner });
    expect(log.body.items.map((e: { targetId: string; actorType: string }) => [e.targetId, e.actorType])).toEqual([
      [second.id, 'system'],
      [first.id, 'system'],
    ]);
  });
});
