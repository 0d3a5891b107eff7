import { Jieba } from '@node-rs/jieba';
// `.js`: the package has no exports map, and the server bundle leaves it to Node's resolver at run time
import { dict } from '@node-rs/jieba/dict.js';
import type { DanmakuAnalysis, DanmakuMinute, MinuteBucket } from '@livedesk/contracts';
import { liveCommerceWords, negationWords, negativeWords, neutralWords, positiveWords, stopWords } from './lexicon.js';

/** One comment (弹幕) of the show. */
export interface DanmakuComment {
  ts: number;
  identity: string;
  text: string;
}

const TOP_KEYWORDS = 50;
const TOP_QUESTIONS = 10;
const MINUTE_MS = 60_000;

interface TextReading {
  question: boolean;
  mood: number;
  /** the question as grouped and shown; null when the text asks nothing */
  asked: string | null;
}

/** What the audience wrote in the show, minute by minute along `minutes`. */
export function analyseDanmaku(comments: readonly DanmakuComment[], minutes: readonly MinuteBucket[]): DanmakuAnalysis {
  const commenters = new Set<string>();
  const sentiment = { positive: 0, negative: 0, neutral: 0 };
  const byMinute = new Map<number, { comments: number; questions: number; positive: number; negative: number }>();
  const asked = new Map<string, { text: string; askers: Set<string>; firstAt: number }>();
  let questionCount = 0;
  // Live rooms repeat themselves (扣1, 666, 多少钱): each distinct text is read once.
  const readings = new Map<string, TextReading>();
  const readingOf = (text: string): TextReading => {
    let reading = readings.get(text);
    if (!reading) {
      const question = isQuestion(text);
      readings.set(text, (reading = { question, mood: scoreSentiment(text, question), asked: question ? normaliseQuestion(text) : null }));
    }
    return reading;
  };

  for (const comment of comments) {
    commenters.add(comment.identity);
    const minute = Math.floor(comment.ts / MINUTE_MS) * MINUTE_MS;
    let tally = byMinute.get(minute);
    if (!tally) byMinute.set(minute, (tally = { comments: 0, questions: 0, positive: 0, negative: 0 }));
    tally.comments += 1;

    const { question, mood } = readingOf(comment.text);
    if (mood > 0) {
      sentiment.positive += 1;
      tally.positive += 1;
    } else if (mood < 0) {
      sentiment.negative += 1;
      tally.negative += 1;
    } else {
      sentiment.neutral += 1;
    }

    if (!question) continue;
    questionCount += 1;
    tally.questions += 1;
    const text = readingOf(comment.text).asked!;
    const key = text.toLowerCase();
    const group = asked.get(key);
    if (!group) asked.set(key, { text, askers: new Set([comment.identity]), firstAt: comment.ts });
    else {
      group.askers.add(comment.identity);
      // Comments come in no order; the group shows the first asker's wording, the same on every read (a
      // review is kept as a new revision whenever it reads differently).
      if (comment.ts < group.firstAt || (comment.ts === group.firstAt && byCodePoint(text, group.text) < 0)) Object.assign(group, { text, firstAt: comment.ts });
    }
  }

  const top = [...asked.values()]
    .map((q) => ({ text: q.text, askers: q.askers.size, firstAt: q.firstAt }))
    .sort((a, b) => b.askers - a.askers || a.firstAt - b.firstAt || byCodePoint(a.text, b.text))
    .slice(0, TOP_QUESTIONS);

  const perMinute = minutes.map((bucket): DanmakuMinute => {
    const tally = byMinute.get(bucket.minute);
    return {
      minute: bucket.minute,
      comments: tally?.comments ?? 0,
      questions: tally?.questions ?? 0,
      positive: tally?.positive ?? 0,
      negative: tally?.negative ?? 0,
      paidOrders: bucket.paidOrders,
      conversionRate: bucket.online === 0 ? null : bucket.paidOrders / bucket.online,
    };
  });

  return {
    comments: comments.length,
    commenters: commenters.size,
    keywords: keywordsOf(comments.map((c) => c.text), TOP_KEYWORDS),
    questions: { count: questionCount, top },
    sentiment,
    perMinute,
  };
}

/** The most frequent words of `texts` after segmentation, without stop words; most first, ties by word. */
export function keywordsOf(texts: readonly string[], limit: number): { word: string; count: number }[] {
  const segmenter = jieba();
  // Segmented once per distinct text, counted as often as it was sent.
  const sent = new Map<string, number>();
  for (const text of texts) sent.set(text, (sent.get(text) ?? 0) + 1);
  const counts = new Map<string, { word: string; count: number }>();
  for (const [text, times] of sent) {
    for (const token of segmenter.cut(text.normalize('NFKC'), true)) {
      const word = token.trim();
      // "iPhone" and "iphone" are one keyword, shown as first written
      const key = word.toLowerCase();
      if (!isKeyword(key)) continue;
      const entry = counts.get(key);
      if (entry) entry.count += times;
      else counts.set(key, { word, count: times });
    }
  }
  return [...counts.entries()]
    .sort(([keyA, a], [keyB, b]) => b.count - a.count || byCodePoint(keyA, keyB))
    .slice(0, limit)
    .map(([, entry]) => entry);
}

let segmenter: Jieba | undefined;

/** Loading the dictionary takes about 200 ms, so it happens at the first analysis, not at start-up. */
function jieba(): Jieba {
  if (!segmenter) {
    segmenter = Jieba.withDict(dict);
    // a high frequency so that the room's words win over the general dictionary's splits
    segmenter.loadDict(Buffer.from(liveCommerceWords.map((w) => `${w} 100000`).join('\n')));
  }
  return segmenter;
}

const LAUGHTER = /^[哈呵嘿嘻啊哦嗯呜嗷噢哇呀啦嘤]+$/u;

function isKeyword(word: string): boolean {
  // a letter (Han or Latin) is required: drops punctuation, emoji and pure numbers like "666" or "1.5"
  return [...word].length >= 2 && /\p{L}/u.test(word) && !stopWords.has(word) && !LAUGHTER.test(word);
}

// ---- questions

/**
 * Phrases that use an interrogative without asking: "什么都好看" (everything looks good), "怎么这么便宜"
 * (how cheap!), "多少有点贵" (somewhat pricey), "好几件" (several). They are blanked before the test.
 */
const NOT_ASKING =
  /什么都|什么也|什么的|没什么|啥都|啥也|没啥|多少有点|多多少少|怎么这么|怎么那么|怎么也|怎么都|不怎么|这么|那么|多么|哪[里儿个款件]?都|哪[里儿个款件]?也|哪怕|谁都|谁也|好几|几乎|这几|那几|茶几|十几|几十|几百|几千|几万/gu;
const INTERROGATIVE = /多少|怎么|怎样|什么|啥|咋|哪|几|谁|如何|为何|是否|何时|能不能|可不可以|有没有|是不是|会不会|要不要/u;
/** the 好不好 / 发没发 form: a Han character, 不 or 没, the same character ("不不不" only refuses) */
const A_NOT_A = /(?![不没])(\p{Script=Han})[不没]\1/u;
const FINAL_PARTICLE = /[吗呢么嘛][^\p{L}\p{N}]*$/u;

/**
 * Whether a comment asks something: a question mark, a sentence-final 吗/呢/么/嘛, an interrogative
 * (多少, 怎么, 哪, 几 …) or the 好不好 form. Marks alone ("？？？") are bewilderment, not a question
 * anyone could answer, so some word is required.
 */
export function isQuestion(text: string): boolean {
  const s = text.normalize('NFKC');
  if (!/[\p{L}\p{N}]/u.test(s)) return false;
  if (s.includes('?')) return true;
  const plain = s.replace(NOT_ASKING, ' ');
  return FINAL_PARTICLE.test(plain) || INTERROGATIVE.test(plain) || A_NOT_A.test(plain);
}

/** emoji joiners, variation selectors and keycaps sit outside the symbol classes */
const TRAILING_MARKS = /(?:[\s\p{P}\p{S}\p{Extended_Pictographic}]|\u200d|\ufe0f|\u20e3)+$/u;

/** The text that groups a question: trimmed, spaces collapsed, trailing punctuation and emoji stripped. */
function normaliseQuestion(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/gu, ' ').replace(TRAILING_MARKS, '');
}

// ---- sentiment

type Polarity = 'positive' | 'negative' | 'negation' | 'neutral';

/** Later lists win on a clash, so a word listed as sentiment is never taken for a mere negation. */
const lexicon = new Map<string, Polarity>([
  ...negationWords.map((w) => [w, 'negation'] as const),
  ...neutralWords.map((w) => [w, 'neutral'] as const),
  ...positiveWords.map((w) => [w, 'positive'] as const),
  ...negativeWords.map((w) => [w, 'negative'] as const),
]);
const longestEntry = Math.max(...[...lexicon.keys()].map((w) => w.length));
/** characters allowed between a negation and the word it negates: "不是很好看", "没那么贵" */
const NEGATION_REACH = 2;
const CLAUSE_BREAK = /[\s\p{P}]/u;
const A_NOT_A_ALL = new RegExp(A_NOT_A.source, 'gu');

/**
 * The mood of a comment by lexicon: each praise word counts +1 and each complaint −1, an odd number of
 * negations just before a word flips it ("不贵" is praise); the sign of the sum.
 */
export function sentimentOf(text: string): 1 | 0 | -1 {
  return scoreSentiment(text, isQuestion(text));
}

/**
 * Praise inside a question is not praise ("好看吗"), but a complaint often comes as one ("怎么还不发货？",
 * "是不是假货"), so in a question only the negative side counts.
 */
function scoreSentiment(text: string, question: boolean): 1 | 0 | -1 {
  // 好不好看 asks, it does not say 不好
  const s = text.normalize('NFKC').toLowerCase().replace(A_NOT_A_ALL, '，');
  let score = 0;
  let negations = 0;
  let negationEnd = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < s.length; ) {
    const hit = longestAt(s, i);
    if (!hit) {
      if (CLAUSE_BREAK.test(s[i]!)) negations = 0;
      i += 1;
      continue;
    }
    const [length, polarity] = hit;
    if (polarity === 'negation') {
      if (i - negationEnd > NEGATION_REACH) negations = 0;
      negations += 1;
      negationEnd = i + length;
    } else if (polarity === 'neutral') {
      negations = 0;
    } else {
      const flipped = negations % 2 === 1 && i - negationEnd <= NEGATION_REACH;
      const value = (polarity === 'positive' ? 1 : -1) * (flipped ? -1 : 1);
      if (!(question && value > 0)) score += value;
      negations = 0;
    }
    i += length;
  }
  return score > 0 ? 1 : score < 0 ? -1 : 0;
}

function longestAt(s: string, at: number): [number, Polarity] | undefined {
  for (let length = Math.min(longestEntry, s.length - at); length > 0; length--) {
    const polarity = lexicon.get(s.slice(at, at + length));
    if (polarity) return [length, polarity];
  }
  return undefined;
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
