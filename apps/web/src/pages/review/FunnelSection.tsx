import { reviewFunnelSteps, type LiveReview, type ReviewFunnelStep } from '@livedesk/contracts';
import { Col, Row } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useMetricText } from '../../components/MetricTooltip';
import { formatCount, formatRate } from '../../lib/liveMetrics';
import { funnelOption } from './charts';
import { ReviewChart } from './ReviewChart';
import { SectionCard } from './SectionCard';

/** Watched → saw a product → clicked → carted → ordered → paid, with the conversion of every step. */
export function FunnelSection({ review }: { review: LiveReview }) {
  const { t } = useTranslation();
  const text = useMetricText();
  const name = useMemo(() => (step: ReviewFunnelStep) => text(step.metric).name, [text]);
  const option = useMemo(() => funnelOption(review.funnel, name), [review.funnel, name]);
  return (
    <SectionCard title={t('review.sections.funnel')} hint={t('review.funnel.hint')} metrics={[...reviewFunnelSteps]}>
      <Row gutter={[24, 16]} align="middle" data-testid="review-funnel">
        <Col xs={24} lg={13}>
          <ReviewChart option={option} className="review-chart review-chart-funnel" />
        </Col>
        <Col xs={24} lg={11}>
          <ol className="review-funnel-steps">
            {review.funnel.map((step, index) => (
              <li key={step.metric} className="review-funnel-step" data-metric={step.metric} data-count={step.count}>
                <span className="review-funnel-name">{name(step)}</span>
                <span className="review-funnel-count tabular">{formatCount(step.count)}</span>
                <span className="review-funnel-rate tabular">
                  {index === 0 ? '' : t('review.funnel.fromPrevious', { rate: formatRate(step.conversionFromPrevious) })}
                </span>
                <span className="review-funnel-rate review-funnel-rate-first tabular">
                  {index === 0 ? '' : t('review.funnel.fromFirst', { rate: formatRate(step.conversionFromFirst) })}
                </span>
              </li>
            ))}
          </ol>
        </Col>
      </Row>
    </SectionCard>
  );
}
