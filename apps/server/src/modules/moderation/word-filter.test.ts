import { describe, expect, it } from 'vitest';
import type { WordAction } from '@livedesk/contracts';
import { AhoCorasick } from './aho-corasick.js';
import { normalize, normalizeWord } from './normalize.js';
import { WordFilter, type FilterWord } from './word-filter.js';

const word = (w: string, action: WordAction = 'block'): FilterWord => ({ word: w, normalized: normalizeWord(w), action });
const filter = (...words: FilterWord[]) => new WordFilter(words);

describe('AhoCorasick', () => {
  const found = (patterns: string[], text: string) =>
    new AhoCorasick(patterns.map((pattern) => ({ pattern, data: pattern }))).search(text).map((m) => [m.data, m.start, m.end]);

  it('finds every occurrence, overlapping and nested ones included, ordered by end', () => {
    expect(found(['he', 'she', 'his', 'hers'], 'ushers')).toEqual([['she', 1, 4], ['he', 2, 4], ['hers', 2, 6]]);
    expect(found(['a', 'aa', 'aaa'], 'aaaa')).toEqual([
      ['a', 0, 1], ['aa', 0, 2], ['a', 1, 2], ['aaa', 0, 3], ['aa', 1, 3], ['a', 2, 3], ['aaa', 1, 4], ['aa', 2, 4], ['a', 3, 4],
    ]);
    // The failure links must be followed: after `abcx` fails, `bcd` is still found.
    expect(found(['abcx', 'bcd', 'c'], 'abcd')).toEqual([['c', 2, 3], ['bcd', 1, 4]]);
  });

  it('matches characters outside the BMP whole and never half a surrogate pair', () => {
    expect(found(['𠀀', '😀a'], 'x𠀀y😀a')).toEqual([['𠀀', 1, 3], ['😀a', 4, 7]]);
    // U+1F600 and U+1F601 share their high surrogate: a pattern of one must not match the other.
    expect(found(['😀'], '😁😁')).toEqual([]);
  });

  it('keeps duplicate patterns apart and skips empty ones', () => {
    const ac = new AhoCorasick([{ pattern: 'ab', data: 1 }, { pattern: '', data: 2 }, { pattern: 'ab', data: 3 }]);
    expect(ac.search('xab').map((m) => m.data)).toEqual([1, 3]);
    expect(new AhoCorasick<string>([]).search('anything')).toEqual([]);
  });
});

describe('normalize', () => {
  it('folds width and case and drops spaces, punctuation, symbols and emoji between letters', () => {
    const cases: [string, string][] = [
      ['微 信', '微信'],
      ['微-信', '微信'],
      ['微　信', '微信'], // ideographic space
      ['微❤️信', '微信'], // emoji with a variation selector
      ['微\u200b信', '微信'], // zero-width space
      ['微👍🏽信', '微信'], // emoji with a skin-tone modifier
      ['微，信。', '微信'],
      ['ｗｅｉｘｉｎ', 'weixin'],
      ['W.E.I.X.I.N', 'weixin'],
      ['WeiXin', 'weixin'],
      ['ⓦⓔⓘⓧⓘⓝ', 'weixin'], // circled letters are symbols, but NFKC makes them letters first
      ['𝐰𝐞𝐢𝐱𝐢𝐧', 'weixin'], // mathematical bold
      ['w̃éíxin', 'weixin'], // combining and precomposed accents
      ['wēixìn', 'weixin'], // pinyin tone marks
      ['加Ｖ：１２３', '加v123'],
      ['QQ群①②', 'qq群12'],
      ['＋1', '1'],
      ['', ''],
      ['!!! ...', ''],
    ];
    for (const [input, expected] of cases) expect(normalize(input).text, input).toBe(expected);
  });

  it('maps every normalised character back to the original character it came from', () => {
    const input = 'A😀b ｃ';
    const n = normalize(input);
    expect(n.text).toBe('abc');
    expect(n.start).toEqual([0, 3, 5]);
    expect(n.end).toEqual([1, 4, 6]);
    // One original character may give several normalised ones.
    const lig = normalize('xﬁy');
    expect(lig.text).toBe('xfiy');
    expect(lig.start).toEqual([0, 1, 1, 2]);
    expect(lig.end).toEqual([1, 2, 2, 3]);
  });
});

describe('WordFilter', () => {
  it('catches the usual evasions of a contact-diverting word in Chinese and Latin', () => {
    const f = filter(word('微信'), word('weixin'), word('vx'), word('加V'));
    for (const text of ['加我微信', '加我微 信', '微-信聊', '微.信', '微❤信', 'ｗｅｉｘｉｎ', 'W.E.I.X.I.N 123', 'wei xin', 'weixi n?', 'wēixìn', 'V X', 'ｖｘ号', '加v', '加 Ｖ']) {
      expect(f.scan(text).action, text).toBe('block');
    }
    for (const text of ['微博', '信用', '微笑的信', 'wei', '+V', '']) {
      expect(f.scan(text).action, text).toBe(null);
    }
  });

  it('masks the original characters of a hit, separators included, and leaves the rest alone', () => {
    const f = filter(word('微信', 'mask'), word('weixin', 'mask'));
    expect(f.scan('加我微信吧').masked).toBe('加我**吧');
    expect(f.scan('加我微-信吧').masked).toBe('加我***吧');
    expect(f.scan('ｗｅｉｘｉｎ号').masked).toBe('******号');
    expect(f.scan('W.E.I.X.I.N!').masked).toBe('***********!');
    // An emoji inside the hit is one star, not two UTF-16 units worth of them.
    expect(f.scan('微😀信').masked).toBe('***');
    expect(f.scan('😀微信😀').masked).toBe('😀**😀');
    const verdict = f.scan('我的微信是 weixin');
    expect(verdict.hits.map((h) => [h.word, h.start, h.end])).toEqual([['微信', 2, 4], ['weixin', 6, 12]]);
    expect(verdict.masked).toBe('我的**是 ******');
  });

  it('reports overlapping words and masks their union', () => {
    const f = filter(word('微信', 'mask'), word('信号', 'mask'), word('微信号', 'mask'));
    const verdict = f.scan('有微信号吗');
    expect(verdict.hits.map((h) => h.word).sort()).toEqual(['信号', '微信', '微信号']);
    expect(verdict.masked).toBe('有***吗');
    const chained = filter(word('ab', 'mask'), word('bc', 'mask'), word('cd', 'mask'));
    expect(chained.scan('xabcdx').masked).toBe('x****x');
    expect(chained.scan('a-b c').masked).toBe('*****');
  });

  it('takes the strictest action among the hits and masks only the mask words', () => {
    const f = filter(word('最低价', 'mask'), word('私聊', 'review'), word('傻逼', 'block'));
    expect(f.scan('全场最低价').action).toBe('mask');
    const review = f.scan('最低价私聊我');
    expect(review.action).toBe('review');
    expect(review.masked).toBe('***私聊我');
    expect(f.scan('傻 逼，最低价，私聊').action).toBe('block');
    expect(f.scan('正常的评论').hits).toEqual([]);
  });

  it('matches mixed Chinese and Latin words through width and case changes', () => {
    const f = filter(word('QQ群', 'mask'), word('加V', 'block'), word('iPhone15最低价', 'review'));
    expect(f.scan('进ＱＱ 群').masked).toBe('进****');
    expect(f.scan('加v信').action).toBe('block');
    expect(f.scan('IPHONE 15 最 低 价').action).toBe('review');
    expect(f.scan('iPhone 16 最低价').action).toBe(null);
  });

  it('ignores words that normalise to nothing and works with an empty list', () => {
    expect(filter(word('!!!'), word('   ')).scan('!!! 你好').hits).toEqual([]);
    expect(filter().scan('随便说点什么').action).toBe(null);
  });

  it('finds every occurrence in a long text over a large list', () => {
    const words = Array.from({ length: 2000 }, (_, i) => word(`敏感词${i}号`, i % 2 === 0 ? 'mask' : 'review'));
    const f = new WordFilter(words);
    const chunk = '今天直播间的商品都很不错，大家快来买呀 ';
    // 200,000 characters: a matcher that were not linear in the text would not finish within the test timeout.
    const text = `${chunk.repeat(5000)}敏感词1998号${chunk.repeat(5000)}敏 感 词 7 号`;
    const verdict = f.scan(text);
    expect(verdict.hits.map((h) => h.word)).toEqual(['敏感词1998号', '敏感词7号']);
    expect(verdict.action).toBe('review');
    expect(verdict.masked.length).toBe(text.length);
    expect(verdict.masked).toContain('*'.repeat(8));
  });
});
