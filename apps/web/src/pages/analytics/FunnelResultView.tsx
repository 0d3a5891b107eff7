import type { FunnelQueryInput, FunnelResult, FunnelStepResult } from '@livedesk/contracts';
import { Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCount, formatRate } from '../../lib/liveMetrics';
import { FunnelChart } from './FunnelChart';
import { breakdownText, durationParts, eventLabelKey, isKnownEventType } from './funnelModel';

interface StepRow extends FunnelStepResult {
  index: number;
  where: Record<string, unknown> | undefined;
}

interface BreakdownRow {
  key: string;
  label: string;
  muted: boolean;
  steps: FunnelStepResult[];
}

/** The answer to one run, labelled by the query that produced it (not the draft being edited since). */
export function FunnelResultView({ query, result }: { query: FunnelQueryInput; result: FunnelResult }) {
  const { t } = useTranslation();
  const stepName = useCallback((event: string) => (isKnownEventType(event) ? t(eventLabelKey(event)) : event), [t]);
  const duration = useCallback(
    (seconds: number | null) => {
      if (seconds === null) return null;
      // Steps a client sends in one go (exposure with the enter) are milliseconds apart: "0 s" would read as a bug.
      if (seconds < 1) return t('funnel.duration.underSecond');
      return durationParts(seconds).map((p) => t(`funnel.duration.${p.unit}`, { count: p.count })).join(' ');
    },
    [t],
  );

  const names = result.steps.map((s, i) => `${i + 1}. ${stepName(s.event)}`);
  const rows: StepRow[] = result.steps.map((s, i) => ({ ...s, index: i, where: query.steps[i]?.where }));

  const columns: TableColumnsType<StepRow> = [
    {
      title: t('funnel.result.step'),
      key: 'step',
      render: (_, row) => (
        <div>
          <Typography.Text strong>{names[row.index]}</Typography.Text>
          <div className="funnel-step-meta">
            <Typography.Text type="secondary" className="funnel-event-code">
              {row.event}
            </Typography.Text>
            {Object.entries(row.where ?? {}).map(([prop, value]) => (
              <Tag key={prop} variant="filled">
                {prop} = {JSON.stringify(value)}
              </Tag>
            ))}
          </div>
        </div>
      ),
    },
    { title: t('funnel.result.count'), dataIndex: 'count', align: 'right', render: (count: number) => formatCount(count) },
    { title: t('funnel.result.fromPrevious'), dataIndex: 'conversionFromPrevious', align: 'right', render: (rate: number | null) => formatRate(rate) },
    { title: t('funnel.result.fromFirst'), dataIndex: 'conversionFromFirst', align: 'right', render: (rate: number | null) => formatRate(rate) },
    {
      title: t('funnel.result.median'),
      dataIndex: 'medianSecondsFromPrevious',
      align: 'right',
      render: (seconds: number | null) => duration(seconds) ?? t('common.none'),
    },
  ];

  const breakdownRows: BreakdownRow[] = [
    ...(result.breakdown ?? []).map((b, i) => ({ key: `v${i}`, label: breakdownText(b.value) ?? t('funnel.result.breakdownNone'), muted: b.value === null, steps: b.steps })),
    ...(result.breakdownOther
      ? [{ key: 'other', label: t('funnel.result.breakdownOther', { count: result.breakdownOther.values }), muted: true, steps: result.breakdownOther.steps }]
      : []),
  ];
  const breakdownColumns: TableColumnsType<BreakdownRow> = [
    {
      title: query.breakdown,
      dataIndex: 'label',
      fixed: 'left',
      render: (label: string, row) => (row.muted ? <Typography.Text type="secondary">{label}</Typography.Text> : label),
    },
    ...result.steps.map((_, i) => ({
      title: names[i],
      key: `s${i}`,
      align: 'right' as const,
      render: (_: unknown, row: BreakdownRow) => {
        const step = row.steps[i];
        if (!step) return t('common.none');
        return (
          <div>
            <div>{formatCount(step.count)}</div>
            {i > 0 && (
              <Typography.Text type="secondary" className="funnel-cell-rate">
                {formatRate(step.conversionFromFirst)}
              </Typography.Text>
            )}
          </div>
        );
      },
    })),
  ];

  const medians = result.steps.map((s) => duration(s.medianSecondsFromPrevious));
  return (
    <div className="funnel-result">
      <FunnelChart steps={result.steps} names={names} medians={medians} />
      <Table<StepRow> rowKey="index" size="middle" columns={columns} dataSource={rows} pagination={false} data-testid="funnel-result-table" />
      {query.breakdown && (
        <>
          <Typography.Title level={5} className="funnel-breakdown-title">
            {t('funnel.result.breakdownTitle', { prop: query.breakdown })}
          </Typography.Title>
          <Table<BreakdownRow>
            rowKey="key"
            size="small"
            columns={breakdownColumns}
            dataSource={breakdownRows}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('funnel.result.breakdownEmpty') }}
            data-testid="funnel-breakdown-table"
          />
        </>
      )}
    </div>
  );
}
