import type { Address, RiskRules } from '@livedesk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../lib/ids.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { createSku, expectLedgerConsistent, testAddress } from '../../testing/commerce.js';
import { guestBuyer } from '../room/test-kit.js';
import { DEFAULT_RISK_RULES } from './service.js';
import { TestClock } from '../../testing/clock.js';

const off = {
  deviceBurst: { ...DEFAULT_RISK_RULES.deviceBurst, enabled: false },
  phoneBurst: { ...DEFAULT_RISK_RULES.phoneBurst, enabled: false },
  addressBurst: { ...DEFAULT_RISK_RULES.addressBurst, enabled: false },
  paymentFailures: { ...DEFAULT_RISK_RULES.paymentFailures, enabled: false },
  flashSaleOnly: { ...DEFAULT_RISK_RULES.flashSaleOnly, enabled: false },
} satisfies RiskRules;

/** A phone and an address no other test uses, so the counts of one test never leak into another. */
let phones = 0;
const freshAddress = (): Address => ({ ...testAddress, phone: `1390000${String(++phones).padStart(4, '0')}`, detail: `文三路 ${newId().slice(-6)} 号` });

describe('risk rules', () => {
  let t: TestApp;
  let staff: string;
  let orgId: string;
  let skuId: string;
  let warehouseId: string;
  const clock = new TestClock('frozen');

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    const owner = await t.login();
    staff = owner.token;
    orgId = owner.org.id;
    ({ skuId, warehouseId } = await createSku(t, { stock: 1000, priceFen: 100 }));
  });
  afterAll(() => t.close());

  const setRules = async (patch: Partial<RiskRules>) => {
    const res = await t.request({ method: 'PUT', url: '/api/v1/risk/rules', token: staff, body: { ...off, ...patch } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  const place = (token: string, address: Address, deviceId?: string) =>
    t.request({ method: 'POST', url: '/api/v1/store/orders', token, body: { items: [{ skuId, quantity: 1 }], address }, headers: deviceId ? { 'x-device-id': deviceId } : {} });
  const decisionsOf = async (buyerId: string) => (await t.request({ method: 'GET', url: `/api/v1/risk/buyers/${buyerId}`, token: staff })).body;
  const ordersOf = (buyerId: string) => t.livedesk.infra.db.kysely.selectFrom('orders').select('id').where('buyer_id', '=', buyerId).execute();

  const marksOf = (buyerId: string) => t.livedesk.infra.db.kysely.selectFrom('risk_order_marks').select('order_id').where('buyer_id', '=', buyerId).execute();

  /** A blocked order leaves no order, no hold, no mark behind: only its decision. */
  async function expectBlocked(attempt: () => Promise<unknown>, buyerId: string, rule: string) {
    const snapshot = async () => ({ orders: (await ordersOf(buyerId)).length, marks: (await marksOf(buyerId)).length, stock: await expectLedgerConsistent(t, skuId, warehouseId) });
    const before = await snapshot();
    const decisions = (await decisionsOf(buyerId)).decisions.length;
    const outcome = await attempt().then(
      (res) => (res as { body: { error?: unknown } }).body.error,
      (err: unknown) => err,
    );
    expect(outcome).toMatchObject({ code: 'forbidden', details: { reason: 'risk_blocked', rule } });
    expect(await snapshot()).toEqual(before);
    expect(before.stock.reserved).toBe(before.stock.ledgerReserved);
    const after = (await decisionsOf(buyerId)).decisions;
    expect(after.length).toBeGreaterThan(decisions);
    expect(after[0]).toMatchObject({ rule, action: 'block', orderId: null });
  }

  it('flags the order that makes a burst from one device, until the window has passed', async () => {
    await setRules({ deviceBurst: { enabled: true, action: 'flag', maxOrders: 2, windowMinutes: 10 } });
    const device = `device-${newId()}`;
    const buyers = await Promise.all(['一', '二', '三', '四'].map((n) => guestBuyer(t, n)));
    for (const b of buyers.slice(0, 2)) expect((await place(b.token, freshAddress(), device)).status).toBe(201);
    const third = await place(buyers[2]!.token, freshAddress(), device);
    expect(third.status).toBe(201);
    const flagged = await decisionsOf(buyers[2]!.buyerId);
    expect(flagged).toMatchObject({ flagged: true, blockedUntil: null });
    expect(flagged.decisions).toMatchObject([{ rule: 'deviceBurst', action: 'flag', orderId: third.body.id, detail: { orders: 3, maxOrders: 2, windowMinutes: 10, deviceId: device } }]);
    expect((await decisionsOf(buyers[0]!.buyerId)).flagged).toBe(false);
    expect(await t.livedesk.services.risk.isFlagged(orgId, buyers[2]!.buyerId)).toBe(true);
    expect(await t.livedesk.services.risk.isFlagged(orgId, buyers[0]!.buyerId)).toBe(false);

    clock.advance(10 * 60_000 + 1);
    expect((await place(buyers[3]!.token, freshAddress(), device)).status).toBe(201);
    expect((await decisionsOf(buyers[3]!.buyerId)).decisions).toEqual([]);
  });

  it('blocks a device burst when configured, leaving nothing behind but the decision', async () => {
    await setRules({ deviceBurst: { enabled: true, action: 'block', maxOrders: 1, windowMinutes: 10 } });
    const device = `device-${newId()}`;
    const first = await guestBuyer(t, '先');
    const second = await guestBuyer(t, '后');
    expect((await place(first.token, freshAddress(), device)).status).toBe(201);
    await expectBlocked(() => place(second.token, freshAddress(), device), second.buyerId, 'deviceBurst');
    expect((await decisionsOf(second.buyerId)).decisions).toMatchObject([{ rule: 'deviceBurst', action: 'block', orderId: null, detail: { orders: 2, maxOrders: 1 } }]);
    expect((await place(second.token, freshAddress(), `device-${newId()}`)).status).toBe(201); // another device
    expect((await place(second.token, freshAddress())).status).toBe(201); // no device said: the rule has nothing to count
  });

  it('counts one phone and one address by keyed hash, across spelling, and never stores them plainly', async () => {
    await setRules({
      phoneBurst: { enabled: true, action: 'flag', maxOrders: 1, windowMinutes: 10 },
      addressBurst: { enabled: true, action: 'block', maxOrders: 1, windowMinutes: 10 },
    });
    const buyer = await guestBuyer(t, '同址');
    const address = freshAddress();
    expect((await place(buyer.token, address)).status).toBe(201);
    const samePhone = await place(buyer.token, { ...freshAddress(), phone: address.phone });
    expect(samePhone.status).toBe(201);
    expect((await decisionsOf(buyer.buyerId)).decisions).toMatchObject([{ rule: 'phoneBurst', action: 'flag', orderId: samePhone.body.id }]);
    // The same address written with other spaces and full-width digits is the same address.
    const respelled = { ...freshAddress(), detail: address.detail.replace(/ /g, '').replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))) };
    await expectBlocked(() => place(buyer.token, respelled), buyer.buyerId, 'addressBurst');
    const marks = await t.livedesk.infra.db.kysely.selectFrom('risk_order_marks').selectAll().where('buyer_id', '=', buyer.buyerId).execute();
    expect(marks).toHaveLength(2);
    expect(JSON.stringify(marks)).not.toContain(address.phone);
    expect(JSON.stringify(marks)).not.toContain('文三路');
  });

  it('flags, then blocks, a buyer whose payments keep failing', async () => {
    await setRules({ paymentFailures: { enabled: true, action: 'flag', maxFailures: 2, windowMinutes: 30 } });
    const buyer = await guestBuyer(t, '卡');
    const order = await place(buyer.token, freshAddress());
    const fail = () => t.request({ method: 'POST', url: `/api/v1/store/orders/${order.body.id}/pay`, token: buyer.token, body: { method: 'sandbox', outcome: 'fail' } });
    for (let i = 0; i < 2; i++) expect((await fail()).body.status).toBe('pending_payment');
    expect((await decisionsOf(buyer.buyerId)).decisions).toEqual([]);
    await fail();
    expect((await decisionsOf(buyer.buyerId)).decisions).toMatchObject([{ rule: 'paymentFailures', action: 'flag', orderId: order.body.id, blockedUntil: null, detail: { failures: 3, maxFailures: 2 } }]);
    expect((await place(buyer.token, freshAddress())).status).toBe(201);

    await setRules({ paymentFailures: { enabled: true, action: 'block', maxFailures: 2, windowMinutes: 30 } });
    await fail();
    const view = await decisionsOf(buyer.buyerId);
    expect(view.blockedUntil).toBe(clock.now() + 30 * 60_000);
    expect(view.decisions[0]).toMatchObject({ rule: 'paymentFailures', action: 'block', detail: { failures: 4 } });
    await expectBlocked(() => place(buyer.token, freshAddress()), buyer.buyerId, 'paymentFailures');

    clock.advance(30 * 60_000 + 1);
    expect((await place(buyer.token, freshAddress())).status).toBe(201);
  });

  it('flags and blocks accounts that only ever buy flash-sale items', async () => {
    const flashOrder = (buyer: { buyerId: string }) =>
      t.livedesk.services.orders.place(
        { kind: 'buyer', id: buyer.buyerId, name: null, orgId, role: null, permissions: new Set(), ip: null, requestId: null },
        { items: [{ skuId, quantity: 1 }], address: freshAddress() },
        { source: 'flash_sale' },
      );
    await setRules({ flashSaleOnly: { enabled: true, action: 'flag', minOrders: 3 } });
    const scalper = await guestBuyer(t, '秒杀党');
    await flashOrder(scalper);
    await flashOrder(scalper);
    expect((await decisionsOf(scalper.buyerId)).decisions).toEqual([]);
    const third = await flashOrder(scalper);
    expect((await decisionsOf(scalper.buyerId)).decisions).toMatchObject([{ rule: 'flashSaleOnly', action: 'flag', orderId: third.id, detail: { orders: 3, minOrders: 3 } }]);

    const regular = await guestBuyer(t, '老顾客');
    expect((await place(regular.token, freshAddress())).status).toBe(201);
    for (let i = 0; i < 3; i++) await flashOrder(regular);
    expect((await decisionsOf(regular.buyerId)).decisions).toEqual([]);

    await setRules({ flashSaleOnly: { enabled: true, action: 'block', minOrders: 3 } });
    await expectBlocked(() => flashOrder(scalper), scalper.buyerId, 'flashSaleOnly');
    expect((await decisionsOf(scalper.buyerId)).decisions[0]).toMatchObject({ detail: { orders: 4 } });
    expect((await place(scalper.token, freshAddress())).status).toBe(201); // a regular purchase is never refused by this rule
  });

  it('keeps the rules behind orders:read and orders:write, audits changes, and pages decisions', async () => {
    const operator = await t.memberWithRole('operator'); // orders:read, not orders:write
    const get = await t.request({ method: 'GET', url: '/api/v1/risk/rules', token: operator.token });
    expect(get.status).toBe(200);
    expect((await t.request({ method: 'PUT', url: '/api/v1/risk/rules', token: operator.token, body: get.body })).status).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/v1/risk/decisions', token: (await t.memberWithRole('anchor')).token })).status).toBe(403);
    const service = await t.memberWithRole('customer_service');
    const changed = { ...get.body, deviceBurst: { ...get.body.deviceBurst, maxOrders: 7 } };
    expect((await t.request({ method: 'PUT', url: '/api/v1/risk/rules', token: service.token, body: changed })).body.deviceBurst.maxOrders).toBe(7);
    expect((await t.request({ method: 'PUT', url: '/api/v1/risk/rules', token: staff, body: { ...changed, deviceBurst: { ...changed.deviceBurst, action: 'ban' } } })).status).toBe(400);
    const audit = await t.request({ method: 'GET', url: '/api/v1/audit-log?action=risk.rules', token: staff });
    expect(audit.body.items[0]).toMatchObject({ action: 'risk.rules', changes: [{ field: 'deviceBurst', from: get.body.deviceBurst, to: changed.deviceBurst }] });

    const first = await t.request({ method: 'GET', url: '/api/v1/risk/decisions?limit=2', token: staff });
    const all = await t.request({ method: 'GET', url: '/api/v1/risk/decisions?limit=200', token: staff });
    expect(first.body.items).toEqual(all.body.items.slice(0, 2));
    const next = await t.request({ method: 'GET', url: `/api/v1/risk/decisions?limit=2&cursor=${first.body.nextCursor}`, token: staff });
    expect(next.body.items).toEqual(all.body.items.slice(2, 4));
    const blocks = await t.request({ method: 'GET', url: '/api/v1/risk/decisions?action=block&rule=deviceBurst', token: staff });
    expect(blocks.body.items.length).toBeGreaterThan(0);
    expect(blocks.body.items.every((d: { action: string; rule: string }) => d.action === 'block' && d.rule === 'deviceBurst')).toBe(true);
  });
});
