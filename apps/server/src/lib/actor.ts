import type { Permission, Role } from '@livedesk/contracts';

/**
 * Who is acting, resolved once per request from its credentials. Services receive it explicitly: it
 * scopes every query to `orgId`, answers permission checks and signs the audit log.
 */
export interface Actor {
  kind: 'user' | 'api_key' | 'buyer' | 'system';
  id: string;
  name: string | null;
  orgId: string;
  role: Role | null;
  /** staff permissions, or an API key's scopes (which include `events:ingest*`) */
  permissions: ReadonlySet<string>;
  ip: string | null;
  requestId: string | null;
}

export const can = (actor: Actor, permission: Permission): boolean => actor.permissions.has(permission);

export const systemActor = (orgId: string): Actor => ({
  kind: 'system',
  id: 'system',
  name: 'LiveDesk',
  orgId,
  role: null,
  permissions: new Set(),
  ip: null,
  requestId: null,
});
