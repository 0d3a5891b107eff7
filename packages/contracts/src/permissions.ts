import { z } from 'zod';

/**
 * Roles and fine-grained permissions, in one table that the server enforces and the console reads to
 * decide what it shows. A role is only a name for a set of permissions.
 */
export const permissions = [
  'org:manage',
  'users:read',
  'users:manage',
  'apikeys:manage',
  'audit:read',
  'pii:read',
  'buyers:read',
  'catalog:read',
  'catalog:write',
  'inventory:read',
  'inventory:write',
  'orders:read',
  'orders:write',
  'payments:refund',
  'fulfillment:read',
  'fulfillment:write',
  'aftersales:read',
  'aftersales:write',
  'live:read',
  'live:manage',
  'live:moderate',
  'analytics:read',
  /** notes on a post-live review and its share links */
  'reviews:write',
  'alerts:manage',
  'connectors:manage',
] as const;
export const Permission = z.enum(permissions);
export type Permission = z.infer<typeof Permission>;

export const roles = [
  'owner',
  'admin',
  'operator', // 运营
  'anchor', // 主播
  'customer_service', // 客服
  'finance', // 财务
  'warehouse', // 仓库
  'analyst', // 分析师
] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;

const all = permissions;

export const rolePermissions: Record<Role, readonly Permission[]> = {
  owner: all,
  // Everything but the org itself (rename, timezone, deletion) stays with the owners.
  admin: all.filter((p) => p !== 'org:manage'),
  operator: [
    'catalog:read', 'catalog:write', 'inventory:read', 'orders:read', 'buyers:read',
    'fulfillment:read', 'aftersales:read', 'live:read', 'live:manage', 'live:moderate',
    'analytics:read', 'reviews:write', 'alerts:manage', 'users:read',
  ],
  anchor: ['catalog:read', 'live:read', 'live:moderate', 'analytics:read'],
  customer_service: [
    'catalog:read', 'orders:read', 'orders:write', 'buyers:read', 'pii:read',
    'aftersales:read', 'aftersales:write', 'live:read', 'live:moderate',
  ],
  finance: [
    'orders:read', 'payments:refund', 'aftersales:read', 'analytics:read', 'audit:read', 'buyers:read',
  ],
  // The warehouse prints shipping labels, so it reads addresses (pii:read), and receives returns.
  warehouse: [
    'catalog:read', 'inventory:read', 'inventory:write', 'orders:read', 'fulfillment:read',
    'fulfillment:write', 'buyers:read', 'pii:read', 'aftersales:read',
  ],
  analyst: [
    'catalog:read', 'inventory:read', 'orders:read', 'fulfillment:read', 'aftersales:read',
    'live:read', 'analytics:read', 'reviews:write',
  ],
};

export const hasPermission = (role: Role, permission: Permission): boolean =>
  rolePermissions[role].includes(permission);

/** Scopes an API key may carry: any permission, plus event ingestion for servers and SDKs. */
export const ingestScopes = ['events:ingest', 'events:ingest:trusted'] as const;
export const apiKeyScopes = [...ingestScopes, ...permissions] as const;
export const ApiKeyScope = z.enum(apiKeyScopes);
export type ApiKeyScope = z.infer<typeof ApiKeyScope>;
