import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { seedDemoShop } from './seed.js';

describe('demo shop', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('fills the first org with listed products that can be ordered at once', async () => {
    const owner = await t.login();
    const actor = await t.livedesk.services.identity.staffActor({ subject: owner.user.id, orgId: owner.org.id }, { ip: null, requestId: null });
    await seedDemoShop(t.livedesk.services.products, actor);
    const store = await t.request({ method: 'GET', url: '/api/v1/store/products' });
    expect(store.status).toBe(200);
    expect(store.body.items.length).toBe(4);
    const products = await t.request({ method: 'GET', url: '/api/v1/products?q=衬衫', token: owner.token });
    const shirt = await t.request({ method: 'GET', url: `/api/v1/products/${products.body.items[0].id}`, token: owner.token });
    expect(shirt.body.skus).toHaveLength(6);
    const buyer = await t.request({ method: 'POST', url: '/api/v1/store/buyers', body: {} });
    const order = await t.request({
      method: 'POST',
      url: '/api/v1/store/orders',
      token: buyer.body.token,
      body: { items: [{ skuId: shirt.body.skus[0].id, quantity: 1 }], address: { name: '王五', phone: '13700001234', province: '上海市', city: '上海市', district: '徐汇区', detail: '漕溪北路 1 号' } },
    });
    expect(order.status).toBe(201);
    expect(order.body.totalFen).toBe(12_900);
  });
});
