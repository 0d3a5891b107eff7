import { z } from 'zod';
import {
  AddMemberBody,
  AuthResult,
  ChangePasswordBody,
  CreateOrgBody,
  LoginBody,
  MemberView,
  MeView,
  OrgView,
  Permission,
  permissions,
  RefreshBody,
  Role,
  rolePermissions,
  roles,
  SwitchOrgBody,
  UpdateMemberBody,
  UpdateOrgBody,
} from '@livedesk/contracts';
import { requestContext, requireStaff, requireUser } from '../../http/auth.js';
import { typed, type App } from '../../http/server.js';
import type { MembersService } from './members.js';
import type { OrgsService } from './orgs.js';
import type { IdentityService } from './service.js';

const UserIdParams = z.strictObject({ userId: z.string().min(1).max(64) });
const tags = ['identity'];

export function identityRoutes(app: App, identity: IdentityService, members: MembersService, orgs: OrgsService) {
  const r = typed(app);

  r.post('/api/v1/auth/login', { schema: { tags, security: [], body: LoginBody, response: { 200: AuthResult } } }, async (req) =>
    identity.login(req.body, requestContext(req)),
  );
  r.post('/api/v1/auth/refresh', { schema: { tags, security: [], body: RefreshBody, response: { 200: AuthResult } } }, async (req) =>
    identity.refresh(req.body.refreshToken),
  );
  r.post('/api/v1/auth/logout', { schema: { tags, security: [], body: RefreshBody } }, async (req, reply) => {
    await identity.logout(req.body.refreshToken);
    return reply.code(204).send();
  });
  r.post('/api/v1/auth/switch-org', { schema: { tags, body: SwitchOrgBody, response: { 200: AuthResult } } }, async (req) =>
    identity.switchOrg(requireUser(req), req.body.orgId),
  );

  r.get('/api/v1/me', { schema: { tags, response: { 200: MeView } } }, async (req) => identity.me(requireUser(req)));
  r.post('/api/v1/me/password', { schema: { tags, body: ChangePasswordBody } }, async (req, reply) => {
    await identity.changePassword(requireUser(req), req.body.currentPassword, req.body.newPassword);
    return reply.code(204).send();
  });

  r.post('/api/v1/orgs', { schema: { tags, body: CreateOrgBody, response: { 201: OrgView } } }, async (req, reply) => {
    const org = await orgs.create(requireUser(req), req.body.name, req.body.timezone);
    return reply.code(201).send(org);
  });
  r.patch('/api/v1/org', { schema: { tags, body: UpdateOrgBody, response: { 200: OrgView } } }, async (req) =>
    orgs.update(requireStaff(req, 'org:manage'), req.body),
  );

  r.get('/api/v1/users', { schema: { tags, response: { 200: z.object({ items: z.array(MemberView) }) } } }, async (req) => ({
    items: await members.list(requireStaff(req, 'users:read')),
  }));
  r.post('/api/v1/users', { schema: { tags, body: AddMemberBody, response: { 201: MemberView } } }, async (req, reply) => {
    const member = await members.add(requireStaff(req, 'users:manage'), req.body);
    return reply.code(201).send(member);
  });
  r.patch(
    '/api/v1/users/:userId',
    { schema: { tags, params: UserIdParams, body: UpdateMemberBody, response: { 200: MemberView } } },
    async (req) => members.update(requireStaff(req, 'users:manage'), req.params.userId, req.body),
  );
  r.delete('/api/v1/users/:userId', { schema: { tags, params: UserIdParams } }, async (req, reply) => {
    await members.remove(requireStaff(req, 'users:manage'), req.params.userId);
    return reply.code(204).send();
  });

  const RolesView = z.object({
    items: z.array(z.object({ role: Role, permissions: z.array(Permission) })),
    permissions: z.array(Permission),
  });
  r.get('/api/v1/roles', { schema: { tags, response: { 200: RolesView } } }, async (req) => {
    requireStaff(req);
    return { items: roles.map((role) => ({ role, permissions: [...rolePermissions[role]] })), permissions: [...permissions] };
  });
}
