import type { AddMemberBody, MemberView, Role, UpdateMemberBody } from '@livedesk/contracts';
import type { Actor } from '../../lib/actor.js';
import { conflict, forbidden, notFound, validationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/time.js';
import type { Db, DbExecutor } from '../../infra/db/port.js';
import { diff, type AuditService } from '../audit/service.js';
import { hashPassword } from './passwords.js';
import { identityRepo, type MemberRow } from './repo.js';
import { userView } from './service.js';

const memberView = (m: MemberRow): MemberView => ({
  user: userView(m),
  role: m.role as Role,
  status: m.status as MemberView['status'],
  joinedAt: m.joined_at,
});

/** Only owners make, unmake or touch owners: an admin cannot promote itself past the org's owners. */
function assertMayManageRole(actor: Actor, ...rolesTouched: (Role | string | undefined)[]) {
  if (actor.role !== 'owner' && rolesTouched.includes('owner')) {
    throw forbidden('Only an owner can grant, change or remove the owner role');
  }
}

export class MembersService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor): Promise<MemberView[]> {
    return (await identityRepo.members(this.db.kysely, actor.orgId)).map(memberView);
  }

  async add(actor: Actor, body: AddMemberBody): Promise<MemberView> {
    assertMayManageRole(actor, body.role);
    const passwordHash = body.password === undefined ? undefined : await hashPassword(body.password);
    return this.audit.transaction(actor, async (tx, record) => {
      const now = this.clock.now();
      let user = await identityRepo.userByEmail(tx, body.email);
      if (user && (await identityRepo.membership(tx, actor.orgId, user.id))) {
        throw conflict('That person is already a member', { userId: user.id });
      }
      if (!user) {
        if (!passwordHash) {
          throw validationError('A new account needs an initial password', { field: 'password' });
        }
        user = { id: newId(), email: body.email, name: body.name, password_hash: passwordHash, created_at: now, password_changed_at: now };
        await identityRepo.insertUser(tx, user);
      }
      await identityRepo.insertMembership(tx, { org_id: actor.orgId, user_id: user.id, role: body.role, status: 'active', created_at: now });
      await record({
        action: 'user.add',
        targetType: 'user',
        targetId: user.id,
        changes: [
          { field: 'email', from: null, to: user.email },
          { field: 'role', from: null, to: body.role },
        ],
      });
      return this.view(tx, actor.orgId, user.id);
    });
  }

  async update(actor: Actor, userId: string, body: UpdateMemberBody): Promise<MemberView> {
    return this.audit.transaction(actor, async (tx, record) => {
      const current = await identityRepo.member(tx, actor.orgId, userId);
      if (!current) throw notFound('Member', userId);
      assertMayManageRole(actor, current.role, body.role);
      const changes = diff({ role: current.role, status: current.status }, body);
      if (!changes?.length) return memberView(current);
      const losesOwner = current.role === 'owner' && current.status === 'active' && (body.role ?? 'owner') !== 'owner';
      const disablesOwner = current.role === 'owner' && body.status === 'disabled';
      if (losesOwner || disablesOwner) await this.keepAnOwner(tx, actor.orgId);
      await identityRepo.updateMembership(tx, actor.orgId, userId, body);
      if (body.status === 'disabled') await identityRepo.revokeAllOfUser(tx, userId, this.clock.now(), actor.orgId);
      await record({ action: 'user.update', targetType: 'user', targetId: userId, changes });
      return this.view(tx, actor.orgId, userId);
    });
  }

  async remove(actor: Actor, userId: string): Promise<void> {
    await this.audit.transaction(actor, async (tx, record) => {
      const current = await identityRepo.member(tx, actor.orgId, userId);
      if (!current) throw notFound('Member', userId);
      assertMayManageRole(actor, current.role);
      if (current.role === 'owner' && current.status === 'active') await this.keepAnOwner(tx, actor.orgId);
      await identityRepo.deleteMembership(tx, actor.orgId, userId);
      await identityRepo.revokeAllOfUser(tx, userId, this.clock.now(), actor.orgId);
      await record({
        action: 'user.remove',
        targetType: 'user',
        targetId: userId,
        changes: [{ field: 'role', from: current.role, to: null }],
      });
    });
  }

  /** Called inside the transaction that would take an owner away; counts the owners it can see. */
  private async keepAnOwner(tx: DbExecutor, orgId: string): Promise<void> {
    if ((await identityRepo.countActiveOwners(tx, orgId)) <= 1) {
      throw conflict('An organisation needs at least one active owner');
    }
  }

  private async view(tx: DbExecutor, orgId: string, userId: string): Promise<MemberView> {
    const member = await identityRepo.member(tx, orgId, userId);
    if (!member) throw notFound('Member', userId);
    return memberView(member);
  }
}
