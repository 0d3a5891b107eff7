import type { ApiKeyRow } from '../../infra/db/database.js';
import type { DbExecutor } from '../../infra/db/port.js';

export const apiKeysRepo = {
  async insert(db: DbExecutor, row: ApiKeyRow): Promise<void> {
    await db.insertInto('api_keys').values(row).execute();
  },

  async list(db: DbExecutor, orgId: string): Promise<ApiKeyRow[]> {
    return db.selectFrom('api_keys').selectAll().where('org_id', '=', orgId).orderBy('created_at', 'desc').execute();
  },

  async byId(db: DbExecutor, orgId: string, id: string): Promise<ApiKeyRow | undefined> {
    return db.selectFrom('api_keys').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  },

  async byHash(db: DbExecutor, keyHash: string): Promise<ApiKeyRow | undefined> {
    return db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
  },

  async revoke(db: DbExecutor, id: string, at: number): Promise<boolean> {
    const res = await db.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return res.numUpdatedRows > 0n;
  },

  /** Writes at most once per `everyMs` per key, so a busy ingesting server does not write per request. */
  async touch(db: DbExecutor, id: string, at: number, everyMs: number): Promise<void> {
    await db
      .updateTable('api_keys')
      .set({ last_used_at: at })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', at - everyMs)]))
      .execute();
  },
};
