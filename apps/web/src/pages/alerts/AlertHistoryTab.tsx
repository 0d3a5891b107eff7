import type { AlertDelivery, AlertView } from '@livedesk/contracts';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { alertKeys, alertsApi, type AlertHistoryFilters } from '../../api/alerts';
import { useCan } from '../../auth/me';
import { EmptyState } from '../../components/EmptyState';
import { useErrorMessage } from '../../lib/errors';
import { useOrgTime } from '../../lib/time';
import { useAlertText } from './useAlertText';

interface AlertHistoryTabProps {
  /** shows the member may pick from; empty without `live:read` (titles still come with each alert) */
  shows: { id: string; title: string }[];
}

function DeliveriesCell({ deliveries }: { deliveries: AlertDelivery[] }) {
  const { t } = useTranslation();
  if (deliveries.length === 0) return <Typography.Text type="secondary">{t('alerts.history.consoleOnly')}</Typography.Text>;
  const ok = deliveries.filter((d) => d.ok).length;
  return (
    <Tooltip
      title={deliveries.map((d) => (
        <div key={d.channelId}>
          {d.ok ? t('alerts.history.deliveryOk', { channel: d.channelName }) : t('alerts.history.deliveryFailed', { channel: d.channelName, error: d.error ?? '' })}
        </div>
      ))}
    >
      <Tag color={ok === deliveries.length ? 'success' : 'error'}>{t('alerts.history.deliveriesSummary', { ok, total: deliveries.length })}</Tag>
    </Tooltip>
  );
}

export function AlertHistoryTab({ shows }: AlertHistoryTabProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const can = useCan();
  const time = useOrgTime();
  const text = useAlertText();
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState<AlertHistoryFilters>({});

  const history = useInfiniteQuery({
    queryKey: alertKeys.history(filters),
    queryFn: ({ pageParam, signal }) => alertsApi.history(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    staleTime: 0,
  });
  const acknowledge = useMutation({
    mutationFn: (alert: AlertView) => alertsApi.acknowledge(alert.id),
    onSuccess: () => message.success(t('alerts.history.acknowledged')),
    onError: (error) => message.error(describeError(error, { conflict: t('alerts.history.alreadyAcknowledged') })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: alertKeys.histories }),
  });

  const columns: TableColumnsType<AlertView> = [
    {
      title: t('alerts.history.columns.time'),
      dataIndex: 'minute',
      width: 150,
      render: (minute: number) => <span className="tabular">{time.format(minute, 'MM-DD HH:mm')}</span>,
    },
    { title: t('alerts.history.columns.show'), dataIndex: 'liveSessionTitle', width: 180, ellipsis: true },
    {
      title: t('alerts.history.columns.rule'),
      dataIndex: 'ruleName',
      width: 160,
      render: (name: string) => <Typography.Text strong>{name}</Typography.Text>,
    },
    { title: t('alerts.history.columns.finding'), key: 'finding', render: (_value, alert) => text.alert(alert) },
    {
      title: t('alerts.history.columns.deliveries'),
      dataIndex: 'deliveries',
      width: 120,
      render: (deliveries: AlertDelivery[]) => <DeliveriesCell deliveries={deliveries} />,
    },
    {
      title: t('alerts.history.columns.status'),
      key: 'status',
      width: 190,
      render: (_value, alert) =>
        alert.acknowledgedAt === null ? (
          <Space>
            <Tag color="warning">{t('alerts.history.status.open')}</Tag>
            {can('alerts:manage') && (
              <Button
                size="small"
                data-testid="alert-ack"
                loading={acknowledge.isPending && acknowledge.variables?.id === alert.id}
                onClick={() => acknowledge.mutate(alert)}
              >
                {t('alerts.history.acknowledge')}
              </Button>
            )}
          </Space>
        ) : (
          <Tooltip
            title={t('alerts.history.acknowledgedBy', {
              name: alert.acknowledgedBy?.name ?? alert.acknowledgedBy?.id ?? '',
              time: time.format(alert.acknowledgedAt, 'MM-DD HH:mm'),
            })}
          >
            <Tag color="success">{t('alerts.history.status.acknowledged')}</Tag>
          </Tooltip>
        ),
    },
  ];

  const items = history.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <Space className="table-toolbar" wrap>
        <Select<AlertHistoryFilters['status'] | 'all'>
          data-testid="alerts-status"
          value={filters.status ?? 'all'}
          style={{ width: 140 }}
          onChange={(status) => setFilters(({ status: _previous, ...rest }) => (status === 'all' ? rest : { ...rest, status }))}
          options={[
            { value: 'all', label: t('common.all') },
            { value: 'open', label: t('alerts.history.status.open') },
            { value: 'acknowledged', label: t('alerts.history.status.acknowledged') },
          ]}
        />
        {shows.length > 0 && (
          <Select<string>
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('alerts.history.allShows')}
            style={{ width: 240 }}
            value={filters.liveSessionId}
            onChange={(liveSessionId) =>
              setFilters(({ liveSessionId: _previous, ...rest }) => (liveSessionId ? { ...rest, liveSessionId } : rest))
            }
            options={shows.map((show) => ({ value: show.id, label: show.title }))}
          />
        )}
      </Space>
      <Table<AlertView>
        data-testid="alerts-table"
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={items}
        loading={history.isPending}
        pagination={false}
        rowClassName={(alert) => (alert.acknowledgedAt === null ? '' : 'row-muted')}
        locale={{ emptyText: <EmptyState description={history.isError ? describeError(history.error) : t('alerts.history.empty')} /> }}
      />
      {history.hasNextPage && (
        <div className="load-more">
          <Button onClick={() => void history.fetchNextPage()} loading={history.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
    </>
  );
}
