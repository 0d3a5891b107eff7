import type { LiveReview, ReviewAnchor } from '@livedesk/contracts';
import { Alert, Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatCount, formatRate } from '../../lib/liveMetrics';
import { formatFen } from '../../lib/money';
import { formatClock } from './format';
import { SectionCard } from './SectionCard';

/** Each anchor's time on air and what sold while they were on. */
export function AnchorsSection({ review }: { review: LiveReview }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<ReviewAnchor> = [
    { title: t('review.anchors.columns.anchor'), dataIndex: 'anchor' },
    { title: t('review.anchors.columns.onAir'), dataIndex: 'onAirSeconds', align: 'right', render: formatClock },
    { title: t('review.anchors.columns.gmv'), dataIndex: 'gmvFen', align: 'right', render: formatFen },
    { title: t('review.anchors.columns.paidOrders'), dataIndex: 'paidOrders', align: 'right', render: formatCount },
    { title: t('review.anchors.columns.gmvPerHour'), dataIndex: 'gmvPerHourFen', align: 'right', render: (fen: number | null) => (fen === null ? '—' : formatFen(fen)) },
    { title: t('review.anchors.columns.viewers'), dataIndex: 'viewers', align: 'right', render: formatCount },
    { title: t('review.anchors.columns.buyers'), dataIndex: 'buyers', align: 'right', render: formatCount },
    { title: t('review.anchors.columns.conversionRate'), dataIndex: 'conversionRate', align: 'right', render: formatRate },
  ];
  return (
    <SectionCard title={t('review.sections.anchors')} hint={t('review.anchors.hint')} note={{ section: 'anchors', value: review.notes.find((n) => n.section === 'anchors') }}>
      <div data-testid="review-anchors" data-source={review.anchors.source}>
        {review.anchors.source === 'whole_show' && <Alert type="info" showIcon className="review-inline-alert" title={t('review.anchors.wholeShow')} />}
        <Table<ReviewAnchor> size="small" rowKey="anchor" columns={columns} dataSource={review.anchors.anchors} pagination={false} locale={{ emptyText: t('review.anchors.empty') }} />
      </div>
    </SectionCard>
  );
}
