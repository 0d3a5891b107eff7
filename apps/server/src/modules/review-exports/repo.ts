import type { DbExecutor } from '../../infra/db/port.js';
import type { ReviewShareRow } from '../../infra/db/tables/reviews.js';

/** What sharing and exporting need to know of a show. */
export interface ShowFacts {
  title: string;
  status: string;
  startedAt: number | null;
  endedAt: number | null;
  /** the org's IANA time zone, for dates in file names and the workbook */
  timezone: string;
}

export const reviewExportsRepo = {
  async show(db: DbExecutor, orgId: string, liveSessionId: string): Promise<ShowFacts | undefined> {
    return db
      .selectFrom('live_sessions')
      .innerJoin('orgs', 'orgs.id', 'live_sessions.org_id')
      .select([
        'live_sessions.title as title',
        'live_sessions.status as status',
        'live_sessions.started_at as startedAt',
        'live_sessions.ended_at as endedAt',
        'orgs.timezone as timezone',
      ])
      .where('live_sessions.org_id', '=', orgId)
      .where('live_sessions.id', '=', liveSessionId)
      .executeTakeFirst();
  },

  async insertShare(db: DbExecutor, row: ReviewShareRow): Promise<void> {
    await db.insertInto('review_shares').values(row).execute();
  },

  async share(db: DbExecutor, tokenHash: string): Promise<ReviewShareRow | undefined> {
    return db.selectFrom('review_shares').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  },

  /** The show's shares that still open the review at `now`, newest first. */
  async activeShares(db: DbExecutor, orgId: string, liveSessionId: string, now: number): Promise<ReviewShareRow[]> {
    return db
      .selectFrom('review_shares')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('live_session_id', '=', liveSessionId)
      .where('expires_at', '>', now)
      .where('revoked_at', 'is', null)
      .orderBy('created_at', 'desc')
      .orderBy('token_hash')
      .execute();
  },

  /** Revokes the show's active share with `hint`; false when there is none. */
  async revokeByHint(db: DbExecutor, orgId: string, liveSessionId: string, hint: string, now: number): Promise<boolean> {
    const res = await db
      .updateTable('review_shares')
      .set({ revoked_at: now })
      .where('org_id', '=', orgId)
      .where('live_session_id', '=', liveSessionId)
      .where('token_hint', '=', hint)
      .where('expires_at', '>', now)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return res.numUpdatedRows > 0n;
  },

  async deleteShare(db: DbExecutor, tokenHash: string): Promise<void> {
    await db.deleteFrom('review_shares').where('token_hash', '=', tokenHash).execute();
  },
};
