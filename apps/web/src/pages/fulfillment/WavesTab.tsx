import type { WaveStatus, WaveView } from '@livedesk/contracts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { fulfillmentApi, fulfillmentKeys, type WaveFilters } from '../../api/fulfillment';
import { EmptyState } from '../../components/EmptyState';
import { waveStatusLabelKey } from '../../i18n/labels';
import { useActorName } from '../../lib/actors';
import { useErrorMessage } from '../../lib/errors';
import { useOrgTime } from '../../lib/time';
import { WaveStatusTag } from './WaveStatusTag';

const statuses: WaveStatus[] = ['open', 'picked', 'closed'];

export function WavesTab() {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const time = useOrgTime();
  const actorName = useActorName();
  const [filters, setFilters] = useState<WaveFilters>({});

  const waves = useInfiniteQuery({
    queryKey: fulfillmentKeys.waves(filters),
    queryFn: ({ pageParam, signal }) => fulfillmentApi.waves(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    staleTime: 0,
  });
  const rows = useMemo(() => waves.data?.pages.flatMap((page) => page.items) ?? [], [waves.data]);

  const columns: TableColumnsType<WaveView> = [
    {
      title: t('waves.columns.waveNo'),
      dataIndex: 'waveNo',
      width: 200,
      render: (waveNo: string, wave) => (
        <Link to={`/fulfillment/waves/${encodeURIComponent(wave.id)}`} className="mono order-no" data-testid="wave-link">
          {waveNo}
        </Link>
      ),
    },
    { title: t('waves.columns.status'), dataIndex: 'status', width: 100, render: (status: WaveStatus) => <WaveStatusTag status={status} /> },
    {
      title: t('waves.columns.warehouse'),
      key: 'warehouse',
      render: (_value, wave) => (
        <span>
          {wave.warehouseName} <Typography.Text type="secondary" className="mono">{wave.warehouseCode}</Typography.Text>
        </span>
      ),
    },
    { title: t('waves.columns.orders'), dataIndex: 'orderCount', width: 90, align: 'right', render: (n: number) => <span className="tabular">{n}</span> },
    { title: t('waves.columns.createdBy'), dataIndex: 'createdBy', width: 120, render: (id: string | null) => actorName(id ? 'user' : 'system', id) },
    { title: t('waves.columns.created'), dataIndex: 'createdAt', width: 150, render: (at: number) => <span className="tabular">{time.format(at, 'YYYY-MM-DD HH:mm')}</span> },
    { title: t('waves.columns.updated'), dataIndex: 'updatedAt', width: 150, render: (at: number) => <span className="tabular">{time.format(at, 'YYYY-MM-DD HH:mm')}</span> },
  ];

  return (
    <>
      <div className="table-toolbar">
        <Space>
          <Select
            allowClear
            className="toolbar-select-narrow"
            placeholder={t('waves.allStatuses')}
            value={filters.status}
            onChange={(status?: WaveStatus) => setFilters((current) => ({ ...current, status }))}
            options={statuses.map((status) => ({ value: status, label: t(waveStatusLabelKey(status)) }))}
          />
        </Space>
        <Typography.Text type="secondary">{t('waves.hint')}</Typography.Text>
      </div>
      <Table<WaveView>
        data-testid="waves-table"
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={waves.isPending}
        pagination={false}
        rowClassName={(wave) => (wave.status === 'closed' ? 'row-muted' : '')}
        locale={{ emptyText: <EmptyState description={waves.isError ? describeError(waves.error) : t('waves.empty')} /> }}
      />
      {waves.hasNextPage && (
        <div className="load-more">
          <Button onClick={() => void waves.fetchNextPage()} loading={waves.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
    </>
  );
}
