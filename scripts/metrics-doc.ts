// `npm run docs:metrics`: rewrites docs/metrics.md from the metric registry.
import { writeFileSync } from 'node:fs';
import { renderMetricsDoc } from '../packages/contracts/src/metrics-doc.js';

writeFileSync(new URL('../docs/metrics.md', import.meta.url), renderMetricsDoc());
