import type { LiveReview, ReviewExplanation, ReviewProduct } from '@livedesk/contracts';
import { Table, Tooltip, type TableColumnsType } from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCount, formatRate } from '../../lib/liveMetrics';
import { formatFen } from '../../lib/money';
import { formatClock } from './format';
import { useReviewMode } from './ReviewContext';
import { SectionCard } from './SectionCard';

const byNumber = <T,>(pick: (row: T) => number | null) => (a: T, b: T) => (pick(a) ?? -1) - (pick(b) ?? -1);
const rowTestId = (id: string) => () => ({ 'data-testid': id }) as HTMLAttributes<HTMLElement>;

/** Each product of the show, and under it every 讲解 period with what it sold while explained. */
export function ProductsSection({ review }: { review: LiveReview }) {
  const { t } = useTranslation();
  const { print } = useReviewMode();
  const sorter = <T,>(pick: (row: T) => number | null) => (print ? undefined : byNumber(pick));
  const columns: TableColumnsType<ReviewProduct> = [
    {
      title: t('review.products.columns.product'),
      key: 'product',
      ellipsis: true,
      render: (_value, product) => product.title ?? t('review.products.untitled', { id: product.productId }),
    },
    { title: t('review.products.columns.exposureUv'), dataIndex: 'exposureUv', align: 'right', width: 90, sorter: sorter((p) => p.exposureUv), render: formatCount },
    {
      title: t('review.products.columns.clickUv'),
      key: 'clickUv',
      align: 'right',
      width: 90,
      sorter: sorter((p) => p.clickUv),
      render: (_value, p) => <Tooltip title={t('review.products.clicks', { count: p.clicks })}>{formatCount(p.clickUv)}</Tooltip>,
    },
    { title: t('review.products.columns.ctr'), dataIndex: 'ctr', align: 'right', width: 80, sorter: sorter((p) => p.ctr), render: formatRate },
    { title: t('review.products.columns.cartUv'), dataIndex: 'cartUv', align: 'right', width: 90, sorter: sorter((p) => p.cartUv), render: formatCount },
    {
      title: t('review.products.columns.paidOrders'),
      key: 'paidOrders',
      align: 'right',
      width: 90,
      sorter: sorter((p) => p.paidOrders),
      render: (_value, p) => <Tooltip title={t('review.products.itemsSold', { count: p.itemsSold })}>{formatCount(p.paidOrders)}</Tooltip>,
    },
    { title: t('review.products.columns.gmv'), dataIndex: 'gmvFen', align: 'right', width: 120, sorter: sorter((p) => p.gmvFen), defaultSortOrder: print ? undefined : 'descend', render: formatFen },
    { title: t('review.products.columns.gpm'), dataIndex: 'gpmFen', align: 'right', width: 100, sorter: sorter((p) => p.gpmFen), render: (fen: number | null) => (fen === null ? '—' : formatFen(fen)) },
    {
      title: t('review.products.columns.refundRate'),
      key: 'refundRate',
      align: 'right',
      width: 90,
      sorter: sorter((p) => p.refundRate),
      render: (_value, p) => <Tooltip title={t('review.products.refund', { amount: formatFen(p.refundFen) })}>{formatRate(p.refundRate)}</Tooltip>,
    },
  ];
  // Printed at A4 width the table lays itself out: fixed widths would push the product names out.
  const printable = print ? columns.map(({ width: _width, ellipsis: _ellipsis, ...column }) => column) : columns;
  const explained = review.products.filter((p) => p.explanations.length > 0).map((p) => p.productId);
  return (
    <SectionCard title={t('review.sections.products')} hint={t('review.products.hint')} metrics={['gpmFen', 'exposureToClickRate', 'refundRate']} note={{ section: 'products', value: review.notes.find((n) => n.section === 'products') }}>
      <Table<ReviewProduct>
        data-testid="review-products"
        size="small"
        rowKey="productId"
        columns={printable}
        dataSource={review.products}
        pagination={false}
        scroll={print ? undefined : { x: 900 }}
        expandable={{
          rowExpandable: (p) => p.explanations.length > 0,
          expandedRowRender: (p) => <Explanations explanations={p.explanations} />,
          // Printed, every 讲解 is shown: a PDF cannot be clicked open.
          ...(print ? { expandedRowKeys: explained, showExpandColumn: false } : {}),
        }}
        locale={{ emptyText: t('review.products.empty') }}
      />
    </SectionCard>
  );
}

function Explanations({ explanations }: { explanations: ReviewExplanation[] }) {
  const { t } = useTranslation();
  const { time } = useReviewMode();
  const columns: TableColumnsType<ReviewExplanation> = [
    { title: t('review.products.explanation.time'), key: 'time', render: (_value, e) => <span className="tabular">{`${time.format(e.startAt, 'HH:mm:ss')} – ${time.format(e.endAt, 'HH:mm:ss')}`}</span> },
    { title: t('review.products.explanation.duration'), dataIndex: 'durationSeconds', align: 'right', render: formatClock },
    { title: t('review.products.explanation.gmv'), dataIndex: 'gmvFen', align: 'right', render: formatFen },
    { title: t('review.products.explanation.paidOrders'), dataIndex: 'paidOrders', align: 'right', render: formatCount },
    { title: t('review.products.explanation.itemsSold'), dataIndex: 'itemsSold', align: 'right', render: formatCount },
  ];
  return (
    <div className="review-explanations">
      <div className="review-explanations-title">{t('review.products.explanation.title', { count: explanations.length })}</div>
      <Table<ReviewExplanation> size="small" rowKey="startAt" columns={columns} dataSource={explanations} pagination={false} onRow={rowTestId('review-explanation')} />
    </div>
  );
}
