import { describe, expect, it } from 'vitest';
import { fontSizes, layoutWordCloud, textWidth } from './wordCloud';

const overlap = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  Math.abs(a.x - b.x) * 2 < a.width + b.width && Math.abs(a.y - b.y) * 2 < a.height + b.height;

describe('fontSizes', () => {
  it('scales by the square root of the count between the smallest and largest size', () => {
    expect(fontSizes([100, 25, 0], 10, 50)).toEqual([50, 30, 10]);
  });

  it('gives equal counts one middle size', () => {
    expect(fontSizes([7, 7], 10, 50)).toEqual([30, 30]);
    expect(fontSizes([], 10, 50)).toEqual([]);
  });
});

describe('textWidth', () => {
  it('counts Chinese characters a full em and Latin ones narrower', () => {
    expect(textWidth('好评', 20)).toBe(40);
    expect(textWidth('ok', 20)).toBe(24);
  });
});

describe('layoutWordCloud', () => {
  const keywords = [
    { word: '好看', count: 40 },
    { word: '多少钱', count: 25 },
    { word: '链接', count: 18 },
    { word: '尺码', count: 12 },
    { word: 'size', count: 9 },
    { word: '发货', count: 6 },
    { word: '主播', count: 5 },
    { word: '优惠', count: 3 },
    { word: '颜色', count: 2 },
    { word: '质量', count: 1 },
  ];

  it('puts the most frequent word in the middle, biggest', () => {
    const { words } = layoutWordCloud(keywords, { width: 600, height: 300 });
    const first = words[0];
    expect(first?.word).toBe('好看');
    expect(first?.x).toBeCloseTo(300);
    expect(first?.y).toBeCloseTo(150);
    expect(Math.max(...words.map((w) => w.fontSize))).toBe(first?.fontSize);
  });

  it('places every word inside the box without overlaps', () => {
    const { words, dropped } = layoutWordCloud(keywords, { width: 600, height: 300 });
    expect(words).toHaveLength(keywords.length);
    expect(dropped).toBe(0);
    for (const word of words) {
      expect(word.x - word.width / 2).toBeGreaterThanOrEqual(0);
      expect(word.x + word.width / 2).toBeLessThanOrEqual(600);
      expect(word.y - word.height / 2).toBeGreaterThanOrEqual(0);
      expect(word.y + word.height / 2).toBeLessThanOrEqual(300);
    }
    for (const [i, a] of words.entries()) for (const b of words.slice(i + 1)) expect(overlap(a, b)).toBe(false);
  });

  it('lays out the same words the same way whatever their order', () => {
    const a = layoutWordCloud(keywords, { width: 600, height: 300 });
    const b = layoutWordCloud([...keywords].reverse(), { width: 600, height: 300 });
    expect(b).toEqual(a);
  });

  it('drops what does not fit, and blank or zero-count words', () => {
    const many = Array.from({ length: 80 }, (_, i) => ({ word: `关键词${i}`, count: 80 - i }));
    const small = layoutWordCloud(many, { width: 200, height: 80, maxWords: 60 });
    expect(small.words.length).toBeLessThan(60);
    expect(small.words.length + small.dropped).toBe(80);
    expect(layoutWordCloud([{ word: ' ', count: 3 }, { word: '零', count: 0 }], { width: 200, height: 80 }).words).toEqual([]);
  });
});
