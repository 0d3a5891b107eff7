import type { Kysely } from 'kysely';

type AnyDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Post-live reviews (复盘): the settled revisions of a show's review, the notes written on it, its
 * read-only share links, and the anchors' on-air shifts the review credits sales to.
 */
export async function up(db: AnyDb): Promise<void> {
  /**
   * One row per revision: the review is a snapshot that late data (refunds for days, imports) revises,
   * so each change of the numbers is kept with the time it was taken. (live_session_id, revision) is the
   * claim when two nodes revise at once.
   */
  await db.schema
    .createTable('review_revisions')
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('live_session_id', 'text', (c) => c.notNull().references('live_sessions.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('as_of', 'bigint', (c) => c.notNull())
    .addColumn('gmv_fen', 'bigint', (c) => c.notNull())
    .addColumn('refund_fen', 'bigint', (c) => c.notNull())
    .addColumn('paid_orders', 'integer', (c) => c.notNull())
    /** the ReviewBody document (JSON) */
    .addColumn('body', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('review_revisions_pk', ['live_session_id', 'revision'])
    .execute();

  await db.schema
    .createTable('review_notes')
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('live_session_id', 'text', (c) => c.notNull().references('live_sessions.id'))
    /** a ReviewSection */
    .addColumn('section', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('review_notes_pk', ['live_session_id', 'section'])
    .execute();

  /** The token is stored as its SHA-256 only: a leaked table does not open the reviews it shares. */
  await db.schema
    .createTable('review_shares')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('live_session_id', 'text', (c) => c.notNull().references('live_sessions.id'))
    /** the first characters of the token, so the console can list and revoke links */
    .addColumn('token_hint', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('review_shares_session').on('review_shares').columns(['live_session_id', 'expires_at']).execute();

  /** Who was on air when: one row per shift, end_at null while on air. */
  await db.schema
    .createTable('anchor_shifts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('live_session_id', 'text', (c) => c.notNull().references('live_sessions.id'))
    .addColumn('anchor', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('start_at', 'bigint', (c) => c.notNull())
    .addColumn('end_at', 'bigint')
    .execute();
  await db.schema.createIndex('anchor_shifts_session').on('anchor_shifts').columns(['live_session_id', 'start_at']).execute();
}
