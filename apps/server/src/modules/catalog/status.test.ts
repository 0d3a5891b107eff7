import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { applyDue, CatalogScheduler } from './scheduler.js';

describe('applyDue', () => {
  it('applies due schedules in time order and clears them, leaving future ones', () => {
    expect(applyDue({ status: 'draft', list_at: 10, delist_at: null }, 10)).toEqual({ status: 'listed', list_at: null, delist_at: null });
    expect(applyDue({ status: 'draft', list_at: 10, delist_at: 20 }, 15)).toEqual({ status: 'listed', list_at: null, delist_at: 20 });
    // Both passed while the server was down: listed at 10, delisted at 20.
    expect(applyDue({ status: 'draft', list_at: 10, delist_at: 20 }, 30)).toEqual({ status: 'delisted', list_at: null, delist_at: null });
    // Delisted at 10 and listed again at 20: a break in the middle of the day.
    expect(applyDue({ status: 'listed', list_at: 20, delist_at: 10 }, 30)).toEqual({ status: 'listed', list_at: null, delist_at: null });
    expect(applyDue({ status: 'listed', list_at: 10, delist_at: 10 }, 10).status).toBe('delisted');
    // A delisting does not turn a draft into "delisted".
    expect(applyDue({ status: 'draft', list_at: null, delist_at: 10 }, 10)).toEqual({ status: 'draft', list_at: null, delist_at: null });
    expect(applyDue({ status: 'listed', list_at: null, delist_at: 11 }, 10)).toEqual({ status: 'listed', list_at: null, delist_at: 11 });
  });
});

describe('Listing and delisting', () => {
  let t: TestApp;
  let owner: string;
  let code = 0;
  const create = async (body: Record<string, unknown> = {}) => {
    const res = await t.request({ method: 'POST', url: '/api/v1/products', token: owner, body: { title: 'Scheduled', skus: [{ skuCode: `S-${++code}`, priceFen: 100, stock: 1 }], ...body } });
    expect(res.status).toBe(201);
    return res.body as { id: string; status: string };
  };
  const bulk = (body: unknown) => t.request({ method: 'POST', url: '/api/v1/products/bulk-status', token: owner, body });
  const statusOf = async (id: string) => (await t.request({ method: 'GET', url: `/api/v1/products/${id}`, token: owner })).body;
  const actions = async (id: string) =>
    (await t.request({ method: 'GET', url: `/api/v1/audit-log?targetId=${id}`, token: owner })).body.items.map((e: { action: string; actorType: string }) => `${e.action}:${e.actorType}`);

  const newScheduler = (intervalMs?: number) =>
    new CatalogScheduler({ db: t.livedesk.infra.db, audit: t.livedesk.services.audit, clock: { now: () => Date.now() }, intervalMs });

  beforeAll(async () => {
    t = await startTestApp();
    owner = (await t.login()).token;
  });
  afterAll(() => t.close());

  it('lists and delists several products now, audited', async () => {
    const a = await create({ status: 'draft' });
    const b = await create();
    const delisted = await bulk({ productIds: [a.id, b.id], status: 'delisted' });
    expect(delisted.status).toBe(200);
    expect(delisted.body.items).toEqual([
      { id: a.id, status: 'delisted', listAt: null, delistAt: null },
      { id: b.id, status: 'delisted', listAt: null, delistAt: null },
    ]);
    const listed = await bulk({ productIds: [b.id, a.id], status: 'listed' });
    expect(listed.body.items.map((i: { id: string; status: string }) => [i.id, i.status])).toEqual([
      [b.id, 'listed'],
      [a.id, 'listed'],
    ]);
    expect(await actions(a.id)).toEqual(['product.status:user', 'product.status:user', 'product.create:user']);
  });

  it('changes nothing when one product is unknown', async () => {
    const a = await create();
    const res = await bulk({ productIds: [a.id, 'missing'], status: 'delisted' });
    expect(res.status).toBe(404);
    expect(res.body.error.details.productIds).toEqual(['missing']);
    expect((await statusOf(a.id)).status).toBe('listed');
    expect((await bulk({ productIds: [a.id, a.id], status: 'delisted' })).status).toBe(400);
    expect((await bulk({ productIds: [a.id], status: 'draft' })).status).toBe(400);
  });

  it('schedules listing and delisting, applied by the scheduler when due', async () => {
    const now = Date.now();
    const scheduler = t.livedesk.catalogScheduler;
    const draft = await create({ listAt: now + 60_000 });
    expect(draft.status).toBe('draft');
    const live = await create();
    const res = await bulk({ productIds: [live.id], status: 'delisted', at: now + 120_000 });
    expect(res.body.items[0]).toMatchObject({ status: 'listed', delistAt: now + 120_000 });

    await scheduler.runOnce(now + 59_999);
    expect((await statusOf(draft.id)).status).toBe('draft');
    await scheduler.runOnce(now + 60_000);
    expect(await statusOf(draft.id)).toMatchObject({ status: 'listed', listAt: null });
    expect((await statusOf(live.id)).status).toBe('listed');
    await scheduler.runOnce(now + 120_000);
    expect(await statusOf(live.id)).toMatchObject({ status: 'delisted', delistAt: null });
    // Applied once: another pass (another node) finds nothing left to do.
    expect(await scheduler.runOnce(now + 200_000)).toBe(0);
    expect(await actions(live.id)).toEqual(['product.status:system', 'product.status:user', 'product.create:user']);
  });

  it('lets two schedulers race over the same products and applies each change once', async () => {
    const now = Date.now();
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await create({ listAt: now + 1_000 })).id);
    // Two instances, as on two nodes: each one alone would serialise its own passes.
    const nodes = [newScheduler(), newScheduler()];
    const applied = await Promise.all(nodes.map((s) => s.runOnce(now + 1_000)));
    expect(applied[0]! + applied[1]!).toBe(5);
    for (const id of ids) expect(await actions(id)).toEqual(['product.status:system', 'product.create:user']);
  });

  it('cancels a pending listing when a product is delisted by hand', async () => {
    const now = Date.now();
    const p = await create({ listAt: now + 1_000 });
    await bulk({ productIds: [p.id], status: 'delisted' });
    await t.livedesk.catalogScheduler.runOnce(now + 2_000);
    expect(await statusOf(p.id)).toMatchObject({ status: 'delisted', listAt: null });
  });

  it('treats a time in the past as now, and listing now drops a delisting already past', async () => {
    const p = await create({ status: 'draft' });
    const res = await bulk({ productIds: [p.id], status: 'listed', at: Date.now() - 1_000 });
    expect(res.body.items[0]).toMatchObject({ status: 'listed', listAt: null });
  });

  it('clears a schedule with PATCH null', async () => {
    const now = Date.now();
    const p = await create({ listAt: now + 1_000 });
    await t.request({ method: 'PATCH', url: `/api/v1/products/${p.id}`, token: owner, body: { listAt: null } });
    await t.livedesk.catalogScheduler.runOnce(now + 2_000);
    expect(await statusOf(p.id)).toMatchObject({ status: 'draft', listAt: null });
  });

  it('runs on a timer once started and stops cleanly', async () => {
    const p = await create({ listAt: Date.now() - 1 });
    const scheduler = newScheduler(20);
    scheduler.start();
    try {
      await expect.poll(async () => (await statusOf(p.id)).status, { timeout: 5_000 }).toBe('listed');
    } finally {
      await scheduler.stop();
    }
  });
});
