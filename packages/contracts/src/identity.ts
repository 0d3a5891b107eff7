import { z } from 'zod';
import { ApiKeyScope, apiKeyScopes, Permission, Role } from './permissions.js';

const email = z.email().max(254).transform((s) => s.toLowerCase());
/** Long passphrases are welcome; the upper bound only keeps hashing cheap to refuse. */
const newPassword = z.string().min(10).max(200);

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};
/** An IANA time zone such as `Asia/Shanghai`; the org's numbers are cut into days in it. */
export const TimeZone = z.string().max(64).refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai');

export const OrgView = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  timezone: z.string(),
  createdAt: z.number().int(),
});
export type OrgView = z.infer<typeof OrgView>;

export const UserView = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  createdAt: z.number().int(),
});
export type UserView = z.infer<typeof UserView>;

export const LoginBody = z.strictObject({
  email,
  password: z.string().min(1).max(200),
  orgId: z.string().optional(),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const RefreshBody = z.strictObject({ refreshToken: z.string().min(1).max(200) });
export const SwitchOrgBody = z.strictObject({ orgId: z.string().min(1) });

export const AuthResult = z.object({
  token: z.string(),
  /** epoch ms at which `token` stops working; use `refreshToken` before then */
  expiresAt: z.number().int(),
  refreshToken: z.string(),
  refreshExpiresAt: z.number().int(),
  user: UserView,
  org: OrgView,
});
export type AuthResult = z.infer<typeof AuthResult>;

export const Membership = z.object({ org: OrgView, role: Role });

export const MeView = z.object({
  user: UserView,
  org: OrgView,
  role: Role,
  permissions: z.array(Permission),
  orgs: z.array(Membership),
});
export type MeView = z.infer<typeof MeView>;

export const ChangePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword,
});

export const CreateOrgBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  timezone: TimeZone.optional(),
});
export const UpdateOrgBody = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  timezone: TimeZone.optional(),
});

export const MemberStatus = z.enum(['active', 'disabled']);
export const MemberView = z.object({
  user: UserView,
  role: Role,
  status: MemberStatus,
  joinedAt: z.number().int(),
});
export type MemberView = z.infer<typeof MemberView>;

export const AddMemberBody = z.strictObject({
  email,
  name: z.string().trim().min(1).max(100),
  role: Role,
  /** Needed only when the email has no account yet; otherwise the existing account joins the org. */
  password: newPassword.optional(),
});
export type AddMemberBody = z.infer<typeof AddMemberBody>;

export const UpdateMemberBody = z.strictObject({
  role: Role.optional(),
  status: MemberStatus.optional(),
});
export type UpdateMemberBody = z.infer<typeof UpdateMemberBody>;

export const RoleView = z.object({ role: Role, permissions: z.array(Permission) });

export const CreateApiKeyBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(ApiKeyScope).min(1).max(apiKeyScopes.length),
  expiresAt: z.number().int().optional(),
});
export type CreateApiKeyBody = z.infer<typeof CreateApiKeyBody>;

export const ApiKeyView = z.object({
  id: z.string(),
  name: z.string(),
  /** the first characters of the key, enough to recognise it; the key itself is shown only once */
  prefix: z.string(),
  scopes: z.array(ApiKeyScope),
  createdAt: z.number().int(),
  createdBy: z.string(),
  lastUsedAt: z.number().int().nullable(),
  expiresAt: z.number().int().nullable(),
  revokedAt: z.number().int().nullable(),
});
export type ApiKeyView = z.infer<typeof ApiKeyView>;

export const CreatedApiKey = ApiKeyView.extend({ key: z.string() });
