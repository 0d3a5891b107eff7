import { useQuery } from '@tanstack/react-query';
import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router-dom';
import { api, queryKeys } from '../../api/endpoints';
import { MeContext } from '../../auth/me';
import { useSession } from '../../auth/session';
import { FullPageSpin } from '../../components/FullPageSpin';
import { useErrorMessage } from '../../lib/errors';

/**
 * The sign-in check of the console without its shell: the big screen runs full-window on a display of
 * its own, but is still a signed-in member's view (the same profile decides what it may show).
 */
export function ScreenGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const location = useLocation();
  const current = useSession();
  const me = useQuery({ queryKey: queryKeys.me, queryFn: api.me, enabled: current !== null, staleTime: 60_000 });

  if (!current) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  if (me.isPending) return <FullPageSpin />;
  if (me.isError) {
    return (
      <Result
        status="error"
        title={t('shell.loadFailed')}
        subTitle={describeError(me.error)}
        extra={
          <Button type="primary" onClick={() => void me.refetch()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  return <MeContext.Provider value={me.data}>{children}</MeContext.Provider>;
}
