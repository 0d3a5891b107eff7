import { LockOutlined, MailOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { api } from '../api/endpoints';
import { session, useSession } from '../auth/session';
import { LogoMark } from '../components/LogoMark';
import { LanguageSwitch } from '../layout/LanguageSwitch';
import { retryAfterSeconds, useErrorMessage } from '../lib/errors';

interface LoginValues {
  email: string;
  password: string;
}

/** Where the user was headed before being sent to log in, if it was a page inside the console. */
function returnPath(state: unknown): string {
  if (typeof state === 'object' && state !== null && 'from' in state) {
    const from = (state as { from: unknown }).from;
    if (typeof from === 'string' && from.startsWith('/') && from !== '/login') return from;
  }
  return '/';
}

/** Seconds left until `deadline`, re-rendering every second while it is in the future. */
function useSecondsUntil(deadline: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (deadline === null) return;
    const timer = window.setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= deadline) window.clearInterval(timer);
    }, 1000);
    return () => window.clearInterval(timer);
  }, [deadline]);
  return deadline === null ? 0 : Math.max(0, Math.ceil((deadline - now) / 1000));
}

export function LoginPage() {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const current = useSession();
  const [retryAt, setRetryAt] = useState<number | null>(null);
  const waitSeconds = useSecondsUntil(retryAt);

  useEffect(() => {
    document.title = `${t('login.title')} · LiveDesk`;
  }, [t]);

  const login = useMutation({
    mutationFn: api.login,
    onSuccess: (result) => {
      // Nothing cached for a previous user may leak into this session.
      queryClient.clear();
      session.set(result);
      navigate(returnPath(location.state), { replace: true });
    },
    onError: (error) => {
      const seconds = retryAfterSeconds(error);
      setRetryAt(seconds === null ? null : Date.now() + seconds * 1000);
    },
  });

  if (current && !login.isPending) return <Navigate to={returnPath(location.state)} replace />;

  const errorText = (() => {
    if (!login.error) return null;
    if (waitSeconds > 0) return t('login.rateLimited', { seconds: waitSeconds });
    if (retryAt !== null) return null;
    return describeError(login.error, {
      unauthorized: t('login.invalidCredentials'),
      forbidden: t('login.accountDisabled'),
    });
  })();

  return (
    <div className="login-page">
      <div className="login-hero">
        <div className="login-hero-brand">
          <LogoMark size={36} />
          <span className="login-hero-name">{t('app.name')}</span>
        </div>
        <div className="login-hero-body">
          <Typography.Title level={2} className="login-hero-title">
            {t('login.heroTitle')}
          </Typography.Title>
          <Typography.Paragraph className="login-hero-text">{t('login.heroText')}</Typography.Paragraph>
          <ul className="login-hero-points">
            <li>{t('login.pointRoles')}</li>
            <li>{t('login.pointAudit')}</li>
            <li>{t('login.pointPrivacy')}</li>
          </ul>
        </div>
        <div className="login-hero-footer">{t('login.footer')}</div>
      </div>
      <div className="login-panel">
        <div className="login-panel-top">
          <LanguageSwitch />
        </div>
        <div className="login-card">
          <Typography.Title level={3} className="login-title">
            {t('login.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
          {errorText && <Alert type="error" showIcon title={errorText} className="login-error" />}
          <Form<LoginValues>
            name="login"
            layout="vertical"
            size="large"
            requiredMark={false}
            onFinish={(values) => login.mutate({ email: values.email.trim(), password: values.password })}
          >
            <Form.Item
              name="email"
              label={t('login.email')}
              rules={[
                { required: true, message: t('login.emailRequired') },
                { type: 'email', message: t('login.emailInvalid') },
              ]}
            >
              <Input
                data-testid="login-email"
                prefix={<MailOutlined />}
                placeholder={t('login.emailPlaceholder')}
                autoComplete="username"
                autoFocus
              />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('login.passwordRequired') }]}
            >
              <Input.Password
                data-testid="login-password"
                prefix={<LockOutlined />}
                placeholder={t('login.passwordPlaceholder')}
                autoComplete="current-password"
              />
            </Form.Item>
            <Button
              data-testid="login-submit"
              type="primary"
              htmlType="submit"
              block
              loading={login.isPending}
              disabled={waitSeconds > 0}
            >
              {waitSeconds > 0 ? t('login.waitButton', { seconds: waitSeconds }) : t('login.submit')}
            </Button>
          </Form>
          <div className="login-note">
            <SafetyCertificateOutlined /> {t('login.securityNote')}
          </div>
        </div>
      </div>
    </div>
  );
}
