import type { SkuView } from '@livedesk/contracts';
import { describe, expect, it } from 'vitest';
import {
  blankSku,
  combinations,
  draftsFromSkus,
  fillCodes,
  rebuildMatrix,
  skuProblems,
  toCreateSkus,
  toUpsertSkus,
  usableAttributes,
  type SkuDraft,
} from './skuMatrix';

const colour = { name: '颜色', values: ['红', '蓝'] };
const size = { name: '尺码', values: ['S', 'M', 'L'] };

const existing = (id: string, specValues: Record<string, string>, extra: Partial<SkuView> = {}): SkuView => ({
  id,
  skuCode: `C-${id}`,
  title: Object.values(specValues).join(' / '),
  specValues,
  priceFen: 9900,
  costFen: null,
  barcode: null,
  weightGrams: null,
  status: 'active',
  onHand: 5,
  reserved: 0,
  available: 5,
  ...extra,
});

describe('the SKU matrix', () => {
  it('crosses the axes, first axis slowest', () => {
    expect(combinations([colour, size]).map((c) => `${c['颜色']}/${c['尺码']}`)).toEqual([
      '红/S', '红/M', '红/L', '蓝/S', '蓝/M', '蓝/L',
    ]);
    expect(combinations([])).toEqual([{}]);
  });

  it('ignores unnamed or empty axes and repeated values', () => {
    expect(
      usableAttributes([
        { name: ' 颜色 ', values: ['红', '红', ' 蓝 ', ''] },
        { name: '', values: ['x'] },
        { name: '尺码', values: [] },
      ]),
    ).toEqual([{ name: '颜色', values: ['红', '蓝'] }]);
  });

  it('keeps what was typed when an axis or a value is added', () => {
    let rows = rebuildMatrix([colour], [blankSku({})]);
    rows = rows.map((r, i) => ({ ...r, skuCode: `T-${i}`, price: '10' }));
    const grown = rebuildMatrix([colour, size], rows);
    expect(grown).toHaveLength(6);
    expect(grown.filter((r) => r.skuCode).map((r) => [r.skuCode, r.specValues])).toEqual([
      ['T-0', { 颜色: '红', 尺码: 'S' }],
      ['T-1', { 颜色: '蓝', 尺码: 'S' }],
    ]);
    const more = rebuildMatrix([colour, { name: '尺码', values: ['S', 'M', 'L', 'XL'] }], grown);
    expect(more).toHaveLength(8);
    expect(more.find((r) => r.skuCode === 'T-1')?.specValues).toEqual({ 颜色: '蓝', 尺码: 'S' });
  });

  it('keeps rows while an axis name is being typed', () => {
    const rows = rebuildMatrix([{ name: '颜', values: ['红'] }], [blankSku({})]).map((r) => ({ ...r, skuCode: 'A' }));
    expect(rebuildMatrix([{ name: '颜色', values: ['红'] }], rows)[0]?.skuCode).toBe('A');
  });

  it('never drops an existing SKU: it stays, disabled, when its cell goes', () => {
    const drafts = draftsFromSkus([colour], [existing('1', { 颜色: '红' }), existing('2', { 颜色: '蓝' })]);
    const shrunk = rebuildMatrix([{ name: '颜色', values: ['红'] }], drafts);
    expect(shrunk.map((r) => [r.id, r.status, r.outside ?? false])).toEqual([
      ['1', 'active', false],
      ['2', 'disabled', true],
    ]);
    // Putting the value back brings the SKU back into its cell.
    const back = rebuildMatrix([colour], shrunk);
    expect(back.map((r) => [r.id, r.status, r.outside])).toEqual([
      ['1', 'active', false],
      ['2', 'active', false],
    ]);
  });

  it('drops new rows whose cell goes', () => {
    const rows = rebuildMatrix([colour], [blankSku({})]);
    expect(rebuildMatrix([{ name: '颜色', values: ['蓝'] }], rows)).toHaveLength(1);
  });
});

describe('saving the matrix', () => {
  const row = (over: Partial<SkuDraft>): SkuDraft => ({ ...blankSku({ 颜色: '红' }), skuCode: 'A-1', price: '99', ...over });

  it('finds missing, malformed and repeated codes and prices', () => {
    const rows = [
      row({ key: 'a', skuCode: '' }),
      row({ key: 'b', skuCode: 'X 1', price: '' }),
      row({ key: 'c', skuCode: 'D' }),
      row({ key: 'd', skuCode: 'D', price: '1.234' }),
      row({ key: 'e', skuCode: 'E', cost: 'abc' }),
      row({ key: 'f', skuCode: 'F' }),
    ];
    const problems = skuProblems(rows);
    expect(problems.get('a')).toEqual(['codeRequired']);
    expect(problems.get('b')).toEqual(['codeInvalid', 'priceRequired']);
    expect(problems.get('c')).toEqual(['codeDuplicate']);
    expect(problems.get('d')).toEqual(['codeDuplicate', 'priceInvalid']);
    expect(problems.get('e')).toEqual(['costInvalid']);
    expect(problems.has('f')).toBe(false);
  });

  it('sends fen integers for new products', () => {
    expect(toCreateSkus([row({ price: '12.3', cost: '4.05', stock: 8, barcode: ' 690 ', weightGrams: 300 })])).toEqual([
      { skuCode: 'A-1', priceFen: 1230, stock: 8, specValues: { 颜色: '红' }, costFen: 405, barcode: '690', weightGrams: 300 },
    ]);
  });

  it('lists existing SKUs by id, clearing emptied fields, and adds new ones with stock', () => {
    const [kept] = draftsFromSkus([colour], [existing('1', { 颜色: '红' }, { costFen: 100, barcode: 'B' })]);
    if (!kept) throw new Error('no draft');
    const body = toUpsertSkus([{ ...kept, cost: '', barcode: '' }, row({ skuCode: 'NEW', stock: 3 })]);
    expect(body).toEqual([
      { id: '1', skuCode: 'C-1', priceFen: 9900, specValues: { 颜色: '红' }, status: 'active', costFen: null, barcode: null, weightGrams: null },
      { skuCode: 'NEW', priceFen: 9900, specValues: { 颜色: '红' }, status: 'active', stock: 3 },
    ]);
  });

  it('fills missing codes from a prefix without clashing', () => {
    const rows = [row({ skuCode: '' }), row({ skuCode: 'TS-01' }), row({ skuCode: '' })];
    expect(fillCodes(rows, 'TS').map((r) => r.skuCode)).toEqual(['TS-02', 'TS-01', 'TS-03']);
  });
});
