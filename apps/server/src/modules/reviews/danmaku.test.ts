import { describe, expect, it } from 'vitest';
import type { MinuteBucket } from '@livedesk/contracts';
import { analyseDanmaku, isQuestion, keywordsOf, sentimentOf, type DanmakuComment } from './danmaku.js';

const T0 = Date.UTC(2025, 2, 1, 12, 0);
const MIN = 60_000;

function bucket(minute: number, online: number, paidOrders: number): MinuteBucket {
  return { minute, online, enters: 0, leaves: 0, comments: 0, likes: 0, shares: 0, productClicks: 0, cartAdds: 0, paidOrders, gmvFen: 0 };
}

describe('keywordsOf', () => {
  it('counts segmented words without stop words, punctuation, emoji, numbers or single characters', () => {
    const keywords = keywordsOf(
      ['主播这个裙子好看吗？', '裙子有没有S码', '家人们冲冲冲666', '宝宝们 裙子 质量好 爱了❤️', '哈哈哈哈 好看', '的了吗呢啊吧'],
      50,
    );
    expect(keywords).toEqual([
      { word: '裙子', count: 3 },
      { word: '好看', count: 2 },
      { word: 'S码', count: 1 },
      { word: '冲冲冲', count: 1 },
      { word: '爱了', count: 1 },
      { word: '质量好', count: 1 },
    ]);
  });

  it('orders ties by word, folds Latin case and honours the limit', () => {
    expect(keywordsOf(['链接 尺码', '尺码 链接', 'iPhone', 'iphone'], 2)).toEqual([
      { word: 'iPhone', count: 2 },
      { word: '尺码', count: 2 },
    ]);
    expect(keywordsOf([], 10)).toEqual([]);
  });
});

describe('isQuestion', () => {
  it.each([
    '这个多少钱',
    '有没有S码',
    '好看吗',
    '我的呢',
    '有货么',
    '链接在哪里',
    '几号发货',
    '怎么买',
    '能不能便宜点',
    '可不可以退',
    '是不是正品',
    '会不会掉色',
    '咋还不发货',
    '为啥这么贵',
    '啥时候上新',
    '好不好用',
    '发没发货',
    '什么都好看？',
    '１６０斤穿什么码？',
  ])('%s asks', (text) => expect(isQuestion(text)).toBe(true));

  it.each([
    '什么都好看',
    '怎么这么便宜',
    '多少有点贵',
    '买了好几件',
    '哪个都喜欢',
    '没什么问题',
    '已拍',
    '冲冲冲',
    '？？？',
    '不不不',
    '',
  ])('%s does not ask', (text) => expect(isQuestion(text)).toBe(false));
});

describe('sentimentOf', () => {
  it.each([
    ['好看', 1],
    ['已拍，质量好 爱了❤️', 1],
    ['666', 1],
    ['不贵', 1],
    ['一点也不贵', 1],
    ['没有不好看的', 1],
    ['不错', 1],
    ['无差评', 1],
    ['太贵了', -1],
    ['不好看', -1],
    ['不是很好看', -1],
    ['不太喜欢', -1],
    ['质量不太好', -1],
    ['不便宜', -1],
    ['怎么还不发货？', -1],
    ['垃圾，骗人的', -1],
    ['好看吗', 0],
    ['好不好看', 0],
    ['差不多', 0],
    ['不好意思', 0],
    ['不，好看', 1],
    ['好看但是太贵', 0],
    ['今天几点开始', 0],
  ] as const)('%s → %i', (text, expected) => expect(sentimentOf(text)).toBe(expected));
});

describe('analyseDanmaku', () => {
  it('is empty without comments and still gives every minute', () => {
    const analysis = analyseDanmaku([], [bucket(T0, 0, 0)]);
    expect(analysis).toEqual({
      comments: 0,
      commenters: 0,
      keywords: [],
      questions: { count: 0, top: [] },
      sentiment: { positive: 0, negative: 0, neutral: 0 },
      perMinute: [{ minute: T0, comments: 0, questions: 0, positive: 0, negative: 0, paidOrders: 0, conversionRate: null }],
    });
  });

  it('groups questions by normalised text and counts each asker once', () => {
    const comments: DanmakuComment[] = [
      { ts: T0 + 5_000, identity: 'a', text: '有没有S码？' },
      { ts: T0 + 1_000, identity: 'b', text: ' 有没有s码  ' },
      { ts: T0 + 9_000, identity: 'a', text: '有没有S码？？' },
      { ts: T0 + 2_000, identity: 'c', text: '多少钱 🙏' },
      { ts: T0 + 3_000, identity: 'd', text: '多少钱' },
      { ts: T0 + 4_000, identity: 'e', text: '几号发货' },
      { ts: T0 + 6_000, identity: 'f', text: '好看' },
      { ts: T0 + 7_000, identity: 'g', text: '多少钱？❤️👍🏻' },
    ];
    const { questions, comments: count, commenters } = analyseDanmaku(comments, []);
    expect(count).toBe(8);
    expect(commenters).toBe(7);
    expect(questions.count).toBe(7);
    expect(questions.top).toEqual([
      { text: '多少钱', askers: 3, firstAt: T0 + 2_000 },
      { text: '有没有s码', askers: 2, firstAt: T0 + 1_000 },
      { text: '几号发货', askers: 1, firstAt: T0 + 4_000 },
    ]);
  });

  it('keeps the 10 most asked questions', () => {
    const comments = Array.from({ length: 12 }, (_, i) => ({ ts: T0 + i, identity: `u${i}`, text: `${i}号有货吗` }));
    comments.push({ ts: T0 + 100, identity: 'late', text: '11号有货吗' });
    const { top } = analyseDanmaku(comments, []).questions;
    expect(top).toHaveLength(10);
    expect(top[0]).toEqual({ text: '11号有货吗', askers: 2, firstAt: T0 + 11 });
    expect(top.slice(1).map((q) => q.text)).toEqual(Array.from({ length: 9 }, (_, i) => `${i}号有货吗`));
  });

  it('counts each minute of the buckets given, in their order, with its conversion', () => {
    const minutes = [bucket(T0, 40, 2), bucket(T0 + MIN, 0, 0), bucket(T0 + 2 * MIN, 50, 5)];
    const comments: DanmakuComment[] = [
      { ts: T0, identity: 'a', text: '好看' },
      { ts: T0 + MIN - 1, identity: 'b', text: '多少钱' },
      { ts: T0 + 2 * MIN, identity: 'a', text: '太贵了' },
      { ts: T0 + 2 * MIN + 59_999, identity: 'c', text: '已拍' },
      { ts: T0 + 2 * MIN + 30_000, identity: 'd', text: '随便看看' },
      // outside every bucket: counted in the totals only
      { ts: T0 + 5 * MIN, identity: 'e', text: '晚安' },
    ];
    const analysis = analyseDanmaku(comments, minutes);
    expect(analysis.perMinute).toEqual([
      { minute: T0, comments: 2, questions: 1, positive: 1, negative: 0, paidOrders: 2, conversionRate: 2 / 40 },
      { minute: T0 + MIN, comments: 0, questions: 0, positive: 0, negative: 0, paidOrders: 0, conversionRate: null },
      { minute: T0 + 2 * MIN, comments: 3, questions: 0, positive: 1, negative: 1, paidOrders: 5, conversionRate: 0.1 },
    ]);
    expect(analysis.comments).toBe(6);
    expect(analysis.sentiment).toEqual({ positive: 2, negative: 1, neutral: 3 });
  });
});
