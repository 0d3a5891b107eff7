import type { LiveReview, MetricMarker, ReviewSegment } from '@livedesk/contracts';
import { Col, Row, Statistic } from 'antd';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState';
import { formatRate } from '../../lib/liveMetrics';
import { reviewTimeRange, salesOption, segmentsOption, stayOption, trafficOption } from './charts';
import { formatClock } from './format';
import { ReviewChart } from './ReviewChart';
import { useReviewMode } from './ReviewContext';
import { SectionCard } from './SectionCard';

const markerKinds = ['explain', 'flash_sale', 'lottery', 'alert'] as const satisfies readonly MetricMarker['kind'][];

const noteOf = (review: LiveReview, section: 'traffic' | 'segments') => ({ section, value: review.notes.find((n) => n.section === section) });

/** The show minute by minute: who was watching, who came and went, what sold, and what happened when. */
export function TrafficSection({ review }: { review: LiveReview }) {
  const { t } = useTranslation();
  const { time } = useReviewMode();
  const formatTime = useCallback((ms: number) => time.format(ms, 'HH:mm'), [time]);
  const endAt = review.show.endedAt ?? review.asOf;
  const range = useMemo(() => reviewTimeRange(review.perMinute, review.show.startedAt, review.show.endedAt), [review]);
  const marker = useCallback((kind: MetricMarker['kind']) => t(`review.marker.${kind}`), [t]);
  const traffic = useCallback(
    (plotWidth: number) =>
      trafficOption(review.perMinute, review.markers, range, plotWidth, endAt, { online: t('review.series.online'), enters: t('review.series.enters'), leaves: t('review.series.leaves'), marker }, formatTime),
    [review, range, endAt, t, marker, formatTime],
  );
  const sales = useCallback(
    (plotWidth: number) => salesOption(review.perMinute, review.markers, range, plotWidth, endAt, { gmv: t('review.series.gmv'), paidOrders: t('review.series.paidOrders'), marker }, formatTime),
    [review, range, endAt, t, marker, formatTime],
  );
  const counts = markerKinds.map((kind) => ({ kind, count: review.markers.filter((m) => m.kind === kind).length }));

  return (
    <SectionCard title={t('review.sections.traffic')} hint={t('review.traffic.hint')} metrics={['peakOnline', 'avgOnline', 'gmvFen', 'paidOrders']} note={noteOf(review, 'traffic')}>
      {review.perMinute.length === 0 ? (
        <EmptyState description={t('review.traffic.empty')} />
      ) : (
        <div data-testid="review-curves">
          <div className="review-marker-legend">
            {counts.map(({ kind, count }) => (
              <span key={kind} className={`review-marker-key review-marker-${kind}`} data-kind={kind} data-count={count}>
                {t('review.traffic.markerCount', { kind: marker(kind), count })}
              </span>
            ))}
          </div>
          <div className="review-chart-caption">{t('review.traffic.audience')}</div>
          <ReviewChart option={traffic} className="review-chart review-chart-tall" />
          <div className="review-chart-caption">{t('review.traffic.sales')}</div>
          <ReviewChart option={sales} className="review-chart" />
        </div>
      )}
    </SectionCard>
  );
}

/** Ten-minute segments: how much of the audience each one kept; and how long viewers stayed overall. */
export function SegmentsSection({ review }: { review: LiveReview }) {
  const { t } = useTranslation();
  const { time } = useReviewMode();
  const formatTime = useCallback((ms: number) => time.format(ms, 'HH:mm'), [time]);
  const segmentTooltip = useCallback(
    (s: ReviewSegment) =>
      [
        `${formatTime(s.startAt)}–${formatTime(s.endAt)}`,
        t('review.segments.tooltip', { online: s.onlineAtStart, retained: s.retained, rate: formatRate(s.retentionRate), enters: s.enters, leaves: s.leaves }),
      ].join('<br/>'),
    [formatTime, t],
  );
  const segments = useMemo(
    () => segmentsOption(review.segments10m, { retentionRate: t('review.segments.retentionRate'), onlineAtStart: t('review.segments.onlineAtStart'), tooltip: segmentTooltip }, formatTime),
    [review.segments10m, t, segmentTooltip, formatTime],
  );
  const stay = useMemo(() => stayOption(review.stayTime, (minutes) => t('review.stay.atLeast', { minutes }), t('review.stay.viewers')), [review.stayTime, t]);

  return (
    <SectionCard title={t('review.sections.segments')} hint={t('review.segments.hint')} metrics={['avgWatchSeconds']} note={noteOf(review, 'segments')}>
      <Row gutter={[24, 16]}>
        <Col xs={24} xl={14}>
          <div className="review-chart-caption">{t('review.segments.title')}</div>
          <div data-testid="review-segments" data-count={review.segments10m.length}>
            {review.segments10m.length === 0 ? <EmptyState description={t('review.segments.empty')} /> : <ReviewChart option={segments} className="review-chart" />}
          </div>
        </Col>
        <Col xs={24} xl={10}>
          <div className="review-chart-caption">{t('review.stay.title')}</div>
          <div data-testid="review-stay" data-viewers={review.stayTime.viewers}>
            <div className="review-stay-stats">
              <Statistic title={t('review.stay.viewers')} value={review.stayTime.viewers} />
              <Statistic title={t('review.stay.median')} value={review.stayTime.medianSeconds === null ? '—' : formatClock(review.stayTime.medianSeconds)} />
            </div>
            {review.stayTime.viewers === 0 ? <EmptyState description={t('review.stay.empty')} /> : <ReviewChart option={stay} className="review-chart review-chart-short" />}
          </div>
        </Col>
      </Row>
    </SectionCard>
  );
}
