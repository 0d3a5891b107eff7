import { metricConventions, metricDefinitions, type MetricGroup, type MetricUnit } from './metrics.js';

const groupTitles: Record<MetricGroup, string> = {
  traffic: 'Traffic and viewing · 流量与观看',
  interaction: 'Interaction · 互动',
  conversion: 'Conversion · 转化',
  value: 'Value · 价值',
  aftersales: 'After-sales · 售后',
  customers: 'Customers · 客户',
};

const unitNames: Record<MetricUnit, string> = {
  count: 'count · 次',
  people: 'people · 人',
  fen: 'fen · 分',
  seconds: 'seconds · 秒',
  ratio: 'fraction · 比率',
};

const cell = (text: string) => text.replaceAll('|', '\\|');

/**
 * `docs/metrics.md`, written from the registry so the doc cannot drift from what the API serves
 * (`npm run docs:metrics` rewrites it; a test fails while it is stale).
 */
export function renderMetricsDoc(): string {
  const lines = [
    '# Metrics (指标口径)',
    '',
    '<!-- Generated from packages/contracts/src/metrics.ts by `npm run docs:metrics`; edit the registry, not this file. -->',
    '',
    'Every number LiveDesk shows is defined once, in the metric registry. The API serves it at',
    '`GET /api/v1/metrics/definitions`, the console shows it as the tooltip of every card and table header,',
    'and this page is written from it. Real-time values: `GET /api/v1/live-sessions/:id/metrics` and the',
    'console socket (`metrics.subscribe`).',
    '',
    '## Conventions · 通用约定',
    '',
    ...metricConventions.en.map((line, i) => `- ${line}\n  ${metricConventions.zh[i]}`),
    '',
  ];
  for (const group of Object.keys(groupTitles) as MetricGroup[]) {
    lines.push(`## ${groupTitles[group]}`, '', '| id | 名称 / name | formula · 公式 | unit | 口径 (platform convention) |', '|---|---|---|---|---|');
    for (const m of metricDefinitions.filter((d) => d.group === group)) {
      lines.push(
        `| \`${m.id}\` | ${cell(m.nameZh)}<br>${cell(m.nameEn)} | ${cell(m.formulaEn)}<br>${cell(m.formulaZh)} | ${unitNames[m.unit]} | ${cell(m.platformEn)}<br>${cell(m.platformZh)} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}
