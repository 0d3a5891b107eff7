import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv, protectCell, toCsv, unprotectCell } from './csv.js';
import { formatSpecValues, parseSpecValues } from './matrix.js';
import { fenToYuan, yuanToFen } from './views.js';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, reporting where each record starts', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""",3\n"multi\nline",,\r\n\r\nlast,"",end';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', '3'] },
      { line: 3, fields: ['multi\nline', '', ''] },
      { line: 6, fields: ['last', '', 'end'] },
    ]);
  });

  it('handles CR-only line ends, a missing final newline and a trailing newline alike', () => {
    expect(parseCsv('a\rb')).toEqual([{ line: 1, fields: ['a'] }, { line: 2, fields: ['b'] }]);
    expect(parseCsv('a,b\n')).toEqual([{ line: 1, fields: ['a', 'b'] }]);
    expect(parseCsv('')).toEqual([]);
  });

  it('keeps stray quotes inside unquoted fields, as spreadsheets do', () => {
    expect(parseCsv('5" screen,"a"b')).toEqual([{ line: 1, fields: ['5" screen', 'ab'] }]);
  });

  it('reports an unclosed quote with the line it opened on', () => {
    try {
      parseCsv('a\nb,"open\nstill open');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CsvSyntaxError);
      expect((err as CsvSyntaxError).line).toBe(2);
    }
  });

  it('round-trips what toCsv writes', () => {
    const rows = [['plain', 'with,comma', 'with "quote"', 'line\nbreak', ' padded ', '', '纯棉T恤']];
    expect(parseCsv(toCsv(rows)).map((r) => r.fields)).toEqual(rows);
  });

  it('keeps spreadsheet formulas inert and restores them on import', () => {
    for (const v of ['=SUM(A1)', '+1', '-1', '@cmd', 'plain', "'quoted"]) expect(unprotectCell(protectCell(v))).toBe(v);
    expect(protectCell('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
  });
});

describe('money and spec cells', () => {
  it('converts fen and yuan exactly', () => {
    expect([0, 5, 99, 100, 1990, 100_000_000].map(fenToYuan)).toEqual(['0.00', '0.05', '0.99', '1.00', '19.90', '1000000.00']);
    expect(['12', '12.5', '12.50', '0.01', ' 3.00 '].map(yuanToFen)).toEqual([1200, 1250, 1250, 1, 300]);
    for (const bad of ['', '-1', '1.234', '1e3', '1,5', 'abc', '.5']) expect(yuanToFen(bad), bad).toBeUndefined();
  });

  it('formats spec values in attribute order and parses them back, full-width separators included', () => {
    const attributes = [
      { name: '颜色', values: ['红'] },
      { name: '尺码', values: ['M'] },
    ];
    expect(formatSpecValues({ 尺码: 'M', 颜色: '红' }, attributes)).toBe('颜色:红;尺码:M');
    expect(parseSpecValues('颜色：红；尺码: M')).toEqual({ values: { 颜色: '红', 尺码: 'M' }, names: ['颜色', '尺码'] });
    expect(parseSpecValues('')).toEqual({ values: {}, names: [] });
    expect(typeof parseSpecValues('颜色红')).toBe('string');
    expect(typeof parseSpecValues('颜色:红;颜色:蓝')).toBe('string');
  });
});
