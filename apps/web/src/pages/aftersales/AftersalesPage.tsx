import { aftersalesStatuses, type AftersalesStatus, type AftersalesType } from '@livedesk/contracts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Card, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { aftersalesApi, aftersalesKeys, type AftersalesCase, type AftersalesFilters } from '../../api/aftersales';
import { Countdown } from '../../components/commerce/Countdown';
import { Money } from '../../components/commerce/Money';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { aftersalesStatusLabelKey, aftersalesTypeLabelKey } from '../../i18n/labels';
import { useErrorMessage } from '../../lib/errors';
import { useOrgTime } from '../../lib/time';
import { useNow } from '../../lib/useNow';
import { AftersalesStatusTag, AftersalesTypeTag, isOpenStatus } from './AftersalesTags';

const types: AftersalesType[] = ['refund_only', 'return_refund', 'exchange'];

export function AftersalesPage() {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const time = useOrgTime();
  const now = useNow(30_000);
  const [filters, setFilters] = useState<AftersalesFilters>({});

  const queue = useInfiniteQuery({
    queryKey: aftersalesKeys.queue(filters),
    queryFn: ({ pageParam, signal }) => aftersalesApi.queue(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    staleTime: 0,
    // The queue is worked from all day: keep it fresh without a reload.
    refetchInterval: 60_000,
  });
  const rows = useMemo(() => queue.data?.pages.flatMap((page) => page.items) ?? [], [queue.data]);
  const overdue = rows.filter((c) => c.slaDueAt !== null && c.slaDueAt <= now && isOpenStatus(c.status)).length;

  const columns: TableColumnsType<AftersalesCase> = [
    {
      title: t('aftersales.columns.caseNo'),
      key: 'caseNo',
      width: 200,
      render: (_value, c) => (
        <div className="cell-stack">
          <Link to={`/aftersales/${encodeURIComponent(c.id)}`} className="mono order-no" data-testid="aftersales-link">
            {c.caseNo}
          </Link>
          <Typography.Text type="secondary" className="cell-sub tabular">
            {time.format(c.createdAt, 'MM-DD HH:mm')}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('aftersales.columns.order'),
      key: 'order',
      width: 210,
      render: (_value, c) => (
        <Link to={`/orders/${encodeURIComponent(c.orderId)}`} className="mono cell-sub">
          {c.orderNo}
        </Link>
      ),
    },
    { title: t('aftersales.columns.type'), dataIndex: 'type', width: 100, render: (type: AftersalesType) => <AftersalesTypeTag type={type} /> },
    {
      title: t('aftersales.columns.items'),
      key: 'items',
      render: (_value, c) => (
        <div className="cell-stack">
          <Typography.Text ellipsis={{ tooltip: c.lines[0]?.productTitle }}>{c.lines[0]?.productTitle ?? t('common.none')}</Typography.Text>
          <Typography.Text type="secondary" className="cell-sub" ellipsis={{ tooltip: c.reason }}>
            {t('aftersales.reasonShort', { reason: c.reason })}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('aftersales.columns.refund'), dataIndex: 'refundFen', width: 100, align: 'right', render: (fen: number) => (fen > 0 ? <Money fen={fen} /> : <Typography.Text type="secondary">{t('common.none')}</Typography.Text>) },
    { title: t('aftersales.columns.status'), dataIndex: 'status', width: 110, render: (status: AftersalesStatus) => <AftersalesStatusTag status={status} /> },
    {
      title: t('aftersales.columns.sla'),
      key: 'sla',
      width: 170,
      render: (_value, c) =>
        c.slaDueAt !== null && isOpenStatus(c.status) ? (
          <Countdown deadline={c.slaDueAt} warnWithinMs={6 * 3_600_000} testId="aftersales-sla" />
        ) : (
          <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
        ),
    },
  ];

  return (
    <>
      <PageHeader title={t('aftersales.title')} subtitle={t('aftersales.subtitle')} />
      <Card className="page-card">
        <div className="table-toolbar">
          <Space wrap>
            <Select
              allowClear
              className="toolbar-select-narrow"
              placeholder={t('aftersales.allStatuses')}
              value={filters.status}
              onChange={(status?: AftersalesStatus) => setFilters((current) => ({ ...current, status }))}
              options={aftersalesStatuses.map((status) => ({ value: status, label: t(aftersalesStatusLabelKey(status)) }))}
              data-testid="aftersales-status"
            />
            <Select
              allowClear
              className="toolbar-select-narrow"
              placeholder={t('aftersales.allTypes')}
              value={filters.type}
              onChange={(type?: AftersalesType) => setFilters((current) => ({ ...current, type }))}
              options={types.map((type) => ({ value: type, label: t(aftersalesTypeLabelKey(type)) }))}
            />
          </Space>
          <Typography.Text type={overdue ? 'danger' : 'secondary'}>
            {overdue ? t('aftersales.overdueCount', { count: overdue }) : t('aftersales.sortedBySla')}
          </Typography.Text>
        </div>
        <Table<AftersalesCase>
          data-testid="aftersales-table"
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={rows}
          loading={queue.isPending}
          pagination={false}
          rowClassName={(c) =>
            !isOpenStatus(c.status) ? 'row-muted' : c.slaDueAt !== null && c.slaDueAt <= now ? 'row-overdue' : ''
          }
          locale={{
            emptyText: (
              <EmptyState
                description={queue.isError ? describeError(queue.error) : filters.status || filters.type ? t('aftersales.noMatch') : t('aftersales.empty')}
              />
            ),
          }}
        />
        {queue.hasNextPage && (
          <div className="load-more">
            <Button onClick={() => void queue.fetchNextPage()} loading={queue.isFetchingNextPage}>
              {t('common.loadMore')}
            </Button>
          </div>
        )}
      </Card>
    </>
  );
}
