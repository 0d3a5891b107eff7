import type { LineupSkuView } from '@livedesk/contracts';
import { describe, expect, it } from 'vitest';
import { canChoose, choose, initialSelection, selectedSku, specOptions } from './specs';

const sku = (skuId: string, specs: Record<string, string>, available = 5): LineupSkuView => ({
  skuId,
  skuCode: skuId,
  title: Object.values(specs).join(' / '),
  specs,
  priceFen: 19900,
  livePriceFen: 9900,
  campaignStock: null,
  available,
});

const jacket = [
  sku('red-m', { 颜色: '红', 尺码: 'M' }),
  sku('red-l', { 颜色: '红', 尺码: 'L' }, 0),
  sku('black-m', { 颜色: '黑', 尺码: 'M' }),
  sku('black-l', { 颜色: '黑', 尺码: 'L' }),
];

describe('the SKU picker', () => {
  it('lists attributes and values in the order the SKUs give them', () => {
    expect(specOptions(jacket)).toEqual([
      { name: '颜色', values: ['红', '黑'] },
      { name: '尺码', values: ['M', 'L'] },
    ]);
  });

  it('names a SKU only once every attribute is chosen', () => {
    expect(selectedSku(jacket, { 颜色: '黑' })).toBeUndefined();
    expect(selectedSku(jacket, { 颜色: '黑', 尺码: 'L' })?.skuId).toBe('black-l');
  });

  it('greys out values that lead only to sold-out SKUs', () => {
    expect(canChoose(jacket, { 颜色: '红' }, '尺码', 'L')).toBe(false);
    expect(canChoose(jacket, { 颜色: '黑' }, '尺码', 'L')).toBe(true);
    expect(canChoose(jacket, {}, '尺码', 'L')).toBe(true);
    expect(canChoose(jacket, { 尺码: 'L' }, '颜色', '红')).toBe(false);
  });

  it('toggles a choice off when tapped again', () => {
    expect(choose({ 颜色: '红' }, '颜色', '红')).toEqual({});
    expect(choose({ 颜色: '红' }, '颜色', '黑')).toEqual({ 颜色: '黑' });
  });

  it('starts with single-valued attributes chosen, so a one-SKU product needs no choice', () => {
    const single = [sku('only', {})];
    expect(selectedSku(single, initialSelection(single))?.skuId).toBe('only');
    const oneColour = [sku('a', { 颜色: '白', 尺码: 'S' }), sku('b', { 颜色: '白', 尺码: 'M' })];
    expect(initialSelection(oneColour)).toEqual({ 颜色: '白' });
  });
});
