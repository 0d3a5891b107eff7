import { useQuery } from '@tanstack/react-query';
import { Button, Result, Space } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router-dom';
import { api, queryKeys } from '../api/endpoints';
import { AppShell } from '../layout/AppShell';
import { FullPageSpin } from '../components/FullPageSpin';
import { useErrorMessage } from '../lib/errors';
import { MeContext } from './me';
import { session, useSession } from './session';

/**
 * What a signed-in member's view needs: tokens, then the profile that decides what it may show. The
 * console wraps its shell in it; the big screen, full-window on a display of its own, wraps itself.
 */
export function SignedIn({ children }: { children: ReactNode }) {
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
  return <MeContext.Provider value={me.data}>{children}</MeContext.Provider>;
}

/** Everything behind the login, in the console's shell. */
export function RequireAuth() {
  return (
    <SignedIn>
      <AppShell />
    </SignedIn>
  );
}
