import type { LineupEntry, ServerFrame } from '@livedesk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../lib/ids.js';
import { waitFor } from '../../infra/testing/wait.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { createSku, expectLedgerConsistent, testAddress } from '../../testing/commerce.js';
import { roomChannel, type RoomEnvelope } from '../room/broadcast.js';
import type { RoomViewer } from '../room/ports.js';
import { FIRST_PAID_ORDER_HOLD_MS } from './service.js';
import { createShow } from '../../testing/live.js';

let now = Date.now();
const clock = { now: () => now };
let t: TestApp;
let token: string;
let orgId: string;

beforeAll(async () => {
  t = await startTestApp({}, { clock });
  const owner = await t.login();
  token = owner.token;
  orgId = owner.org.id;
});
afterAll(() => t.close());

const service = () => t.livedesk.services.commentToBuy;
const available = async (skuId: string) => (await t.request({ method: 'GET', url: `/api/v1/inventory/skus/${skuId}`, token })).body.available as number;
const settingsUrl = (sessionId: string) => `/api/v1/live-sessions/${sessionId}/comment-to-buy`;
const enable = (sessionId: string, patch: Record<string, unknown> = {}) =>
  t.request({ method: 'PUT', url: settingsUrl(sessionId), token, body: { enabled: true, keywords: ['扣1', '+1'], codePattern: true, holdMinutes: 10, mode: 'reserve', ...patch } });

/** A live show with the products in its lineup (live price, optional carve), the first one pinned. */
async function show(lineup: unknown[]): Promise<string> {
  const { id } = await createShow(t, token, { title: '评论下单', lineup: lineup as LineupEntry[] });
  const first = (lineup[0] as { productId: string }).productId;
  expect((await t.request({ method: 'POST', url: `/api/v1/live-sessions/${id}/pins`, token, body: { productId: first } })).status).toBe(200);
  return id;
}

/** A listed product with one SKU per code, each with `stock` units. */
async function productWithSkus(codes: string[], stock: number) {
  const { inventory } = t.livedesk.services;
  const productId = newId();
  const skuIds = codes.map(() => newId());
  await t.livedesk.infra.db.kysely.transaction().execute(async (tx) => {
    await tx.insertInto('products').values({ id: productId, org_id: orgId, title: 'T恤', description: '', category_id: null, brand_id: null, status: 'listed', list_at: null, delist_at: null, spec_attributes: '[]', images: '[]', created_at: now, updated_at: now }).execute();
    const { id: warehouseId } = await inventory.defaultWarehouse(tx, orgId);
    for (const [i, code] of codes.entries()) {
      await tx.insertInto('skus').values({ id: skuIds[i]!, org_id: orgId, product_id: productId, sku_code: code, title: code, spec_values: '{}', price_fen: 5900, cost_fen: null, barcode: null, weight_grams: null, status: 'active', created_at: now, updated_at: now }).execute();
      await inventory.receive(tx, { orgId, skuId: skuIds[i]!, warehouseId, quantity: stock });
    }
  });
  return { productId, skuIds };
}

async function buyerViewer(sessionId: string): Promise<{ viewer: RoomViewer; token: string }> {
  const guest = await t.livedesk.services.buyers.createGuest({ nickname: '小王' }, undefined);
  const actor = await t.livedesk.services.buyers.buyerActor({ subject: guest.buyerId, orgId }, { ip: null, requestId: null });
  return {
    token: guest.token,
    viewer: { liveSessionId: sessionId, orgId, identity: guest.buyerId, buyerId: guest.buyerId, anonymousId: `device-${guest.buyerId}`, nickname: '小王', role: 'buyer', actor },
  };
}

const anonymous = (sessionId: string): RoomViewer => ({
  liveSessionId: sessionId, orgId, identity: 'anon:device-0001', buyerId: null, anonymousId: 'device-0001', nickname: '游客', role: 'viewer', actor: null,
});

/** Everything published to the show's room from now on (delivery is asynchronous, even in memory). */
async function listen(sessionId: string): Promise<RoomEnvelope[]> {
  const got: RoomEnvelope[] = [];
  await t.livedesk.infra.fanout.subscribe(roomChannel(sessionId), (message) => got.push(JSON.parse(message) as RoomEnvelope));
  return got;
}

const comment = (viewer: RoomViewer, text: string) =>
  service().onChat(viewer, { id: newId(), user: { id: viewer.identity, nickname: viewer.nickname, tags: [] }, text, at: now });

/** Comments and waits for the personal frame it earns. */
async function say(room: RoomEnvelope[], viewer: RoomViewer, text: string): Promise<ServerFrame> {
  const mine = () => room.filter((e) => e.to === viewer.identity);
  const before = mine().length;
  await comment(viewer, text);
  await waitFor(() => mine().length > before, { what: `the answer to "${text}"` });
  return mine().at(-1)!.frame;
}

const holdOf = (frame: ServerFrame) => {
  if (frame.t !== 'checkout') throw new Error(`expected a checkout frame, got ${JSON.stringify(frame)}`);
  return frame;
};

const log = async (sessionId: string) => (await t.request({ method: 'GET', url: `${settingsUrl(sessionId)}/log`, token })).body.items as { decision: string; reason: string | null; holdId: string | null; identity: string }[];

describe('comment-to-buy', () => {
  it('keeps per-show settings, off until a manager turns them on', async () => {
    const { productId } = await createSku(t, { stock: 1 });
    const sessionId = await show([{ productId }]);
    expect((await t.request({ method: 'GET', url: settingsUrl(sessionId), token })).body).toEqual({ enabled: false, keywords: ['扣1', '+1'], codePattern: true, holdMinutes: 10, mode: 'reserve' });
    const anchor = await t.memberWithRole('anchor');
    expect((await t.request({ method: 'PUT', url: settingsUrl(sessionId), token: anchor.token, body: { enabled: true, keywords: [], codePattern: false, holdMinutes: 5, mode: 'reserve' } })).status).toBe(403);
    const saved = await enable(sessionId, { keywords: ['要'], holdMinutes: 3, mode: 'first_paid' });
    expect(saved.body).toEqual({ enabled: true, keywords: ['要'], codePattern: true, holdMinutes: 3, mode: 'first_paid' });
    expect((await t.request({ method: 'GET', url: settingsUrl(sessionId), token: anchor.token })).body).toEqual(saved.body);
    expect((await t.request({ method: 'PUT', url: settingsUrl(sessionId), token, body: { enabled: true, keywords: ['扣1'], codePattern: true, holdMinutes: 0, mode: 'reserve' } })).status).toBe(400);
    expect((await t.request({ method: 'GET', url: settingsUrl('no-such-show'), token })).status).toBe(404);
    const audit = await t.request({ method: 'GET', url: `/api/v1/audit-log?action=live_session.comment_to_buy&targetId=${sessionId}`, token });
    expect(audit.body.items).toHaveLength(1);
  });

  it('holds real stock for the commenter, answers a repeated 扣1 with the same link, and gives the stock back on expiry', async () => {
    const { productId, skuId, warehouseId } = await createSku(t, { stock: 5, priceFen: 9900 });
    const sessionId = await show([{ productId, skus: [{ skuId, livePriceFen: 1990 }] }]);
    await enable(sessionId);
    const room = await listen(sessionId);
    const { viewer, token: buyer } = await buyerViewer(sessionId);

    const checkout = holdOf(await say(room, viewer, '主播我要扣１！'));
    const holdId = checkout.holdId!;
    expect(checkout).toMatchObject({ totalFen: 1990, expiresAt: now + 10 * 60_000, orderId: holdId });
    expect(checkout.checkoutUrl).toMatch(new RegExp(`^https?://[^/]+/live/${sessionId}\\?checkout=${holdId}$`));
    expect(await available(skuId)).toBe(4);

    expect(holdOf(await say(room, viewer, '+1')).holdId).toBe(holdId);
    expect(await available(skuId)).toBe(4);
    await comment(viewer, '好看');
    expect((await log(sessionId)).map((e) => [e.decision, e.holdId])).toEqual([['repeated', holdId], ['reserved', holdId]]);

    const view = await t.request({ method: 'GET', url: `/api/v1/store/cart-holds/${holdId}`, token: buyer });
    expect(view.body).toMatchObject({ status: 'open', stockHeld: true, quantity: 1, unitPriceFen: 1990, mode: 'reserve', suggestedAddress: null });

    now += 10 * 60_000;
    await t.livedesk.expiry.sweepOnce();
    expect(await available(skuId)).toBe(5);
    expect((await t.request({ method: 'GET', url: `/api/v1/store/cart-holds/${holdId}`, token: buyer })).body).toMatchObject({ status: 'expired', stockHeld: false });
    const late = await t.request({ method: 'POST', url: `/api/v1/store/cart-holds/${holdId}/checkout`, token: buyer, body: { address: testAddress } });
    expect(late.status).toBe(409);
    expect(late.body.error.details).toEqual({ reason: 'expired' });
    expect(await expectLedgerConsistent(t, skuId, warehouseId)).toEqual({ onHand: 5, reserved: 0, ledgerOnHand: 5, ledgerReserved: 0 });

    // After expiry the buyer may claim again: a new hold.
    expect(holdOf(await say(room, viewer, '扣1')).holdId).not.toBe(holdId);
    expect(await available(skuId)).toBe(4);
  });

  it("checks a hold out into an order at the promised price, from the show's campaign stock", async () => {
    const { productId, skuId, warehouseId } = await createSku(t, { stock: 10, priceFen: 9900 });
    const sessionId = await show([{ productId, skus: [{ skuId, livePriceFen: 2990, campaignStock: 3 }] }]);
    await enable(sessionId);
    const room = await listen(sessionId);
    const { viewer, token: buyer } = await buyerViewer(sessionId);
    const carveUsed = async () => (await t.livedesk.infra.db.kysely.selectFrom('campaign_stock').select('used').where('campaign_id', '=', sessionId).where('sku_id', '=', skuId).executeTakeFirstOrThrow()).used;

    const holdId = holdOf(await say(room, viewer, '扣1')).holdId!;
    expect(await carveUsed()).toBe(1);
    expect(await available(skuId)).toBe(7);

    const order = await t.request({ method: 'POST', url: `/api/v1/store/cart-holds/${holdId}/checkout`, token: buyer, body: { address: testAddress } });
    expect(order.status).toBe(201);
    expect(order.body).toMatchObject({ status: 'pending_payment', totalFen: 2990, liveSessionId: sessionId, lines: [{ skuId, quantity: 1, unitPriceFen: 2990 }] });
    expect(await carveUsed()).toBe(1);
    expect(await available(skuId)).toBe(7);
    expect(await expectLedgerConsistent(t, skuId, warehouseId)).toEqual({ onHand: 10, reserved: 3, ledgerOnHand: 10, ledgerReserved: 3 });
    const holds = await t.livedesk.infra.db.kysely.selectFrom('reservations').select(['order_id', 'status']).where('sku_id', '=', skuId).orderBy('created_at').execute();
    expect(holds).toEqual([{ order_id: null, status: 'released' }, { order_id: order.body.id, status: 'held' }]);
    expect((await t.request({ method: 'GET', url: `/api/v1/store/cart-holds/${holdId}`, token: buyer })).body).toMatchObject({ status: 'checked_out', orderId: order.body.id });

    const again = await t.request({ method: 'POST', url: `/api/v1/store/cart-holds/${holdId}/checkout`, token: buyer, body: { address: testAddress } });
    expect(again.body.error.details).toEqual({ reason: 'checked_out', orderId: order.body.id });
    const other = await buyerViewer(sessionId);
    expect((await t.request({ method: 'GET', url: `/api/v1/store/cart-holds/${holdId}`, token: other.token })).status).toBe(404);

    // The next claim is a new hold, and the checkout page can prefill the address just used.
    const next = holdOf(await say(room, viewer, '扣1')).holdId!;
    expect(next).not.toBe(holdId);
    expect((await t.request({ method: 'GET', url: `/api/v1/store/cart-holds/${next}`, token: buyer })).body.suggestedAddress).toEqual(testAddress);
  });

  it('asks for a code when the pinned product has several SKUs, and reserves the SKU named with its quantity', async () => {
    const { productId, skuIds } = await productWithSkus(['TS-RED', 'TS-BLUE'], 5);
    const sessionId = await show([{ productId }]);
    await enable(sessionId);
    const room = await listen(sessionId);
    const { viewer } = await buyerViewer(sessionId);

    const ambiguous = await say(room, viewer, '扣1');
    expect(ambiguous).toMatchObject({ t: 'error', code: 'validation', ref: 'chat' });
    expect(ambiguous.t === 'error' && ambiguous.message).toContain('TS-BLUE, TS-RED');
    expect(await say(room, viewer, 'SOLD ts-green 1')).toMatchObject({ t: 'error', code: 'not_found' });
    expect(await say(room, viewer, 'sold ＴＳ－ＢＬＵＥ ２件')).toMatchObject({ t: 'checkout', totalFen: 2 * 5900 });
    expect(await available(skuIds[1]!)).toBe(3);
    expect(await available(skuIds[0]!)).toBe(5);
    expect(await say(room, viewer, 'sold ts-red 30')).toMatchObject({ t: 'error', code: 'validation' });
    expect((await log(sessionId)).map((e) => e.reason)).toEqual(['too_many', null, 'unknown_code', 'ambiguous']);
  });

  it('in first-paid mode sends links without holding, and the first to check out gets the stock', async () => {
    const { productId, skuId } = await createSku(t, { stock: 1, priceFen: 4900 });
    const sessionId = await show([{ productId }]);
    await enable(sessionId, { mode: 'first_paid', holdMinutes: 30 });
    const room = await listen(sessionId);
    const [a, b] = [await buyerViewer(sessionId), await buyerViewer(sessionId)];
    const linkA = holdOf(await say(room, a.viewer, '扣1'));
    const linkB = holdOf(await say(room, b.viewer, '+1'));
    expect(linkA).toMatchObject({ totalFen: 4900, expiresAt: now + 30 * 60_000 });
    expect(linkB.holdId).not.toBe(linkA.holdId);
    expect(await available(skuId)).toBe(1);
    expect((await t.request({ method: 'GET', url: `/api/v1/store/cart-holds/${linkA.holdId}`, token: a.token })).body).toMatchObject({ mode: 'first_paid', stockHeld: false, status: 'open' });

    const first = await t.request({ method: 'POST', url: `/api/v1/store/cart-holds/${linkB.holdId}/checkout`, token: b.token, body: { address: testAddress } });
    expect(first.status).toBe(201);
    expect(first.body.expiresAt).toBe(now + FIRST_PAID_ORDER_HOLD_MS);
    const second = await t.request({ method: 'POST', url: `/api/v1/store/cart-holds/${linkA.holdId}/checkout`, token: a.token, body: { address: testAddress } });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('insufficient_stock');
    // A refused checkout leaves the claim open for a retry once stock is back.
    expect((await t.request({ method: 'GET', url: `/api/v1/store/cart-holds/${linkA.holdId}`, token: a.token })).body.status).toBe('open');

    const c = await buyerViewer(sessionId);
    expect(await say(room, c.viewer, '扣1')).toMatchObject({ t: 'error', code: 'insufficient_stock' });
    expect((await log(sessionId)).map((e) => [e.decision, e.reason])).toEqual([['refused', 'no_stock'], ['link_sent', null], ['link_sent', null]]);
  });

  it('refuses anonymous viewers and comments without a pinned product, and ignores staff and disabled shows', async () => {
    const { productId, skuId } = await createSku(t, { stock: 3 });
    const sessionId = await show([{ productId }]);
    const room = await listen(sessionId);
    const { viewer } = await buyerViewer(sessionId);

    await comment(viewer, '扣1');
    await enable(sessionId);
    await comment({ ...viewer, identity: 'staff:owner', buyerId: null, role: 'staff' }, '扣1');
    expect(await say(room, anonymous(sessionId), '扣1')).toMatchObject({ t: 'error', code: 'unauthorized', ref: 'chat' });
    // Frames of one channel arrive in order: the comments before the anonymous one earned nothing.
    expect(room.filter((e) => e.to !== undefined).map((e) => e.to)).toEqual(['anon:device-0001']);
    expect(await available(skuId)).toBe(3);

    await t.request({ method: 'DELETE', url: `/api/v1/live-sessions/${sessionId}/pins`, token });
    expect(await say(room, viewer, '扣1')).toMatchObject({ t: 'error', code: 'conflict' });
    expect((await log(sessionId)).map((e) => [e.identity, e.decision, e.reason])).toEqual([
      [viewer.identity, 'refused', 'no_pin'],
      ['anon:device-0001', 'refused', 'not_signed_in'],
    ]);
  });
});
