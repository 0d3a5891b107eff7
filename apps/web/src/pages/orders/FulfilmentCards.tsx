import type { ShipmentView } from '@livedesk/contracts';
import { useQuery } from '@tanstack/react-query';
import { Card, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { aftersalesApi, aftersalesKeys, type AftersalesCase } from '../../api/aftersales';
import { fulfillmentApi, fulfillmentKeys } from '../../api/fulfillment';
import { useCan } from '../../auth/me';
import { useCarrierName } from '../../components/commerce/Carrier';
import { Countdown } from '../../components/commerce/Countdown';
import { Money } from '../../components/commerce/Money';
import { EmptyState } from '../../components/EmptyState';
import { shipmentStatusLabelKey } from '../../i18n/labels';
import { useErrorMessage } from '../../lib/errors';
import { useOrgTime } from '../../lib/time';
import { AftersalesStatusTag, AftersalesTypeTag, isOpenStatus } from '../aftersales/AftersalesTags';

/** The order's parcels (from the fulfilment API), replacement parcels of exchanges included. */
export function ShipmentsCard({ orderId }: { orderId: string }) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const time = useOrgTime();
  const carrierName = useCarrierName();
  const shipments = useQuery({ queryKey: fulfillmentKeys.shipments(orderId), queryFn: () => fulfillmentApi.shipments(orderId) });

  const columns: TableColumnsType<ShipmentView> = [
    {
      title: t('orderDetail.shipments.carrier'),
      key: 'carrier',
      width: 180,
      render: (_value, shipment) => (
        <span>
          {carrierName(shipment.carrier)}
          {shipment.aftersalesId && (
            <Tag color="geekblue" className="inline-tag">
              {t('orderDetail.shipments.replacement')}
            </Tag>
          )}
        </span>
      ),
    },
    {
      title: t('orderDetail.shipments.trackingNo'),
      dataIndex: 'trackingNo',
      render: (no: string) => (
        <Typography.Text className="mono" copyable>
          {no}
        </Typography.Text>
      ),
    },
    {
      title: t('orderDetail.shipments.units'),
      key: 'units',
      width: 80,
      align: 'right',
      render: (_value, shipment) => <span className="tabular">{shipment.lines.reduce((sum, line) => sum + line.quantity, 0)}</span>,
    },
    {
      title: t('orderDetail.shipments.status'),
      dataIndex: 'status',
      width: 90,
      render: (status: ShipmentView['status']) => <Tag color={status === 'delivered' ? 'purple' : 'blue'}>{t(shipmentStatusLabelKey(status))}</Tag>,
    },
    { title: t('orderDetail.shipments.shippedAt'), dataIndex: 'shippedAt', width: 120, render: (at: number) => <span className="tabular">{time.format(at, 'MM-DD HH:mm')}</span> },
    {
      title: t('orderDetail.shipments.deliveredAt'),
      dataIndex: 'deliveredAt',
      width: 120,
      render: (at: number | null) => (at ? <span className="tabular">{time.format(at, 'MM-DD HH:mm')}</span> : <Typography.Text type="secondary">{t('common.none')}</Typography.Text>),
    },
  ];

  return (
    <Card title={t('orderDetail.shipments.title')} className="page-card detail-card" size="small">
      <Table<ShipmentView>
        data-testid="shipments-table"
        tableLayout="fixed"
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={shipments.data?.items ?? []}
        loading={shipments.isPending}
        pagination={false}
        locale={{ emptyText: <EmptyState description={shipments.isError ? describeError(shipments.error) : t('orderDetail.shipments.empty')} /> }}
      />
    </Card>
  );
}

/** After-sales cases opened on the order; shown only to those who may read them, and only when there are some. */
export function AftersalesCard({ orderId }: { orderId: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const time = useOrgTime();
  const cases = useQuery({
    queryKey: aftersalesKeys.queue({ orderId }),
    queryFn: () => aftersalesApi.queue({ orderId }, null),
    enabled: can('aftersales:read'),
  });
  const items = cases.data?.items ?? [];
  if (items.length === 0) return null;

  const columns: TableColumnsType<AftersalesCase> = [
    {
      title: t('aftersales.columns.caseNo'),
      key: 'caseNo',
      render: (_value, c) => (
        <div className="cell-stack">
          <Link to={`/aftersales/${encodeURIComponent(c.id)}`} className="mono">
            {c.caseNo}
          </Link>
          <Typography.Text type="secondary" className="cell-sub">
            {time.format(c.createdAt, 'MM-DD HH:mm')} · {c.reason}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('aftersales.columns.type'), key: 'type', width: 100, render: (_value, c) => <AftersalesTypeTag type={c.type} /> },
    { title: t('aftersales.columns.refund'), key: 'refund', width: 100, align: 'right', render: (_value, c) => (c.refundFen > 0 ? <Money fen={c.refundFen} /> : null) },
    { title: t('aftersales.columns.status'), key: 'status', width: 110, render: (_value, c) => <AftersalesStatusTag status={c.status} /> },
    {
      title: t('aftersales.columns.sla'),
      key: 'sla',
      width: 160,
      render: (_value, c) => (c.slaDueAt !== null && isOpenStatus(c.status) ? <Countdown deadline={c.slaDueAt} warnWithinMs={6 * 3_600_000} /> : null),
    },
  ];

  return (
    <Card title={t('orderDetail.aftersales.title', { count: items.length })} className="page-card detail-card" size="small">
      <Table<AftersalesCase> data-testid="order-aftersales" size="small" rowKey="id" columns={columns} dataSource={items} pagination={false} />
    </Card>
  );
}
