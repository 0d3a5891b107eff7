import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { orderStatuses, type OrderStatus } from '@livedesk/contracts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { ordersApi, orderKeys, type OrderChannelValue, type OrderFilters, type OrderSummary } from '../../api/orders';
import { ChannelTag, OrderStatusTag, PaymentStatusTag } from '../../components/commerce/StatusTags';
import { Money } from '../../components/commerce/Money';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { channelLabelKey, orderStatusLabelKey } from '../../i18n/labels';
import { useErrorMessage } from '../../lib/errors';
import { formatFen } from '../../lib/money';
import { useOrgTime } from '../../lib/time';

const channels: OrderChannelValue[] = ['store', 'live', 'external'];

interface FilterValues {
  q?: string;
  status?: OrderStatus;
  channel?: OrderChannelValue;
  liveSessionId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

const isOrderStatus = (value: string | null): value is OrderStatus =>
  value !== null && (orderStatuses as readonly string[]).includes(value);

export function OrdersPage() {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const time = useOrgTime();
  const [form] = Form.useForm<FilterValues>();
  // A status or live session in the URL (from a link elsewhere in the console) pre-filters the list.
  const [searchParams] = useSearchParams();
  const [filters, setFilters] = useState<OrderFilters>(() => {
    const status = searchParams.get('status');
    const liveSessionId = searchParams.get('liveSessionId');
    return {
      ...(isOrderStatus(status) ? { status } : {}),
      ...(liveSessionId ? { liveSessionId } : {}),
    };
  });

  const orders = useInfiniteQuery({
    queryKey: orderKeys.list(filters),
    queryFn: ({ pageParam, signal }) => ordersApi.list(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    staleTime: 0,
  });
  const rows = useMemo(() => orders.data?.pages.flatMap((page) => page.items) ?? [], [orders.data]);
  const filtered = Object.keys(filters).length > 0;

  const applyFilters = (values: FilterValues) => {
    const [from, to] = values.range ?? [];
    const next: OrderFilters = {};
    if (values.q?.trim()) next.q = values.q.trim();
    if (values.status) next.status = values.status;
    if (values.channel) next.channel = values.channel;
    if (values.liveSessionId?.trim()) next.liveSessionId = values.liveSessionId.trim();
    if (from) next.from = time.startOfDay(from);
    if (to) next.to = time.endOfDay(to);
    setFilters(next);
  };

  const columns: TableColumnsType<OrderSummary> = [
    {
      title: t('orders.columns.orderNo'),
      key: 'orderNo',
      width: 230,
      render: (_value, order) => (
        <div className="cell-stack">
          <Link to={`/orders/${encodeURIComponent(order.id)}`} className="mono order-no" data-testid="order-link">
            {order.orderNo}
          </Link>
          <Typography.Text type="secondary" className="cell-sub tabular">
            {time.format(order.createdAt, 'YYYY-MM-DD HH:mm:ss')}
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
    {
      title: t('orders.columns.region'),
      key: 'region',
      width: 130,
      render: (_value, order) => `${order.province} ${order.city}`,
    },
    {
      title: t('orders.columns.channel'),
      key: 'channel',
      width: 140,
      render: (_value, order) => (
        <div className="cell-stack">
          <span>
            <ChannelTag channel={order.channel} />
          </span>
          {order.liveSessionId && (
            <Typography.Text type="secondary" className="mono cell-sub" ellipsis={{ tooltip: order.liveSessionId }}>
              {order.liveSessionId}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: t('orders.columns.total'),
      key: 'total',
      width: 130,
      align: 'right',
      render: (_value, order) => (
        <div className="cell-stack cell-right">
          <Money fen={order.totalFen} strong />
          {order.refundedFen > 0 && (
            <Typography.Text type="danger" className="cell-sub">
              {t('orders.refundedAmount', { amount: formatFen(order.refundedFen) })}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: t('orders.columns.status'),
      key: 'status',
      width: 170,
      render: (_value, order) => (
        <Space size={[0, 4]} wrap>
          <OrderStatusTag status={order.status} />
          {/* The order status already says paid and shipped; refunds are what it does not show. */}
          {(order.paymentStatus === 'partially_refunded' || order.paymentStatus === 'refunded') && (
            <PaymentStatusTag status={order.paymentStatus} />
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('orders.title')} subtitle={t('orders.subtitle')} />
      <Card className="page-card">
        <Form<FilterValues>
          name="orderFilters"
          form={form}
          layout="vertical"
          className="filter-bar"
          initialValues={{ status: filters.status, liveSessionId: filters.liveSessionId }}
          onFinish={applyFilters}
        >
          <Row gutter={12} align="bottom">
            <Col span={5}>
              <Form.Item name="q" label={t('orders.filters.orderNo')}>
                <Input allowClear placeholder={t('orders.filters.orderNoPlaceholder')} data-testid="orders-search" />
              </Form.Item>
            </Col>
            <Col span={4}>
              <Form.Item name="status" label={t('orders.filters.status')}>
                <Select
                  allowClear
                  placeholder={t('common.all')}
                  options={orderStatuses.map((status) => ({ value: status, label: t(orderStatusLabelKey(status)) }))}
                  data-testid="orders-status"
                />
              </Form.Item>
            </Col>
            <Col span={3}>
              <Form.Item name="channel" label={t('orders.filters.channel')}>
                <Select
                  allowClear
                  placeholder={t('common.all')}
                  options={channels.map((channel) => ({ value: channel, label: t(channelLabelKey(channel)) }))}
                />
              </Form.Item>
            </Col>
            <Col span={4}>
              <Form.Item name="liveSessionId" label={t('orders.filters.liveSession')}>
                <Input allowClear placeholder={t('orders.filters.liveSessionPlaceholder')} />
              </Form.Item>
            </Col>
            <Col span={5}>
              <Form.Item name="range" label={t('orders.filters.range')}>
                <DatePicker.RangePicker allowEmpty={[true, true]} className="full-width" />
              </Form.Item>
            </Col>
            <Col span={3}>
              <Form.Item>
                <Space>
                  <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                    {t('common.search')}
                  </Button>
                  <Button
                    icon={<ReloadOutlined />}
                    aria-label={t('common.reset')}
                    onClick={() => {
                      form.resetFields();
                      form.setFieldsValue({ status: undefined, liveSessionId: undefined });
                      setFilters({});
                    }}
                  />
                </Space>
              </Form.Item>
            </Col>
          </Row>
        </Form>
        <Table<OrderSummary>
          data-testid="orders-table"
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={rows}
          loading={orders.isPending}
          pagination={false}
          rowClassName={(order) => (order.status === 'cancelled' ? 'row-muted' : '')}
          locale={{
            emptyText: (
              <EmptyState
                description={orders.isError ? describeError(orders.error) : filtered ? t('orders.noMatch') : t('orders.empty')}
              />
            ),
          }}
        />
        {rows.length > 0 && (
          <div className="load-more">
            {orders.hasNextPage ? (
              <Button onClick={() => void orders.fetchNextPage()} loading={orders.isFetchingNextPage}>
                {t('common.loadMore')}
              </Button>
            ) : (
              <Typography.Text type="secondary">{t('orders.loaded', { count: rows.length })}</Typography.Text>
            )}
          </div>
        )}
      </Card>
    </>
  );
}
