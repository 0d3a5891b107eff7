const two = (n: number) => String(n).padStart(2, '0');

/** `65_000` → `01:05`, `3_725_000` → `1:02:05`; whole seconds, never negative. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const rest = `${two(Math.floor((total % 3600) / 60))}:${two(total % 60)}`;
  return hours > 0 ? `${hours}:${rest}` : rest;
}

/** Whole days and the clock of the remainder, for countdowns that may be days away. */
export function splitDays(ms: number): { days: number; clock: string } {
  const total = Math.max(0, ms);
  const days = Math.floor(total / 86_400_000);
  return { days, clock: clock(total - days * 86_400_000) };
}

/** `12_345` → `12345`, `123_456` → `12.3万` (the apps' way of showing big counts), `1.2e8` → `1.2亿`. */
export function compactCount(n: number, language: 'zh-CN' | 'en-US'): string {
  if (language === 'en-US') {
    if (n >= 1e6) return `${trim(n / 1e6)}M`;
    if (n >= 1e4) return `${trim(n / 1e3)}K`;
    return String(n);
  }
  if (n >= 1e8) return `${trim(n / 1e8)}亿`;
  if (n >= 1e5) return `${trim(n / 1e4)}万`;
  return String(n);
}

const trim = (x: number) => (Math.floor(x * 10) / 10).toFixed(1).replace(/\.0$/, '');
