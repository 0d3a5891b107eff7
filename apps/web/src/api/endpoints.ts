import type {
  AddMemberBody,
  ApiKeyView,
  AuditEntryView,
  AuthResult,
  BuyerView,
  CreateApiKeyBody,
  MemberView,
  MeView,
  OrgView,
  Permission,
  Role,
  UpdateMemberBody,
} from '@livedesk/contracts';
import { request } from './client';

// Response shapes the contracts package describes only as schemas.
export type Membership = MeView['orgs'][number];
export type CreatedApiKey = ApiKeyView & { key: string };
export interface RoleView {
  role: Role;
  permissions: Permission[];
}
export interface RolesResponse {
  items: RoleView[];
  permissions: Permission[];
}
export interface AuditFilters {
  actorId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: number;
  to?: number;
}
export interface AuditPage {
  items: AuditEntryView[];
  nextCursor: string | null;
}

export const api = {
  login: (body: { email: string; password: string; orgId?: string }) =>
    request<AuthResult>('POST', '/auth/login', { body, anonymous: true }),
  logout: (refreshToken: string) =>
    request<void>('POST', '/auth/logout', { body: { refreshToken }, anonymous: true }),
  switchOrg: (orgId: string) => request<AuthResult>('POST', '/auth/switch-org', { body: { orgId } }),

  me: () => request<MeView>('GET', '/me'),
  changePassword: (body: { currentPassword: string; newPassword: string }) =>
    request<void>('POST', '/me/password', { body }),

  createOrg: (body: { name: string; timezone?: string }) => request<OrgView>('POST', '/orgs', { body }),
  updateOrg: (body: { name?: string; timezone?: string }) => request<OrgView>('PATCH', '/org', { body }),

  listMembers: () => request<{ items: MemberView[] }>('GET', '/users'),
  addMember: (body: AddMemberBody) => request<MemberView>('POST', '/users', { body }),
  updateMember: (userId: string, body: UpdateMemberBody) =>
    request<MemberView>('PATCH', `/users/${encodeURIComponent(userId)}`, { body }),
  removeMember: (userId: string) => request<void>('DELETE', `/users/${encodeURIComponent(userId)}`),
  listRoles: () => request<RolesResponse>('GET', '/roles'),

  listApiKeys: () => request<{ items: ApiKeyView[] }>('GET', '/api-keys'),
  createApiKey: (body: CreateApiKeyBody) =>
    request<CreatedApiKey>('POST', '/api-keys', { body }),
  revokeApiKey: (id: string) => request<void>('DELETE', `/api-keys/${encodeURIComponent(id)}`),

  auditLog: (filters: AuditFilters, cursor: string | null, signal?: AbortSignal) =>
    request<AuditPage>('GET', '/audit-log', { query: { ...filters, cursor, limit: 50 }, signal }),

  findBuyersByPhone: (phone: string) => request<{ items: BuyerView[] }>('GET', '/buyers', { query: { phone } }),
  revealBuyer: (id: string) => request<BuyerView>('GET', `/buyers/${encodeURIComponent(id)}`, { query: { reveal: 1 } }),
};

export const queryKeys = {
  me: ['me'] as const,
  members: ['members'] as const,
  roles: ['roles'] as const,
  apiKeys: ['api-keys'] as const,
  audit: (filters: AuditFilters) => ['audit', filters] as const,
  buyers: (phone: string) => ['buyers', phone] as const,
};
