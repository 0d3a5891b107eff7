import { Layout, Menu, type MenuProps } from 'antd';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { useMe } from '../auth/me';
import { FullPageSpin } from '../components/FullPageSpin';
import { LogoMark } from '../components/LogoMark';
import { allowedModules, moduleOfPath, navGroupLabelKey, navGroups, type ConsoleModule } from '../modules';
import { AlertNotifier } from '../pages/alerts/AlertNotifier';
import { LanguageSwitch } from './LanguageSwitch';
import { OrgSwitcher } from './OrgSwitcher';
import { UserMenu } from './UserMenu';

export function AppShell() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);

  const modules = allowedModules(me.permissions);
  const selected = moduleOfPath(modules, location.pathname);
  const menuItem = (module: ConsoleModule) => ({
    key: module.path,
    icon: <module.icon />,
    label: (
      <Link to={module.path} data-testid={module.testId}>
        {t(module.labelKey)}
      </Link>
    ),
  });
  // Sections with a heading; collapsed, the headings give way to a divider.
  const menuItems: MenuProps['items'] = navGroups.flatMap((group) => {
    const members = modules.filter((module) => module.group === group);
    if (members.length === 0) return [];
    return [{ key: group, type: 'group' as const, label: collapsed ? null : t(navGroupLabelKey(group)), children: members.map(menuItem) }];
  });

  return (
    <Layout className="shell">
      <AlertNotifier />
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
