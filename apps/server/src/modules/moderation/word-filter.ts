import type { WordAction } from '@livedesk/contracts';
import { AhoCorasick } from './aho-corasick.js';
import { normalize } from './normalize.js';

export interface FilterWord {
  word: string;
  /** normalizeWord(word) */
  normalized: string;
  action: WordAction;
}

export interface WordHit {
  word: string;
  action: WordAction;
  /** UTF-16 range in the original text, separators between the letters included */
  start: number;
  end: number;
}

export interface FilterVerdict {
  /** every occurrence, overlaps included, in order of their end */
  hits: WordHit[];
  /** the strictest action among the hits (block > review > mask); null when nothing matched */
  action: WordAction | null;
  /** the original text with every `mask` hit replaced by one `*` per character */
  masked: string;
}

const severity: Record<WordAction, number> = { mask: 1, review: 2, block: 3 };

/** One shop's word list compiled for matching; immutable, rebuilt when the list changes. */
export class WordFilter {
  private readonly matcher: AhoCorasick<FilterWord>;

  constructor(words: readonly FilterWord[]) {
    this.matcher = new AhoCorasick(words.map((w) => ({ pattern: w.normalized, data: w })));
  }

  scan(text: string): FilterVerdict {
    const norm = normalize(text);
    const hits: WordHit[] = [];
    let action: WordAction | null = null;
    for (const m of this.matcher.search(norm.text)) {
      const word = m.data;
      hits.push({ word: word.word, action: word.action, start: norm.start[m.start]!, end: norm.end[m.end - 1]! });
      if (action === null || severity[word.action] > severity[action]) action = word.action;
    }
    return { hits, action, masked: mask(text, hits.filter((h) => h.action === 'mask')) };
  }
}

function mask(text: string, hits: readonly WordHit[]): string {
  if (hits.length === 0) return text;
  const covered = new Uint8Array(text.length);
  for (const h of hits) covered.fill(1, h.start, h.end);
  let out = '';
  let at = 0;
  for (const ch of text) {
    out += covered[at] ? '*' : ch;
    at += ch.length;
  }
  return out;
}
