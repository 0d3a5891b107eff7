/*
 * Stable `data-testid`s of the commerce pages, for end-to-end tests (keep them when refactoring):
 *
 *   navigation   nav-products, nav-inventory, nav-orders, nav-fulfillment, nav-aftersales
 *   products     products-table, product-new, product-edit (per row), product-title, spec-add,
 *                spec-name-<i>, spec-values-<i> (Select in tags mode), sku-matrix, sku-code-<i>,
 *                sku-price-<i>, sku-stock-<i>, product-save, products-bulk-list, products-bulk-delist,
 *                products-import, products-export, import-report
 *   inventory    stock-table, stock-adjust (per row), stock-ledger (per row), adjust-kind, adjust-quantity,
 *                adjust-reason, adjust-submit, ledger-table, warehouses-table, warehouse-new
 *   orders       orders-table, order-link (per row), order-timeline, order-reveal, order-cancel,
 *                payments-table, payment-simulate-success, payment-simulate-fail, order-refund,
 *                refund-amount, refund-reason, refund-submit
 *   fulfilment   wave-create, waves-table, wave-print, ship-open, ship-carrier, ship-tracking, ship-submit,
 *                shipments-import
 *   after-sales  aftersales-table, aftersales-approve, aftersales-reject, aftersales-receive,
 *                aftersales-refund, aftersales-close
 *   settings     commerce-timeout, commerce-autoapprove, commerce-save
 *
 * Indexes (<i>) count from 0 in the order the rows are shown.
 */
import {
  ApartmentOutlined,
  AuditOutlined,
  ContactsOutlined,
  CustomerServiceOutlined,
  DatabaseOutlined,
  KeyOutlined,
  ProfileOutlined,
  SendOutlined,
  ShoppingOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { Permission } from '@livedesk/contracts';
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

type Page = LazyExoticComponent<ComponentType>;

export type NavLabelKey =
  | 'nav.products'
  | 'nav.inventory'
  | 'nav.orders'
  | 'nav.fulfillment'
  | 'nav.aftersales'
  | 'nav.users'
  | 'nav.apiKeys'
  | 'nav.audit'
  | 'nav.buyers'
  | 'nav.org';

/** Menu sections, in order. */
export const navGroups = ['commerce', 'admin'] as const;
export type NavGroup = (typeof navGroups)[number];
export const navGroupLabelKey = (group: NavGroup) => `navGroup.${group}` as const;

/** A console module: one page, one menu entry, guarded by one permission. */
export interface ConsoleModule {
  path: string;
  permission: Permission;
  labelKey: NavLabelKey;
  group: NavGroup;
  testId: string;
  icon: ComponentType;
  page: Page;
  /** Pages below the module's own (`/orders/:id`), behind the same permission. */
  subpages?: readonly { path: string; page: Page }[];
}

// Listed in menu order; `/` lands on the first one the user may open.
export const consoleModules: readonly ConsoleModule[] = [
  {
    path: '/products',
    permission: 'catalog:read',
    labelKey: 'nav.products',
    group: 'commerce',
    testId: 'nav-products',
    icon: ShoppingOutlined,
    page: lazy(() => import('./pages/products/ProductsPage').then((m) => ({ default: m.ProductsPage }))),
  },
  {
    path: '/inventory',
    permission: 'inventory:read',
    labelKey: 'nav.inventory',
    group: 'commerce',
    testId: 'nav-inventory',
    icon: DatabaseOutlined,
    page: lazy(() => import('./pages/inventory/InventoryPage').then((m) => ({ default: m.InventoryPage }))),
  },
  {
    path: '/orders',
    permission: 'orders:read',
    labelKey: 'nav.orders',
    group: 'commerce',
    testId: 'nav-orders',
    icon: ProfileOutlined,
    page: lazy(() => import('./pages/orders/OrdersPage').then((m) => ({ default: m.OrdersPage }))),
    subpages: [
      {
        path: ':orderId',
        page: lazy(() => import('./pages/orders/OrderDetailPage').then((m) => ({ default: m.OrderDetailPage }))),
      },
    ],
  },
  {
    path: '/fulfillment',
    permission: 'fulfillment:read',
    labelKey: 'nav.fulfillment',
    group: 'commerce',
    testId: 'nav-fulfillment',
    icon: SendOutlined,
    page: lazy(() => import('./pages/fulfillment/FulfillmentPage').then((m) => ({ default: m.FulfillmentPage }))),
    subpages: [
      {
        path: 'waves/:waveId',
        page: lazy(() => import('./pages/fulfillment/WaveDetailPage').then((m) => ({ default: m.WaveDetailPage }))),
      },
    ],
  },
  {
    path: '/aftersales',
    permission: 'aftersales:read',
    labelKey: 'nav.aftersales',
    group: 'commerce',
    testId: 'nav-aftersales',
    icon: CustomerServiceOutlined,
    page: lazy(() => import('./pages/aftersales/AftersalesPage').then((m) => ({ default: m.AftersalesPage }))),
    subpages: [
      {
        path: ':caseId',
        page: lazy(() => import('./pages/aftersales/AftersalesDetailPage').then((m) => ({ default: m.AftersalesDetailPage }))),
      },
    ],
  },
  {
    path: '/buyers',
    permission: 'buyers:read',
    labelKey: 'nav.buyers',
    group: 'commerce',
    testId: 'nav-buyers',
    icon: ContactsOutlined,
    page: lazy(() => import('./pages/buyers/BuyersPage').then((m) => ({ default: m.BuyersPage }))),
  },
  {
    path: '/users',
    permission: 'users:read',
    labelKey: 'nav.users',
    group: 'admin',
    testId: 'nav-users',
    icon: TeamOutlined,
    page: lazy(() => import('./pages/users/UsersPage').then((m) => ({ default: m.UsersPage }))),
  },
  {
    path: '/api-keys',
    permission: 'apikeys:manage',
    labelKey: 'nav.apiKeys',
    group: 'admin',
    testId: 'nav-api-keys',
    icon: KeyOutlined,
    page: lazy(() => import('./pages/api-keys/ApiKeysPage').then((m) => ({ default: m.ApiKeysPage }))),
  },
  {
    path: '/audit',
    permission: 'audit:read',
    labelKey: 'nav.audit',
    group: 'admin',
    testId: 'nav-audit',
    icon: AuditOutlined,
    page: lazy(() => import('./pages/audit/AuditLogPage').then((m) => ({ default: m.AuditLogPage }))),
  },
  {
    path: '/org',
    permission: 'org:manage',
    labelKey: 'nav.org',
    group: 'admin',
    testId: 'nav-org',
    icon: ApartmentOutlined,
    page: lazy(() => import('./pages/org/OrgSettingsPage').then((m) => ({ default: m.OrgSettingsPage }))),
  },
];

export const allowedModules = (permissions: readonly Permission[]): ConsoleModule[] =>
  consoleModules.filter((module) => permissions.includes(module.permission));

/** The module a location belongs to: `/orders/123` is in `/orders`, `/org` is not in `/orders`. */
export const moduleOfPath = (modules: readonly ConsoleModule[], pathname: string): ConsoleModule | undefined =>
  modules.find((module) => pathname === module.path || pathname.startsWith(`${module.path}/`));
