/*
 * Money is integer fen (分) everywhere: the server sends and takes fen, and the console converts only at
 * the edges, with integer arithmetic and string parsing so no binary fraction ever touches an amount.
 */

const groupThousands = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** `1230` → `12.30`, `-5` → `-0.05`, `123456789` → `1,234,567.89`. */
export function fenToYuan(fen: number, options: { grouping?: boolean } = {}): string {
  if (!Number.isSafeInteger(fen)) return '—';
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const remainder = abs % 100;
  // Exact: a multiple of 100 divided by 100 has no fraction to round.
  const yuan = String((abs - remainder) / 100);
  const cents = String(remainder).padStart(2, '0');
  return `${negative ? '-' : ''}${options.grouping === false ? yuan : groupThousands(yuan)}.${cents}`;
}

/** `1230` → `¥12.30`; `-1230` → `-¥12.30`. */
export function formatFen(fen: number): string {
  const text = fenToYuan(fen);
  return text.startsWith('-') ? `-¥${text.slice(1)}` : `¥${text}`;
}

/** `¥59.00`, or `¥59.00 – ¥99.00` for a range; null when there is no price. */
export function formatFenRange(min: number | null, max: number | null): string | null {
  if (min === null || max === null) return null;
  return min === max ? formatFen(min) : `${formatFen(min)} – ${formatFen(max)}`;
}

/** The yuan text for an input field: no grouping, always two decimals (`1230` → `12.30`). */
export const fenToYuanInput = (fen: number): string => fenToYuan(fen, { grouping: false });

/**
 * What someone typed in yuan (`12`, `12.3`, `12.30`, `¥1,299.00`) → integer fen, read digit by digit;
 * null when it is not an amount with at most two decimals. Negative amounts are not accepted.
 */
export function parseYuan(input: string | number | null | undefined): number | null {
  if (input === null || input === undefined) return null;
  const text = String(input).trim().replace(/^¥/, '').replace(/,/g, '');
  const match = /^(\d{1,12})(?:\.(\d{0,2}))?$/.exec(text);
  if (!match) return null;
  const [, whole = '0', fraction = ''] = match;
  const fen = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}
