import { useQuery } from '@tanstack/react-query';
import { Button, Result, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router-dom';
import { api, queryKeys } from '../api/endpoints';
import { AppShell } from '../layout/AppShell';
import { FullPageSpin } from '../components/FullPageSpin';
import { useErrorMessage } from '../lib/errors';
import { MeContext } from './me';
import { session, useSession } from './session';

/** Everything behind the login: needs tokens, then the profile that decides what the shell shows. */
export function RequireAuth() {
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
          <Space>
            <Button type="primary" onClick={() => void me.refetch()}>
              {t('common.retry')}
            </Button>
            <Button onClick={() => session.clear()}>{t('header.logout')}</Button>
          </Space>
        }
      />
    );
  }
  return (
    <MeContext.Provider value={me.data}>
      <AppShell />
    </MeContext.Provider>
  );
}
