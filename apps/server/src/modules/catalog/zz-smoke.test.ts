import { expect, it } from 'vitest';
import { startTestApp } from '../../testing/app.js';

it('smoke', async () => {
  const t = await startTestApp();
  try {
    const { token } = await t.login();
    const docs = await t.request({ method: 'GET', url: '/api/docs/json' });
    console.log('docs', docs.status, Object.keys(docs.body.paths ?? {}).filter((p) => /product|categor|brand|blob/.test(p)));
    if (docs.status !== 200) console.log(docs.body);
    const rows = ['product_title,sku_code,price,stock,notes'];
    for (let i = 0; i < 5000; i++) rows.push(`Product ${Math.floor(i / 5)},BULK-${i},${(i % 100) + 1}.00,${i % 7},${'x'.repeat(200)}`);
    const csv = rows.join('\n');
    console.log('csv bytes', Buffer.byteLength(csv));
    const started = Date.now();
    const res = await t.request({ method: 'POST', url: '/api/v1/products/import', token, body: csv, headers: { 'content-type': 'text/csv' } });
    console.log('import', res.status, Date.now() - started, 'ms', res.status === 200 ? { ...res.body, rows: res.body.rows.length } : res.body);
    const s2 = Date.now();
    const exp = await t.request({ method: 'GET', url: '/api/v1/products/export.csv', token });
    console.log('export', exp.status, Date.now() - s2, 'ms', exp.body.length);
    const s3 = Date.now();
    const again = await t.request({ method: 'POST', url: '/api/v1/products/import', token, body: exp.body, headers: { 'content-type': 'text/csv' } });
    console.log('reimport', again.status, Date.now() - s3, 'ms', { ...again.body, rows: again.body.rows.length });
    const list = await t.request({ method: 'GET', url: '/api/v1/products?limit=200', token });
    console.log('list', list.status, list.body.items.length);
    expect(res.status).toBe(200);
  } finally {
    await t.close();
  }
}, 120_000);
