import {
  ArrowLeftOutlined,
  CarryOutOutlined,
  CheckCircleOutlined,
  EyeOutlined,
  LockOutlined,
  RollbackOutlined,
  SendOutlined,
  StopOutlined,
} from '@ant-design/icons';
import type { AddressView, OrderDetailView, OrderEventView } from '@livedesk/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Popconfirm,
  Row,
  Space,
  Spin,
  Steps,
  Table,
  Tag,
  Tooltip,
  Typography,
  type StepsProps,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { fulfillmentApi, fulfillmentKeys } from '../../api/fulfillment';
import { ordersApi, orderKeys } from '../../api/orders';
import { useCan } from '../../auth/me';
import { Countdown } from '../../components/commerce/Countdown';
import { Money } from '../../components/commerce/Money';
import { ChannelTag, OrderStatusTag, PaymentStatusTag } from '../../components/commerce/StatusTags';
import { LoadFailed } from '../../components/LoadFailed';
import { PageHeader } from '../../components/PageHeader';
import { cancelReasonLabelKey, isCancelReason, permissionLabelKey } from '../../i18n/labels';
import { settled, useErrorMessage } from '../../lib/errors';
import { useOrgTime } from '../../lib/time';
import { ShipModal, type ShipTarget } from '../fulfillment/ShipModal';
import { CancelOrderModal } from './CancelOrderModal';
import { AftersalesCard, ShipmentsCard } from './FulfilmentCards';
import { OrderTimeline } from './OrderTimeline';
import { PaymentsCard } from './PaymentsCard';
import { RefundModal } from './RefundModal';

type OrderLine = OrderDetailView['lines'][number];

export function OrderDetailPage() {
  const { t } = useTranslation();
  const { orderId = '' } = useParams();
  const order = useQuery({ queryKey: orderKeys.detail(orderId, false), queryFn: () => ordersApi.detail(orderId, false) });

  if (order.isPending) {
    return (
      <div className="full-page-center">
        <Spin size="large" />
      </div>
    );
  }
  if (order.isError) {
    return <LoadFailed title={t('orderDetail.loadFailed')} error={order.error} backTo="/orders" backLabel={t('orderDetail.backToList')} />;
  }
  return <OrderDetail order={order.data} />;
}

function OrderDetail({ order }: { order: OrderDetailView }) {
  const { t } = useTranslation();
  const can = useCan();
  const time = useOrgTime();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const queryClient = useQueryClient();
  const [cancelling, setCancelling] = useState(false);
  const [refunding, setRefunding] = useState(false);
  const [shipping, setShipping] = useState<ShipTarget | null>(null);

  const progress = useMutation({
    mutationFn: (to: 'delivered' | 'completed') => (to === 'delivered' ? fulfillmentApi.deliver(order.id) : fulfillmentApi.complete(order.id)),
    onSuccess: (_result, to) => {
      message.success(t(to === 'delivered' ? 'orderDetail.progressDone.delivered' : 'orderDetail.progressDone.completed'));
      void queryClient.invalidateQueries({ queryKey: orderKeys.all });
      void queryClient.invalidateQueries({ queryKey: fulfillmentKeys.all });
    },
    onError: (error) => message.error(describeError(error, { conflict: t('orderDetail.progressConflict') })),
  });
  const canFulfil = can('fulfillment:write');
  const shipped = order.status === 'shipped' || order.status === 'delivered' || order.status === 'completed' || order.status === 'partially_shipped';

  const refundable = order.paidFen - order.refundedFen;
  const actions = (
    <Space wrap>
      <Link to="/orders">
        <Button icon={<ArrowLeftOutlined />}>{t('orderDetail.backToList')}</Button>
      </Link>
      {order.status === 'pending_payment' && can('orders:write') && (
        <Button danger icon={<StopOutlined />} onClick={() => setCancelling(true)} data-testid="order-cancel">
          {t('orderDetail.cancel.button')}
        </Button>
      )}
      {canFulfil && (order.status === 'paid' || order.status === 'partially_shipped') && (
        <Button type="primary" icon={<SendOutlined />} onClick={() => setShipping({ orderId: order.id, orderNo: order.orderNo })} data-testid="order-ship">
          {t('ship.open')}
        </Button>
      )}
      {canFulfil && order.status === 'shipped' && (
        <Popconfirm
          title={t('orderDetail.confirmDeliver')}
          okText={t('common.confirm')}
          cancelText={t('common.cancel')}
          onConfirm={() => settled(progress.mutateAsync('delivered'))}
        >
          <Button icon={<CarryOutOutlined />} data-testid="order-deliver">
            {t('orderDetail.deliver')}
          </Button>
        </Popconfirm>
      )}
      {canFulfil && (order.status === 'shipped' || order.status === 'delivered') && (
        <Popconfirm
          title={t('orderDetail.confirmComplete')}
          okText={t('common.confirm')}
          cancelText={t('common.cancel')}
          onConfirm={() => settled(progress.mutateAsync('completed'))}
        >
          <Button icon={<CheckCircleOutlined />} data-testid="order-complete">
            {t('orderDetail.complete')}
          </Button>
        </Popconfirm>
      )}
      {refundable > 0 && can('payments:refund') && (
        <Button icon={<RollbackOutlined />} onClick={() => setRefunding(true)} data-testid="order-refund">
          {t('orderDetail.refund.button')}
        </Button>
      )}
    </Space>
  );

  return (
    <>
      <PageHeader
        title={t('orderDetail.title', { orderNo: order.orderNo })}
        subtitle={t('orderDetail.subtitle', { time: time.format(order.createdAt) })}
        extra={actions}
      />
      <Card className="page-card detail-card order-progress-card" size="small">
        <div className="order-status-line">
          <Space size={8} wrap>
            <OrderStatusTag status={order.status} />
            <PaymentStatusTag status={order.paymentStatus} />
            <ChannelTag channel={order.channel} />
          </Space>
          {order.status === 'pending_payment' && order.expiresAt !== null && (
            <Space size={6}>
              <Typography.Text type="secondary">{t('orderDetail.payDeadline')}</Typography.Text>
              <Countdown deadline={order.expiresAt} warnWithinMs={5 * 60_000} />
            </Space>
          )}
        </div>
        <OrderProgress order={order} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Space orientation="vertical" size={16} className="full-width">
            <SummaryCard order={order} />
            <LinesCard order={order} />
            <PaymentsCard order={order} />
            {(shipped || order.status === 'paid') && <ShipmentsCard orderId={order.id} />}
            <AftersalesCard orderId={order.id} />
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Space orientation="vertical" size={16} className="full-width">
            <AddressCard orderId={order.id} address={order.address} />
            <Card title={t('orderDetail.timeline.title')} className="page-card detail-card" size="small">
              <OrderTimeline events={order.timeline} />
            </Card>
          </Space>
        </Col>
      </Row>
      <CancelOrderModal order={order} open={cancelling} onClose={() => setCancelling(false)} />
      <RefundModal order={order} open={refunding} onClose={() => setRefunding(false)} />
      <ShipModal target={shipping} onClose={() => setShipping(null)} />
    </>
  );
}

/** 下单 → 付款 → 发货 → 签收 → 完成, with the time each step was reached (from the timeline). */
function OrderProgress({ order }: { order: OrderDetailView }) {
  const { t } = useTranslation();
  const time = useOrgTime();
  const reachedAt = (statuses: string[]): number | undefined =>
    order.timeline.find((event: OrderEventView) => event.kind === 'transition' && statuses.includes(event.toStatus ?? ''))?.at;
  const when = (at: number | undefined | null) => (at ? time.format(at, 'MM-DD HH:mm') : undefined);

  const steps = [
    { title: t('orderDetail.progress.placed'), at: order.createdAt },
    { title: t('orderDetail.progress.paid'), at: order.paidAt ?? reachedAt(['paid']) },
    { title: t('orderDetail.progress.shipped'), at: reachedAt(['shipped', 'partially_shipped']) },
    { title: t('orderDetail.progress.delivered'), at: reachedAt(['delivered']) },
    { title: t('orderDetail.progress.completed'), at: reachedAt(['completed']) },
  ];
  const reached: Record<OrderDetailView['status'], number> = {
    pending_payment: 1,
    paid: 2,
    partially_shipped: 2,
    shipped: 3,
    delivered: 4,
    completed: 5,
    cancelled: order.paidAt === null ? 1 : 2,
  };
  const current = reached[order.status];
  const cancelled = order.status === 'cancelled';
  const items: StepsProps['items'] = steps.map((step, index) => {
    if (cancelled && index === current) {
      return {
        title: t('orderDetail.progress.cancelled'),
        content: when(order.cancelledAt),
        status: 'error',
      };
    }
    return { title: step.title, content: index < current ? when(step.at) : undefined };
  });
  return (
    <Steps
      className="order-progress"
      size="small"
      current={Math.min(current, steps.length - 1)}
      status={cancelled ? 'error' : current >= steps.length ? 'finish' : 'process'}
      items={cancelled ? items.slice(0, current + 1) : items}
    />
  );
}

function SummaryCard({ order }: { order: OrderDetailView }) {
  const { t } = useTranslation();
  const time = useOrgTime();
  const none = <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <Card title={t('orderDetail.summary.title')} className="page-card detail-card" size="small">
      <Descriptions
        size="small"
        column={3}
        items={[
          {
            key: 'orderNo',
            label: t('orderDetail.summary.orderNo'),
            children: (
              <Typography.Text className="mono" copyable>
                {order.orderNo}
              </Typography.Text>
            ),
          },
          {
            key: 'buyer',
            label: t('orderDetail.summary.buyer'),
            children: (
              <Typography.Text className="mono" copyable={{ text: order.buyerId }}>
                {order.buyerId.slice(-10)}
              </Typography.Text>
            ),
          },
          {
            key: 'live',
            label: t('orderDetail.summary.liveSession'),
            children: order.liveSessionId ? <span className="mono">{order.liveSessionId}</span> : none,
          },
          { key: 'created', label: t('orderDetail.summary.created'), children: time.format(order.createdAt) },
          { key: 'paid', label: t('orderDetail.summary.paidAt'), children: order.paidAt ? time.format(order.paidAt) : none },
          ...(order.cancelledAt
            ? [
                {
                  key: 'cancelled',
                  label: t('orderDetail.summary.cancelledAt'),
                  children: (
                    <span>
                      {time.format(order.cancelledAt)}
                      {order.cancelReason && isCancelReason(order.cancelReason) && (
                        <Tag className="inline-tag">{t(cancelReasonLabelKey(order.cancelReason))}</Tag>
                      )}
                    </span>
                  ),
                },
              ]
            : []),
          { key: 'note', label: t('orderDetail.summary.note'), span: 3, children: order.note || none },
        ]}
      />
    </Card>
  );
}

function AmountRow({ label, fen, strong, danger }: { label: string; fen: number; strong?: boolean; danger?: boolean }) {
  return (
    <div className={`amount-row${strong ? ' amount-row-total' : ''}${danger ? ' amount-row-danger' : ''}`}>
      <span>{label}</span>
      <Money fen={fen} strong={strong} />
    </div>
  );
}

function LinesCard({ order }: { order: OrderDetailView }) {
  const { t } = useTranslation();
  const counter = (done: number, of: number, color: string) =>
    done === 0 ? (
      <Typography.Text type="secondary">0</Typography.Text>
    ) : (
      <Tag color={done === of ? color : 'gold'} className="counter-tag">
        {done}/{of}
      </Tag>
    );
  const columns: TableColumnsType<OrderLine> = [
    {
      title: t('orderDetail.lines.product'),
      key: 'product',
      render: (_value, line) => (
        <div className="cell-stack">
          <Typography.Text strong>{line.productTitle}</Typography.Text>
          <Typography.Text type="secondary" className="cell-sub">
            {line.skuTitle} · <span className="mono">{line.skuCode}</span>
          </Typography.Text>
        </div>
      ),
    },
    { title: t('orderDetail.lines.unitPrice'), dataIndex: 'unitPriceFen', width: 100, align: 'right', render: (fen: number) => <Money fen={fen} /> },
    { title: t('orderDetail.lines.quantity'), dataIndex: 'quantity', width: 70, align: 'right', render: (q: number) => <span className="tabular">×{q}</span> },
    { title: t('orderDetail.lines.total'), dataIndex: 'lineTotalFen', width: 110, align: 'right', render: (fen: number) => <Money fen={fen} strong /> },
    { title: t('orderDetail.lines.shipped'), key: 'shipped', width: 80, align: 'center', render: (_v, line) => counter(line.shippedQuantity, line.quantity, 'blue') },
    { title: t('orderDetail.lines.refunded'), key: 'refunded', width: 80, align: 'center', render: (_v, line) => counter(line.refundedQuantity, line.quantity, 'volcano') },
    { title: t('orderDetail.lines.returned'), key: 'returned', width: 80, align: 'center', render: (_v, line) => counter(line.returnedQuantity, line.quantity, 'purple') },
  ];
  return (
    <Card title={t('orderDetail.lines.title')} className="page-card detail-card" size="small">
      <Table<OrderLine> data-testid="order-lines" size="small" rowKey="id" columns={columns} dataSource={order.lines} pagination={false} />
      <div className="amount-summary">
        <AmountRow label={t('orderDetail.summary.items')} fen={order.itemsFen} />
        {order.discountFen > 0 && <AmountRow label={t('orderDetail.summary.discount')} fen={-order.discountFen} />}
        <AmountRow label={t('orderDetail.summary.shipping')} fen={order.shippingFen} />
        <AmountRow label={t('orderDetail.summary.total')} fen={order.totalFen} strong />
        <AmountRow label={t('orderDetail.summary.paid')} fen={order.paidFen} />
        {order.refundedFen > 0 && <AmountRow label={t('orderDetail.summary.refunded')} fen={-order.refundedFen} danger />}
      </div>
    </Card>
  );
}

/**
 * The shipping address, masked. Members with `pii:read` may reveal it; the revealed copy lives only in
 * this component's state (never in the query cache), and the server writes the read to the audit log.
 */
function AddressCard({ orderId, address }: { orderId: string; address: AddressView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const can = useCan();
  const [revealed, setRevealed] = useState<AddressView | null>(null);
  const reveal = useMutation({
    mutationFn: () => ordersApi.detail(orderId, true),
    onSuccess: (detail) => setRevealed(detail.address),
    onError: (error) => message.error(describeError(error)),
  });
  const shown = revealed ?? address;
  const canReveal = can('pii:read');

  return (
    <Card
      title={t('orderDetail.address.title')}
      className="page-card detail-card"
      size="small"
      extra={
        shown.masked ? (
          canReveal ? (
            <Tooltip title={t('orderDetail.address.revealHint')}>
              <Button size="small" type="link" icon={<EyeOutlined />} loading={reveal.isPending} onClick={() => reveal.mutate()} data-testid="order-reveal">
                {t('orderDetail.address.reveal')}
              </Button>
            </Tooltip>
          ) : (
            <Tooltip title={t('orderDetail.address.noPermission', { permission: t(permissionLabelKey('pii:read')) })}>
              <Tag icon={<LockOutlined />} variant="filled">
                {t('orderDetail.address.masked')}
              </Tag>
            </Tooltip>
          )
        ) : null
      }
    >
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'name', label: t('orderDetail.address.name'), children: shown.name },
          { key: 'phone', label: t('orderDetail.address.phone'), children: <span className="mono">{shown.phone}</span> },
          { key: 'region', label: t('orderDetail.address.region'), children: `${shown.province} ${shown.city} ${shown.district}` },
          { key: 'detail', label: t('orderDetail.address.detail'), children: shown.detail },
        ]}
      />
      {revealed && <Alert type="warning" showIcon className="address-note" title={t('orderDetail.address.revealedNote')} />}
    </Card>
  );
}
