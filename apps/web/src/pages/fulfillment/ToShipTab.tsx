import { ClusterOutlined, SendOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { fulfillmentApi, fulfillmentKeys } from '../../api/fulfillment';
import { inventoryApi, inventoryKeys } from '../../api/inventory';
import { ordersApi, orderKeys, type OrderSummary } from '../../api/orders';
import { useCan } from '../../auth/me';
import { ChannelTag, OrderStatusTag } from '../../components/commerce/StatusTags';
import { EmptyState } from '../../components/EmptyState';
import { useErrorMessage } from '../../lib/errors';
import { useOrgTime } from '../../lib/time';
import { splitDuration, useNow } from '../../lib/useNow';
import { ShipModal, type ShipTarget } from './ShipModal';
import { useOpenWaveOfOrder } from './useOpenWaves';

const pageSize = 200;

/** Orders paid and not yet (fully) shipped: the warehouse's work list, oldest payment first. */
export function ToShipTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const can = useCan();
  const time = useOrgTime();
  const now = useNow(60_000);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canWrite = can('fulfillment:write');
  const [selected, setSelected] = useState<string[]>([]);
  const [warehouseId, setWarehouseId] = useState<string | undefined>();
  const [shipping, setShipping] = useState<ShipTarget | null>(null);

  const warehouses = useQuery({ queryKey: inventoryKeys.warehouses, queryFn: inventoryApi.warehouses, enabled: can('inventory:read') });
  const paid = useInfiniteQuery({
    queryKey: orderKeys.list({ status: 'paid' }),
    queryFn: ({ pageParam, signal }) => ordersApi.list({ status: 'paid' }, pageParam, signal, pageSize),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    staleTime: 0,
  });
  const partial = useInfiniteQuery({
    queryKey: orderKeys.list({ status: 'partially_shipped' }),
    queryFn: ({ pageParam, signal }) => ordersApi.list({ status: 'partially_shipped' }, pageParam, signal, pageSize),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    staleTime: 0,
  });
  const rows = useMemo(
    () =>
      [...(partial.data?.pages ?? []), ...(paid.data?.pages ?? [])]
        .flatMap((page) => page.items)
        .sort((a, b) => (a.paidAt ?? a.createdAt) - (b.paidAt ?? b.createdAt)),
    [paid.data, partial.data],
  );
  const error = paid.error ?? partial.error;
  const waveOf = useOpenWaveOfOrder();
  const unwaved = rows.filter((order) => !waveOf.has(order.id)).length;

  const createWave = useMutation({
    mutationFn: () =>
      fulfillmentApi.createWave({
        ...(warehouseId ? { warehouseId } : {}),
        ...(selected.length ? { orderIds: selected } : {}),
      }),
    onSuccess: (wave) => {
      message.success(t('fulfillment.waveCreated', { waveNo: wave.waveNo, count: wave.orderCount }));
      setSelected([]);
      void queryClient.invalidateQueries({ queryKey: fulfillmentKeys.all });
      navigate(`/fulfillment/waves/${encodeURIComponent(wave.id)}`);
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'conflict' && Array.isArray(err.details?.orders)) {
        message.error(t('fulfillment.waveRefused', { count: err.details.orders.length }));
      } else if (err instanceof ApiError && err.code === 'validation' && Array.isArray(err.details?.warehouseIds)) {
        message.error(t('fulfillment.waveSeveralWarehouses'));
      } else {
        message.error(describeError(err, { conflict: t('fulfillment.waveNothing') }));
      }
    },
  });

  const waited = (order: OrderSummary) => {
    const { days, clock } = splitDuration(now - (order.paidAt ?? order.createdAt));
    const hours = days * 24 + Number(clock.slice(0, 2));
    return hours >= 1 ? t('fulfillment.waitedHours', { hours }) : t('fulfillment.waitedRecently');
  };

  const columns: TableColumnsType<OrderSummary> = [
    {
      title: t('fulfillment.orderNoPaid'),
      key: 'orderNo',
      width: 230,
      render: (_value, order) => (
        <div className="cell-stack">
          <Link to={`/orders/${encodeURIComponent(order.id)}`} className="mono order-no">
            {order.orderNo}
          </Link>
          <Typography.Text type="secondary" className="cell-sub">
            {t('fulfillment.paidAt', { time: order.paidAt ? time.format(order.paidAt, 'MM-DD HH:mm') : '—' })}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('orders.columns.items'),
      key: 'items',
      render: (_value, order) => (
        <div className="cell-stack">
          <Typography.Text ellipsis={{ tooltip: order.firstItemTitle }}>{order.firstItemTitle}</Typography.Text>
          <Typography.Text type="secondary" className="cell-sub">
            {t('orders.itemCount', { count: order.itemCount })}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('orders.columns.region'), key: 'region', width: 130, render: (_value, order) => `${order.province} ${order.city}` },
    { title: t('orders.columns.channel'), key: 'channel', width: 90, render: (_value, order) => <ChannelTag channel={order.channel} /> },
    {
      title: t('fulfillment.waited'),
      key: 'waited',
      width: 110,
      render: (_value, order) => {
        const hours = (now - (order.paidAt ?? order.createdAt)) / 3_600_000;
        return (
          <Typography.Text type={hours >= 48 ? 'danger' : hours >= 24 ? 'warning' : 'secondary'} className="tabular">
            {waited(order)}
          </Typography.Text>
        );
      },
    },
    { title: t('orders.columns.status'), key: 'status', width: 110, render: (_value, order) => <OrderStatusTag status={order.status} /> },
    {
      title: t('fulfillment.wave'),
      key: 'wave',
      width: 190,
      render: (_value, order) => {
        const wave = waveOf.get(order.id);
        return wave ? (
          <Link to={`/fulfillment/waves/${encodeURIComponent(wave.id)}`} className="mono cell-sub">
            {wave.waveNo}
          </Link>
        ) : (
          <Tag variant="filled">{t('fulfillment.notWaved')}</Tag>
        );
      },
    },
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            render: (_value: unknown, order: OrderSummary) => (
              <Button
                type="link"
                size="small"
                icon={<SendOutlined />}
                onClick={() => setShipping({ orderId: order.id, orderNo: order.orderNo })}
                data-testid="ship-open"
              >
                {t('ship.open')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <div className="table-toolbar">
        <Typography.Text type="secondary">
          {selected.length
            ? t('common.selected', { count: selected.length })
            : t('fulfillment.toShipCount', { count: rows.length, unwaved })}
        </Typography.Text>
        {canWrite && (
          <Space>
            {warehouses.data && warehouses.data.items.length > 1 && (
              <Select
                allowClear
                className="toolbar-select"
                placeholder={t('fulfillment.defaultWarehouse')}
                value={warehouseId}
                onChange={(value?: string) => setWarehouseId(value)}
                options={warehouses.data.items.map((w) => ({ value: w.id, label: `${w.name} · ${w.code}` }))}
              />
            )}
            <Tooltip title={selected.length ? undefined : t('fulfillment.waveAllHint')}>
              <Button
                type="primary"
                icon={<ClusterOutlined />}
                loading={createWave.isPending}
                disabled={selected.length === 0 && unwaved === 0}
                onClick={() => createWave.mutate()}
                data-testid="wave-create"
              >
                {selected.length ? t('fulfillment.waveSelected', { count: selected.length }) : t('fulfillment.waveAll')}
              </Button>
            </Tooltip>
          </Space>
        )}
      </div>
      <Table<OrderSummary>
        data-testid="to-ship-table"
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={paid.isPending || partial.isPending}
        pagination={false}
        rowSelection={canWrite ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)), columnWidth: 40 } : undefined}
        locale={{ emptyText: <EmptyState description={error ? describeError(error) : t('fulfillment.nothingToShip')} /> }}
      />
      {(paid.hasNextPage || partial.hasNextPage) && (
        <div className="load-more">
          <Button
            loading={paid.isFetchingNextPage || partial.isFetchingNextPage}
            onClick={() => {
              if (paid.hasNextPage) void paid.fetchNextPage();
              if (partial.hasNextPage) void partial.fetchNextPage();
            }}
          >
            {t('common.loadMore')}
          </Button>
        </div>
      )}
      <ShipModal target={shipping} onClose={() => setShipping(null)} />
    </>
  );
}
