import type { LineupProductView, ProductView } from '@livedesk/contracts';
import { describe, expect, it } from 'vitest';
import {
  anchorsFromNames,
  draftFromProduct,
  draftsFromView,
  lineupHasProblems,
  livePriceAboveShelf,
  livePriceInvalid,
  moveItem,
  toCreateBody,
  toLineup,
  toUpdateBody,
  type LineupProductDraft,
  type LineupSkuDraft,
} from './lineup';

const sku = (skuId: string, patch: Partial<LineupSkuDraft> = {}): LineupSkuDraft => ({
  skuId,
  skuCode: skuId.toUpperCase(),
  title: skuId,
  specs: {},
  priceFen: 9900,
  available: 10,
  livePrice: null,
  campaignStock: null,
  ...patch,
});
const product = (productId: string, skus: LineupSkuDraft[]): LineupProductDraft => ({ productId, title: productId, imageUrl: null, skus });

describe('lineup → request body', () => {
  it('sends products in order and only the SKUs with live terms, the price in fen', () => {
    const drafts = [
      product('p2', [sku('a', { livePrice: '79.9' }), sku('b')]),
      product('p1', [sku('c', { campaignStock: 50 }), sku('d', { livePrice: '0.05', campaignStock: 3 })]),
      product('p3', [sku('e')]),
    ];
    expect(toLineup(drafts)).toEqual([
      { productId: 'p2', skus: [{ skuId: 'a', livePriceFen: 7990 }] },
      { productId: 'p1', skus: [{ skuId: 'c', campaignStock: 50 }, { skuId: 'd', livePriceFen: 5, campaignStock: 3 }] },
      { productId: 'p3' },
    ]);
  });

  it('reads yuan digit by digit, without binary fractions', () => {
    // 1.1 + 0.1 style drift would make 19.99 → 1998 with float maths.
    expect(toLineup([product('p', [sku('a', { livePrice: '19.99' }), sku('b', { livePrice: '¥1,299.00' })])])).toEqual([
      { productId: 'p', skus: [{ skuId: 'a', livePriceFen: 1999 }, { skuId: 'b', livePriceFen: 129_900 }] },
    ]);
  });

  it('treats an emptied price field and zero campaign stock as "not set"', () => {
    expect(toLineup([product('p', [sku('a', { livePrice: '', campaignStock: 0 })])])).toEqual([{ productId: 'p' }]);
  });

  it('keeps a live price of zero (a giveaway) as 0 fen', () => {
    expect(toLineup([product('p', [sku('a', { livePrice: '0' })])])).toEqual([{ productId: 'p', skus: [{ skuId: 'a', livePriceFen: 0 }] }]);
  });
});

describe('live price checks', () => {
  it('refuses what is not an amount or is beyond a price', () => {
    expect(livePriceInvalid(sku('a', { livePrice: '12.345' }))).toBe(true);
    expect(livePriceInvalid(sku('a', { livePrice: 'abc' }))).toBe(true);
    expect(livePriceInvalid(sku('a', { livePrice: '-1' }))).toBe(true);
    expect(livePriceInvalid(sku('a', { livePrice: '1000000.01' }))).toBe(true);
    expect(livePriceInvalid(sku('a', { livePrice: '1000000' }))).toBe(false);
    expect(livePriceInvalid(sku('a', { livePrice: null }))).toBe(false);
    expect(lineupHasProblems([product('p', [sku('a'), sku('b', { livePrice: 'x' })])])).toBe(true);
    expect(lineupHasProblems([product('p', [sku('a', { livePrice: '1' })])])).toBe(false);
  });

  it('warns about a live price above the shelf price', () => {
    expect(livePriceAboveShelf(sku('a', { livePrice: '990', priceFen: 9900 }))).toBe(true);
    expect(livePriceAboveShelf(sku('a', { livePrice: '99', priceFen: 9900 }))).toBe(false);
  });
});

describe('drafts', () => {
  it('come from the session view in lineup order; a live price equal to the shelf price is "not set"', () => {
    const view = (position: number, productId: string, livePriceFen: number, campaignStock: number | null): LineupProductView => ({
      position,
      productId,
      title: productId,
      imageUrl: null,
      fromPriceFen: livePriceFen,
      pinned: false,
      skus: [{ skuId: `${productId}-s`, skuCode: 'C', title: 't', specs: { 颜色: '红' }, priceFen: 9900, livePriceFen, campaignStock, available: 4 }],
    });
    const drafts = draftsFromView([view(2, 'b', 9900, null), view(1, 'a', 7900, 20)]);
    expect(drafts.map((d) => d.productId)).toEqual(['a', 'b']);
    expect(drafts[0]?.skus[0]).toMatchObject({ livePrice: '79.00', campaignStock: 20 });
    expect(drafts[1]?.skus[0]).toMatchObject({ livePrice: null, campaignStock: null });
    // Round trip: what was loaded is saved unchanged.
    expect(toLineup(drafts)).toEqual([{ productId: 'a', skus: [{ skuId: 'a-s', livePriceFen: 7900, campaignStock: 20 }] }, { productId: 'b' }]);
  });

  it('come from a catalog product with its active SKUs only', () => {
    const skuView = (id: string, status: 'active' | 'disabled') => ({
      id, skuCode: id, title: id, specValues: {}, priceFen: 100, costFen: null, barcode: null, weightGrams: null, status, onHand: 5, reserved: 1, available: 4,
    });
    const catalogProduct: ProductView = {
      id: 'p', title: 'P', description: '', categoryId: null, brandId: null, status: 'listed', listAt: null, delistAt: null,
      specAttributes: [], images: [{ key: 'k', url: '/img/k' }], skus: [skuView('on', 'active'), skuView('off', 'disabled')], createdAt: 0, updatedAt: 0,
    };
    const draft = draftFromProduct(catalogProduct);
    expect(draft.imageUrl).toBe('/img/k');
    expect(draft.skus.map((s) => s.skuId)).toEqual(['on']);
  });

  it('move up and down within the list only', () => {
    expect(moveItem(['a', 'b', 'c'], 1, -1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 1, 1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });
});

describe('session fields → bodies', () => {
  const fields = { title: '  春季上新专场 ', coverUrl: ' ', anchorNames: ['小美', ' 小美 ', '阿强', ''], scheduledStartAt: 1_000, scheduledEndAt: null };

  it('create: trims, drops empty optional fields, de-duplicates anchors', () => {
    expect(toCreateBody(fields, [product('p', [sku('a', { livePrice: '1.5' })])])).toEqual({
      title: '春季上新专场',
      anchors: [{ name: '小美' }, { name: '阿强' }],
      scheduledStartAt: 1_000,
      lineup: [{ productId: 'p', skus: [{ skuId: 'a', livePriceFen: 150 }] }],
    });
  });

  it('update: clears with null, and keeps the account link of known anchors', () => {
    expect(toUpdateBody(fields, [{ name: '阿强', userId: 'u1' }])).toEqual({
      title: '春季上新专场',
      coverUrl: null,
      anchors: [{ name: '小美' }, { name: '阿强', userId: 'u1' }],
      scheduledStartAt: 1_000,
      scheduledEndAt: null,
    });
    expect(anchorsFromNames([])).toEqual([]);
  });
});
