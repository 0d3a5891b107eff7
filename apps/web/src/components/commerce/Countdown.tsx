import { ClockCircleOutlined, ExclamationCircleFilled } from '@ant-design/icons';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { splitDuration, useNow } from '../../lib/useNow';

/**
 * Time left until `deadline`, ticking every second; once past, how long ago, in red. `warnWithinMs`
 * turns it orange while the deadline is near.
 */
export function Countdown({ deadline, warnWithinMs = 0, testId }: { deadline: number; warnWithinMs?: number; testId?: string }) {
  const { t } = useTranslation();
  const now = useNow();
  const left = deadline - now;
  const { days, clock } = splitDuration(Math.abs(left));
  const text = days > 0 ? t('countdown.withDays', { days, clock }) : clock;
  if (left <= 0) {
    return (
      <Typography.Text type="danger" strong className="countdown tabular" data-testid={testId} data-overdue="true">
        <ExclamationCircleFilled /> {t('countdown.overdue', { time: text })}
      </Typography.Text>
    );
  }
  return (
    <Typography.Text type={left <= warnWithinMs ? 'warning' : undefined} className="countdown tabular" data-testid={testId}>
      <ClockCircleOutlined /> {t('countdown.left', { time: text })}
    </Typography.Text>
  );
}
