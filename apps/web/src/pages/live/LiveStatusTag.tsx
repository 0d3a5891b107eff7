import type { LiveSessionStatus } from '@livedesk/contracts';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { liveStatusLabelKey } from './labels';

const statusColor: Record<LiveSessionStatus, string> = { scheduled: 'blue', live: 'red', ended: 'default' };

/** 未开播 / 直播中 / 已结束, with a pulsing dot while on air. */
export function LiveStatusTag({ status }: { status: LiveSessionStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColor[status]} className="live-status-tag" data-status={status}>
      {status === 'live' && <span className="live-dot" aria-hidden />}
      {t(liveStatusLabelKey(status))}
    </Tag>
  );
}
