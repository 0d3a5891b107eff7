import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { createSku, newBuyer, testAddress } from '../../testing/commerce.js';
import { BIG_SPENDER_FEN, BuyerTags, buyerTagsOf } from './buyer-tags.js';

describe('buyer tags', () => {
  it('new until the first paid order, big spender from ¥1,000 paid, flagged when a risk rule said so', () => {
    expect(buyerTagsOf({ paidOrders: 0, paidFen: 0, flagged: false })).toEqual(['new']);
    expect(buyerTagsOf({ paidOrders: 1, paidFen: BIG_SPENDER_FEN - 1, flagged: false })).toEqual(['returning']);
    expect(buyerTagsOf({ paidOrders: 3, paidFen: BIG_SPENDER_FEN, flagged: true })).toEqual(['returning', 'big_spender', 'flagged']);
  });

  describe('from the shop\'s orders', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    it('counts only paid orders of the buyer in this shop', async () => {
      const { skuId, orgId } = await createSku(t, { stock: 5, priceFen: 60_000 });
      const token = await newBuyer(t);
      const tags = new BuyerTags(t.livedesk.services.orders, t.livedesk.services.risk);
      const place = async (key: string) =>
        (await t.request({ method: 'POST', url: '/api/v1/store/orders', token, headers: { 'idempotency-key': key }, body: { items: [{ skuId, quantity: 1 }], address: testAddress } })).body;
      const first = await place('tags-1');
      const buyerId = (await t.livedesk.infra.db.kysely.selectFrom('orders').select('buyer_id').where('id', '=', first.id).executeTakeFirstOrThrow()).buyer_id;
      expect(await tags.of(orgId, buyerId)).toEqual(['new']);
      await t.request({ method: 'POST', url: `/api/v1/store/orders/${first.id}/pay`, token, body: { method: 'sandbox' } });
      expect(await tags.of(orgId, buyerId)).toEqual(['returning']);
      const second = await place('tags-2');
      await t.request({ method: 'POST', url: `/api/v1/store/orders/${second.id}/pay`, token, body: { method: 'sandbox' } });
      expect(await tags.of(orgId, buyerId)).toEqual(['returning', 'big_spender']);
    });
  });
});
