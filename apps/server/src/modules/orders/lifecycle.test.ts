import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderStatuses, type OrderStatus } from '@livedesk/contracts';
import { systemActor } from '../../lib/actor.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { createSku, expectLedgerConsistent, newBuyer, testAddress } from '../../testing/commerce.js';
import { canTransition, orderTransitions } from './transitions.js';
import { TestClock } from '../../testing/clock.js';

describe('order lifecycle', () => {
  const clock = new TestClock();
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { clock });
  });
  afterAll(() => t.close());

  const placeOrder = async (stock = 10) => {
    const { skuId, orgId, warehouseId } = await createSku(t, { stock });
    const buyer = await newBuyer(t);
    const res = await t.request({ method: 'POST', url: '/api/v1/store/orders', token: buyer, body: { items: [{ skuId, quantity: 2 }], address: testAddress } });
    expect(res.status).toBe(201);
    return { orderId: res.body.id as string, orgId, skuId, warehouseId, buyer };
  };

  it('writes the table as the design says', () => {
    expect(orderTransitions.pending_payment).toEqual(['paid', 'cancelled']);
    expect(orderTransitions.completed).toEqual([]);
    expect(orderTransitions.cancelled).toEqual([]);
  });

  it('refuses every transition not in the table, changing nothing', async () => {
    const { orderId, orgId } = await placeOrder(500);
    const db = t.livedesk.infra.db.kysely;
    const { orders } = t.livedesk.services;
    let refused = 0;
    for (const from of orderStatuses) {
      for (const to of orderStatuses) {
        if (canTransition(from, to)) continue;
        await db.updateTable('orders').set({ status: from }).where('id', '=', orderId).execute();
        const eventsBefore = (await db.selectFrom('order_events').select('seq').where('order_id', '=', orderId).execute()).length;
        await expect(
          db.transaction().execute((tx) => orders.transition(tx, { orgId, orderId, to, actor: systemActor(orgId) })),
        ).rejects.toMatchObject({ code: 'conflict', details: { from, to } });
        const row = await db.selectFrom('orders').select('status').where('id', '=', orderId).executeTakeFirstOrThrow();
        expect(row.status).toBe(from);
        expect((await db.selectFrom('order_events').select('seq').where('order_id', '=', orderId).execute()).length).toBe(eventsBefore);
        refused++;
      }
    }
    const allowed = Object.values(orderTransitions).reduce((n, list) => n + list.length, 0);
    expect(refused).toBe(orderStatuses.length ** 2 - allowed);
  });

  it('allows every transition in the table, with a timeline row each', async () => {
    const { orderId, orgId } = await placeOrder(500);
    const db = t.livedesk.infra.db.kysely;
    const { orders } = t.livedesk.services;
    for (const [from, targets] of Object.entries(orderTransitions) as [OrderStatus, readonly OrderStatus[]][]) {
      for (const to of targets) {
        await db.updateTable('orders').set({ status: from, expires_at: clock.now() + 60_000 }).where('id', '=', orderId).execute();
        await db.transaction().execute((tx) => orders.transition(tx, { orgId, orderId, to, actor: systemActor(orgId), reason: 'test' }));
        const last = await db.selectFrom('order_events').selectAll().where('order_id', '=', orderId).orderBy('seq', 'desc').executeTakeFirstOrThrow();
        expect(last).toMatchObject({ from_status: from, to_status: to, actor_type: 'system', reason: 'test' });
      }
    }
  });

  it('lets exactly one of two racing transitions from the same status win', async () => {
    const { orderId, orgId } = await placeOrder();
    const { orders } = t.livedesk.services;
    const db = t.livedesk.infra.db.kysely;
    await db.updateTable('orders').set({ status: 'paid' }).where('id', '=', orderId).execute();
    const results = await Promise.allSettled(
      (['shipped', 'cancelled', 'partially_shipped'] as const).map((to) =>
        db.transaction().execute((tx) => orders.transition(tx, { orgId, orderId, to, actor: systemActor(orgId) })),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('cancels an unpaid order at its timeout and gives its stock back, by the sweeper', async () => {
    const { orderId, skuId, warehouseId, buyer } = await placeOrder(10);
    clock.advance(16 * 60_000);
    expect(await t.livedesk.expiry.sweepOnce()).toBeGreaterThanOrEqual(1);
    const order = await t.request({ method: 'GET', url: `/api/v1/store/orders/${orderId}`, token: buyer });
    expect(order.body).toMatchObject({ status: 'cancelled', cancelReason: 'timeout' });
    expect(order.body.timeline.at(-1)).toMatchObject({ fromStatus: 'pending_payment', toStatus: 'cancelled', actorType: 'system' });
    const ledger = await expectLedgerConsistent(t, skuId, warehouseId);
    expect(ledger).toEqual({ onHand: 10, reserved: 0, ledgerOnHand: 10, ledgerReserved: 0 });
  });

  it('refuses to mark an expired order paid, even before the sweeper has run', async () => {
    const { orderId, orgId } = await placeOrder();
    clock.advance(16 * 60_000);
    const { orders } = t.livedesk.services;
    await expect(
      t.livedesk.infra.db.kysely.transaction().execute((tx) =>
        orders.markPaid(tx, { orgId, orderId, paymentId: 'p1', amountFen: 2 * 9900, provider: 'sandbox', actor: systemActor(orgId) }),
      ),
    ).rejects.toMatchObject({ code: 'conflict', details: { status: 'expired' } });
    // The timeout still wins cleanly afterwards.
    expect(await t.livedesk.services.orders.expire(orgId, orderId, systemActor(orgId))).toBe(true);
    expect(await t.livedesk.services.orders.expire(orgId, orderId, systemActor(orgId))).toBe(false);
  });

  it('keeps the payment when payment and timeout race', async () => {
    const { orderId, orgId, skuId, warehouseId } = await placeOrder();
    const { orders } = t.livedesk.services;
    const db = t.livedesk.infra.db.kysely;
    await db.transaction().execute((tx) =>
      orders.markPaid(tx, { orgId, orderId, paymentId: 'p2', amountFen: 2 * 9900, provider: 'sandbox', actor: systemActor(orgId) }),
    );
    clock.advance(16 * 60_000);
    expect(await orders.expire(orgId, orderId, systemActor(orgId))).toBe(false);
    const row = await db.selectFrom('orders').select(['status', 'payment_status']).where('id', '=', orderId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'paid', payment_status: 'paid' });
    const ledger = await expectLedgerConsistent(t, skuId, warehouseId);
    expect(ledger.reserved).toBe(2);
  });

  it('honours the org’s unpaid timeout setting', async () => {
    const owner = (await t.login()).token;
    const res = await t.request({ method: 'PATCH', url: '/api/v1/commerce/settings', token: owner, body: { unpaidTimeoutMinutes: 5 } });
    expect(res.body).toMatchObject({ unpaidTimeoutMinutes: 5 });
    const { orderId, buyer } = await placeOrder();
    const order = await t.request({ method: 'GET', url: `/api/v1/store/orders/${orderId}`, token: buyer });
    expect(order.body.expiresAt - order.body.createdAt).toBe(5 * 60_000);
    const bad = await t.request({ method: 'PATCH', url: '/api/v1/commerce/settings', token: owner, body: { unpaidTimeoutMinutes: 0 } });
    expect(bad.status).toBe(400);
  });
});
