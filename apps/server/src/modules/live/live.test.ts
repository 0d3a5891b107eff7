import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { createSku, expectLedgerConsistent, newBuyer, testAddress } from '../../testing/commerce.js';

let now = Date.now();
const clock = { now: () => now };
let t: TestApp;
let token: string;

beforeAll(async () => {
  t = await startTestApp({ LIVEDESK_UNPUBLISH_GRACE_SECONDS: '30' }, { clock });
  token = (await t.login()).token;
});
afterAll(() => t.close());

const create = (body: unknown, as = token) => t.request({ method: 'POST', url: '/api/v1/live-sessions', token: as, body });
const available = async (skuId: string) => (await t.request({ method: 'GET', url: `/api/v1/inventory/skus/${skuId}`, token })).body.available as number;
const sessions = () => t.livedesk.services.live;

describe('live sessions', () => {
  it('creates a scheduled show with a lineup, live prices and carved campaign stock', async () => {
    const a = await createSku(t, { stock: 50, priceFen: 19900 });
    const b = await createSku(t, { stock: 5, priceFen: 5900 });
    const res = await create({
      title: '双十一预热专场',
      anchors: [{ name: '小美' }],
      scheduledStartAt: now + 3_600_000,
      lineup: [{ productId: a.productId, skus: [{ skuId: a.skuId, livePriceFen: 9900, campaignStock: 20 }] }, { productId: b.productId }],
    });
    expect(res.status).toBe(201);
    const s = res.body;
    expect(s.status).toBe('scheduled');
    expect(s.streamKey).toMatch(new RegExp(`^${s.id}\\?sign=[A-Za-z0-9_-]{24}$`));
    expect(s.ingestUrl).toMatch(/^rtmp:\/\/localhost:\d+\/live$/);
    expect(s.roomUrl).toMatch(new RegExp(`/live/${s.id}$`));
    expect(s.products.map((p: { position: number; productId: string }) => [p.position, p.productId])).toEqual([[1, a.productId], [2, b.productId]]);
    expect(s.products[0].skus[0]).toMatchObject({ skuId: a.skuId, priceFen: 19900, livePriceFen: 9900, campaignStock: 20, available: 20 });
    expect(s.products[1].skus[0]).toMatchObject({ livePriceFen: 5900, campaignStock: null, available: 5 });
    expect(await available(a.skuId)).toBe(30);

    const pub = await t.request({ method: 'GET', url: `/api/v1/store/live-sessions/${s.id}` });
    expect(pub.status).toBe(200);
    expect(pub.body.streamKey).toBeUndefined();
    expect(pub.body.ingestUrl).toBeUndefined();
    expect(pub.body.title).toBe('双十一预热专场');
  });

  it('refuses a bad lineup and leaves nothing behind', async () => {
    const a = await createSku(t, { stock: 3 });
    const other = await createSku(t, { stock: 3 });
    const before = (await t.request({ method: 'GET', url: '/api/v1/live-sessions', token })).body.items.length;
    const tooMuch = await create({ title: '库存不够', lineup: [{ productId: a.productId, skus: [{ skuId: a.skuId, campaignStock: 4 }] }] });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.error.code).toBe('insufficient_stock');
    const wrongSku = await create({ title: '错 SKU', lineup: [{ productId: a.productId, skus: [{ skuId: other.skuId }] }] });
    expect(wrongSku.status).toBe(400);
    const twice = await create({ title: '重复', productIds: [a.productId, a.productId] });
    expect(twice.status).toBe(400);
    const unknown = await create({ title: '不存在', productIds: ['nope'] });
    expect(unknown.status).toBe(404);
    const backwards = await create({ title: '倒着', scheduledStartAt: now + 10, scheduledEndAt: now });
    expect(backwards.status).toBe(400);
    expect((await t.request({ method: 'GET', url: '/api/v1/live-sessions', token })).body.items.length).toBe(before);
    expect(await available(a.skuId)).toBe(3);
    const { onHand, ledgerOnHand, reserved, ledgerReserved } = await expectLedgerConsistent(t, a.skuId, a.warehouseId);
    expect([onHand, reserved]).toEqual([ledgerOnHand, ledgerReserved]);
  });

  it('records a finished show when both times are in the past', async () => {
    const res = await create({ title: '上周复盘导入', startedAt: now - 7_200_000, endedAt: now - 3_600_000 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'ended', startedAt: now - 7_200_000, endedAt: now - 3_600_000 });
    const future = await create({ title: '未来', startedAt: now - 1000, endedAt: now + 60_000 });
    expect(future.status).toBe(400);
  });

  it('pins at most three products, each pin opening a 讲解 period', async () => {
    const skus = await Promise.all([1, 2, 3, 4].map(() => createSku(t, { stock: 5 })));
    const s = (await create({ title: '讲解', productIds: skus.map((x) => x.productId) })).body;
    for (const [i, sku] of skus.slice(0, 3).entries()) {
      now += 1000;
      const res = await t.request({ method: 'POST', url: `/api/v1/live-sessions/${s.id}/pins`, token, body: { productId: sku.productId } });
      expect(res.body.pinnedProductIds).toHaveLength(i + 1);
    }
    const fourth = await t.request({ method: 'POST', url: `/api/v1/live-sessions/${s.id}/pins`, token, body: { productId: skus[3]!.productId } });
    expect(fourth.status).toBe(409);
    expect(fourth.body.error.details.reason).toBe('too_many_pinned');
    const notInShow = await t.request({ method: 'POST', url: `/api/v1/live-sessions/${s.id}/pins`, token, body: { productId: 'elsewhere' } });
    expect(notInShow.status).toBe(404);
    now += 5000;
    const unpinned = await t.request({ method: 'DELETE', url: `/api/v1/live-sessions/${s.id}/pins/${skus[0]!.productId}`, token });
    expect(unpinned.body.pinnedProductIds).toEqual([skus[1]!.productId, skus[2]!.productId]);
    const view = (await t.request({ method: 'GET', url: `/api/v1/live-sessions/${s.id}`, token })).body;
    const first = view.explanations.find((e: { productId: string }) => e.productId === skus[0]!.productId);
    expect(first.endAt - first.startAt).toBe(7000);
    expect(view.explanations.filter((e: { endAt: number | null }) => e.endAt === null)).toHaveLength(2);
  });

  it('goes live on an authorised publish, refuses a wrong key, and ends after the grace period', async () => {
    const sku = await createSku(t, { stock: 10 });
    const s = (await create({ title: '推流', lineup: [{ productId: sku.productId, skus: [{ skuId: sku.skuId, campaignStock: 6 }] }] })).body;
    const sign = s.streamKey.split('?sign=')[1];
    expect(await sessions().authorizePublish(s.id, 'wrong')).toBe(false);
    expect(await sessions().authorizePublish(s.id, null)).toBe(false);
    expect(await sessions().authorizePublish('unknown-session', sign)).toBe(false);
    expect(await sessions().authorizePublish(s.id, sign)).toBe(true);

    await sessions().published(s.id);
    const live = (await t.request({ method: 'GET', url: `/api/v1/live-sessions/${s.id}`, token })).body;
    expect(live.status).toBe('live');
    expect(live.startedAt).toBe(now);

    // OBS drops and comes back within the grace period: still live.
    await sessions().unpublished(s.id);
    now += 20_000;
    await sessions().published(s.id);
    now += 20_000;
    await t.livedesk.liveSweeper.runOnce();
    expect((await t.request({ method: 'GET', url: `/api/v1/live-sessions/${s.id}`, token })).body.status).toBe('live');

    await sessions().unpublished(s.id);
    now += 29_000;
    await t.livedesk.liveSweeper.runOnce();
    expect((await t.request({ method: 'GET', url: `/api/v1/live-sessions/${s.id}`, token })).body.status).toBe('live');
    now += 2_000;
    await t.livedesk.liveSweeper.runOnce();
    const ended = (await t.request({ method: 'GET', url: `/api/v1/live-sessions/${s.id}`, token })).body;
    expect(ended.status).toBe('ended');
    expect(ended.endedAt).toBe(now);
    // the unsold carve went back to general stock; an ended show cannot be pushed to again
    expect(await available(sku.skuId)).toBe(10);
    expect(await sessions().authorizePublish(s.id, sign)).toBe(false);
  });

  it('rotating the stream key invalidates the old one', async () => {
    const s = (await create({ title: '换密钥' })).body;
    const rotated = (await t.request({ method: 'POST', url: `/api/v1/live-sessions/${s.id}/stream-key/rotate`, token })).body;
    expect(rotated.streamKey).not.toBe(s.streamKey);
    expect(await sessions().authorizePublish(s.id, s.streamKey.split('?sign=')[1])).toBe(false);
    expect(await sessions().authorizePublish(s.id, rotated.streamKey.split('?sign=')[1])).toBe(true);
  });

  it('manual start and end are compare-and-set transitions', async () => {
    const s = (await create({ title: '手动' })).body;
    const [a, b] = await Promise.all([
      t.request({ method: 'POST', url: `/api/v1/live-sessions/${s.id}/start`, token }),
      t.request({ method: 'POST', url: `/api/v1/live-sessions/${s.id}/start`, token }),
    ]);
    expect([a.body.status, b.body.status]).toEqual(['live', 'live']);
    const audits = await t.livedesk.infra.db.kysely.selectFrom('audit_log').select('action').where('target_id', '=', s.id).where('action', '=', 'live_session.start').execute();
    expect(audits).toHaveLength(1);
    expect((await t.request({ method: 'POST', url: `/api/v1/live-sessions/${s.id}/end`, token })).body.status).toBe('ended');
    const again = await t.request({ method: 'POST', url: `/api/v1/live-sessions/${s.id}/end`, token });
    expect(again.status).toBe(409);
    const restart = await t.request({ method: 'POST', url: `/api/v1/live-sessions/${s.id}/start`, token });
    expect(restart.status).toBe(409);
  });

  it('orders placed in a live show pay the live price from the carve; after the show the catalog price', async () => {
    const sku = await createSku(t, { stock: 10, priceFen: 10000 });
    const s = (await create({ title: '下单', lineup: [{ productId: sku.productId, skus: [{ skuId: sku.skuId, livePriceFen: 6600, campaignStock: 2 }] }] })).body;
    await t.request({ method: 'POST', url: `/api/v1/live-sessions/${s.id}/start`, token });
    const buyer = await newBuyer(t);
    const order = (n: number) =>
      t.request({ method: 'POST', url: '/api/v1/store/orders', token: buyer, headers: { 'idempotency-key': `live-${s.id}-${n}` }, body: { items: [{ skuId: sku.skuId, quantity: 1 }], liveSessionId: s.id, address: testAddress } });
    const first = await order(1);
    expect(first.status).toBe(201);
    expect(first.body.totalFen).toBe(6600);
    expect((await order(2)).status).toBe(201);
    const third = await order(3);
    expect(third.status).toBe(409);
    expect(third.body.error.code).toBe('insufficient_stock');
    expect(await available(sku.skuId)).toBe(8);

    await t.request({ method: 'POST', url: `/api/v1/live-sessions/${s.id}/end`, token });
    const after = await order(4);
    expect(after.status).toBe(201);
    expect(after.body.totalFen).toBe(10000);
    const elsewhere = await t.request({ method: 'POST', url: '/api/v1/store/orders', token: buyer, headers: { 'idempotency-key': `live-${s.id}-x` }, body: { items: [{ skuId: sku.skuId, quantity: 1 }], liveSessionId: 'no-such-show', address: testAddress } });
    expect(elsewhere.status).toBe(404);
  });

  it('checks permissions: an anchor pins but cannot create or end shows', async () => {
    const sku = await createSku(t, { stock: 1 });
    const s = (await create({ title: '权限', productIds: [sku.productId] })).body;
    const anchor = await t.memberWithRole('anchor');
    expect((await create({ title: 'x' }, anchor.token)).status).toBe(403);
    expect((await t.request({ method: 'POST', url: `/api/v1/live-sessions/${s.id}/end`, token: anchor.token })).status).toBe(403);
    expect((await t.request({ method: 'POST', url: `/api/v1/live-sessions/${s.id}/pins`, token: anchor.token, body: { productId: sku.productId } })).status).toBe(200);
    expect((await t.request({ method: 'GET', url: `/api/v1/live-sessions/${s.id}`, token: anchor.token })).body.streamKey).toContain('?sign=');
  });
});
