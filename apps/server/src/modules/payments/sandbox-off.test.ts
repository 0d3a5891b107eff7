import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { createSku, newBuyer, testAddress } from '../../testing/commerce.js';

describe('a shop with sandbox payments turned off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LIVEDESK_SANDBOX_PAYMENTS: '0' });
  });
  afterAll(() => t.close());

  it('refuses the sandbox method and its callbacks, and the order stays unpaid', async () => {
    const { skuId } = await createSku(t, { stock: 5 });
    const buyer = await newBuyer(t);
    const order = await t.request({ method: 'POST', url: '/api/v1/store/orders', token: buyer, body: { items: [{ skuId, quantity: 1 }], address: testAddress } });
    const pay = await t.request({ method: 'POST', url: `/api/v1/store/orders/${order.body.id}/pay`, token: buyer, body: { method: 'sandbox' } });
    expect(pay.status).toBe(400);
    expect(pay.body.error).toMatchObject({ code: 'validation', details: { field: 'method' } });
    const callback = await t.request({ method: 'POST', url: '/api/v1/payments/sandbox/callback', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(callback.status).toBe(400);
    const after = await t.request({ method: 'GET', url: `/api/v1/store/orders/${order.body.id}`, token: buyer });
    expect(after.body).toMatchObject({ status: 'pending_payment', paymentStatus: 'unpaid' });
    expect(await t.livedesk.infra.db.kysely.selectFrom('payments').select('id').execute()).toEqual([]);
  });
});
