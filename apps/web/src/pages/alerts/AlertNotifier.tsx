import { AlertServerFrame } from '@livedesk/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { alertKeys } from '../../api/alerts';
import { useCan, useMe } from '../../auth/me';
import { useConsoleSocket } from '../../lib/useConsoleSocket';
import { useOrgTime } from '../../lib/time';
import { useAlertText } from './useAlertText';

/** Seconds a fired alert's notification stays up when nobody closes it. */
const NOTIFICATION_SECONDS = 30;

/**
 * Mounted once in the shell for members who may read alerts: shows a notification the moment an alert
 * fires, on whatever page the member is, and refreshes the alert history on every alert frame.
 */
export function AlertNotifier() {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const me = useMe();
  const can = useCan();
  const time = useOrgTime();
  const text = useAlertText();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  useConsoleSocket(
    me.org.id,
    {
      onFrame: (raw) => {
        const frame = AlertServerFrame.safeParse(raw);
        if (!frame.success) return;
        void queryClient.invalidateQueries({ queryKey: alertKeys.histories });
        if (frame.data.type !== 'alert.fired') return;
        const { alert } = frame.data;
        notification.warning({
          key: alert.id,
          title: t('alerts.notify.title', { rule: alert.ruleName }),
          description: `${alert.liveSessionTitle} · ${time.format(alert.minute, 'HH:mm')} · ${text.alert(alert)}`,
          duration: NOTIFICATION_SECONDS,
          actions: (
            <Button
              type="link"
              size="small"
              onClick={() => {
                notification.destroy(alert.id);
                navigate('/alerts');
              }}
            >
              {t('alerts.notify.open')}
            </Button>
          ),
        });
      },
    },
    can('analytics:read'),
  );
  return null;
}
