import { Layout, Menu } from 'antd';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { useMe } from '../auth/me';
import { FullPageSpin } from '../components/FullPageSpin';
import { LogoMark } from '../components/LogoMark';
import { allowedModules } from '../modules';
import { LanguageSwitch } from './LanguageSwitch';
import { OrgSwitcher } from './OrgSwitcher';
import { UserMenu } from './UserMenu';

export function AppShell() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);

  const modules = allowedModules(me.permissions);
  const selected = modules.find((module) => location.pathname.startsWith(module.path));
  const menuItems = modules.map((module) => ({
    key: module.path,
    icon: <module.icon />,
    label: (
      <Link to={module.path} data-testid={module.testId}>
        {t(module.labelKey)}
      </Link>
    ),
  }));

  return (
    <Layout className="shell">
      <Layout.Sider
        className="shell-sider"
        theme="light"
        width={220}
        collapsedWidth={64}
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
      >
        <Link to="/" className="brand">
          <LogoMark />
          {!collapsed && (
            <span className="brand-text">
              <span className="brand-name">{t('app.name')}</span>
              <span className="brand-tagline">{t('app.tagline')}</span>
            </span>
          )}
        </Link>
        <Menu
          className="shell-menu"
          mode="inline"
          items={menuItems}
          selectedKeys={selected ? [selected.path] : []}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="shell-header">
          <OrgSwitcher />
          <div className="shell-header-actions">
            <LanguageSwitch />
            <UserMenu />
          </div>
        </Layout.Header>
        <Layout.Content className="shell-content">
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
