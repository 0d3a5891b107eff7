import {
  rolePermissions,
  type AuthResult,
  type LoginBody,
  type MeView,
  type OrgView,
  type Role,
  type UserView,
} from '@livedesk/contracts';
import type { Actor } from '../../lib/actor.js';
import { randomToken, sha256Hex } from '../../lib/crypto.js';
import { forbidden, rateLimited, unauthorized, validationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/time.js';
import type { OrgRow, UserRow } from '../../infra/db/database.js';
import type { Db, DbExecutor } from '../../infra/db/port.js';
import type { Hot } from '../../infra/hot/port.js';
import type { AuditService } from '../audit/service.js';
import { decoyHash, hashPassword, verifyPassword } from './passwords.js';
import { identityRepo } from './repo.js';
import type { AccessTokens } from './tokens.js';

export interface IdentityOptions {
  accessTokenTtlMs: number;
  refreshTokenTtlMs: number;
}

/** Failed logins allowed per email (and, ten times as many, per IP) in one window before throttling. */
export const LOGIN_FAILURES_ALLOWED = 5;
export const LOGIN_WINDOW_MS = 60_000;

export const orgView = (o: OrgRow): OrgView => ({
  id: o.id,
  name: o.name,
  slug: o.slug,
  timezone: o.timezone,
  createdAt: o.created_at,
});
export const userView = (u: UserRow): UserView => ({ id: u.id, email: u.email, name: u.name, createdAt: u.created_at });

export interface LoginContext {
  ip: string | null;
  requestId: string | null;
}

export class IdentityService {
  constructor(
    private readonly db: Db,
    private readonly hot: Hot,
    private readonly tokens: AccessTokens,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly options: IdentityOptions,
  ) {}

  async login(body: LoginBody, ctx: LoginContext): Promise<AuthResult> {
    const emailKey = `login-fail:email:${body.email}`;
    const ipKey = `login-fail:ip:${ctx.ip ?? 'unknown'}`;
    await this.refuseWhileThrottled(emailKey, LOGIN_FAILURES_ALLOWED);
    await this.refuseWhileThrottled(ipKey, LOGIN_FAILURES_ALLOWED * 10);

    const user = await identityRepo.userByEmail(this.db.kysely, body.email);
    const passwordOk = await verifyPassword(user?.password_hash ?? (await decoyHash), body.password);
    if (!user || !passwordOk) {
      await Promise.all([this.hot.hit(emailKey, LOGIN_WINDOW_MS), this.hot.hit(ipKey, LOGIN_WINDOW_MS)]);
      throw unauthorized('Email or password is wrong');
    }
    const orgs = await identityRepo.activeOrgsOf(this.db.kysely, user.id);
    const org = body.orgId ? orgs.find((o) => o.id === body.orgId) : orgs[0];
    if (!org) throw forbidden(body.orgId ? 'You are not an active member of that organisation' : 'Your account has no active organisation');
    await this.hot.del(emailKey);
    const result = await this.issue(user, org, randomToken(16));
    await this.audit.record(this.loginActor(user, org, ctx), { action: 'auth.login', targetType: 'user', targetId: user.id });
    return result;
  }

  /** Rotates the refresh token; a reused (already rotated) token revokes its whole family. */
  async refresh(refreshToken: string): Promise<AuthResult> {
    const now = this.clock.now();
    const row = await identityRepo.refreshTokenByHash(this.db.kysely, sha256Hex(refreshToken));
    if (!row || row.expires_at <= now) throw unauthorized('Refresh token is not valid');
    // Losing this race means the token was used twice: a copy is out there, so end the whole session.
    if (row.revoked_at !== null || !(await identityRepo.revokeRefreshToken(this.db.kysely, row.id, now))) {
      await identityRepo.revokeFamily(this.db.kysely, row.family_id, now);
      throw unauthorized('Refresh token was already used; sign in again');
    }
    const { user, org } = await this.activeMember(row.user_id, row.org_id);
    return this.issue(user, org, row.family_id);
  }

  async logout(refreshToken: string): Promise<void> {
    const row = await identityRepo.refreshTokenByHash(this.db.kysely, sha256Hex(refreshToken));
    if (row) await identityRepo.revokeFamily(this.db.kysely, row.family_id, this.clock.now());
  }

  async switchOrg(actor: Actor, orgId: string): Promise<AuthResult> {
    const { user, org } = await this.activeMember(actor.id, orgId);
    return this.issue(user, org, randomToken(16));
  }

  async me(actor: Actor): Promise<MeView> {
    const user = await identityRepo.userById(this.db.kysely, actor.id);
    if (!user || !actor.role) throw unauthorized();
    const orgs = await identityRepo.activeOrgsOf(this.db.kysely, user.id);
    const current = orgs.find((o) => o.id === actor.orgId);
    if (!current) throw unauthorized();
    return {
      user: userView(user),
      org: orgView(current),
      role: actor.role,
      permissions: [...rolePermissions[actor.role]],
      orgs: orgs.map((o) => ({ org: orgView(o), role: o.role as Role })),
    };
  }

  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
    const user = await identityRepo.userById(this.db.kysely, actor.id);
    if (!user) throw unauthorized();
    if (!(await verifyPassword(user.password_hash, currentPassword))) {
      throw validationError('Current password is wrong', { field: 'currentPassword' });
    }
    const hash = await hashPassword(newPassword);
    await this.audit.transaction(actor, async (tx, record) => {
      const now = this.clock.now();
      await identityRepo.setPassword(tx, user.id, hash, now);
      // Other devices signed in with the old password lose their sessions.
      await identityRepo.revokeAllOfUser(tx, user.id, now);
      await record({ action: 'user.change_password', targetType: 'user', targetId: user.id });
    });
  }

  /** Resolves a staff access token to the acting member, checked against the current membership. */
  async staffActor(claims: { subject: string; orgId: string }, ctx: LoginContext): Promise<Actor> {
    const member = await identityRepo.member(this.db.kysely, claims.orgId, claims.subject);
    if (!member || member.status !== 'active') throw unauthorized('Your membership is no longer active');
    const role = member.role as Role;
    return {
      kind: 'user',
      id: member.id,
      name: member.name,
      orgId: claims.orgId,
      role,
      permissions: new Set(rolePermissions[role]),
      ip: ctx.ip,
      requestId: ctx.requestId,
    };
  }

  /** Creates the owner account and its org on an empty database (returns the owner); null otherwise. */
  async bootstrapOwner(email: string, password: string, orgName: string): Promise<Actor | null> {
    const hash = await hashPassword(password);
    return this.db.kysely.transaction().execute(async (tx) => {
      if ((await identityRepo.countUsers(tx)) > 0) return null;
      const now = this.clock.now();
      const user: UserRow = { id: newId(), email, name: email.split('@')[0] ?? email, password_hash: hash, created_at: now, password_changed_at: now };
      await identityRepo.insertUser(tx, user);
      const org = await createOrgRow(tx, orgName, 'Asia/Shanghai', now);
      await identityRepo.insertMembership(tx, { org_id: org.id, user_id: user.id, role: 'owner', status: 'active', created_at: now });
      return this.loginActor(user, { ...org, role: 'owner' }, { ip: null, requestId: null });
    });
  }

  private async refuseWhileThrottled(key: string, allowed: number): Promise<void> {
    const failures = Number((await this.hot.get(key)) ?? 0);
    if (failures >= allowed) throw rateLimited((await this.hot.ttlMs(key)) ?? LOGIN_WINDOW_MS);
  }

  private async activeMember(userId: string, orgId: string) {
    const [user, membership, org] = await Promise.all([
      identityRepo.userById(this.db.kysely, userId),
      identityRepo.membership(this.db.kysely, orgId, userId),
      identityRepo.orgById(this.db.kysely, orgId),
    ]);
    if (!user) throw unauthorized();
    if (!org || !membership || membership.status !== 'active') {
      throw forbidden('You are not an active member of that organisation');
    }
    return { user, org };
  }

  private async issue(user: UserRow, org: OrgRow, familyId: string): Promise<AuthResult> {
    const now = this.clock.now();
    const expiresAt = now + this.options.accessTokenTtlMs;
    const refreshToken = randomToken(32);
    const refreshExpiresAt = now + this.options.refreshTokenTtlMs;
    await identityRepo.insertRefreshToken(this.db.kysely, {
      id: newId(),
      family_id: familyId,
      user_id: user.id,
      org_id: org.id,
      token_hash: sha256Hex(refreshToken),
      created_at: now,
      expires_at: refreshExpiresAt,
      revoked_at: null,
    });
    const token = await this.tokens.sign({ kind: 'staff', subject: user.id, orgId: org.id }, expiresAt);
    return { token, expiresAt, refreshToken, refreshExpiresAt, user: userView(user), org: orgView(org) };
  }

  private loginActor(user: UserRow, org: OrgRow & { role: string }, ctx: LoginContext): Actor {
    return {
      kind: 'user',
      id: user.id,
      name: user.name,
      orgId: org.id,
      role: org.role as Role,
      permissions: new Set(rolePermissions[org.role as Role]),
      ...ctx,
    };
  }
}

/** A URL-safe slug from the name, made unique with a short suffix when taken. */
export async function createOrgRow(db: DbExecutor, name: string, timezone: string, now: number): Promise<OrgRow> {
  const base =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'org';
  let slug = base;
  while (await identityRepo.slugTaken(db, slug)) slug = `${base}-${randomToken(3).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`;
  const org: OrgRow = { id: newId(), name, slug, timezone, created_at: now };
  await identityRepo.insertOrg(db, org);
  return org;
}
