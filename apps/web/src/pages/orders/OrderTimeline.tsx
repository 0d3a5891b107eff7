import type { OrderEventView } from '@livedesk/contracts';
import { aftersalesStatuses, orderStatuses, type AftersalesStatus, type OrderStatus } from '@livedesk/contracts';
import { Space, Tag, Timeline, Typography, type TimelineItemProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState';
import {
  aftersalesStatusLabelKey,
  cancelReasonLabelKey,
  dispositionLabelKey,
  isCancelReason,
  isOrderEventKind,
  orderEventKindLabelKey,
  orderStatusLabelKey,
  paymentProviderLabelKey,
} from '../../i18n/labels';
import { useActorName } from '../../lib/actors';
import { formatFen } from '../../lib/money';
import { useReasonText } from '../../lib/reasons';
import { useOrgTime } from '../../lib/time';
import { useCarrierName } from '../../components/commerce/Carrier';

const isOrderStatus = (value: string | null): value is OrderStatus =>
  value !== null && (orderStatuses as readonly string[]).includes(value);

const isAftersalesStatus = (value: unknown): value is AftersalesStatus =>
  typeof value === 'string' && (aftersalesStatuses as readonly string[]).includes(value);

const isLineCount = (value: unknown): value is { quantity: number } =>
  typeof value === 'object' && value !== null && 'quantity' in value && typeof value.quantity === 'number';

const isProvider = (value: unknown): value is 'sandbox' | 'wechatpay' | 'alipay' =>
  value === 'sandbox' || value === 'wechatpay' || value === 'alipay';

/** Dot colours (CSS colours: the timeline takes no tag presets), in the palette of the status tags. */
const statusDot: Record<OrderStatus, string> = {
  pending_payment: '#ff9a2e',
  paid: '#1664ff',
  partially_shipped: '#14c9c9',
  shipped: '#2f54eb',
  delivered: '#722ed1',
  completed: '#00b42a',
  cancelled: '#86909c',
};

const kindDot: Record<string, string> = {
  payment: '#f53f3f',
  refund: '#ff7d00',
  shipment: '#1664ff',
  delivery: '#722ed1',
  aftersales: '#d91ad9',
};

/**
 * Everything that happened to the order, newest first, each with who did it, why and when. On a case's
 * own page (`inCase`), its steps need not repeat the case number.
 */
export function OrderTimeline({ events, inCase = false }: { events: OrderEventView[]; inCase?: boolean }) {
  const { t } = useTranslation();
  const time = useOrgTime();
  const actorName = useActorName();
  const reasonText = useReasonText();
  const carrierName = useCarrierName();

  const statusLabel = (status: string | null) => (isOrderStatus(status) ? t(orderStatusLabelKey(status)) : status);

  const title = (event: OrderEventView): ReactNode => {
    if (event.kind === 'transition') {
      if (event.fromStatus === null && isOrderStatus(event.toStatus)) {
        return t('orderDetail.timeline.created');
      }
      return (
        <Space size={4}>
          {event.fromStatus && <span>{statusLabel(event.fromStatus)}</span>}
          {event.fromStatus && <span className="timeline-arrow">→</span>}
          <strong>{statusLabel(event.toStatus)}</strong>
        </Space>
      );
    }
    if (event.kind === 'payment' && event.detail.outcome === 'failed') return t('orderDetail.timeline.paymentFailed');
    if (event.kind === 'aftersales') {
      const { caseNo, from, to } = event.detail;
      const label = (value: unknown) => (isAftersalesStatus(value) ? t(aftersalesStatusLabelKey(value)) : null);
      return (
        <Space size={4} wrap>
          {!inCase && <span>{t('orderDetail.timeline.aftersales', { caseNo: typeof caseNo === 'string' ? caseNo : '' })}</span>}
          {label(from) && <span>{label(from)}</span>}
          {label(from) && <span className="timeline-arrow">→</span>}
          <strong>{label(to) ?? t('orderEvent.aftersales')}</strong>
        </Space>
      );
    }
    if (event.kind === 'shipment') {
      return event.detail.replacement === true ? t('orderDetail.timeline.replacementShipped') : t('orderDetail.timeline.shipped');
    }
    if (event.kind === 'refund' && typeof event.detail.amountFen === 'number') {
      return t('orderDetail.timeline.refunded', { amount: formatFen(event.detail.amountFen) });
    }
    return isOrderEventKind(event.kind) ? t(orderEventKindLabelKey(event.kind)) : event.kind;
  };

  /** The detail fields worth a line: money, provider, cancel reason, deadline; ids stay in the audit log. */
  const facts = (event: OrderEventView): string[] => {
    const out: string[] = [];
    const { detail } = event;
    if (isProvider(detail.provider)) out.push(t(paymentProviderLabelKey(detail.provider)));
    if (typeof detail.amountFen === 'number' && event.kind !== 'refund') {
      out.push(t('orderDetail.timeline.amount', { amount: formatFen(detail.amountFen) }));
    }
    if (typeof detail.totalFen === 'number') out.push(t('orderDetail.timeline.total', { amount: formatFen(detail.totalFen) }));
    if (typeof detail.expiresAt === 'number') {
      out.push(t('orderDetail.timeline.payBy', { time: time.format(detail.expiresAt, 'MM-DD HH:mm') }));
    }
    if (typeof detail.cancelReason === 'string' && isCancelReason(detail.cancelReason)) {
      out.push(t(cancelReasonLabelKey(detail.cancelReason)));
    }
    if (typeof detail.carrier === 'string') out.push(carrierName(detail.carrier));
    if (typeof detail.trackingNo === 'string') out.push(detail.trackingNo);
    if (Array.isArray(detail.lines) && event.kind === 'shipment') {
      const units = detail.lines.reduce<number>((sum, line: unknown) => sum + (isLineCount(line) ? line.quantity : 0), 0);
      if (units > 0) out.push(t('orderDetail.timeline.units', { count: units }));
    }
    if (typeof detail.disposition === 'string' && (detail.disposition === 'restock' || detail.disposition === 'write_off')) {
      out.push(t(dispositionLabelKey(detail.disposition)));
    }
    return out;
  };

  const color = (event: OrderEventView): string => {
    if (event.kind === 'transition' && isOrderStatus(event.toStatus)) return statusDot[event.toStatus];
    return kindDot[event.kind] ?? 'gray';
  };

  if (events.length === 0) return <EmptyState description={t('orderDetail.timeline.empty')} />;

  const items: TimelineItemProps[] = [...events]
    .sort((a, b) => b.seq - a.seq)
    .map((event) => {
      const reason = event.kind === 'transition' && event.toStatus === 'cancelled' && isCancelReason(event.reason ?? '')
        ? null
        : reasonText(event.reason);
      const extra = facts(event);
      return {
        key: event.seq,
        color: color(event),
        content: (
          <div className="timeline-event" data-testid="order-timeline-event">
            <div className="timeline-title">{title(event)}</div>
            <div className="timeline-meta">
              <Typography.Text type="secondary" className="tabular timeline-time">
                {time.format(event.at, 'MM-DD HH:mm:ss')}
              </Typography.Text>
              <Tag variant="filled" className="timeline-actor">
                {actorName(event.actorType, event.actorId)}
              </Tag>
            </div>
            {extra.length > 0 && (
              <Typography.Text type="secondary" className="timeline-facts">
                {extra.join(' · ')}
              </Typography.Text>
            )}
            {reason && <div className="timeline-reason">{t('orderDetail.timeline.reason', { reason })}</div>}
          </div>
        ),
      };
    });

  return <Timeline className="order-timeline" data-testid="order-timeline" items={items} />;
}
