import { Button, Result } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router-dom';
import { useCan, useMe } from '../auth/me';
import { roleLabelKey } from '../i18n/labels';
import { allowedModules, type ConsoleModule } from '../modules';

/** `/` opens the first module the user may use; with none, it says so instead of showing a blank page. */
export function HomeRedirect() {
  const { t } = useTranslation();
  const me = useMe();
  const [first] = allowedModules(me.permissions);
  useDocumentTitle(t('shell.noModulesTitle'), !first);
  if (first) return <Navigate to={first.path} replace />;
  return (
    <Result
      status="info"
      title={t('shell.noModulesTitle')}
      subTitle={t('shell.noModulesText', { role: t(roleLabelKey(me.role)) })}
    />
  );
}

/** Shows `page` (the module's own page unless given) to those with the module's permission. */
export function RequirePermission({ module, page }: { module: ConsoleModule; page?: ConsoleModule['page'] }) {
  const { t } = useTranslation();
  const can = useCan();
  const allowed = can(module.permission);
  useDocumentTitle(t('shell.forbiddenTitle'), !allowed);
  if (!allowed) return <BackHomeResult status="403" title={t('shell.forbiddenTitle')} text={t('shell.forbiddenText')} />;
  const Page = page ?? module.page;
  return <Page />;
}

export function NotFoundPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('shell.notFoundTitle'), true);
  return <BackHomeResult status="404" title={t('shell.notFoundTitle')} text={t('shell.notFoundText')} />;
}

function useDocumentTitle(title: string, active: boolean): void {
  useEffect(() => {
    if (active) document.title = `${title} · LiveDesk`;
  }, [title, active]);
}

function BackHomeResult({ status, title, text }: { status: '403' | '404'; title: string; text: string }) {
  const { t } = useTranslation();
  return (
    <Result
      status={status}
      title={title}
      subTitle={text}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}
