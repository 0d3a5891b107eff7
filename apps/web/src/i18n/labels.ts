import {
  ingestScopes,
  type ApiKeyScope,
  type AuditEntryView,
  type Permission,
  type Role,
} from '@livedesk/contracts';
import type { ApiErrorCode } from '../api/client';

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
] as const;
export type KnownAuditAction = (typeof knownAuditActions)[number];
export const isKnownAuditAction = (action: string): action is KnownAuditAction =>
  (knownAuditActions as readonly string[]).includes(action);
export const auditActionLabelKey = (action: KnownAuditAction) => `auditAction.${action}` as const;

/** Target types offered in the audit filter; free text is accepted too. */
export const knownTargetTypes = ['user', 'api_key', 'org', 'buyer'] as const;
export type KnownTargetType = (typeof knownTargetTypes)[number];
export const isKnownTargetType = (targetType: string): targetType is KnownTargetType =>
  (knownTargetTypes as readonly string[]).includes(targetType);
export const targetTypeLabelKey = (targetType: KnownTargetType) => `targetType.${targetType}` as const;
