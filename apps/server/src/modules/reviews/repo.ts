import type { DbExecutor } from '../../infra/db/port.js';
import type { ReviewNoteRow, ReviewRevisionRow } from '../../infra/db/tables/reviews.js';
import type { Olap } from '../../infra/olap/port.js';
import type { DanmakuComment } from './danmaku.js';
import type { Shift } from './sections.js';

export interface ShowRow {
  id: string;
  org_id: string;
  title: string;
  status: string;
  started_at: number | null;
  ended_at: number | null;
  /** JSON array of {name, userId?} */
  anchors: string;
}

export interface EndedShowRow extends ShowRow {
  ended_at: number;
}

const showColumns = ['id', 'org_id', 'title', 'status', 'started_at', 'ended_at', 'anchors'] as const;

export type RevisionSummary = Omit<ReviewRevisionRow, 'org_id' | 'live_session_id' | 'body'>;

export const reviewsRepo = {
  async show(db: DbExecutor, orgId: string, id: string): Promise<ShowRow | undefined> {
    return db.selectFrom('live_sessions').select(showColumns).where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  },

  /** The org's ended shows started before `startedAt`, the latest first. */
  async endedShowsBefore(db: DbExecutor, orgId: string, startedAt: number, limit: number): Promise<EndedShowRow[]> {
    const rows = await db
      .selectFrom('live_sessions')
      .select(showColumns)
      .where('org_id', '=', orgId)
      .where('status', '=', 'ended')
      .where('started_at', '<', startedAt)
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.filter((r): r is EndedShowRow => r.ended_at !== null);
  },

  async latestRevision(db: DbExecutor, liveSessionId: string): Promise<ReviewRevisionRow | undefined> {
    return db.selectFrom('review_revisions').selectAll().where('live_session_id', '=', liveSessionId).orderBy('revision', 'desc').limit(1).executeTakeFirst();
  },

  async revision(db: DbExecutor, liveSessionId: string, revision: number): Promise<ReviewRevisionRow | undefined> {
    return db.selectFrom('review_revisions').selectAll().where('live_session_id', '=', liveSessionId).where('revision', '=', revision).executeTakeFirst();
  },

  /** Every revision of a show without its body, the newest first. */
  async revisions(db: DbExecutor, liveSessionId: string): Promise<RevisionSummary[]> {
    return db
      .selectFrom('review_revisions')
      .select(['revision', 'as_of', 'gmv_fen', 'refund_fen', 'paid_orders'])
      .where('live_session_id', '=', liveSessionId)
      .orderBy('revision', 'desc')
      .execute();
  },

  /** False when another node took this revision number first. */
  async insertRevision(db: DbExecutor, row: ReviewRevisionRow): Promise<boolean> {
    const res = await db
      .insertInto('review_revisions')
      .values(row)
      .onConflict((oc) => oc.columns(['live_session_id', 'revision']).doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0n) === 1;
  },

  async notes(db: DbExecutor, liveSessionId: string): Promise<ReviewNoteRow[]> {
    return db.selectFrom('review_notes').selectAll().where('live_session_id', '=', liveSessionId).execute();
  },

  async note(db: DbExecutor, liveSessionId: string, section: string): Promise<ReviewNoteRow | undefined> {
    return db.selectFrom('review_notes').selectAll().where('live_session_id', '=', liveSessionId).where('section', '=', section).executeTakeFirst();
  },

  async saveNote(db: DbExecutor, row: ReviewNoteRow): Promise<void> {
    await db
      .insertInto('review_notes')
      .values(row)
      .onConflict((oc) => oc.columns(['live_session_id', 'section']).doUpdateSet({ text: row.text, updated_by: row.updated_by, updated_at: row.updated_at }))
      .execute();
  },

  async deleteNote(db: DbExecutor, liveSessionId: string, section: string): Promise<void> {
    await db.deleteFrom('review_notes').where('live_session_id', '=', liveSessionId).where('section', '=', section).execute();
  },

  async shifts(db: DbExecutor, liveSessionId: string): Promise<Shift[]> {
    const rows = await db
      .selectFrom('anchor_shifts')
      .select(['anchor', 'user_id', 'start_at', 'end_at'])
      .where('live_session_id', '=', liveSessionId)
      .orderBy('start_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ anchor: r.anchor, userId: r.user_id, startAt: r.start_at, endAt: r.end_at }));
  },
};

/** A show's events in the OLAP store: what the aggregated state does not keep one by one. */
export const reviewEvents = {
  /**
   * Refunded fen per order, counted as the live numbers count refunds: the show's order.refund events
   * from its start on, whenever they came.
   */
  async refundsByOrder(olap: Olap, orgId: string, liveSessionId: string, startedAt: number): Promise<Map<string, number>> {
    const rows = await olap.query<{ orderId: string; refundFen: number }>(
      `SELECT order_id AS "orderId", sum(amount_fen) AS "refundFen" FROM events
       WHERE org_id = ? AND live_session_id = ? AND type = 'order.refund' AND ts >= ? AND order_id IS NOT NULL AND amount_fen > 0
       GROUP BY order_id`,
      [orgId, liveSessionId, startedAt],
    );
    return new Map(rows.map((r) => [r.orderId, r.refundFen]));
  },

  /** Every comment of the show's live window [startedAt, endedAt] (the end instant counts, as live), in no order. */
  async comments(olap: Olap, orgId: string, liveSessionId: string, startedAt: number, endedAt: number): Promise<DanmakuComment[]> {
    return olap.query<DanmakuComment>(
      `SELECT ts, identity, CASE WHEN json_type(props, '$.text') = 'VARCHAR' THEN json_extract_string(props, '$.text') ELSE '' END AS text
       FROM events
       WHERE org_id = ? AND live_session_id = ? AND type = 'comment' AND ts >= ? AND ts <= ?`,
      [orgId, liveSessionId, startedAt, endedAt],
    );
  },
};
