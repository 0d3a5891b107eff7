import type { WaveStatus } from '@livedesk/contracts';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { waveStatusLabelKey } from '../../i18n/labels';

const color: Record<WaveStatus, string> = { open: 'blue', picked: 'cyan', closed: 'default' };

export function WaveStatusTag({ status }: { status: WaveStatus }) {
  const { t } = useTranslation();
  return <Tag color={color[status]}>{t(waveStatusLabelKey(status))}</Tag>;
}
