export interface PatternMatch<T> {
  /** UTF-16 range in the searched text, end exclusive */
  start: number;
  end: number;
  data: T;
}

/**
 * Aho–Corasick over UTF-16 code units: every occurrence of many patterns in one pass, overlaps included.
 *
 * Ours rather than a package: the maintained one on npm (`modern-ahocorasick`) walks the text by
 * grapheme cluster with Intl.Segmenter, which on Node 20 turns quadratic on long strings (72,000
 * characters took 77 s on this machine), and after normalize.ts has dropped marks and joiners a
 * grapheme is a single code point anyway. Code units are safe for exact matching: a pattern made of
 * whole surrogate pairs cannot match across half of one.
 */
export class AhoCorasick<T> {
  private readonly next: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  /** indexes of the patterns that end exactly at a node */
  private readonly out: number[][] = [[]];
  /** the nearest node on the failure chain that ends a pattern, -1 for none (the dictionary suffix link) */
  private readonly dict: number[] = [-1];
  private readonly patterns: { length: number; data: T }[] = [];

  constructor(patterns: readonly { pattern: string; data: T }[]) {
    for (const { pattern, data } of patterns) {
      if (pattern.length === 0) continue;
      let node = 0;
      for (let i = 0; i < pattern.length; i++) {
        const code = pattern.charCodeAt(i);
        let child = this.next[node]!.get(code);
        if (child === undefined) {
          child = this.next.length;
          this.next.push(new Map());
          this.fail.push(0);
          this.out.push([]);
          this.dict.push(-1);
          this.next[node]!.set(code, child);
        }
        node = child;
      }
      this.out[node]!.push(this.patterns.length);
      this.patterns.push({ length: pattern.length, data });
    }
    this.link();
  }

  /** Breadth first, so a node's failure target (a shorter suffix) is always finished before the node. */
  private link(): void {
    const queue = [...this.next[0]!.values()];
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head]!;
      for (const [code, child] of this.next[node]!) {
        let f = this.fail[node]!;
        while (f !== 0 && !this.next[f]!.has(code)) f = this.fail[f]!;
        const target = this.next[f]!.get(code) ?? 0;
        this.fail[child] = target;
        this.dict[child] = this.out[target]!.length > 0 ? target : this.dict[target]!;
        queue.push(child);
      }
    }
  }

  /** Every occurrence, ordered by where it ends (longer first among those ending together). */
  search(text: string): PatternMatch<T>[] {
    const found: PatternMatch<T>[] = [];
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      while (state !== 0 && !this.next[state]!.has(code)) state = this.fail[state]!;
      state = this.next[state]!.get(code) ?? 0;
      for (let node = this.out[state]!.length > 0 ? state : this.dict[state]!; node !== -1; node = this.dict[node]!) {
        for (const index of this.out[node]!) {
          const { length, data } = this.patterns[index]!;
          found.push({ start: i + 1 - length, end: i + 1, data });
        }
      }
    }
    return found;
  }
}
