import type { LiveReview, MetricId } from '@livedesk/contracts';
import { useTranslation } from 'react-i18next';
import { MetricTooltip, useMetricText } from '../../components/MetricTooltip';
import { formatMetric } from '../../lib/liveMetrics';
import { Change } from './Change';
import { metricsByGroup } from './format';
import { SectionCard } from './SectionCard';

/** Every registry metric of the show, by group, each with its change against the comparison show. */
export function OverviewSection({ review }: { review: LiveReview }) {
  const { t } = useTranslation();
  const baseline = review.comparison.baseline;
  return (
    <SectionCard
      title={t('review.sections.overview')}
      hint={t('review.overview.hint')}
      extra={
        <span className="review-card-extra">
          {baseline ? t('review.overview.against', { title: baseline.show.title }) : t('review.overview.noBaseline')}
        </span>
      }
      note={{ section: 'overview', value: review.notes.find((n) => n.section === 'overview') }}
      testId="review-overview"
    >
      {metricsByGroup().map(({ group, ids }) => (
        <div key={group} className="review-metric-group">
          <div className="review-metric-group-title">{t(`review.groups.${group}`)}</div>
          <div className="review-metric-grid">
            {ids.map((id) => (
              <MetricCard key={id} id={id} value={review.metrics[id]} change={baseline?.metrics[id]?.change ?? null} />
            ))}
          </div>
        </div>
      ))}
    </SectionCard>
  );
}

function MetricCard({ id, value, change }: { id: MetricId; value: number | null; change: number | null }) {
  const text = useMetricText();
  return (
    <div className="review-metric" data-testid="review-metric" data-metric={id} data-value={value ?? ''}>
      <div className="review-metric-name">
        <MetricTooltip metrics={[id]}>{text(id).name}</MetricTooltip>
      </div>
      <div className="review-metric-value tabular">{formatMetric(id, value)}</div>
      <Change change={change} metric={id} className="review-metric-change" />
    </div>
  );
}
