import type { LiveReview, ReviewPeak } from '@livedesk/contracts';
import { Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatCount } from '../../lib/liveMetrics';
import { formatFen } from '../../lib/money';
import { useReviewMode } from './ReviewContext';
import { SectionCard } from './SectionCard';

const markerTagColor = { explain: 'blue', flash_sale: 'red', lottery: 'gold', alert: 'volcano' } as const;

/** The minutes with the most interaction, and what was going on in each. */
export function PeaksSection({ review }: { review: LiveReview }) {
  const { t } = useTranslation();
  const { time } = useReviewMode();
  const columns: TableColumnsType<ReviewPeak> = [
    { title: t('review.peaks.columns.minute'), dataIndex: 'minute', width: 80, render: (minute: number) => <strong className="tabular">{time.format(minute, 'HH:mm')}</strong> },
    {
      title: t('review.peaks.columns.interactions'),
      key: 'interactions',
      width: 110,
      align: 'right',
      render: (_value, peak) => (
        <Tooltip title={t('review.peaks.breakdown', { comments: peak.comments, likes: peak.likes, shares: peak.shares })}>
          <span className="tabular">{formatCount(peak.interactions)}</span>
        </Tooltip>
      ),
    },
    { title: t('review.peaks.columns.online'), dataIndex: 'online', width: 80, align: 'right', render: formatCount },
    { title: t('review.peaks.columns.gmv'), dataIndex: 'gmvFen', width: 110, align: 'right', render: formatFen },
    {
      title: t('review.peaks.columns.happenings'),
      key: 'happenings',
      render: (_value, peak) =>
        peak.happenings.length === 0 ? (
          <span className="review-muted">{t('review.peaks.nothing')}</span>
        ) : (
          peak.happenings.map((marker) => (
            <Tag key={`${marker.kind}-${marker.startAt}`} color={markerTagColor[marker.kind]} className="review-tag">
              {`${t(`review.marker.${marker.kind}`)} · ${marker.label}`}
            </Tag>
          ))
        ),
    },
    {
      title: t('review.peaks.columns.keywords'),
      key: 'keywords',
      width: 220,
      render: (_value, peak) => peak.keywords.map((word) => <Tag key={word} className="review-tag">{word}</Tag>),
    },
  ];
  return (
    <SectionCard title={t('review.sections.interaction')} hint={t('review.peaks.hint')} metrics={['comments', 'likes', 'shares']} note={{ section: 'interaction', value: review.notes.find((n) => n.section === 'interaction') }}>
      <Table<ReviewPeak> data-testid="review-peaks" size="small" rowKey="minute" columns={columns} dataSource={review.peaks} pagination={false} locale={{ emptyText: t('review.peaks.empty') }} />
    </SectionCard>
  );
}
