/** What a comment asks to buy: the pinned product (a keyword), or a SKU by its code with a quantity. */
export type BuyIntent = { kind: 'keyword'; quantity: 1 } | { kind: 'code'; code: string; quantity: number };

/** Full width to half width ("＋１" → "+1", "ＳＯＬＤ" → "sold") and one case, as viewers type on phones. */
export const fold = (text: string): string => text.normalize('NFKC').toLowerCase();

/** A keyword as it is matched: folded, without spaces (the comment may put spaces anywhere inside it). */
const keywordForm = (keyword: string): string => fold(keyword).replace(/\s+/g, '');

/** A SKU code as it is compared: folded; a code never contains spaces. */
export const codeForm = (code: string): string => fold(code).trim();

// `sold`, then the code (no spaces, like every SKU code), then an optional quantity of 1–3 digits.
const SOLD = /(?:^|[^a-z0-9])sold\s+(\S+)(?:\s+(\d{1,3})(?!\d))?/u;

/**
 * Reads a chat message as a buy comment, or null. "SOLD <code> [qty]" wins when `codePattern` is on;
 * otherwise a keyword must stand alone: "扣1" is not found in "扣12", nor "+1" in "1+1" or "+10", but
 * "我要扣1！", "+ 1" and "+1+1" count.
 */
export function parseBuyComment(text: string, settings: { keywords: readonly string[]; codePattern: boolean }): BuyIntent | null {
  const folded = fold(text);
  if (settings.codePattern) {
    const match = SOLD.exec(folded);
    if (match) return { kind: 'code', code: match[1]!, quantity: match[2] === undefined ? 1 : Number(match[2]) };
  }
  for (const keyword of settings.keywords.map(keywordForm)) {
    if (keyword && standsAlone(folded, keyword)) return { kind: 'keyword', quantity: 1 };
  }
  return null;
}

const escape = (ch: string) => ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const charClass = (ch: string) => (/[0-9]/.test(ch) ? 'digit' : /[a-z]/.test(ch) ? 'letter' : null);

/**
 * True when `keyword` occurs in `text` (spaces allowed between its characters) not glued to a longer
 * word or number: a boundary character of the same class (digit beside digit, letter beside letter)
 * joins them, and so does a digit before a keyword starting with a sign ("1+1").
 */
function standsAlone(text: string, keyword: string): boolean {
  const pattern = new RegExp([...keyword].map(escape).join('\\s*'), 'gu');
  const first = charClass(keyword[0]!);
  const last = charClass(keyword.at(-1)!);
  for (const match of text.matchAll(pattern)) {
    const before = match.index === 0 ? null : charClass(text[match.index - 1]!);
    const afterChar = text[match.index + match[0].length];
    const after = afterChar === undefined ? null : charClass(afterChar);
    const joinsBefore = before !== null && (first === null ? before === 'digit' : before === first);
    const joinsAfter = after !== null && after === last;
    if (!joinsBefore && !joinsAfter) return true;
  }
  return false;
}

/** The code as typed may carry punctuation after it ("SOLD A1!"): the exact form first, then without it. */
export const codeCandidates = (code: string): string[] => {
  const exact = codeForm(code);
  const trimmed = exact.replace(/[\p{P}\p{S}]+$/u, '');
  return trimmed && trimmed !== exact ? [exact, trimmed] : [exact];
};
