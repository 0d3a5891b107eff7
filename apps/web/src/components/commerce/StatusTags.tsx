import type { OrderStatus, ProductStatus, SkuStatus } from '@livedesk/contracts';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  channelLabelKey,
  fulfillmentStatusLabelKey,
  orderStatusLabelKey,
  paymentStateLabelKey,
  paymentStatusLabelKey,
  productStatusLabelKey,
  refundStateLabelKey,
  skuStatusLabelKey,
  type OrderChannelName,
  type OrderFulfillmentStatus,
  type OrderPaymentStatus,
  type PaymentStateName,
  type RefundStateName,
} from '../../i18n/labels';

/** One colour per status, the same in every table and on every detail page. */
export const orderStatusColor: Record<OrderStatus, string> = {
  pending_payment: 'gold',
  paid: 'blue',
  partially_shipped: 'cyan',
  shipped: 'geekblue',
  delivered: 'purple',
  completed: 'green',
  cancelled: 'default',
};

const paymentStatusColor: Record<OrderPaymentStatus, string> = {
  unpaid: 'default',
  paid: 'green',
  partially_refunded: 'orange',
  refunded: 'volcano',
};

const fulfillmentStatusColor: Record<OrderFulfillmentStatus, string> = {
  unfulfilled: 'default',
  partially_shipped: 'cyan',
  shipped: 'geekblue',
  delivered: 'purple',
};

const productStatusColor: Record<ProductStatus, string> = {
  draft: 'default',
  listed: 'green',
  delisted: 'orange',
};

const paymentStateColor: Record<PaymentStateName, string> = {
  pending: 'gold',
  succeeded: 'green',
  failed: 'red',
  cancelled: 'default',
};

const refundStateColor: Record<RefundStateName, string> = {
  pending: 'gold',
  succeeded: 'green',
  failed: 'red',
};

export function OrderStatusTag({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return <Tag color={orderStatusColor[status]}>{t(orderStatusLabelKey(status))}</Tag>;
}

export function PaymentStatusTag({ status }: { status: OrderPaymentStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={paymentStatusColor[status]} variant="outlined">
      {t(paymentStatusLabelKey(status))}
    </Tag>
  );
}

export function FulfillmentStatusTag({ status }: { status: OrderFulfillmentStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={fulfillmentStatusColor[status]} variant="outlined">
      {t(fulfillmentStatusLabelKey(status))}
    </Tag>
  );
}

export function ChannelTag({ channel }: { channel: OrderChannelName }) {
  const { t } = useTranslation();
  return (
    <Tag color={channel === 'live' ? 'magenta' : undefined} variant="filled">
      {t(channelLabelKey(channel))}
    </Tag>
  );
}

export function ProductStatusTag({ status }: { status: ProductStatus }) {
  const { t } = useTranslation();
  return <Tag color={productStatusColor[status]}>{t(productStatusLabelKey(status))}</Tag>;
}

export function SkuStatusTag({ status }: { status: SkuStatus }) {
  const { t } = useTranslation();
  return <Tag color={status === 'active' ? 'green' : 'default'}>{t(skuStatusLabelKey(status))}</Tag>;
}

export function PaymentStateTag({ state }: { state: PaymentStateName }) {
  const { t } = useTranslation();
  return <Tag color={paymentStateColor[state]}>{t(paymentStateLabelKey(state))}</Tag>;
}

export function RefundStateTag({ state }: { state: RefundStateName }) {
  const { t } = useTranslation();
  return <Tag color={refundStateColor[state]}>{t(refundStateLabelKey(state))}</Tag>;
}
