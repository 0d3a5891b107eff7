import { describe, expect, it } from 'vitest';
import { codeCandidates, parseBuyComment } from './parse.js';

const settings = { keywords: ['扣1', '+1'], codePattern: true };
const parse = (text: string, given = settings) => parseBuyComment(text, given);

describe('reading buy comments', () => {
  it('finds the keywords, also in full width and amid noise', () => {
    for (const text of ['扣1', '+1', '扣１', '＋１', '我要扣1！！', '主播 +1 谢谢', '+1+1+1', '扣 1', '+ 1', 'ok+1', '扣1扣1']) {
      expect(parse(text), text).toEqual({ kind: 'keyword', quantity: 1 });
    }
  });

  it('does not find a keyword inside a longer number or sum', () => {
    for (const text of ['扣12', '+10', '1+1=2', '扣', '好看', '11', '扣2', '']) {
      expect(parse(text), text).toBeNull();
    }
  });

  it('reads SOLD <code> [qty] in any case and width, with the code as typed', () => {
    expect(parse('SOLD A1 2')).toEqual({ kind: 'code', code: 'a1', quantity: 2 });
    expect(parse('sold a1')).toEqual({ kind: 'code', code: 'a1', quantity: 1 });
    expect(parse('ＳＯＬＤ　Ａ１　３')).toEqual({ kind: 'code', code: 'a1', quantity: 3 });
    expect(parse('主播 Sold TS-RED-M 2件 谢谢')).toEqual({ kind: 'code', code: 'ts-red-m', quantity: 2 });
    expect(parse('sold a1 1234')).toEqual({ kind: 'code', code: 'a1', quantity: 1 });
    expect(parse('unsold a1')).toBeNull();
    expect(parse('sold')).toBeNull();
  });

  it('prefers the code to a keyword, and ignores the code when the pattern is off', () => {
    expect(parse('+1 SOLD B2')).toEqual({ kind: 'code', code: 'b2', quantity: 1 });
    expect(parse('+1 SOLD B2', { ...settings, codePattern: false })).toEqual({ kind: 'keyword', quantity: 1 });
    expect(parse('SOLD B2', { keywords: [], codePattern: false })).toBeNull();
  });

  it('takes keywords as the host typed them: width, case and spaces folded', () => {
    expect(parse('我要 这个', { keywords: ['要 这'], codePattern: false })).toEqual({ kind: 'keyword', quantity: 1 });
    expect(parse('WANT it', { keywords: ['want'], codePattern: false })).toEqual({ kind: 'keyword', quantity: 1 });
    expect(parse('wanted', { keywords: ['want'], codePattern: false })).toBeNull();
    expect(parse('i want 2', { keywords: ['want'], codePattern: false })).toEqual({ kind: 'keyword', quantity: 1 });
  });

  it('offers the code without trailing punctuation as a second candidate', () => {
    expect(codeCandidates('A1!')).toEqual(['a1!', 'a1']);
    expect(codeCandidates('a1')).toEqual(['a1']);
    expect(codeCandidates('SKU-9')).toEqual(['sku-9']);
  });
});
