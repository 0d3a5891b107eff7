import { useQuery } from '@tanstack/react-query';
import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { alertKeys, alertsApi } from '../../api/alerts';
import { liveApi, liveKeys } from '../../api/live';
import { useCan } from '../../auth/me';
import { PageHeader } from '../../components/PageHeader';
import { AlertHistoryTab } from './AlertHistoryTab';
import { ChannelsTab } from './ChannelsTab';
import { RulesTab } from './RulesTab';

type AlertsTab = 'history' | 'rules' | 'channels';
const tabs: AlertsTab[] = ['history', 'rules', 'channels'];
const isTab = (value: string | null): value is AlertsTab => value !== null && (tabs as string[]).includes(value);

/** Alert history with acknowledgement, the rules and the channels they notify. Live frames arrive through the shell's AlertNotifier. */
export function AlertsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get('tab');
  const activeTab: AlertsTab = isTab(requested) ? requested : 'history';

  // Show titles for the pickers need `live:read`; without it, alerts still carry their show's title.
  const sessions = useQuery({ queryKey: liveKeys.list(undefined), queryFn: ({ signal }) => liveApi.list(undefined, signal), enabled: can('live:read') });
  const shows = (sessions.data?.items ?? []).map((session) => ({ id: session.id, title: session.title }));
  const channels = useQuery({ queryKey: alertKeys.channels, queryFn: alertsApi.channels });

  return (
    <>
      <PageHeader title={t('alerts.title')} subtitle={t('alerts.subtitle')} />
      <Card className="page-card">
        <Tabs
          activeKey={activeTab}
          onChange={(key) => setSearchParams(key === 'history' ? {} : { tab: key }, { replace: true })}
          items={[
            { key: 'history', label: t('alerts.tabs.history'), children: <AlertHistoryTab shows={shows} /> },
            { key: 'rules', label: t('alerts.tabs.rules'), children: <RulesTab shows={shows} channels={channels.data?.items ?? []} /> },
            { key: 'channels', label: t('alerts.tabs.channels'), children: <ChannelsTab channels={channels} /> },
          ]}
        />
      </Card>
    </>
  );
}
