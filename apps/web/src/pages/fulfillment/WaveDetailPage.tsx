import { ArrowLeftOutlined, CheckOutlined, PrinterOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import type { PackingSlip, PickListItem, WaveDetailView } from '@livedesk/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Popconfirm, Row, Space, Spin, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { fulfillmentApi, fulfillmentKeys } from '../../api/fulfillment';
import { useCan } from '../../auth/me';
import { FulfillmentStatusTag, OrderStatusTag } from '../../components/commerce/StatusTags';
import { EmptyState } from '../../components/EmptyState';
import { LoadFailed } from '../../components/LoadFailed';
import { PageHeader } from '../../components/PageHeader';
import { settled, useErrorMessage } from '../../lib/errors';
import { useOrgTime } from '../../lib/time';
import { PrintPreviewModal, type PrintTarget } from './PrintPreviewModal';
import { ShipModal, type ShipTarget } from './ShipModal';
import { WaveStatusTag } from './WaveStatusTag';

type WaveOrder = WaveDetailView['orders'][number];

export function WaveDetailPage() {
  const { t } = useTranslation();
  const { waveId = '' } = useParams();
  const wave = useQuery({ queryKey: fulfillmentKeys.wave(waveId), queryFn: () => fulfillmentApi.wave(waveId), staleTime: 0 });

  if (wave.isPending) return <Spin className="drawer-spin" />;
  if (wave.isError) {
    return <LoadFailed title={t('waves.loadFailed')} error={wave.error} backTo="/fulfillment?tab=waves" backLabel={t('waves.back')} />;
  }
  return <WaveDetail wave={wave.data} />;
}

function WaveDetail({ wave }: { wave: WaveDetailView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const can = useCan();
  const time = useOrgTime();
  const queryClient = useQueryClient();
  const canWrite = can('fulfillment:write');
  const [printing, setPrinting] = useState<PrintTarget | null>(null);
  const [shipping, setShipping] = useState<ShipTarget | null>(null);

  const move = useMutation({
    mutationFn: (to: 'picked' | 'closed') => (to === 'picked' ? fulfillmentApi.markPicked(wave.id) : fulfillmentApi.closeWave(wave.id)),
    onSuccess: (_wave, to) => {
      message.success(t(to === 'picked' ? 'waves.markedPicked' : 'waves.closed'));
      void queryClient.invalidateQueries({ queryKey: fulfillmentKeys.all });
    },
    onError: (error) => message.error(describeError(error)),
  });

  const unitsLeft = wave.orders.reduce((sum, order) => sum + order.unitsToShip, 0);
  const shippable = (orderId: string) =>
    canWrite && wave.status !== 'closed' && (wave.orders.find((o) => o.orderId === orderId)?.unitsToShip ?? 0) > 0;

  const pickColumns: TableColumnsType<PickListItem> = [
    {
      title: t('waves.pick.bin'),
      dataIndex: 'bin',
      width: 100,
      render: (bin: string | null) => (bin ? <Typography.Text strong className="mono">{bin}</Typography.Text> : <Typography.Text type="secondary">{t('waves.pick.noBin')}</Typography.Text>),
    },
    { title: t('waves.pick.sku'), dataIndex: 'skuCode', width: 140, render: (code: string) => <span className="mono">{code}</span> },
    {
      title: t('waves.pick.product'),
      key: 'product',
      render: (_value, item) => (
        <div className="cell-stack">
          <span>{item.productTitle}</span>
          <Typography.Text type="secondary" className="cell-sub">
            {item.skuTitle}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('waves.pick.quantity'), dataIndex: 'quantity', width: 80, align: 'right', render: (q: number) => <Typography.Text strong className="tabular pick-quantity">{q}</Typography.Text> },
    {
      title: t('waves.pick.orders'),
      key: 'orders',
      width: 320,
      render: (_value, item) => (
        <Space size={[4, 4]} wrap>
          {item.orders.map((order) => (
            <Tag key={order.lineId} className="mono">
              …{order.orderNo.slice(-6)} ×{order.quantity}
            </Tag>
          ))}
        </Space>
      ),
    },
  ];

  const orderColumns: TableColumnsType<WaveOrder> = [
    {
      title: t('orders.columns.orderNo'),
      dataIndex: 'orderNo',
      render: (orderNo: string, order) => (
        <Link to={`/orders/${encodeURIComponent(order.orderId)}`} className="mono order-no">
          {orderNo}
        </Link>
      ),
    },
    { title: t('orders.columns.status'), key: 'status', width: 120, render: (_value, order) => <OrderStatusTag status={order.status} /> },
    { title: t('waves.orders.fulfillment'), key: 'fulfillment', width: 120, render: (_value, order) => <FulfillmentStatusTag status={order.fulfillmentStatus} /> },
    { title: t('waves.orders.unitsToShip'), dataIndex: 'unitsToShip', width: 100, align: 'right', render: (n: number) => <span className="tabular">{n}</span> },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_value, order) =>
        shippable(order.orderId) && (
          <Button type="link" size="small" icon={<SendOutlined />} onClick={() => setShipping({ orderId: order.orderId, orderNo: order.orderNo, waveId: wave.id })} data-testid="ship-open">
            {t('ship.open')}
          </Button>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('waves.detailTitle', { waveNo: wave.waveNo })}
        subtitle={t('waves.detailSubtitle', { warehouse: wave.warehouseName, count: wave.orderCount })}
        extra={
          <Space wrap>
            <Link to="/fulfillment?tab=waves">
              <Button icon={<ArrowLeftOutlined />}>{t('waves.back')}</Button>
            </Link>
            <Button icon={<PrinterOutlined />} onClick={() => setPrinting({ waveId: wave.id, doc: 'picklist' })} data-testid="wave-print">
              {t('waves.print.picklist')}
            </Button>
            <Button icon={<PrinterOutlined />} onClick={() => setPrinting({ waveId: wave.id, doc: 'slips' })} data-testid="wave-print-slips">
              {t('waves.print.slips')}
            </Button>
            {canWrite && wave.status === 'open' && (
              <Button type="primary" icon={<CheckOutlined />} loading={move.isPending && move.variables === 'picked'} onClick={() => move.mutate('picked')} data-testid="wave-picked">
                {t('waves.markPicked')}
              </Button>
            )}
            {canWrite && wave.status !== 'closed' && (
              <Popconfirm
                title={t('waves.confirmClose')}
                okText={t('waves.close')}
                cancelText={t('common.cancel')}
                onConfirm={() => settled(move.mutateAsync('closed'))}
              >
                <Button icon={<StopOutlined />} data-testid="wave-close">
                  {t('waves.close')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        }
      />
      <Card className="page-card detail-card wave-summary" size="small">
        <Descriptions
          size="small"
          column={5}
          items={[
            { key: 'status', label: t('waves.columns.status'), children: <WaveStatusTag status={wave.status} /> },
            { key: 'warehouse', label: t('waves.columns.warehouse'), children: `${wave.warehouseName} · ${wave.warehouseCode}` },
            { key: 'orders', label: t('waves.columns.orders'), children: wave.orderCount },
            { key: 'left', label: t('waves.unitsLeft'), children: <Typography.Text strong>{unitsLeft}</Typography.Text> },
            { key: 'created', label: t('waves.columns.created'), children: time.format(wave.createdAt, 'YYYY-MM-DD HH:mm') },
          ]}
        />
      </Card>
      <Card className="page-card">
        <Tabs
          items={[
            {
              key: 'pick',
              label: t('waves.tabs.pickList', { count: wave.pickList.length }),
              children: (
                <>
                  <Typography.Paragraph type="secondary">{t('waves.pick.hint')}</Typography.Paragraph>
                  <Table<PickListItem>
                    data-testid="pick-list"
                    size="small"
                    rowKey="skuId"
                    columns={pickColumns}
                    dataSource={wave.pickList}
                    pagination={false}
                    locale={{ emptyText: <EmptyState description={t('waves.pick.empty')} /> }}
                  />
                </>
              ),
            },
            {
              key: 'slips',
              label: t('waves.tabs.slips', { count: wave.slips.length }),
              children: (
                <Row gutter={[16, 16]}>
                  {wave.slips.map((slip) => (
                    <Col key={slip.orderId} xs={24} xl={12}>
                      <SlipCard slip={slip} onShip={shippable(slip.orderId) ? () => setShipping({ orderId: slip.orderId, orderNo: slip.orderNo, waveId: wave.id }) : undefined} />
                    </Col>
                  ))}
                  {wave.slips.length === 0 && <EmptyState description={t('waves.slipsEmpty')} />}
                </Row>
              ),
            },
            {
              key: 'orders',
              label: t('waves.tabs.orders', { count: wave.orders.length }),
              children: <Table<WaveOrder> data-testid="wave-orders" size="small" rowKey="orderId" columns={orderColumns} dataSource={wave.orders} pagination={false} />,
            },
          ]}
        />
      </Card>
      <PrintPreviewModal target={printing} onClose={() => setPrinting(null)} />
      <ShipModal target={shipping} onClose={() => setShipping(null)} />
    </>
  );
}

/** 发货单 on screen: what goes into the parcel and where it goes (masked). */
function SlipCard({ slip, onShip }: { slip: PackingSlip; onShip?: () => void }) {
  const { t } = useTranslation();
  const time = useOrgTime();
  const { address } = slip;
  return (
    <Card
      size="small"
      className="slip-card"
      title={
        <Space size={8}>
          <span className="mono">{slip.orderNo}</span>
          <OrderStatusTag status={slip.status} />
        </Space>
      }
      extra={
        onShip && (
          <Button size="small" type="primary" icon={<SendOutlined />} onClick={onShip} data-testid="ship-open">
            {t('ship.open')}
          </Button>
        )
      }
    >
      <div className="slip-address">
        <Typography.Text strong>
          {address.name} <span className="mono">{address.phone}</span>
        </Typography.Text>
        <Typography.Text type="secondary">
          {address.province} {address.city} {address.district} {address.detail}
        </Typography.Text>
      </div>
      <table className="slip-lines">
        <tbody>
          {slip.lines.map((line) => (
            <tr key={line.lineId}>
              <td className="mono slip-bin">{line.bin ?? '—'}</td>
              <td>
                {line.productTitle} <Typography.Text type="secondary">· {line.skuTitle}</Typography.Text>
              </td>
              <td className="mono">{line.skuCode}</td>
              <td className="tabular slip-qty">×{line.quantity}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {slip.note && <div className="slip-note">{t('waves.slipNote', { note: slip.note })}</div>}
      <Typography.Text type="secondary" className="cell-sub">
        {t('fulfillment.paidAt', { time: slip.paidAt ? time.format(slip.paidAt, 'MM-DD HH:mm') : '—' })}
      </Typography.Text>
    </Card>
  );
}
