import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { parseCsv } from './csv.js';
import { catalogRepo } from './repo.js';

describe('CSV import and export', () => {
  let t: TestApp;
  let owner: string;
  const importCsv = (text: string | Buffer, token = owner) =>
    t.request({ method: 'POST', url: '/api/v1/products/import', token, body: text, headers: { 'content-type': 'text/csv; charset=utf-8' } });
  const exportCsv = async (query = '', token = owner) => {
    const res = await t.request({ method: 'GET', url: `/api/v1/products/export.csv${query}`, token });
    expect(res.status).toBe(200);
    return res.body as string;
  };
  const skuByCode = (orgId: string, code: string) =>
    t.livedesk.infra.db.kysely.selectFrom('skus').selectAll().where('org_id', '=', orgId).where('sku_code', '=', code).executeTakeFirst();
  const tableCounts = async () => {
    const db = t.livedesk.infra.db.kysely;
    const n = async (table: 'products' | 'skus' | 'stock_ledger' | 'audit_log') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return { products: await n('products'), skus: await n('skus'), ledger: await n('stock_ledger'), audit: await n('audit_log') };
  };
  let orgId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const session = await t.login();
    owner = session.token;
    orgId = session.org.id;
  });
  afterAll(() => t.close());

  it('imports the good rows, reports every bad row by line, and leaves the bad ones out', async () => {
    const existing = await t.request({
      method: 'POST',
      url: '/api/v1/products',
      token: owner,
      body: { title: 'Existing', skus: [{ skuCode: 'CSV-OLD', priceFen: 1000, stock: 3 }] },
    });
    const csv = [
      'product_title,sku_code,sku_title,spec_values,price,cost,barcode,weight_grams,stock', // 1
      '纯棉T恤,CSV-TS-R-M,,颜色:红;尺码:M,99.00,40,6901234567892,180,10', // 2 ok
      '纯棉T恤,CSV-TS-B-M,,颜色:蓝;尺码:M,99,,,,5', // 3 ok, same new product
      '纯棉T恤,CSV-TS-B-M2,,颜色:蓝;尺码:M,99,,,,5', // 4 same cell as line 3
      '"Multi', // 5 ok: a title spanning two lines
      'line title",CSV-ML,,,12.5,,,,', // 6
      'Bad price,CSV-BAD-PRICE,,,12.345,,,,', // 7
      ',CSV-NO-TITLE,,,10,,,,', // 8
      'Neg,CSV-NEG,,,-1,,,,', // 9
      '纯棉T恤,CSV-TS-R-M,,颜色:红;尺码:L,1,,,,', // 10 code repeated from line 2
      '', // 11 blank, skipped
      'Stocky,CSV-STOCK,,,1,,,,abc', // 12
      'Spec,CSV-SPEC,,颜色红,1,,,,', // 13
      'Whatever,CSV-OLD,Renamed,,55.5,,,,', // 14 updates the existing SKU
      'No code,,,,1,,,,', // 15
    ].join('\n');
    const res = await importCsv(csv);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ imported: 3, updated: 1, unchanged: 0, rejected: 8, productsCreated: 2, ignoredColumns: [] });
    const rows = res.body.rows as { row: number; ok: boolean; errors?: string[] }[];
    expect(rows.map((r) => [r.row, r.ok])).toEqual([
      [2, true],
      [3, true],
      [4, false],
      [5, true],
      [7, false],
      [8, false],
      [9, false],
      [10, false],
      [12, false],
      [13, false],
      [14, true],
      [15, false],
    ]);
    const errorsOf = (line: number) => rows.find((r) => r.row === line)!.errors!.join(' | ');
    expect(errorsOf(4)).toContain('颜色:蓝;尺码:M');
    expect(errorsOf(7)).toContain('price');
    expect(errorsOf(8)).toContain('product_title');
    expect(errorsOf(9)).toContain('price');
    expect(errorsOf(10)).toContain('line 2');
    expect(errorsOf(12)).toContain('stock');
    expect(errorsOf(13)).toContain('颜色红');
    expect(errorsOf(15)).toContain('sku_code is required');

    for (const code of ['CSV-TS-B-M2', 'CSV-BAD-PRICE', 'CSV-NO-TITLE', 'CSV-NEG', 'CSV-STOCK', 'CSV-SPEC']) {
      expect(await skuByCode(orgId, code), code).toBeUndefined();
    }
    const red = await skuByCode(orgId, 'CSV-TS-R-M');
    const product = await t.request({ method: 'GET', url: `/api/v1/products/${red!.product_id}`, token: owner });
    expect(product.body).toMatchObject({
      title: '纯棉T恤',
      status: 'listed',
      specAttributes: [
        { name: '颜色', values: ['红', '蓝'] },
        { name: '尺码', values: ['M'] },
      ],
    });
    expect(product.body.skus).toEqual([
      expect.objectContaining({ skuCode: 'CSV-TS-R-M', title: '红 / M', priceFen: 9900, costFen: 4000, barcode: '6901234567892', weightGrams: 180, onHand: 10 }),
      expect.objectContaining({ skuCode: 'CSV-TS-B-M', priceFen: 9900, onHand: 5 }),
    ]);
    expect((await skuByCode(orgId, 'CSV-ML'))?.title).toBe('Multi\nline title');
    const updated = await t.request({ method: 'GET', url: `/api/v1/products/${existing.body.id}`, token: owner });
    expect(updated.body.title).toBe('Existing');
    expect(updated.body.skus[0]).toMatchObject({ title: 'Renamed', priceFen: 5550, onHand: 3 });

    const log = await t.request({ method: 'GET', url: '/api/v1/audit-log?action=product.import', token: owner });
    expect(log.body.items[0].changes).toEqual([
      { field: 'imported', from: null, to: 3 },
      { field: 'updated', from: null, to: 1 },
      { field: 'unchanged', from: null, to: 0 },
      { field: 'rejected', from: null, to: 8 },
      { field: 'productsCreated', from: null, to: 2 },
    ]);
  });

  it('exports one row per SKU that imports back unchanged, here and into another shop', async () => {
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/products',
      token: owner,
      body: {
        title: '=HYPERLINK("http://evil"), "quoted"',
        status: 'draft',
        specAttributes: [{ name: '尺码', values: ['S', 'M'] }],
        skus: [
          { skuCode: 'RT-S', priceFen: 1999, stock: 4, costFen: 805, barcode: '0012345', weightGrams: 250, specValues: { 尺码: 'S' } },
          { skuCode: 'RT-M', priceFen: 2000, stock: 0, specValues: { 尺码: 'M' } },
        ],
      },
    });
    expect(created.status).toBe(201);
    const text = await exportCsv('?q=HYPERLINK');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const records = parseCsv(text.slice(1)).map((r) => r.fields);
    expect(records).toEqual([
      ['product_id', 'product_title', 'sku_code', 'sku_title', 'spec_values', 'price', 'cost', 'barcode', 'weight_grams', 'status', 'sku_status', 'available'],
      [created.body.id, '\'=HYPERLINK("http://evil"), "quoted"', 'RT-S', 'S', '尺码:S', '19.99', '8.05', '0012345', '250', 'draft', 'active', '4'],
      [created.body.id, '\'=HYPERLINK("http://evil"), "quoted"', 'RT-M', 'M', '尺码:M', '20.00', '', '', '', 'draft', 'active', '0'],
    ]);

    const whole = await exportCsv();
    const same = await importCsv(whole);
    expect(same.body).toMatchObject({ imported: 0, updated: 0, rejected: 0, productsCreated: 0 });
    expect(same.body.unchanged).toBe(parseCsv(whole.slice(1)).length - 1);

    const edited = text.replace('19.99', '18.88');
    const changed = await importCsv(edited);
    expect(changed.body).toMatchObject({ updated: 1, unchanged: 1, imported: 0 });
    expect((await skuByCode(orgId, 'RT-S'))?.price_fen).toBe(1888);

    // Into another shop, the product ids mean nothing there: the rows make new products, stock included.
    const other = await t.request({ method: 'POST', url: '/api/v1/orgs', token: owner, body: { name: 'Copy Shop' } });
    const switched = await t.request({ method: 'POST', url: '/api/v1/auth/switch-org', token: owner, body: { orgId: other.body.id } });
    const copied = await importCsv(edited, switched.body.token);
    expect(copied.body).toMatchObject({ imported: 2, productsCreated: 1, rejected: 0 });
    const copy = await skuByCode(other.body.id, 'RT-S');
    const copyProduct = await t.request({ method: 'GET', url: `/api/v1/products/${copy!.product_id}`, token: switched.body.token });
    expect(copyProduct.body).toMatchObject({
      title: '=HYPERLINK("http://evil"), "quoted"',
      status: 'draft',
      specAttributes: [{ name: '尺码', values: ['S', 'M'] }],
    });
    expect(copyProduct.body.skus.map((s: Record<string, unknown>) => [s.skuCode, s.title, s.priceFen, s.costFen, s.barcode, s.weightGrams, s.onHand])).toEqual([
      ['RT-S', 'S', 1888, 805, '0012345', 250, 4],
      ['RT-M', 'M', 2000, null, null, null, 0],
    ]);
    // And exported from there it reads the same, apart from the product id.
    const again = parseCsv((await exportCsv('', switched.body.token)).slice(1)).map((r) => r.fields.slice(1));
    expect(again).toEqual(parseCsv(edited.slice(1)).map((r) => r.fields.slice(1)));
  });

  it('adds new SKUs to an existing product named by product_id, extending its matrix', async () => {
    const { body: product } = await t.request({
      method: 'POST',
      url: '/api/v1/products',
      token: owner,
      body: { title: 'Extend me', specAttributes: [{ name: '颜色', values: ['红'] }], skus: [{ skuCode: 'EXT-R', priceFen: 100, stock: 1, specValues: { 颜色: '红' } }] },
    });
    const res = await importCsv(
      [
        'product_id,sku_code,spec_values,price,stock',
        `${product.id},EXT-B,颜色:蓝,1.50,2`,
        `${product.id},EXT-R2,颜色:红,1,0`,
        `${product.id},EXT-X,尺码:M,1,0`,
      ].join('\r\n'),
    );
    expect(res.body).toMatchObject({ imported: 1, rejected: 2, productsCreated: 0 });
    const after = await t.request({ method: 'GET', url: `/api/v1/products/${product.id}`, token: owner });
    expect(after.body.specAttributes).toEqual([{ name: '颜色', values: ['红', '蓝'] }]);
    expect(after.body.skus.map((s: { skuCode: string; onHand: number }) => [s.skuCode, s.onHand])).toEqual([
      ['EXT-R', 1],
      ['EXT-B', 2],
    ]);
  });

  it('takes files beyond the 1 MB JSON limit, grouping spec-less SKUs into products by title', async () => {
    const rows = ['product_title,sku_code,price,stock,notes'];
    for (let i = 0; i < 600; i++) rows.push(`Big ${Math.floor(i / 3)},BIG-${i},1.00,1,${'x'.repeat(2_000)}`);
    const text = rows.join('\n');
    expect(Buffer.byteLength(text)).toBeGreaterThan(1024 * 1024);
    const res = await importCsv(text);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ imported: 600, productsCreated: 200, rejected: 0, ignoredColumns: ['notes'] });
    const sku = await skuByCode(orgId, 'BIG-4');
    const product = await t.request({ method: 'GET', url: `/api/v1/products/${sku!.product_id}`, token: owner });
    expect(product.body.skus.map((s: { skuCode: string }) => s.skuCode)).toEqual(['BIG-3', 'BIG-4', 'BIG-5']);
  });

  it('reads Chinese headers and a BOM, and lists unknown columns', async () => {
    const res = await importCsv('\uFEFF商品标题,SKU编码,价格,库存,备注\n中文表头,ZH-1,8.8,3,随便\n');
    expect(res.body).toMatchObject({ imported: 1, rejected: 0, ignoredColumns: ['备注'] });
    expect((await skuByCode(orgId, 'ZH-1'))?.price_fen).toBe(880);
  });

  it('refuses a whole file that cannot be read, importing nothing', async () => {
    const before = await tableCounts();
    const gbk = Buffer.from([0xc9, 0xcc, 0xc6, 0xb7, 0x2c, 0x73, 0x6b, 0x75, 0x5f, 0x63, 0x6f, 0x64, 0x65, 0x2c, 0x70, 0x72, 0x69, 0x63, 0x65, 0x0a]);
    const cases: [string | Buffer, string][] = [
      [gbk, 'UTF-8'],
      ['', 'empty'],
      ['product_title,price\nA,1\n', 'sku_code'],
      ['sku_code,price\n"A,1\n', 'line 2'],
      ['sku_code,price,price\nA,1,1\n', 'twice'],
      [`sku_code,price\n${Array.from({ length: 5001 }, (_, i) => `BULK-${i},1`).join('\n')}`, '5000'],
    ];
    for (const [body, hint] of cases) {
      const res = await importCsv(body);
      expect(res.status, hint).toBe(400);
      expect(JSON.stringify(res.body.error), hint).toContain(hint);
    }
    const json = await t.request({ method: 'POST', url: '/api/v1/products/import', token: owner, body: { sku_code: 'A' } });
    expect(json.status).toBe(400);
    expect(await tableCounts()).toEqual(before);
  });

  it('leaves nothing half-imported when the database fails mid-file', async () => {
    const before = await tableCounts();
    const realInsert = catalogRepo.insertSkus.bind(catalogRepo);
    let calls = 0;
    const spy = vi.spyOn(catalogRepo, 'insertSkus').mockImplementation(async (db, rows) => {
      if (++calls === 2) throw new Error('disk full');
      return realInsert(db, rows);
    });
    try {
      const res = await importCsv('product_title,sku_code,price,stock\nFirst,CRASH-1,1,5\nSecond,CRASH-2,1,5\nThird,CRASH-3,1,5\n');
      expect(res.status).toBe(500);
    } finally {
      spy.mockRestore();
    }
    expect(calls).toBe(2);
    expect(await tableCounts()).toEqual(before);
    expect(await skuByCode(orgId, 'CRASH-1')).toBeUndefined();
  });

  it('exports with filters and needs catalog:write to import', async () => {
    const analyst = await t.memberWithRole('analyst');
    expect((await importCsv('sku_code,price\nX,1\n', analyst.token)).status).toBe(403);
    const text = await exportCsv('?status=draft', analyst.token);
    const statuses = parseCsv(text.slice(1)).slice(1).map((r) => r.fields[9]);
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set(['draft']));
  });
});
