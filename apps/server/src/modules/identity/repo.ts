import type { MembershipRow, OrgRow, RefreshTokenRow, UserRow } from '../../infra/db/database.js';
import type { DbExecutor } from '../../infra/db/port.js';

export interface MemberRow extends UserRow {
  role: string;
  status: string;
  joined_at: number;
}

const membersOf = (db: DbExecutor, orgId: string) =>
  db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .selectAll('u')
    .select(['m.role', 'm.status', 'm.created_at as joined_at'])
    .where('m.org_id', '=', orgId);

/** Orgs, users, their memberships and refresh tokens. */
export const identityRepo = {
  async countUsers(db: DbExecutor): Promise<number> {
    const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  },

  async insertOrg(db: DbExecutor, org: OrgRow): Promise<void> {
    await db.insertInto('orgs').values(org).execute();
  },

  /** the org's IANA time zone: days, weeks and local times of its numbers are reckoned in it */
  async orgTimezone(db: DbExecutor, orgId: string): Promise<string> {
    const row = await db.selectFrom('orgs').select('timezone').where('id', '=', orgId).executeTakeFirstOrThrow();
    return row.timezone;
  },

  async orgById(db: DbExecutor, id: string): Promise<OrgRow | undefined> {
    return db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async orgBySlug(db: DbExecutor, slug: string): Promise<OrgRow | undefined> {
    return db.selectFrom('orgs').selectAll().where('slug', '=', slug).executeTakeFirst();
  },

  /** The org created first: the shop a single-org installation sells from. */
  async oldestOrg(db: DbExecutor): Promise<OrgRow | undefined> {
    return db.selectFrom('orgs').selectAll().orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
  },

  async slugTaken(db: DbExecutor, slug: string): Promise<boolean> {
    return (await db.selectFrom('orgs').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined;
  },

  async updateOrg(db: DbExecutor, id: string, patch: Partial<Pick<OrgRow, 'name' | 'timezone'>>): Promise<void> {
    await db.updateTable('orgs').set(patch).where('id', '=', id).execute();
  },

  async insertUser(db: DbExecutor, user: UserRow): Promise<void> {
    await db.insertInto('users').values(user).execute();
  },

  async userByEmail(db: DbExecutor, email: string): Promise<UserRow | undefined> {
    return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  },

  async userById(db: DbExecutor, id: string): Promise<UserRow | undefined> {
    return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async setPassword(db: DbExecutor, userId: string, hash: string, at: number): Promise<void> {
    await db.updateTable('users').set({ password_hash: hash, password_changed_at: at }).where('id', '=', userId).execute();
  },

  async insertMembership(db: DbExecutor, membership: MembershipRow): Promise<void> {
    await db.insertInto('memberships').values(membership).execute();
  },

  async membership(db: DbExecutor, orgId: string, userId: string): Promise<MembershipRow | undefined> {
    return db
      .selectFrom('memberships')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  },

  /** Active memberships of a user with their orgs, oldest first (the first is the default org at login). */
  async activeOrgsOf(db: DbExecutor, userId: string): Promise<(OrgRow & { role: string })[]> {
    return db
      .selectFrom('memberships as m')
      .innerJoin('orgs as o', 'o.id', 'm.org_id')
      .selectAll('o')
      .select('m.role')
      .where('m.user_id', '=', userId)
      .where('m.status', '=', 'active')
      .orderBy('m.created_at')
      .orderBy('o.id')
      .execute();
  },

  async members(db: DbExecutor, orgId: string): Promise<MemberRow[]> {
    return membersOf(db, orgId).orderBy('m.created_at').execute();
  },

  async member(db: DbExecutor, orgId: string, userId: string): Promise<MemberRow | undefined> {
    return membersOf(db, orgId).where('m.user_id', '=', userId).executeTakeFirst();
  },

  async updateMembership(
    db: DbExecutor,
    orgId: string,
    userId: string,
    patch: Partial<Pick<MembershipRow, 'role' | 'status'>>,
  ): Promise<void> {
    await db.updateTable('memberships').set(patch).where('org_id', '=', orgId).where('user_id', '=', userId).execute();
  },

  async deleteMembership(db: DbExecutor, orgId: string, userId: string): Promise<void> {
    await db.deleteFrom('memberships').where('org_id', '=', orgId).where('user_id', '=', userId).execute();
  },

  async countActiveOwners(db: DbExecutor, orgId: string): Promise<number> {
    const row = await db
      .selectFrom('memberships')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', orgId)
      .where('role', '=', 'owner')
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  async insertRefreshToken(db: DbExecutor, token: RefreshTokenRow): Promise<void> {
    await db.insertInto('refresh_tokens').values(token).execute();
  },

  async refreshTokenByHash(db: DbExecutor, hash: string): Promise<RefreshTokenRow | undefined> {
    return db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  },

  /** Compare-and-set: true only for the one caller that revoked a still-live token. */
  async revokeRefreshToken(db: DbExecutor, id: string, at: number): Promise<boolean> {
    const res = await db
      .updateTable('refresh_tokens')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return res.numUpdatedRows > 0n;
  },

  async revokeFamily(db: DbExecutor, familyId: string, at: number): Promise<void> {
    await db
      .updateTable('refresh_tokens')
      .set({ revoked_at: at })
      .where('family_id', '=', familyId)
      .where('revoked_at', 'is', null)
      .execute();
  },

  async revokeAllOfUser(db: DbExecutor, userId: string, at: number, orgId?: string): Promise<void> {
    let q = db.updateTable('refresh_tokens').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null);
    if (orgId) q = q.where('org_id', '=', orgId);
    await q.execute();
  },
};
