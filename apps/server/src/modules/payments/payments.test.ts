import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemActor } from '../../lib/actor.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { createSku, newBuyer, testAddress } from '../../testing/commerce.js';
import type { CallbackRequest, PaymentEvent } from './provider.js';
import { SANDBOX_SIGNATURE_HEADER } from './sandbox.js';

describe('payments', () => {
  let t: TestApp;
  let owner: string;
  let orgId: string;
  let skuId: string;
  const PRICE = 1000;

  beforeAll(async () => {
    t = await startTestApp();
    const session = await t.login();
    owner = session.token;
    orgId = session.org.id;
    ({ skuId } = await createSku(t, { stock: 1000, priceFen: PRICE }));
  });
  afterAll(() => t.close());
  afterEach(() => vi.restoreAllMocks());

  const db = () => t.livedesk.infra.db.kysely;
  const sandbox = () => t.livedesk.services.payments.sandbox;

  async function newOrder(quantity = 1) {
    const buyer = await newBuyer(t);
    const res = await t.request({ method: 'POST', url: '/api/v1/store/orders', token: buyer, body: { items: [{ skuId, quantity }], address: testAddress } });
    expect(res.status).toBe(201);
    return { buyer, id: res.body.id as string, totalFen: res.body.totalFen as number };
  }

  const pay = (order: { buyer: string; id: string }, body: object = { method: 'sandbox' }, key?: string) =>
    t.request({ method: 'POST', url: `/api/v1/store/orders/${order.id}/pay`, token: order.buyer, body, headers: key ? { 'idempotency-key': key } : {} });

  const deliver = (request: CallbackRequest) =>
    t.request({
      method: 'POST',
      url: '/api/v1/payments/sandbox/callback',
      body: request.body,
      headers: { 'content-type': 'application/json', ...(request.headers as Record<string, string>) },
    });

  const staffOrder = async (id: string) => (await t.request({ method: 'GET', url: `/api/v1/orders/${id}`, token: owner })).body;
  const paymentsOf = async (id: string) => (await t.request({ method: 'GET', url: `/api/v1/orders/${id}/payments`, token: owner })).body;
  const paidTransitions = (order: { timeline: { toStatus: string | null }[] }) => order.timeline.filter((e) => e.toStatus === 'paid').length;

  /** Makes the order overdue and lets the timeout cancel it, as the expiry timer would. */
  async function expire(orderId: string) {
    await db().updateTable('orders').set({ expires_at: Date.now() - 1 }).where('id', '=', orderId).execute();
    expect(await t.livedesk.services.orders.expire(orgId, orderId, systemActor(orgId))).toBe(true);
  }

  async function pendingPayment() {
    const order = await newOrder();
    const res = await pay(order, { method: 'sandbox', outcome: 'pending' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: order.id, status: 'pending_payment', payment: { status: 'pending', amountFen: order.totalFen } });
    return { order, payment: res.body.payment as { id: string; providerPaymentId: string; amountFen: number } };
  }

  const successEvent = (payment: { id: string; providerPaymentId: string; amountFen: number }, id = `evt-${Math.random()}`): PaymentEvent => ({
    providerEventId: id,
    type: 'payment.succeeded',
    paymentId: payment.id,
    providerPaymentId: payment.providerPaymentId,
    amountFen: payment.amountFen,
    at: Date.now(),
  });

  describe('paying', () => {
    it('pays an order: the payment succeeds and the order is paid, in its timeline', async () => {
      const order = await newOrder(2);
      const res = await pay(order);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: order.id, status: 'paid', payment: { status: 'succeeded', amountFen: 2 * PRICE, provider: 'sandbox', refundedFen: 0 } });
      expect(res.body.payment.providerPaymentId).toMatch(/^sbx_pay_/);
      const after = await staffOrder(order.id);
      expect(after).toMatchObject({ status: 'paid', paymentStatus: 'paid', paidFen: 2 * PRICE });
      expect(after.timeline.at(-1)).toMatchObject({ fromStatus: 'pending_payment', toStatus: 'paid', actorType: 'buyer', detail: { paymentId: res.body.payment.id } });
      expect((await paymentsOf(order.id)).payments).toHaveLength(1);
    });

    it('refuses an expired or cancelled order with 409 and takes nothing', async () => {
      const overdue = await newOrder();
      await db().updateTable('orders').set({ expires_at: Date.now() - 1 }).where('id', '=', overdue.id).execute();
      const late = await pay(overdue);
      expect(late.status).toBe(409);
      expect(late.body.error).toMatchObject({ code: 'conflict', details: { status: 'expired' } });

      const expired = await newOrder();
      await expire(expired.id);
      expect((await pay(expired)).body.error.details).toEqual({ status: 'cancelled' });

      const cancelled = await newOrder();
      const cancel = await t.request({ method: 'POST', url: `/api/v1/store/orders/${cancelled.id}/cancel`, token: cancelled.buyer, body: {} });
      expect(cancel.status).toBe(200);
      expect((await pay(cancelled)).status).toBe(409);

      const rows = await db().selectFrom('payments').selectAll().where('order_id', 'in', [overdue.id, expired.id, cancelled.id]).execute();
      expect(rows).toEqual([]);
    });

    it('refuses a second payment of a paid order, and replays one with the same Idempotency-Key', async () => {
      const order = await newOrder();
      const first = await pay(order, { method: 'sandbox' }, 'pay-key-1');
      expect(first.status).toBe(200);
      const replay = await pay(order, { method: 'sandbox' }, 'pay-key-1');
      expect(replay.status).toBe(200);
      expect(replay.body).toEqual(first.body);
      const again = await pay(order);
      expect(again.status).toBe(409);
      expect(again.body.error.details).toEqual({ status: 'paid' });
      // the key belongs to that order and body: reused elsewhere it is a mismatch, not a replay
      const other = await newOrder();
      const reused = await t.request({ method: 'POST', url: `/api/v1/store/orders/${other.id}/pay`, token: order.buyer, body: { method: 'sandbox' }, headers: { 'idempotency-key': 'pay-key-1' } });
      expect(reused.status).toBe(422);
      const rows = await db().selectFrom('payments').select(['status']).where('order_id', '=', order.id).execute();
      expect(rows).toEqual([{ status: 'succeeded' }]);
    });

    it('hides other buyers\' orders and needs a buyer token', async () => {
      const order = await newOrder();
      const stranger = await newBuyer(t);
      expect((await pay({ buyer: stranger, id: order.id })).status).toBe(404);
      expect((await pay({ buyer: owner, id: order.id })).status).toBe(401);
      expect((await pay(order, { method: 'cash' })).status).toBe(400);
      expect((await pay(order, { method: 'sandbox', outcome: 'maybe' })).status).toBe(400);
    });

    it('records a failed payment in the timeline and leaves the order payable for a retry', async () => {
      const order = await newOrder();
      const failed = await pay(order, { method: 'sandbox', outcome: 'fail' });
      expect(failed.status).toBe(200);
      expect(failed.body).toMatchObject({ status: 'pending_payment', payment: { status: 'failed', failureReason: 'declined by the sandbox' } });
      const between = await staffOrder(order.id);
      expect(between.status).toBe('pending_payment');
      expect(between.timeline.at(-1)).toMatchObject({ kind: 'payment', reason: 'declined by the sandbox', detail: { paymentId: failed.body.payment.id, outcome: 'failed' } });

      const retry = await pay(order);
      expect(retry.body).toMatchObject({ status: 'paid', payment: { status: 'succeeded' } });
      const { payments } = await paymentsOf(order.id);
      expect(payments.map((p: { status: string }) => p.status)).toEqual(['failed', 'succeeded']);
    });

    it('returns the money when the order expires while the provider is charging', async () => {
      const order = await newOrder();
      const charge = sandbox().charge.bind(sandbox());
      vi.spyOn(sandbox(), 'charge').mockImplementationOnce(async (request) => {
        await expire(order.id);
        return charge(request);
      });
      const refund = vi.spyOn(sandbox(), 'refund');
      const res = await pay(order);
      expect(res.status).toBe(409);
      expect(res.body.error.details).toMatchObject({ status: 'cancelled' });
      const { payments, refunds } = await paymentsOf(order.id);
      expect(payments).toMatchObject([{ status: 'cancelled', refundedFen: order.totalFen }]);
      expect(refunds).toMatchObject([{ status: 'succeeded', amountFen: order.totalFen, paymentId: payments[0].id }]);
      expect(refund).toHaveBeenCalledOnce();
      // the order never took the money, so its own paid and refunded amounts stay zero
      expect(await staffOrder(order.id)).toMatchObject({ status: 'cancelled', paidFen: 0, refundedFen: 0 });
      expect(await db().selectFrom('payments').select('id').where('order_id', '=', order.id).where('status', '=', 'succeeded').execute()).toEqual([]);
    });

    it('answers 503 and keeps the payment pending when the provider does not answer', async () => {
      const order = await newOrder();
      vi.spyOn(sandbox(), 'charge').mockRejectedValueOnce(new Error('ETIMEDOUT'));
      const res = await pay(order);
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('unavailable');
      const { payments } = await paymentsOf(order.id);
      expect(payments).toMatchObject([{ id: res.body.error.details.paymentId, status: 'pending' }]);
      // its callback settles it later
      const succeeded = await t.request({ method: 'POST', url: `/api/v1/payments/${payments[0].id}/sandbox/succeed`, token: owner });
      expect(succeeded.body).toMatchObject({ applied: true, outcome: 'paid' });
    });

    it('pays once when two payments of one order race; the other is returned', async () => {
      const order = await newOrder();
      const results = await Promise.all([pay(order), pay(order), pay(order)]);
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(2);
      const { payments, refunds } = await paymentsOf(order.id);
      expect(payments.filter((p: { status: string }) => p.status === 'succeeded')).toHaveLength(1);
      // a racer either saw the order paid before charging (nothing taken) or was charged and refunded
      const cancelled = payments.filter((p: { status: string }) => p.status === 'cancelled');
      expect(refunds).toHaveLength(cancelled.length);
      expect(await staffOrder(order.id)).toMatchObject({ status: 'paid', paidFen: order.totalFen, refundedFen: 0 });
    });
  });

  describe('sandbox callbacks', () => {
    it('settles a pending payment when the success callback arrives, once when it arrives twice', async () => {
      const { order, payment } = await pendingPayment();
      const callback = sandbox().signedCallback(successEvent(payment, 'evt-twice'));
      const first = await deliver(callback);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ received: true, applied: true, outcome: 'paid' });
      const second = await deliver(callback);
      expect(second.body).toEqual({ received: true, applied: false, outcome: 'duplicate' });
      const after = await staffOrder(order.id);
      expect(after).toMatchObject({ status: 'paid', paidFen: order.totalFen });
      expect(paidTransitions(after)).toBe(1);
      expect(after.timeline.at(-1)).toMatchObject({ toStatus: 'paid', actorType: 'system' });
      const events = await db().selectFrom('payment_events').selectAll().where('provider_event_id', '=', 'evt-twice').execute();
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ provider: 'sandbox', payment_id: payment.id, type: 'payment.succeeded' });
    });

    it('applies an event delivered 10 times at once exactly once', async () => {
      const { order, payment } = await pendingPayment();
      const callback = sandbox().signedCallback(successEvent(payment, 'evt-concurrent'));
      const results = await Promise.all(Array.from({ length: 10 }, () => deliver(callback)));
      expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
      expect(results.filter((r) => r.body.applied)).toHaveLength(1);
      expect(results.filter((r) => r.body.outcome === 'duplicate')).toHaveLength(9);
      const after = await staffOrder(order.id);
      expect(paidTransitions(after)).toBe(1);
      expect(after.paidFen).toBe(order.totalFen);
      const count = await db().selectFrom('payment_events').select('provider_event_id').where('payment_id', '=', payment.id).execute();
      expect(count).toHaveLength(1);
    });

    it('settles once when different events report the same success at once', async () => {
      const { order, payment } = await pendingPayment();
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => deliver(sandbox().signedCallback(successEvent(payment, `evt-same-${i}`)))));
      expect(results.filter((r) => r.body.outcome === 'paid')).toHaveLength(1);
      expect(results.filter((r) => r.body.outcome === 'already_settled')).toHaveLength(9);
      expect(paidTransitions(await staffOrder(order.id))).toBe(1);
    });

    it('rejects bad signatures, skewed times and tampered bodies, changing nothing', async () => {
      const { order, payment } = await pendingPayment();
      const good = sandbox().signedCallback(successEvent(payment));
      const cases: CallbackRequest[] = [
        { ...good, body: good.body.replace(`"amountFen":${payment.amountFen}`, '"amountFen":1') },
        { ...good, headers: { [SANDBOX_SIGNATURE_HEADER]: `t=${Date.now()},v1=${'a'.repeat(64)}` } },
        sandbox().signedCallback(successEvent(payment), Date.now() - 6 * 60_000),
        { ...good, headers: {} },
      ];
      for (const request of cases) {
        const res = await deliver(request);
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe('unauthorized');
      }
      expect((await staffOrder(order.id)).status).toBe('pending_payment');
      expect(await db().selectFrom('payment_events').select('provider_event_id').where('payment_id', '=', payment.id).execute()).toEqual([]);
    });

    it('records but does not apply events for unknown payments or the wrong amount', async () => {
      const { order, payment } = await pendingPayment();
      const unknown = await deliver(sandbox().signedCallback({ ...successEvent(payment), paymentId: 'no-such-payment' }));
      expect(unknown.body).toMatchObject({ applied: false, outcome: 'unknown_payment' });
      const report = vi.spyOn(t.livedesk.http.log, 'error');
      const wrongAmount = await deliver(sandbox().signedCallback({ ...successEvent(payment), amountFen: 1 }));
      expect(wrongAmount.body).toMatchObject({ applied: false, outcome: 'amount_mismatch' });
      expect(report).toHaveBeenCalled();
      expect((await staffOrder(order.id)).status).toBe('pending_payment');
    });

    it('returns money that arrives after the order expired', async () => {
      const { order, payment } = await pendingPayment();
      await expire(order.id);
      const res = await deliver(sandbox().signedCallback(successEvent(payment)));
      expect(res.body).toEqual({ received: true, applied: true, outcome: 'refunded_late_payment' });
      const { payments, refunds } = await paymentsOf(order.id);
      expect(payments).toMatchObject([{ status: 'cancelled', refundedFen: order.totalFen }]);
      expect(refunds).toMatchObject([{ status: 'succeeded', amountFen: order.totalFen }]);
      const after = await staffOrder(order.id);
      expect(after).toMatchObject({ status: 'cancelled', paidFen: 0 });
      expect(after.timeline.at(-1)).toMatchObject({ kind: 'payment', detail: { paymentId: payment.id, outcome: 'failed' } });
    });

    it('lets staff deliver sandbox callbacks through the same verification', async () => {
      const { order, payment } = await pendingPayment();
      const analyst = await t.memberWithRole('analyst');
      const url = (outcome: string) => `/api/v1/payments/${payment.id}/sandbox/${outcome}`;
      expect((await t.request({ method: 'POST', url: url('succeed'), token: analyst.token })).status).toBe(403);
      const verify = vi.spyOn(sandbox(), 'verifyCallback');
      const failed = await t.request({ method: 'POST', url: url('fail'), token: owner });
      expect(failed.status).toBe(200);
      expect(failed.body).toMatchObject({ applied: true, outcome: 'failed', payment: { status: 'failed' } });
      expect(verify).toHaveBeenCalledOnce();
      // a success reported after a failure is still money taken: it pays the order
      const succeeded = await t.request({ method: 'POST', url: url('succeed'), token: owner });
      expect(succeeded.body).toMatchObject({ applied: true, outcome: 'paid', payment: { status: 'succeeded' } });
      expect((await staffOrder(order.id)).status).toBe('paid');
      const again = await t.request({ method: 'POST', url: url('fail'), token: owner });
      expect(again.body).toMatchObject({ applied: false, outcome: 'already_settled', payment: { status: 'succeeded' } });
      expect((await t.request({ method: 'POST', url: '/api/v1/payments/nope/sandbox/succeed', token: owner })).status).toBe(404);
    });
  });

  describe('refunds', () => {
    async function paidOrder(quantity = 1) {
      const order = await newOrder(quantity);
      expect((await pay(order)).status).toBe(200);
      return order;
    }
    const refund = (orderId: string, amountFen: number, token = owner, key?: string) =>
      t.request({ method: 'POST', url: `/api/v1/orders/${orderId}/refunds`, token, body: { amountFen, reason: '质量问题' }, headers: key ? { 'idempotency-key': key } : {} });

    it('refunds part and then the rest, and refuses more than was paid', async () => {
      const order = await paidOrder(2);
      const part = await refund(order.id, 300);
      expect(part.status).toBe(201);
      expect(part.body.items).toMatchObject([{ amountFen: 300, status: 'succeeded', reason: '质量问题' }]);
      expect(await staffOrder(order.id)).toMatchObject({ refundedFen: 300, paymentStatus: 'partially_refunded' });

      const tooMuch = await refund(order.id, 2 * PRICE);
      expect(tooMuch.status).toBe(409);
      expect(tooMuch.body.error.details).toMatchObject({ refundableFen: 2 * PRICE - 300 });

      expect((await refund(order.id, 2 * PRICE - 300)).status).toBe(201);
      expect(await staffOrder(order.id)).toMatchObject({ refundedFen: 2 * PRICE, paymentStatus: 'refunded' });
      expect((await refund(order.id, 1)).status).toBe(409);
      const { payments, refunds } = await paymentsOf(order.id);
      expect(payments).toMatchObject([{ refundedFen: 2 * PRICE }]);
      expect(refunds.map((r: { amountFen: number }) => r.amountFen)).toEqual([300, 2 * PRICE - 300]);
      const log = await t.request({ method: 'GET', url: `/api/v1/audit-log?targetId=${order.id}`, token: owner });
      expect(log.body.items.filter((e: { action: string }) => e.action === 'order.refund')).toHaveLength(2);
    });

    it('lets only one of two concurrent refunds through when together they exceed the payment', async () => {
      const order = await paidOrder();
      const results = await Promise.all([refund(order.id, 600), refund(order.id, 600)]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(await staffOrder(order.id)).toMatchObject({ refundedFen: 600 });
      expect((await paymentsOf(order.id)).payments).toMatchObject([{ refundedFen: 600 }]);
    });

    it('does not refund twice for a retried request with the same Idempotency-Key', async () => {
      const order = await paidOrder();
      const first = await refund(order.id, 100, owner, 'refund-key');
      const retry = await refund(order.id, 100, owner, 'refund-key');
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(await staffOrder(order.id)).toMatchObject({ refundedFen: 100 });
    });

    it('refuses unpaid and unknown orders and callers without payments:refund', async () => {
      const unpaid = await newOrder();
      expect((await refund(unpaid.id, 100)).status).toBe(409);
      expect((await refund('no-such-order', 100)).status).toBe(404);
      expect((await t.request({ method: 'GET', url: '/api/v1/orders/no-such-order/payments', token: owner })).status).toBe(404);
      const paid = await paidOrder();
      const operator = await t.memberWithRole('operator');
      expect((await refund(paid.id, 100, operator.token)).status).toBe(403);
      const finance = await t.memberWithRole('finance');
      expect((await refund(paid.id, 100, finance.token)).status).toBe(201);
      expect((await refund(paid.id, 0)).status).toBe(400);
    });

    it('gives the claim back when the provider refuses a refund', async () => {
      const order = await paidOrder();
      vi.spyOn(sandbox(), 'refund').mockResolvedValueOnce({ status: 'failed', reason: 'insufficient merchant balance' });
      const res = await refund(order.id, 400);
      expect(res.status).toBe(201);
      expect(res.body.items).toMatchObject([{ status: 'failed', amountFen: 400 }]);
      expect(await staffOrder(order.id)).toMatchObject({ refundedFen: 0, paymentStatus: 'paid' });
      expect((await paymentsOf(order.id)).payments).toMatchObject([{ refundedFen: 0 }]);
      expect((await refund(order.id, PRICE)).status).toBe(201);
    });

    it('refunds inside a caller\'s transaction, for after-sales', async () => {
      const order = await paidOrder();
      const { payments } = t.livedesk.services;
      const actor = systemActor(orgId);
      const done = await t.livedesk.infra.db.kysely.transaction().execute((tx) =>
        payments.refund(tx, { orgId, orderId: order.id, amountFen: 250, reason: 'after-sales', aftersalesId: 'as-1', actor }),
      );
      expect(done).toMatchObject([{ status: 'succeeded', amountFen: 250, aftersalesId: 'as-1' }]);
      expect(await staffOrder(order.id)).toMatchObject({ refundedFen: 250 });
      // a refusal rolls back with the caller's transaction
      await expect(
        t.livedesk.infra.db.kysely.transaction().execute((tx) => payments.refund(tx, { orgId, orderId: order.id, amountFen: PRICE, reason: 'x', actor })),
      ).rejects.toMatchObject({ code: 'conflict' });
      expect((await paymentsOf(order.id)).payments).toMatchObject([{ refundedFen: 250 }]);
    });

    it('settles an asynchronous refund by its callback, once', async () => {
      const order = await paidOrder();
      vi.spyOn(sandbox(), 'refund').mockResolvedValueOnce({ status: 'pending', providerRefundId: 'sbx_ref_async' });
      const res = await refund(order.id, 500);
      expect(res.body.items).toMatchObject([{ status: 'pending', providerRefundId: 'sbx_ref_async' }]);
      expect(await staffOrder(order.id)).toMatchObject({ refundedFen: 0 });
      const [pending] = res.body.items;
      const payment = (await paymentsOf(order.id)).payments[0];
      expect(payment.refundedFen).toBe(500); // claimed while in flight
      const callback = sandbox().signedCallback({
        providerEventId: 'evt-refund-1',
        type: 'refund.succeeded',
        paymentId: payment.id,
        providerPaymentId: payment.providerPaymentId,
        amountFen: 500,
        at: Date.now(),
        refundId: pending.id,
        providerRefundId: 'sbx_ref_async',
      });
      expect((await deliver(callback)).body).toMatchObject({ applied: true, outcome: 'refund_succeeded' });
      expect((await deliver(callback)).body).toMatchObject({ applied: false, outcome: 'duplicate' });
      expect(await staffOrder(order.id)).toMatchObject({ refundedFen: 500, paymentStatus: 'partially_refunded' });
    });
  });
});
