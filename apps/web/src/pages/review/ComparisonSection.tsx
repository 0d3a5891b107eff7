import type { LiveReview, MetricId } from '@livedesk/contracts';
import { useQuery } from '@tanstack/react-query';
import { Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { liveApi, liveKeys } from '../../api/live';
import { MetricTooltip, useMetricText } from '../../components/MetricTooltip';
import { formatMetric } from '../../lib/liveMetrics';
import { Change } from './Change';
import { formatSpan, metricsByGroup } from './format';
import { useReviewMode } from './ReviewContext';
import { SectionCard } from './SectionCard';

interface ComparisonRow {
  id: MetricId;
  value: number | null;
  baseline: number | null;
  baselineChange: number | null;
  median: number | null;
  medianChange: number | null;
}

/** Every metric against one earlier show (picked, or the previous one) and against the median of the last 7. */
export function ComparisonSection({ review, onCompareWith }: { review: LiveReview; onCompareWith?: (sessionId: string) => void }) {
  const { t } = useTranslation();
  const text = useMetricText();
  const { time } = useReviewMode();
  const { baseline, median7 } = review.comparison;
  const rows: ComparisonRow[] = metricsByGroup().flatMap(({ ids }) =>
    ids.map((id) => ({
      id,
      value: review.metrics[id],
      baseline: baseline?.metrics[id]?.baseline ?? null,
      baselineChange: baseline?.metrics[id]?.change ?? null,
      median: median7?.metrics[id]?.baseline ?? null,
      medianChange: median7?.metrics[id]?.change ?? null,
    })),
  );
  const columns: TableColumnsType<ComparisonRow> = [
    { title: t('review.comparison.columns.metric'), key: 'metric', render: (_value, row) => <MetricTooltip metrics={[row.id]}>{text(row.id).name}</MetricTooltip> },
    { title: t('review.comparison.columns.thisShow'), key: 'value', align: 'right', render: (_value, row) => <strong className="tabular">{formatMetric(row.id, row.value)}</strong> },
    { title: t('review.comparison.columns.baseline'), key: 'baseline', align: 'right', render: (_value, row) => <span className="tabular">{formatMetric(row.id, row.baseline)}</span> },
    { title: t('review.comparison.columns.change'), key: 'baselineChange', align: 'right', render: (_value, row) => <Change change={row.baselineChange} metric={row.id} /> },
    {
      title: t('review.comparison.columns.median', { count: median7?.shows.length ?? 0 }),
      key: 'median',
      align: 'right',
      render: (_value, row) => <span className="tabular">{formatMetric(row.id, row.median)}</span>,
    },
    { title: t('review.comparison.columns.change'), key: 'medianChange', align: 'right', render: (_value, row) => <Change change={row.medianChange} metric={row.id} /> },
  ];
  return (
    <SectionCard
      title={t('review.sections.comparison')}
      hint={t('review.comparison.hint')}
      note={{ section: 'comparison', value: review.notes.find((n) => n.section === 'comparison') }}
      extra={onCompareWith && <ComparePicker review={review} onChange={onCompareWith} />}
    >
      <Space orientation="vertical" size={2} className="review-comparison-against">
        <Typography.Text>
          {baseline
            ? t('review.comparison.against', { title: baseline.show.title, time: formatSpan(time, baseline.show.startedAt, baseline.show.endedAt) })
            : t('review.comparison.noBaseline')}
        </Typography.Text>
        <Typography.Text type="secondary">
          {median7 ? t('review.comparison.medianOf', { titles: median7.shows.map((s) => s.title).join('、') }) : t('review.comparison.noMedian')}
        </Typography.Text>
      </Space>
      <Table<ComparisonRow> data-testid="review-comparison" size="small" rowKey="id" columns={columns} dataSource={rows} pagination={false} />
    </SectionCard>
  );
}

/** The org's other ended shows, newest first; picking one compares with it instead. */
function ComparePicker({ review, onChange }: { review: LiveReview; onChange: (sessionId: string) => void }) {
  const { t } = useTranslation();
  const { time } = useReviewMode();
  const ended = useQuery({
    queryKey: liveKeys.list('ended'),
    queryFn: ({ signal }) => liveApi.list('ended', signal),
    select: (page) => page.items.filter((s) => s.id !== review.show.liveSessionId).sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0)),
  });
  return (
    <Select
      data-testid="review-compare-picker"
      className="review-compare-picker"
      showSearch={{ optionFilterProp: 'label' }}
      loading={ended.isPending}
      placeholder={t('review.comparison.pick')}
      value={review.comparison.baseline?.show.liveSessionId}
      onChange={onChange}
      options={(ended.data ?? []).map((s) => ({ value: s.id, label: `${s.title} · ${s.startedAt === null ? '—' : time.format(s.startedAt, 'MM-DD HH:mm')}` }))}
      popupMatchSelectWidth={false}
    />
  );
}
