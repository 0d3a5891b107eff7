import type { AftersalesStatus, AftersalesType } from '@livedesk/contracts';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { aftersalesStatusLabelKey, aftersalesTypeLabelKey } from '../../i18n/labels';

const statusColor: Record<AftersalesStatus, string> = {
  requested: 'gold',
  approved: 'blue',
  rejected: 'red',
  return_shipped: 'cyan',
  received: 'purple',
  refunded: 'green',
  closed: 'default',
};

const typeColor: Record<AftersalesType, string> = {
  refund_only: 'orange',
  return_refund: 'volcano',
  exchange: 'geekblue',
};

export function AftersalesStatusTag({ status }: { status: AftersalesStatus }) {
  const { t } = useTranslation();
  return <Tag color={statusColor[status]}>{t(aftersalesStatusLabelKey(status))}</Tag>;
}

export function AftersalesTypeTag({ type }: { type: AftersalesType }) {
  const { t } = useTranslation();
  return (
    <Tag color={typeColor[type]} variant="outlined">
      {t(aftersalesTypeLabelKey(type))}
    </Tag>
  );
}

/** Cases that still need someone to act: the rest are done, whatever their SLA said. */
export const openStatuses = ['requested', 'approved', 'return_shipped', 'received'] as const satisfies readonly AftersalesStatus[];
export type OpenStatus = (typeof openStatuses)[number];
export const isOpenStatus = (status: AftersalesStatus): status is OpenStatus => (openStatuses as readonly string[]).includes(status);
export const slaLabelKey = (status: OpenStatus) => `aftersalesDetail.slaFor.${status}` as const;
