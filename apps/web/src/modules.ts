import {
  ApartmentOutlined,
  AuditOutlined,
  ContactsOutlined,
  KeyOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { Permission } from '@livedesk/contracts';
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/** A console module: one page, one menu entry, guarded by one permission. */
export interface ConsoleModule {
  path: string;
  permission: Permission;
  labelKey: 'nav.users' | 'nav.apiKeys' | 'nav.audit' | 'nav.buyers' | 'nav.org';
  testId: string;
  icon: ComponentType;
  page: LazyExoticComponent<ComponentType>;
}

// Listed in menu order; `/` lands on the first one the user may open.
export const consoleModules: readonly ConsoleModule[] = [
  {
    path: '/users',
    permission: 'users:read',
    labelKey: 'nav.users',
    testId: 'nav-users',
    icon: TeamOutlined,
    page: lazy(() => import('./pages/users/UsersPage').then((m) => ({ default: m.UsersPage }))),
  },
  {
    path: '/api-keys',
    permission: 'apikeys:manage',
    labelKey: 'nav.apiKeys',
    testId: 'nav-api-keys',
    icon: KeyOutlined,
    page: lazy(() => import('./pages/api-keys/ApiKeysPage').then((m) => ({ default: m.ApiKeysPage }))),
  },
  {
    path: '/audit',
    permission: 'audit:read',
    labelKey: 'nav.audit',
    testId: 'nav-audit',
    icon: AuditOutlined,
    page: lazy(() => import('./pages/audit/AuditLogPage').then((m) => ({ default: m.AuditLogPage }))),
  },
  {
    path: '/buyers',
    permission: 'buyers:read',
    labelKey: 'nav.buyers',
    testId: 'nav-buyers',
    icon: ContactsOutlined,
    page: lazy(() => import('./pages/buyers/BuyersPage').then((m) => ({ default: m.BuyersPage }))),
  },
  {
    path: '/org',
    permission: 'org:manage',
    labelKey: 'nav.org',
    testId: 'nav-org',
    icon: ApartmentOutlined,
    page: lazy(() => import('./pages/org/OrgSettingsPage').then((m) => ({ default: m.OrgSettingsPage }))),
  },
];

export const allowedModules = (permissions: readonly Permission[]): ConsoleModule[] =>
  consoleModules.filter((module) => permissions.includes(module.permission));
