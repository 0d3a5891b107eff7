import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { metricDefinitions, metricIds } from './metrics.js';
import { renderMetricsDoc } from './metrics-doc.js';

describe('metric registry', () => {
  it('defines every metric of the contract exactly once', () => {
    expect(metricDefinitions.map((d) => d.id).sort()).toEqual([...metricIds].sort());
  });

  it('gives every metric both languages, a formula and its 口径', () => {
    for (const d of metricDefinitions) {
      for (const text of [d.nameZh, d.nameEn, d.formulaZh, d.formulaEn, d.platformZh, d.platformEn]) expect(text.trim(), d.id).not.toBe('');
    }
  });

  it('is what docs/metrics.md says (run `npm run docs:metrics` after changing it)', () => {
    const doc = readFileSync(new URL('../../../docs/metrics.md', import.meta.url), 'utf8');
    expect(doc).toBe(renderMetricsDoc());
  });
});
