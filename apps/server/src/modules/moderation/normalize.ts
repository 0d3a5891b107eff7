/**
 * A chat text reduced to what the word filter compares, with a way back to the original: `start[i]` and
 * `end[i]` are the original UTF-16 range of the character that produced `text[i]`, so a hit on the
 * normalised text can be masked in what the viewer wrote.
 */
export interface NormalizedText {
  text: string;
  start: number[];
  end: number[];
}

/**
 * Characters that carry no letter: spaces, punctuation, symbols (most emoji), combining marks, variation
 * selectors, zero-width and other format or control characters. Evasions put them between the letters of
 * a word (`微 信`, `微-信`, `W.E.I.X.I.N`, `微❤信`), so they are skipped on both sides of the comparison.
 */
const IGNORABLE = /^[\p{Z}\p{P}\p{S}\p{M}\p{C}]$/u;

/**
 * NFKD (full width → half width, circled and styled letters → plain, `①` → `1`, accents and tone marks
 * split off), then lower case, then the ignorable characters dropped. NFKD rather than NFKC so that
 * `é` and `wēixìn` lose their marks. It runs per character and before the ignorable test, so `ⓦ`
 * (a symbol) becomes the letter `w` while `＋` becomes `+` and is dropped.
 */
export function normalize(input: string): NormalizedText {
  let text = '';
  const start: number[] = [];
  const end: number[] = [];
  let at = 0;
  for (const ch of input) {
    const next = at + ch.length;
    const code = ch.charCodeAt(0);
    if (code < 0x80) {
      // ASCII fast path: most chat is CJK plus ASCII, and NFKD leaves ASCII alone.
      if ((code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39)) {
        text += ch;
        start.push(at);
        end.push(next);
      } else if (code >= 0x41 && code <= 0x5a) {
        text += String.fromCharCode(code + 0x20);
        start.push(at);
        end.push(next);
      }
    } else if (code >= 0x4e00 && code <= 0x9fff) {
      // CJK Unified Ideographs: no decomposition, no case, never ignorable; the bulk of Chinese chat.
      text += ch;
      start.push(at);
      end.push(next);
    } else {
      for (const out of ch.normalize('NFKD').toLowerCase()) {
        if (IGNORABLE.test(out)) continue;
        text += out;
        for (let unit = 0; unit < out.length; unit++) {
          start.push(at);
          end.push(next);
        }
      }
    }
    at = next;
  }
  return { text, start, end };
}

/** The comparable form of a word on the list or a bot keyword; empty when it holds no letter or digit. */
export const normalizeWord = (word: string): string => normalize(word).text;
