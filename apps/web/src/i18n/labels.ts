import {
  ingestScopes,
  type AftersalesStatus,
  type AftersalesType,
  type ApiKeyScope,
  type AuditEntryView,
  type FulfillmentStatus,
  type OrderChannel,
  type OrderStatus,
  type PaymentProviderName,
  type PaymentState,
  type PaymentStatus,
  type Permission,
  type ProductStatus,
  type RefundState,
  type ReturnDisposition,
  type Role,
  type SkuStatus,
  type WaveStatus,
} from '@livedesk/contracts';
import type { ApiErrorCode } from '../api/client';
import type { CommonCarrier } from '../lib/carriers';
import type { Infer } from '../api/schemaTypes';

/*
 * Translation keys for values that come from the contract rather than from the console itself.
 * Components and the i18n test use the same functions, so the test proves every value has a label.
 */

export const roleLabelKey = (role: Role) => `role.${role}` as const;

export const permissionLabelKey = (permission: Permission) => `permission.${permission}` as const;

type IngestScope = (typeof ingestScopes)[number];
export const isIngestScope = (scope: ApiKeyScope): scope is IngestScope =>
  (ingestScopes as readonly string[]).includes(scope);

export const scopeLabelKey = (scope: ApiKeyScope) =>
  isIngestScope(scope) ? (`ingestScope.${scope}` as const) : permissionLabelKey(scope);

export const errorMessageKey = (code: ApiErrorCode) => `error.${code}` as const;

export const actorTypeLabelKey = (actorType: AuditEntryView['actorType']) => `actorType.${actorType}` as const;

/** Permissions grouped by the part of the business they govern, for the role matrix. */
export const permissionAreas = ['organisation', 'buyers', 'catalog', 'trade', 'live', 'insight'] as const;
export type PermissionArea = (typeof permissionAreas)[number];

export const permissionArea: Record<Permission, PermissionArea> = {
  'org:manage': 'organisation',
  'users:read': 'organisation',
  'users:manage': 'organisation',
  'apikeys:manage': 'organisation',
  'audit:read': 'organisation',
  'buyers:read': 'buyers',
  'pii:read': 'buyers',
  'catalog:read': 'catalog',
  'catalog:write': 'catalog',
  'inventory:read': 'catalog',
  'inventory:write': 'catalog',
  'orders:read': 'trade',
  'orders:write': 'trade',
  'payments:refund': 'trade',
  'fulfillment:read': 'trade',
  'fulfillment:write': 'trade',
  'aftersales:read': 'trade',
  'aftersales:write': 'trade',
  'live:read': 'live',
  'live:manage': 'live',
  'live:moderate': 'live',
  'analytics:read': 'insight',
  'reviews:write': 'insight',
  'alerts:manage': 'insight',
  'connectors:manage': 'insight',
};

export const permissionAreaLabelKey = (area: PermissionArea) => `permissionArea.${area}` as const;

/** Audit actions the console has words for; others are shown by their code. */
export const knownAuditActions = [
  'auth.login',
  'org.create',
  'org.update',
  'user.add',
  'user.update',
  'user.remove',
  'user.change_password',
  'apikey.create',
  'apikey.revoke',
  'buyer.reveal_pii',
  'product.create',
  'product.update',
  'product.status',
  'product.import',
  'sku.create',
  'sku.update',
  'category.create',
  'category.update',
  'category.delete',
  'brand.create',
  'brand.update',
  'brand.delete',
  'stock.inbound',
  'stock.adjustment',
  'stock.write_off',
  'stock.settings',
  'stock.campaign_carve',
  'stock.campaign_return',
  'warehouse.create',
  'warehouse.update',
  'order.reveal_pii',
  'order.refund',
  'order.deliver',
  'order.complete',
  'commerce.settings',
  'wave.create',
  'wave.picked',
  'wave.close',
  'wave.print',
  'shipment.create',
  'shipment.import',
  'aftersales.approve',
  'aftersales.reject',
  'aftersales.receive',
  'aftersales.refund',
  'aftersales.close',
  'aftersales.replacement',
  'aftersales.auto_approve',
  'alert.rule.create',
  'alert.rule.update',
  'alert.rule.delete',
  'alert.channel.create',
  'alert.channel.update',
  'alert.channel.delete',
  'alert.acknowledge',
] as const;
export type KnownAuditAction = (typeof knownAuditActions)[number];
export const isKnownAuditAction = (action: string): action is KnownAuditAction =>
  (knownAuditActions as readonly string[]).includes(action);
export const auditActionLabelKey = (action: KnownAuditAction) => `auditAction.${action}` as const;

/** Target types offered in the audit filter; free text is accepted too. */
export const knownTargetTypes = [
  'user',
  'api_key',
  'org',
  'buyer',
  'product',
  'sku',
  'category',
  'brand',
  'warehouse',
  'campaign_stock',
  'order',
  'wave',
  'aftersales',
] as const;
export type KnownTargetType = (typeof knownTargetTypes)[number];
export const isKnownTargetType = (targetType: string): targetType is KnownTargetType =>
  (knownTargetTypes as readonly string[]).includes(targetType);
export const targetTypeLabelKey = (targetType: KnownTargetType) => `targetType.${targetType}` as const;

const actorTypes = ['user', 'api_key', 'buyer', 'system'] as const;
export const isActorType = (value: string): value is AuditEntryView['actorType'] =>
  (actorTypes as readonly string[]).includes(value);

// ---- commerce

export const orderStatusLabelKey = (status: OrderStatus) => `orderStatus.${status}` as const;
export const paymentStatusLabelKey = (status: OrderPaymentStatus) => `paymentStatus.${status}` as const;
export const fulfillmentStatusLabelKey = (status: OrderFulfillmentStatus) => `fulfillmentStatus.${status}` as const;
export const channelLabelKey = (channel: OrderChannelName) => `orderChannel.${channel}` as const;
export const productStatusLabelKey = (status: ProductStatus) => `productStatus.${status}` as const;
export const skuStatusLabelKey = (status: SkuStatus) => `skuStatus.${status}` as const;
export const paymentStateLabelKey = (state: PaymentStateName) => `paymentState.${state}` as const;
export const refundStateLabelKey = (state: RefundStateName) => `refundState.${state}` as const;
export const paymentProviderLabelKey = (provider: PaymentProvider) => `paymentProvider.${provider}` as const;

export type OrderPaymentStatus = Infer<typeof PaymentStatus>;
export type OrderFulfillmentStatus = Infer<typeof FulfillmentStatus>;
export type OrderChannelName = Infer<typeof OrderChannel>;
export type PaymentStateName = Infer<typeof PaymentState>;
export type RefundStateName = Infer<typeof RefundState>;
export type PaymentProvider = Infer<typeof PaymentProviderName>;

/**
 * Why an order was cancelled, as the server stores it (`cancelReason`). `refunded` (every unit refunded
 * before shipping) is written by fulfilment but is not in the contract's `CancelReason` enum.
 */
export const cancelReasons = ['timeout', 'buyer', 'staff', 'payment_failed', 'refunded'] as const;
export type CancelReasonName = (typeof cancelReasons)[number];
export const isCancelReason = (value: string): value is CancelReasonName =>
  (cancelReasons as readonly string[]).includes(value);
export const cancelReasonLabelKey = (reason: CancelReasonName) => `cancelReason.${reason}` as const;

/** Kinds of stock ledger rows the console has words for; others are shown by their code. */
export const ledgerKinds = [
  'inbound',
  'return',
  'adjustment',
  'write_off',
  'reservation',
  'release',
  'shipment',
  'campaign_carve',
  'campaign_return',
] as const;
export type LedgerKind = (typeof ledgerKinds)[number];
export const isLedgerKind = (kind: string): kind is LedgerKind => (ledgerKinds as readonly string[]).includes(kind);
export const ledgerKindLabelKey = (kind: LedgerKind) => `ledgerKind.${kind}` as const;

/** What a ledger row or a timeline row refers to. */
export const refTypes = ['manual', 'order', 'product', 'live_session', 'flash_sale', 'aftersales', 'shipment', 'wave'] as const;
export type RefType = (typeof refTypes)[number];
export const isRefType = (type: string): type is RefType => (refTypes as readonly string[]).includes(type);
export const refTypeLabelKey = (type: RefType) => `refType.${type}` as const;

/** Kinds of order timeline rows the console has words for. */
export const orderEventKinds = ['transition', 'payment', 'refund', 'shipment', 'delivery', 'aftersales', 'note'] as const;
export type OrderEventKind = (typeof orderEventKinds)[number];
export const isOrderEventKind = (kind: string): kind is OrderEventKind =>
  (orderEventKinds as readonly string[]).includes(kind);
export const orderEventKindLabelKey = (kind: OrderEventKind) => `orderEvent.${kind}` as const;

// ---- fulfilment and after-sales

export const waveStatusLabelKey = (status: WaveStatus) => `waveStatus.${status}` as const;
export const carrierLabelKey = (carrier: CommonCarrier) => `carrier.${carrier}` as const;
export const aftersalesStatusLabelKey = (status: AftersalesStatus) => `aftersalesStatus.${status}` as const;
export const aftersalesTypeLabelKey = (type: AftersalesType) => `aftersalesType.${type}` as const;
export const dispositionLabelKey = (disposition: ReturnDisposition) => `disposition.${disposition}` as const;
export const shipmentStatusLabelKey = (status: 'shipped' | 'delivered') => `shipmentStatus.${status}` as const;
