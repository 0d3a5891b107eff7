import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { subtree } from './taxonomy.js';

describe('subtree', () => {
  it('collects a category and everything below it', () => {
    const tree = [
      { id: 'a', parent_id: null },
      { id: 'b', parent_id: 'a' },
      { id: 'c', parent_id: 'b' },
      { id: 'd', parent_id: null },
    ];
    expect(subtree(tree, 'a')).toEqual(['a', 'b', 'c']);
    expect(subtree(tree, 'c')).toEqual(['c']);
    expect(subtree(tree, 'missing')).toEqual([]);
  });
});

describe('Categories and brands', () => {
  let t: TestApp;
  let owner: string;
  const req = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) => t.request({ method, url, token: owner, body });

  beforeAll(async () => {
    t = await startTestApp();
    owner = (await t.login()).token;
  });
  afterAll(() => t.close());

  it('builds a tree, moves branches and refuses cycles', async () => {
    const root = (await req('POST', '/api/v1/categories', { name: '女装', sort: 2 })).body;
    const child = (await req('POST', '/api/v1/categories', { name: '连衣裙', parentId: root.id })).body;
    const grandchild = (await req('POST', '/api/v1/categories', { name: '长裙', parentId: child.id })).body;
    const other = (await req('POST', '/api/v1/categories', { name: '男装', sort: 1 })).body;
    const list = await req('GET', '/api/v1/categories');
    // By sort, then name (whose order among Chinese names depends on the database's collation).
    expect(list.body.items.map((c: { sort: number }) => c.sort)).toEqual([0, 0, 1, 2]);
    expect(list.body.items.slice(2).map((c: { name: string }) => c.name)).toEqual(['男装', '女装']);
    expect(list.body.items.find((c: { id: string }) => c.id === grandchild.id)).toMatchObject({ parentId: child.id, sort: 0 });

    expect((await req('PATCH', `/api/v1/categories/${root.id}`, { parentId: grandchild.id })).status).toBe(400);
    expect((await req('PATCH', `/api/v1/categories/${root.id}`, { parentId: root.id })).status).toBe(400);
    expect((await req('POST', '/api/v1/categories', { name: 'x', parentId: 'nope' })).status).toBe(400);
    const moved = await req('PATCH', `/api/v1/categories/${child.id}`, { parentId: other.id, name: '裙装' });
    expect(moved.body).toMatchObject({ parentId: other.id, name: '裙装' });
    const top = await req('PATCH', `/api/v1/categories/${child.id}`, { parentId: null });
    expect(top.body.parentId).toBeNull();
    // Names are unique among siblings only.
    expect((await req('POST', '/api/v1/categories', { name: '长裙', parentId: child.id })).status).toBe(409);
    expect((await req('POST', '/api/v1/categories', { name: '长裙' })).status).toBe(201);
    expect((await req('PATCH', '/api/v1/categories/nope', { name: 'x' })).status).toBe(404);

    const log = await t.request({ method: 'GET', url: `/api/v1/audit-log?targetId=${child.id}`, token: owner });
    expect(log.body.items.map((e: { action: string }) => e.action)).toEqual(['category.update', 'category.update', 'category.create']);
  });

  it('refuses deleting a category or brand still in use', async () => {
    const parent = (await req('POST', '/api/v1/categories', { name: 'Parent' })).body;
    const leaf = (await req('POST', '/api/v1/categories', { name: 'Leaf', parentId: parent.id })).body;
    const brand = (await req('POST', '/api/v1/brands', { name: 'Used brand' })).body;
    const product = (await req('POST', '/api/v1/products', { title: 'Uses both', categoryId: leaf.id, brandId: brand.id, skus: [{ skuCode: 'TAX-1', priceFen: 1, stock: 0 }] })).body;

    const parentDelete = await req('DELETE', `/api/v1/categories/${parent.id}`);
    expect(parentDelete.status).toBe(409);
    expect(parentDelete.body.error.details).toEqual({ products: 0, children: 1 });
    const leafDelete = await req('DELETE', `/api/v1/categories/${leaf.id}`);
    expect(leafDelete.body.error.details).toEqual({ products: 1, children: 0 });
    const brandDelete = await req('DELETE', `/api/v1/brands/${brand.id}`);
    expect(brandDelete.status).toBe(409);
    expect(brandDelete.body.error.details).toEqual({ products: 1 });

    await req('PATCH', `/api/v1/products/${product.id}`, { categoryId: null, brandId: null });
    expect((await req('DELETE', `/api/v1/categories/${leaf.id}`)).status).toBe(204);
    expect((await req('DELETE', `/api/v1/categories/${parent.id}`)).status).toBe(204);
    expect((await req('DELETE', `/api/v1/brands/${brand.id}`)).status).toBe(204);
    expect((await req('DELETE', `/api/v1/brands/${brand.id}`)).status).toBe(404);
    const log = await t.request({ method: 'GET', url: `/api/v1/audit-log?targetId=${brand.id}`, token: owner });
    expect(log.body.items.map((e: { action: string }) => e.action)).toEqual(['brand.delete', 'brand.create']);
  });

  it('keeps brand names unique per org', async () => {
    const a = (await req('POST', '/api/v1/brands', { name: '李宁' })).body;
    expect((await req('POST', '/api/v1/brands', { name: '李宁' })).status).toBe(409);
    const b = (await req('POST', '/api/v1/brands', { name: '安踏' })).body;
    expect((await req('PATCH', `/api/v1/brands/${b.id}`, { name: '李宁' })).status).toBe(409);
    expect((await req('PATCH', `/api/v1/brands/${a.id}`, { name: 'Li-Ning' })).body).toMatchObject({ id: a.id, name: 'Li-Ning' });
    expect((await req('POST', '/api/v1/brands', { name: '李宁' })).status).toBe(201);
    const names = (await req('GET', '/api/v1/brands')).body.items.map((x: { name: string }) => x.name);
    expect(names).toEqual(expect.arrayContaining(['Li-Ning', '李宁', '安踏']));
    expect((await req('POST', '/api/v1/brands', { name: '' })).status).toBe(400);
  });
});
