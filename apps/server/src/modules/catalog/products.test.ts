import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/app.js';

describe('Products', () => {
  let t: TestApp;
  let owner: string;
  let code = 0;
  /** Unique per call: every test works on its own products. */
  const sku = (extra: Record<string, unknown> = {}) => ({ skuCode: `P-${++code}`, priceFen: 1990, stock: 10, ...extra });
  const create = (body: unknown, token = owner) => t.request({ method: 'POST', url: '/api/v1/products', token, body });
  const get = (id: string, token = owner) => t.request({ method: 'GET', url: `/api/v1/products/${id}`, token });
  const counts = async () => ({
    products: Number((await t.livedesk.infra.db.kysely.selectFrom('products').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    skus: Number((await t.livedesk.infra.db.kysely.selectFrom('skus').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    ledger: Number((await t.livedesk.infra.db.kysely.selectFrom('stock_ledger').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  });

  beforeAll(async () => {
    t = await startTestApp();
    owner = (await t.login()).token;
  });
  afterAll(() => t.close());

  it('keeps the public contract of POST /products and receives the initial stock', async () => {
    const res = await create({ title: 'T-shirt', skus: [{ skuCode: 'TS-1', priceFen: 9900, stock: 5 }, { skuCode: 'TS-2', title: 'Large', priceFen: 10900, stock: 0 }] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      title: 'T-shirt',
      skus: [
        { id: expect.any(String), skuCode: 'TS-1', priceFen: 9900 },
        { id: expect.any(String), skuCode: 'TS-2', priceFen: 10900 },
      ],
    });
    expect(res.body.status).toBe('listed');
    const [first, second] = res.body.skus;
    expect(first).toMatchObject({ title: 'T-shirt', onHand: 5, reserved: 0, available: 5, status: 'active' });
    expect(second).toMatchObject({ title: 'Large', onHand: 0, available: 0 });
    // The same numbers the inventory contract reports, from the ledger-backed stock levels.
    const inv = await t.request({ method: 'GET', url: `/api/v1/inventory/skus/${first.id}`, token: owner });
    expect(inv.body).toMatchObject({ skuId: first.id, onHand: 5, reserved: 0, available: 5 });
    const ledger = await t.livedesk.infra.db.kysely.selectFrom('stock_ledger').selectAll().where('sku_id', '=', first.id).execute();
    expect(ledger).toEqual([expect.objectContaining({ kind: 'inbound', on_hand_delta: 5, reason: 'initial stock', ref_type: 'product', ref_id: res.body.id })]);
  });

  it('stores the extended fields and names SKUs after their spec values', async () => {
    const category = await t.request({ method: 'POST', url: '/api/v1/categories', token: owner, body: { name: '服装' } });
    const brand = await t.request({ method: 'POST', url: '/api/v1/brands', token: owner, body: { name: '优衣库' } });
    const res = await create({
      title: '纯棉T恤',
      description: '100% 棉',
      categoryId: category.body.id,
      brandId: brand.body.id,
      status: 'draft',
      specAttributes: [
        { name: '颜色', values: ['红', '蓝'] },
        { name: '尺码', values: ['S', 'M', 'L'] },
      ],
      skus: [
        sku({ specValues: { 颜色: '红', 尺码: 'M' }, costFen: 500, barcode: '6901234567892', weightGrams: 180 }),
        sku({ specValues: { 尺码: 'L', 颜色: '蓝' } }),
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      description: '100% 棉',
      categoryId: category.body.id,
      brandId: brand.body.id,
      status: 'draft',
      specAttributes: [{ name: '颜色' }, { name: '尺码' }],
    });
    expect(res.body.skus[0]).toMatchObject({ title: '红 / M', specValues: { 颜色: '红', 尺码: 'M' }, costFen: 500, barcode: '6901234567892', weightGrams: 180 });
    expect(res.body.skus[1].title).toBe('蓝 / L');
    expect((await get(res.body.id)).body).toEqual(res.body);
  });

  it('refuses SKUs outside the spec matrix or sharing a cell, saying which', async () => {
    const specAttributes = [
      { name: '颜色', values: ['红', '蓝'] },
      { name: '尺码', values: ['S', 'M'] },
    ];
    const before = await counts();
    const res = await create({
      title: 'Bad matrix',
      specAttributes,
      skus: [
        sku({ specValues: { 颜色: '红', 尺码: 'S' } }),
        sku({ specValues: { 颜色: '绿', 尺码: 'S' } }),
        sku({ specValues: { 颜色: '红' } }),
        sku({ specValues: { 颜色: '红', 尺码: 'S' } }),
        sku({ specValues: { 颜色: '蓝', 尺码: 'S', 材质: '棉' } }),
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation');
    const issues = res.body.error.details.issues as { path: string; message: string }[];
    expect(issues.map((i) => i.path)).toEqual(['skus.1.specValues', 'skus.2.specValues', 'skus.3.specValues', 'skus.4.specValues']);
    expect(issues[0]!.message).toContain('绿');
    expect(issues[1]!.message).toContain('尺码');
    expect(issues[2]!.message).toContain('same spec values');
    expect(issues[3]!.message).toContain('材质');

    const noAxes = await create({ title: 'No axes', skus: [sku({ specValues: { 颜色: '红' } })] });
    expect(noAxes.status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('answers 409 with the code for a SKU code already used, creating nothing', async () => {
    await create({ title: 'Original', skus: [sku({ skuCode: 'DUP-1' })] });
    const before = await counts();
    const res = await create({ title: 'Copy', skus: [sku({ skuCode: 'FRESH-1' }), sku({ skuCode: 'DUP-1' })] });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'conflict', details: { skuCodes: ['DUP-1'] } });
    const twice = await create({ title: 'Twice', skus: [sku({ skuCode: 'TWICE' }), sku({ skuCode: 'TWICE' })] });
    expect(twice.status).toBe(409);
    expect(twice.body.error.details.skuCodes).toEqual(['TWICE']);
    expect(await counts()).toEqual(before);
    const search = await t.request({ method: 'GET', url: '/api/v1/products?q=FRESH-1', token: owner });
    expect(search.body.items).toEqual([]);
  });

  it('refuses bad input with 400 and creates nothing', async () => {
    const before = await counts();
    const bodies = [
      { title: 'Negative', skus: [sku({ priceFen: -1 })] },
      { title: 'Fractional', skus: [sku({ priceFen: 19.9 })] },
      { title: 'Too dear', skus: [sku({ priceFen: 100_000_001 })] },
      { title: 'Negative stock', skus: [sku({ stock: -1 })] },
      { title: 'Too much stock', skus: [sku({ stock: 1_000_001 })] },
      { title: 'Unknown field', skus: [sku()], colour: 'red' },
      { title: 'Unknown SKU field', skus: [sku({ size: 'M' })] },
      { title: 'No SKUs', skus: [] },
      { title: 'Too many SKUs', skus: Array.from({ length: 501 }, (_, i) => ({ skuCode: `MANY-${i}`, priceFen: 1, stock: 0 })) },
      { title: '', skus: [sku()] },
      { title: 'Spaced code', skus: [sku({ skuCode: 'A B' })] },
      { title: 'Bad status', status: 'delisted', skus: [sku()] },
      { title: 'Unknown category', categoryId: 'nope', skus: [sku()] },
      { title: 'Unknown warehouse', skus: [sku({ warehouseId: 'nope' })] },
    ];
    for (const body of bodies) {
      const res = await create(body);
      expect(res.status, body.title).toBe(400);
      expect(res.body.error.code, body.title).toBe('validation');
    }
    expect(await counts()).toEqual(before);
  });

  it('accepts exactly 500 SKUs', async () => {
    const res = await create({ title: 'Many', skus: Array.from({ length: 500 }, (_, i) => ({ skuCode: `FULL-${i}`, priceFen: 100 + i, stock: 1 })) });
    expect(res.status).toBe(201);
    expect(res.body.skus).toHaveLength(500);
  });

  it('lets an analyst read but not write, and keeps orgs apart', async () => {
    const analyst = await t.memberWithRole('analyst');
    const { body: product } = await create({ title: 'Readable', skus: [sku()] });
    expect((await get(product.id, analyst.token)).status).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/v1/products', token: analyst.token })).status).toBe(200);
    const denied = [
      await create({ title: 'Nope', skus: [sku()] }, analyst.token),
      await t.request({ method: 'PATCH', url: `/api/v1/products/${product.id}`, token: analyst.token, body: { title: 'x' } }),
      await t.request({ method: 'POST', url: '/api/v1/products/bulk-status', token: analyst.token, body: { productIds: [product.id], status: 'delisted' } }),
      await t.request({ method: 'POST', url: '/api/v1/categories', token: analyst.token, body: { name: 'x' } }),
    ];
    for (const res of denied) {
      expect(res.status).toBe(403);
      expect(res.body.error.details.required).toBe('catalog:write');
    }
    expect((await t.request({ method: 'GET', url: '/api/v1/products' })).status).toBe(401);

    const other = await t.request({ method: 'POST', url: '/api/v1/orgs', token: owner, body: { name: 'Other Shop' } });
    const switched = await t.request({ method: 'POST', url: '/api/v1/auth/switch-org', token: owner, body: { orgId: other.body.id } });
    expect((await get(product.id, switched.body.token)).status).toBe(404);
    const list = await t.request({ method: 'GET', url: '/api/v1/products', token: switched.body.token });
    expect(list.body.items).toEqual([]);
    // SKU codes are unique per org, not across orgs.
    const sameCode = await create({ title: 'Same code elsewhere', skus: [{ skuCode: product.skus[0].skuCode, priceFen: 1, stock: 0 }] }, switched.body.token);
    expect(sameCode.status).toBe(201);
  });

  it('lists newest first with search, filters and a cursor', async () => {
    const parent = await t.request({ method: 'POST', url: '/api/v1/categories', token: owner, body: { name: 'Search root' } });
    const child = await t.request({ method: 'POST', url: '/api/v1/categories', token: owner, body: { name: 'Search child', parentId: parent.body.id } });
    const made = [];
    for (let i = 0; i < 5; i++) {
      const res = await create({
        title: `Findme 100%_${i}`,
        categoryId: i % 2 ? child.body.id : parent.body.id,
        status: i === 4 ? 'draft' : 'listed',
        skus: [sku({ skuCode: `SEARCHCODE-${i}`, priceFen: 100 * (i + 1) }), sku({ priceFen: 50 })],
      });
      made.push(res.body.id);
    }
    const all = await t.request({ method: 'GET', url: '/api/v1/products?q=findme&limit=2', token: owner });
    expect(all.body.items.map((p: { id: string }) => p.id)).toEqual([made[4], made[3]]);
    expect(all.body.items[1]).toMatchObject({ skuCount: 2, minPriceFen: 50, maxPriceFen: 400, available: 20, status: 'listed', cover: null });
    const next = await t.request({ method: 'GET', url: `/api/v1/products?q=findme&limit=2&cursor=${all.body.nextCursor}`, token: owner });
    expect(next.body.items.map((p: { id: string }) => p.id)).toEqual([made[2], made[1]]);
    const last = await t.request({ method: 'GET', url: `/api/v1/products?q=findme&limit=2&cursor=${next.body.nextCursor}`, token: owner });
    expect(last.body).toEqual({ items: [expect.objectContaining({ id: made[0] })], nextCursor: null });

    const byCode = await t.request({ method: 'GET', url: '/api/v1/products?q=searchcode-3', token: owner });
    expect(byCode.body.items.map((p: { id: string }) => p.id)).toEqual([made[3]]);
    // LIKE wildcards in the query are literal characters.
    const literal = await t.request({ method: 'GET', url: `/api/v1/products?q=${encodeURIComponent('100%_2')}`, token: owner });
    expect(literal.body.items.map((p: { id: string }) => p.id)).toEqual([made[2]]);
    const wildcard = await t.request({ method: 'GET', url: `/api/v1/products?q=${encodeURIComponent('0_%')}`, token: owner });
    expect(wildcard.body.items).toEqual([]);
    const drafts = await t.request({ method: 'GET', url: '/api/v1/products?q=findme&status=draft', token: owner });
    expect(drafts.body.items.map((p: { id: string }) => p.id)).toEqual([made[4]]);
    // A category includes its subcategories.
    const inParent = await t.request({ method: 'GET', url: `/api/v1/products?categoryId=${parent.body.id}`, token: owner });
    expect(inParent.body.items).toHaveLength(5);
    const inChild = await t.request({ method: 'GET', url: `/api/v1/products?categoryId=${child.body.id}`, token: owner });
    expect(inChild.body.items.map((p: { id: string }) => p.id)).toEqual([made[3], made[1]]);
    expect((await t.request({ method: 'GET', url: '/api/v1/products?cursor=bogus', token: owner })).status).toBe(400);
  });

  it('updates product fields with an audited diff, and refuses unknown references', async () => {
    const { body: product } = await create({ title: 'Before', skus: [sku()] });
    const res = await t.request({
      method: 'PATCH',
      url: `/api/v1/products/${product.id}`,
      token: owner,
      body: { title: 'After', description: 'new', listAt: 2_000_000_000_000 },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ title: 'After', description: 'new', listAt: 2_000_000_000_000, status: 'listed' });
    const bad = await t.request({ method: 'PATCH', url: `/api/v1/products/${product.id}`, token: owner, body: { brandId: 'nope' } });
    expect(bad.status).toBe(400);
    const unknownField = await t.request({ method: 'PATCH', url: `/api/v1/products/${product.id}`, token: owner, body: { status: 'draft' } });
    expect(unknownField.status).toBe(400);
    expect((await t.request({ method: 'PATCH', url: '/api/v1/products/nope', token: owner, body: { title: 'x' } })).status).toBe(404);

    const log = await t.request({ method: 'GET', url: `/api/v1/audit-log?targetId=${product.id}`, token: owner });
    expect(log.body.items.map((e: { action: string }) => e.action)).toEqual(['product.update', 'product.create']);
    expect(log.body.items[0].changes).toEqual([
      { field: 'title', from: 'Before', to: 'After' },
      { field: 'description', from: '', to: 'new' },
      { field: 'listAt', from: null, to: 2_000_000_000_000 },
    ]);
  });

  describe('SKU matrix edits', () => {
    const specAttributes = [{ name: '颜色', values: ['红', '蓝'] }];
    const put = (id: string, body: unknown, token = owner) => t.request({ method: 'PUT', url: `/api/v1/products/${id}/skus`, token, body });

    it('adds SKUs, edits and disables existing ones, never deleting', async () => {
      const { body: product } = await create({ title: 'Matrix', specAttributes, skus: [sku({ specValues: { 颜色: '红' } }), sku({ specValues: { 颜色: '蓝' } })] });
      const [red, blue] = product.skus;
      const res = await put(product.id, {
        specAttributes: [{ name: '颜色', values: ['红', '蓝', '绿'] }],
        skus: [
          { id: red.id, skuCode: red.skuCode, priceFen: 2590, costFen: 1000, title: '大红' },
          { id: blue.id, skuCode: blue.skuCode, priceFen: blue.priceFen, status: 'disabled' },
          { skuCode: `GREEN-${code}`, priceFen: 2990, specValues: { 颜色: '绿' }, stock: 7 },
        ],
      });
      expect(res.status).toBe(200);
      expect(res.body.specAttributes).toEqual([{ name: '颜色', values: ['红', '蓝', '绿'] }]);
      expect(res.body.skus).toEqual([
        expect.objectContaining({ id: red.id, priceFen: 2590, costFen: 1000, title: '大红', status: 'active', onHand: 10 }),
        expect.objectContaining({ id: blue.id, status: 'disabled' }),
        expect.objectContaining({ title: '绿', priceFen: 2990, status: 'active', onHand: 7 }),
      ]);
      // A new blue SKU may take the disabled one's cell.
      const replacement = await put(product.id, {
        skus: [...res.body.skus.map((s: { id: string; skuCode: string; priceFen: number }) => ({ id: s.id, skuCode: s.skuCode, priceFen: s.priceFen })), { skuCode: `BLUE2-${code}`, priceFen: 1, specValues: { 颜色: '蓝' } }],
      });
      expect(replacement.status).toBe(200);
      expect(replacement.body.skus).toHaveLength(4);
      // Re-enabling the old blue one would put two active SKUs in one cell.
      const clash = await put(product.id, {
        skus: replacement.body.skus.map((s: { id: string; skuCode: string; priceFen: number }) => ({ id: s.id, skuCode: s.skuCode, priceFen: s.priceFen, status: 'active' })),
      });
      expect(clash.status).toBe(400);

      const log = await t.request({ method: 'GET', url: `/api/v1/audit-log?targetId=${red.id}`, token: owner });
      expect(log.body.items[0]).toMatchObject({ action: 'sku.update' });
      expect(log.body.items[0].changes).toEqual([
        { field: 'title', from: '红', to: '大红' },
        { field: 'priceFen', from: red.priceFen, to: 2590 },
        { field: 'costFen', from: null, to: 1000 },
      ]);
    });

    it('refuses leaving SKUs out, foreign ids, stock on existing SKUs and taken codes', async () => {
      const { body: product } = await create({ title: 'Strict', skus: [sku(), sku()] });
      const { body: other } = await create({ title: 'Other', skus: [sku()] });
      const [a, b] = product.skus;
      const keep = { id: a.id, skuCode: a.skuCode, priceFen: 1 };
      const cases: [unknown, number][] = [
        [{ skus: [keep] }, 400],
        [{ skus: [keep, { id: other.skus[0].id, skuCode: 'X', priceFen: 1 }] }, 400],
        [{ skus: [keep, { id: b.id, skuCode: b.skuCode, priceFen: 1, stock: 5 }] }, 400],
        [{ skus: [keep, { id: b.id, skuCode: other.skus[0].skuCode, priceFen: 1 }] }, 409],
        [{ skus: [keep, { id: b.id, skuCode: b.skuCode, priceFen: 1 }, { skuCode: a.skuCode, priceFen: 1 }] }, 409],
      ];
      for (const [body, status] of cases) expect((await put(product.id, body)).status).toBe(status);
      expect((await get(product.id)).body.skus).toEqual(product.skus);
      // Renaming a code is allowed.
      const renamed = await put(product.id, { skus: [{ ...keep, skuCode: `RENAMED-${code}` }, { id: b.id, skuCode: b.skuCode, priceFen: b.priceFen }] });
      expect(renamed.status).toBe(200);
      expect(renamed.body.skus[0].skuCode).toBe(`RENAMED-${code}`);
    });
  });
});
