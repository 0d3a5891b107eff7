import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/app.js';

describe('Store catalog', () => {
  let t: TestApp;
  let owner: string;
  let slug: string;
  const ids: Record<string, string> = {};
  let disabledSkuId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const session = await t.login();
    owner = session.token;
    slug = session.org.slug;
    const create = async (name: string, body: Record<string, unknown>) => {
      const res = await t.request({ method: 'POST', url: '/api/v1/products', token: owner, body: { title: `Store ${name}`, ...body } });
      ids[name] = res.body.id;
      return res.body;
    };
    const listed = await create('listed', {
      specAttributes: [{ name: '颜色', values: ['红', '蓝'] }],
      skus: [
        { skuCode: 'ST-R', priceFen: 1000, stock: 3, costFen: 400, barcode: 'SECRET-BARCODE', specValues: { 颜色: '红' } },
        { skuCode: 'ST-B', priceFen: 1200, stock: 9, specValues: { 颜色: '蓝' } },
      ],
    });
    disabledSkuId = listed.skus[1].id;
    await t.request({
      method: 'PUT',
      url: `/api/v1/products/${listed.id}/skus`,
      token: owner,
      body: { skus: [{ id: listed.skus[0].id, skuCode: 'ST-R', priceFen: 1000 }, { id: disabledSkuId, skuCode: 'ST-B', priceFen: 1200, status: 'disabled' }] },
    });
    await create('draft', { status: 'draft', skus: [{ skuCode: 'ST-D', priceFen: 1, stock: 1 }] });
    await create('delisted', { skus: [{ skuCode: 'ST-X', priceFen: 1, stock: 1 }] });
    await t.request({ method: 'POST', url: '/api/v1/products/bulk-status', token: owner, body: { productIds: [ids.delisted], status: 'delisted' } });
    await create('scheduled', { listAt: Date.now() + 3_600_000, skus: [{ skuCode: 'ST-S', priceFen: 1, stock: 1 }] });
  });
  afterAll(() => t.close());

  it('lists only listed products, without signing in', async () => {
    const res = await t.request({ method: 'GET', url: `/api/v1/store/products?org=${slug}` });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [{ id: ids.listed, title: 'Store listed', cover: null, minPriceFen: 1000, maxPriceFen: 1000, available: 3 }],
      nextCursor: null,
    });
    // Without a slug: the installation's first shop, the one this test app bootstrapped.
    expect((await t.request({ method: 'GET', url: '/api/v1/store/products' })).body.items).toHaveLength(1);
    expect((await t.request({ method: 'GET', url: '/api/v1/store/products?org=no-such-shop' })).status).toBe(404);
  });

  it('shows a listed product with prices and availability, marking disabled SKUs and hiding costs', async () => {
    const res = await t.request({ method: 'GET', url: `/api/v1/store/products/${ids.listed}` });
    expect(res.status).toBe(200);
    expect(res.body.skus).toEqual([
      { id: expect.any(String), title: '红', specValues: { 颜色: '红' }, priceFen: 1000, available: 3, disabled: false },
      { id: disabledSkuId, title: '蓝', specValues: { 颜色: '蓝' }, priceFen: 1200, available: 0, disabled: true },
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/SECRET-BARCODE|costFen|400/);
  });

  it('never shows drafts, delisted or not-yet-listed products', async () => {
    for (const name of ['draft', 'delisted', 'scheduled']) {
      const res = await t.request({ method: 'GET', url: `/api/v1/store/products/${ids[name]}` });
      expect(res.status, name).toBe(404);
    }
    expect((await t.request({ method: 'GET', url: `/api/v1/store/products?org=${slug}&q=Store` })).body.items.map((p: { id: string }) => p.id)).toEqual([ids.listed]);
  });

  it('answers for the buyer\'s own shop only', async () => {
    const buyer = await t.request({ method: 'POST', url: `/api/v1/store/buyers?org=${slug}`, body: {} });
    const own = await t.request({ method: 'GET', url: `/api/v1/store/products/${ids.listed}`, token: buyer.body.token });
    expect(own.status).toBe(200);
    const other = await t.request({ method: 'POST', url: '/api/v1/orgs', token: owner, body: { name: 'Elsewhere' } });
    const elsewhere = await t.livedesk.infra.db.kysely.selectFrom('orgs').select('slug').where('id', '=', other.body.id).executeTakeFirstOrThrow();
    expect((await t.request({ method: 'GET', url: `/api/v1/store/products/${ids.listed}?org=${elsewhere.slug}` })).status).toBe(404);
    expect((await t.request({ method: 'GET', url: `/api/v1/store/products?org=${elsewhere.slug}` })).body.items).toEqual([]);
  });

  it('follows listing changes at once', async () => {
    await t.request({ method: 'POST', url: '/api/v1/products/bulk-status', token: owner, body: { productIds: [ids.draft], status: 'listed' } });
    expect((await t.request({ method: 'GET', url: `/api/v1/store/products/${ids.draft}` })).status).toBe(200);
    await t.request({ method: 'POST', url: '/api/v1/products/bulk-status', token: owner, body: { productIds: [ids.draft], status: 'delisted' } });
    expect((await t.request({ method: 'GET', url: `/api/v1/store/products/${ids.draft}` })).status).toBe(404);
  });
});
