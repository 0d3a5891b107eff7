import type { LiveSessionView } from '@livedesk/contracts';
import { useQuery } from '@tanstack/react-query';
import { Spin } from 'antd';
import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { liveApi, liveKeys } from '../../api/live';
import { LoadFailed } from '../../components/LoadFailed';

/**
 * Loads a show for a page about it: a spinner while it loads, the shared failure page when it cannot.
 * The page is keyed by the show's id, so another show's page starts from its own values, not the last one's.
 */
export function LiveSessionLoader({ sessionId, children }: { sessionId: string; children: (session: LiveSessionView) => ReactNode }) {
  const { t } = useTranslation();
  const session = useQuery({ queryKey: liveKeys.session(sessionId), queryFn: () => liveApi.get(sessionId) });
  if (session.isPending) {
    return (
      <div className="full-page-center">
        <Spin size="large" />
      </div>
    );
  }
  if (session.isError) {
    return <LoadFailed title={t('live.edit.loadFailed')} error={session.error} backTo="/live-sessions" backLabel={t('live.edit.backToList')} />;
  }
  return <Fragment key={session.data.id}>{children(session.data)}</Fragment>;
}
