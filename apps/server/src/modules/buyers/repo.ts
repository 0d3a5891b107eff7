import type { BuyerRow } from '../../infra/db/database.js';
import type { DbExecutor } from '../../infra/db/port.js';

export const buyersRepo = {
  async insert(db: DbExecutor, row: BuyerRow): Promise<void> {
    await db.insertInto('buyers').values(row).execute();
  },

  async byId(db: DbExecutor, orgId: string, id: string): Promise<BuyerRow | undefined> {
    return db.selectFrom('buyers').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  },

  async byPhoneHash(db: DbExecutor, orgId: string, phoneHash: string, limit: number): Promise<BuyerRow[]> {
    return db
      .selectFrom('buyers')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('phone_hash', '=', phoneHash)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  },
};
