import type { LineupProductView } from '@livedesk/contracts';
import { describe, expect, it } from 'vitest';
import { addToCart, priceCart, readCart, setQuantity } from './cart';

const product = (productId: string, skus: [string, number][]): LineupProductView => ({
  position: 1,
  productId,
  title: productId,
  imageUrl: null,
  skus: skus.map(([skuId, livePriceFen]) => ({ skuId, skuCode: skuId, title: skuId, specs: {}, priceFen: livePriceFen + 1000, livePriceFen, campaignStock: null, available: 10 })),
  fromPriceFen: Math.min(...skus.map(([, p]) => p)),
  pinned: false,
});

describe('the cart', () => {
  it('merges units of the same SKU and caps a line at the order limit', () => {
    let lines = addToCart([], { productId: 'p1', skuId: 's1', quantity: 2 });
    lines = addToCart(lines, { productId: 'p1', skuId: 's2', quantity: 1 });
    lines = addToCart(lines, { productId: 'p1', skuId: 's1', quantity: 3 });
    expect(lines).toEqual([
      { productId: 'p1', skuId: 's1', quantity: 5 },
      { productId: 'p1', skuId: 's2', quantity: 1 },
    ]);
    expect(addToCart(lines, { productId: 'p1', skuId: 's2', quantity: 5000 })[1]?.quantity).toBe(999);
  });

  it('changes and removes lines', () => {
    const lines = addToCart(addToCart([], { productId: 'p1', skuId: 's1', quantity: 2 }), { productId: 'p2', skuId: 's9', quantity: 1 });
    expect(setQuantity(lines, 's1', 4)[0]?.quantity).toBe(4);
    expect(setQuantity(lines, 's1', 0)).toEqual([{ productId: 'p2', skuId: 's9', quantity: 1 }]);
  });

  it('prices lines at live prices and sets apart what left the lineup', () => {
    const lines = [
      { productId: 'p1', skuId: 's1', quantity: 2 },
      { productId: 'p1', skuId: 's2', quantity: 1 },
      { productId: 'gone', skuId: 'sx', quantity: 1 },
    ];
    const cart = priceCart(lines, [product('p1', [['s1', 1990], ['s2', 2990]])]);
    expect(cart.totalFen).toBe(1990 * 2 + 2990);
    expect(cart.units).toBe(3);
    expect(cart.lines.map((l) => l.lineTotalFen)).toEqual([3980, 2990]);
    expect(cart.gone).toEqual([{ productId: 'gone', skuId: 'sx', quantity: 1 }]);
  });

  it('reads back what it stored, and nothing from garbage', () => {
    const lines = [{ productId: 'p1', skuId: 's1', quantity: 2 }];
    expect(readCart(JSON.stringify(lines))).toEqual(lines);
    expect(readCart(null)).toEqual([]);
    expect(readCart('{')).toEqual([]);
    expect(readCart('{"productId":"p1"}')).toEqual([]);
    expect(readCart('[{"productId":"p1","skuId":"s1","quantity":-1},{"productId":"p1","skuId":"s2","quantity":1.5}]')).toEqual([]);
  });
});
