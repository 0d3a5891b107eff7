/*
 * Stable `data-testid`s of the commerce pages, for end-to-end tests (keep them when refactoring).
 * <i> counts from 0 in the order rows are shown; "per row" ids repeat on every row of their table.
 *
 *   navigation   nav-products, nav-inventory, nav-orders, nav-fulfillment, nav-aftersales
 *   products     products-table, products-search, products-status, product-new, product-edit (per row),
 *                products-bulk-bar, products-bulk-list, products-bulk-delist, products-bulk-submit,
 *                products-import, products-import-file (wraps the file input), import-report, products-export,
 *                categories-table, category-new, brands-table, brand-new
 *   editor       product-title, product-category, product-brand, product-images, product-image-add,
 *                spec-add, spec-name-<i>, spec-values-<i> (Select in tags mode: type, then Enter),
 *                spec-remove-<i>, sku-matrix, sku-code-<i>, sku-price-<i>, sku-cost-<i>,
 *                sku-stock-<i> (new SKUs only), sku-enabled-<i>, sku-batch-apply, product-save
 *   inventory    stock-table, stock-search, stock-low-only, stock-low (flag), stock-adjust (per row),
 *                stock-ledger (per row), adjust-kind, adjust-quantity, adjust-reason, adjust-submit,
 *                ledger-table, ledger-order-link, warehouses-table, warehouse-new
 *   orders       orders-table, orders-search, orders-status, order-link (per row), order-lines,
 *                order-timeline, order-timeline-event, order-reveal, order-cancel, order-cancel-submit,
 *                order-refund, refund-amount, refund-reason, refund-submit, order-ship, order-deliver,
 *                order-complete, payments-table, refunds-table, payment-simulate-success,
 *                payment-simulate-fail, shipments-table, order-aftersales
 *   fulfilment   to-ship-table, wave-create, waves-table, wave-link, pick-list, wave-orders, wave-print,
 *                wave-print-slips, wave-print-frame, wave-print-submit, wave-picked, wave-close,
 *                ship-open (per row / slip), ship-carrier, ship-tracking, ship-partial, ship-submit,
 *                shipments-import (wraps the file input), shipments-import-report
 *   after-sales  aftersales-table, aftersales-status, aftersales-link, aftersales-sla, aftersales-approve,
 *                aftersales-reject, aftersales-reject-reason, aftersales-reject-submit, aftersales-receive,
 *                aftersales-disposition, aftersales-receive-submit, aftersales-refund,
 *                aftersales-refund-confirm, aftersales-replacement, aftersales-replacement-submit,
 *                aftersales-close, aftersales-close-submit, aftersales-evidence
 *   settings     commerce-timeout, commerce-autoapprove-switch, commerce-autoapprove, commerce-save
 *   live         nav-live, live-sessions-table, live-session-new, live-console-link (per row; also on the
 *                session page), live-title, live-cover-url, live-anchors, live-planned-start, live-planned-end,
 *                live-lineup-add, live-lineup-item, live-lineup-price / live-lineup-stock (per SKU row),
 *                live-picker-search, live-picker-table, live-picker-submit, live-save, live-obs-panel,
 *                live-ingest-url, live-stream-key (+ -toggle, -copy), live-rotate-key, live-play-url, live-room-url
 *   中控台       console-start, console-end, console-connection, console-stream-health, console-online,
 *                console-likes, console-orders, console-gmv, console-pin (per product), console-comments,
 *                console-comment-item, console-comment-input, console-flash-new, console-flash-table,
 *                console-flash-submit, console-lottery-new, console-lottery-submit, console-lottery-item,
 *                console-announcement, console-announcement-save, console-slow-mode, console-queue,
 *                console-settings, console-ctb-save, console-bot-save, console-open-screen, console-uv,
 *                console-buyers, console-interaction-rate, console-click-to-pay (metric cards also carry
 *                data-metric="<metricId>" and data-value with the raw number)
 *   大屏         big-screen (data-connection, data-as-of), screen-title, screen-status, screen-clock,
 *                screen-online (data-value), every registry number of the whole show as
 *                [data-metric="<id>"][data-value] (as GET /live-sessions/:id/metrics has it), a 10-minute
 *                window's as [data-window-metric="<id>"], screen-gmv, screen-funnel, screen-funnel-rate,
 *                screen-window, screen-window-card,
 *                screen-trend, screen-chart-traffic, screen-chart-gmv, screen-marker-count (data-value),
 *                screen-products, screen-product (data-product-id), screen-comments, screen-comment,
 *                screen-refusal (data-code), metric-tooltip
 *   告警         nav-alerts, alerts-table, alerts-status, alert-ack (per row), alert-rules-table, alert-rule-new,
 *                alert-rule-name, alert-rule-metric, alert-rule-kind, alert-rule-value, alert-rule-save,
 *                alert-channels-table, alert-channel-new, alert-channel-name, alert-channel-url,
 *                alert-channel-secret, alert-channel-save, alert-channel-test (per row)
 *   复盘         live-review-link (live list per ended row, session page, 中控台), review-page (data-review-ready
 *                "true" once loaded and every chart drew; data-review-error=<code> when it failed), review-title,
 *                review-revision, review-metric (per card, data-metric + data-value), review-curves, review-segments,
 *                review-stay, review-funnel, review-products, review-explanation (per 讲解 row), review-anchors
 *                (data-source), review-peaks, review-wordcloud, review-questions, review-sentiment,
 *                review-compare-picker, review-comparison, review-note (per section, data-section),
 *                review-note-save, review-export-xlsx, review-export-pdf, review-share, review-share-hours,
 *                review-share-create, review-share-url, review-share-copy, review-share-item, review-share-revoke
 */
import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  ContactsOutlined,
  CustomerServiceOutlined,
  DatabaseOutlined,
  FunnelPlotOutlined,
  KeyOutlined,
  ProfileOutlined,
  SendOutlined,
  ShoppingOutlined,
  TableOutlined,
  TeamOutlined,
  VideoCameraOutlined,
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
  | 'nav.live'
  | 'nav.alerts'
  | 'nav.funnel'
  | 'nav.retention'
  | 'nav.users'
  | 'nav.apiKeys'
  | 'nav.audit'
  | 'nav.buyers'
  | 'nav.org';

/** Menu sections, in order. */
export const navGroups = ['commerce', 'analytics', 'admin'] as const;
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

// One page object for creating and editing a show: after "create" the URL moves to the new id and the
// page stays mounted, instead of waiting on a second lazy load while the old form is still on screen.
const liveSessionPage = lazy(() => import('./pages/live/LiveSessionEditPage').then((m) => ({ default: m.LiveSessionEditPage })));

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
    // Not `/live`: that is the viewer page (`/live/:sessionId`), served outside the console.
    path: '/live-sessions',
    permission: 'live:read',
    labelKey: 'nav.live',
    group: 'commerce',
    testId: 'nav-live',
    icon: VideoCameraOutlined,
    page: lazy(() => import('./pages/live/LiveSessionsPage').then((m) => ({ default: m.LiveSessionsPage }))),
    subpages: [
      { path: 'new', page: liveSessionPage },
      { path: ':sessionId', page: liveSessionPage },
      {
        path: ':sessionId/console',
        page: lazy(() => import('./pages/live/console/ControlConsolePage').then((m) => ({ default: m.ControlConsolePage }))),
      },
      { path: ':sessionId/review', page: lazy(() => import('./pages/review/ReviewPage').then((m) => ({ default: m.ReviewPage }))) },
    ],
  },
  {
    path: '/alerts',
    permission: 'analytics:read',
    labelKey: 'nav.alerts',
    group: 'commerce',
    testId: 'nav-alerts',
    icon: AlertOutlined,
    page: lazy(() => import('./pages/alerts/AlertsPage').then((m) => ({ default: m.AlertsPage }))),
  },
  {
    path: '/analytics/funnel',
    permission: 'analytics:read',
    labelKey: 'nav.funnel',
    group: 'analytics',
    testId: 'nav-funnel',
    icon: FunnelPlotOutlined,
    page: lazy(() => import('./pages/analytics/FunnelPage').then((m) => ({ default: m.FunnelPage }))),
  },
  {
    path: '/analytics/retention',
    permission: 'analytics:read',
    labelKey: 'nav.retention',
    group: 'analytics',
    testId: 'nav-retention',
    icon: TableOutlined,
    page: lazy(() => import('./pages/analytics/RetentionPage').then((m) => ({ default: m.RetentionPage }))),
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
