import type { OrderDetailView } from '@livedesk/contracts';
import { TrackingNo } from '@livedesk/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Space, Spin, Switch, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { fulfillmentApi, fulfillmentKeys } from '../../api/fulfillment';
import { inventoryKeys } from '../../api/inventory';
import { ordersApi, orderKeys } from '../../api/orders';
import { CarrierSelect, useCarrierName } from '../../components/commerce/Carrier';
import { useErrorMessage } from '../../lib/errors';

type OrderLine = OrderDetailView['lines'][number];

interface ShipValues {
  carrier: string;
  trackingNo: string;
}

/** Units of a line still to ship: ordered, less shipped, less refunded before shipping. */
const leftToShip = (line: OrderLine) => Math.max(0, line.quantity - line.shippedQuantity - line.refundedQuantity);

export interface ShipTarget {
  orderId: string;
  orderNo: string;
  /** shipping from a wave: the units come from the wave's warehouse */
  waveId?: string;
}

/** 发货: carrier and waybill number for an order; every unit left by default, or chosen units. */
export function ShipModal({ target, onClose }: { target: ShipTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      title={target ? t('ship.title', { orderNo: target.orderNo }) : t('ship.titleShort')}
      open={target !== null}
      onCancel={onClose}
      footer={null}
      width={640}
      destroyOnHidden
    >
      {target && <ShipForm target={target} onClose={onClose} />}
    </Modal>
  );
}

function ShipForm({ target, onClose }: { target: ShipTarget; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const carrierName = useCarrierName();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ShipValues>();
  const [partial, setPartial] = useState(false);
  const [quantities, setQuantities] = useState<Record<string, number | null>>({});

  const order = useQuery({ queryKey: orderKeys.detail(target.orderId, false), queryFn: () => ordersApi.detail(target.orderId, false) });
  const lines = (order.data?.lines ?? []).filter((line) => leftToShip(line) > 0);

  const ship = useMutation({
    mutationFn: (values: ShipValues) =>
      fulfillmentApi.ship(target.orderId, {
        carrier: values.carrier,
        trackingNo: values.trackingNo.trim(),
        ...(target.waveId ? { waveId: target.waveId } : {}),
        ...(partial
          ? {
              lines: Object.entries(quantities)
                .filter((entry): entry is [string, number] => typeof entry[1] === 'number' && entry[1] > 0)
                .map(([lineId, quantity]) => ({ lineId, quantity })),
            }
          : {}),
      }),
    onSuccess: (result) => {
      message.success(t('ship.done', { carrier: carrierName(result.shipment.carrier), trackingNo: result.shipment.trackingNo }));
      void queryClient.invalidateQueries({ queryKey: orderKeys.all });
      void queryClient.invalidateQueries({ queryKey: fulfillmentKeys.all });
      void queryClient.invalidateQueries({ queryKey: inventoryKeys.all });
      onClose();
    },
    onError: (error) => {
      const status = error instanceof ApiError ? error.details?.status : undefined;
      message.error(
        describeError(error, {
          conflict: typeof status === 'string' ? t('ship.notShippable') : t('ship.conflict'),
        }),
      );
    },
  });

  const chosen = Object.values(quantities).reduce<number>((sum, q) => sum + (q ?? 0), 0);

  const columns: TableColumnsType<OrderLine> = [
    {
      title: t('orderDetail.lines.product'),
      key: 'product',
      render: (_value, line) => (
        <div className="cell-stack">
          <span>{line.productTitle}</span>
          <Typography.Text type="secondary" className="cell-sub">
            {line.skuTitle} · <span className="mono">{line.skuCode}</span>
          </Typography.Text>
        </div>
      ),
    },
    { title: t('ship.left'), key: 'left', width: 80, align: 'right', render: (_value, line) => leftToShip(line) },
    {
      title: t('ship.quantity'),
      key: 'quantity',
      width: 110,
      render: (_value, line) => (
        <InputNumber
          size="small"
          min={0}
          max={leftToShip(line)}
          precision={0}
          value={quantities[line.id] ?? null}
          onChange={(value) => setQuantities((current) => ({ ...current, [line.id]: value }))}
          className="full-width"
        />
      ),
    },
  ];

  if (order.isPending) return <Spin className="drawer-spin" />;
  if (order.isError) return <Alert type="error" showIcon title={describeError(order.error)} />;
  if (lines.length === 0) return <Alert type="info" showIcon title={t('ship.nothingLeft')} />;

  return (
    <Form<ShipValues>
      name="ship"
      form={form}
      layout="vertical"
      onFinish={(values) => {
        if (partial && chosen === 0) {
          message.error(t('ship.chooseUnits'));
          return;
        }
        ship.mutate(values);
      }}
    >
      <div className="ship-fields">
        <Form.Item name="carrier" label={t('ship.carrier')} rules={[{ required: true, message: t('ship.carrierRequired') }]}>
          <CarrierSelect testId="ship-carrier" />
        </Form.Item>
        <Form.Item
          name="trackingNo"
          label={t('ship.trackingNo')}
          rules={[
            { required: true, whitespace: true, message: t('ship.trackingRequired') },
            {
              validator: (_rule, value: string | undefined) =>
                !value || TrackingNo.safeParse(value).success ? Promise.resolve() : Promise.reject(new Error(t('ship.trackingInvalid'))),
            },
          ]}
        >
          <Input className="mono-input" maxLength={40} placeholder="SF1234567890" data-testid="ship-tracking" />
        </Form.Item>
      </div>
      <div className="ship-partial">
        <Switch size="small" checked={partial} onChange={setPartial} data-testid="ship-partial" />
        <Typography.Text>{t('ship.partial')}</Typography.Text>
        {!partial && (
          <Typography.Text type="secondary">
            {t('ship.allLeft', { count: lines.reduce((sum, line) => sum + leftToShip(line), 0) })}
          </Typography.Text>
        )}
      </div>
      {partial && (
        <Table<OrderLine> size="small" rowKey="id" columns={columns} dataSource={lines} pagination={false} className="ship-lines" />
      )}
      <div className="modal-footer-row">
        <Typography.Text type="secondary">{t('ship.stockNote')}</Typography.Text>
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={ship.isPending} data-testid="ship-submit">
            {t('ship.submit')}
          </Button>
        </Space>
      </div>
    </Form>
  );
}

