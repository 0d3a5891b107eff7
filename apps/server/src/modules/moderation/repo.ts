import type { ModerationLogQuery, QueueStatus, RestrictionKind } from '@livedesk/contracts';
import type { DbExecutor } from '../../infra/db/port.js';
import type {
  BotReplyRow,
  ModerationLogRow,
  ModerationQueueRow,
  ModerationRestrictionRow,
  ModerationRoomRow,
  ModerationWordRow,
} from '../../infra/db/tables/moderation.js';

/** A restriction's subject: a buyer, or a device known only by its anonymousId. */
export interface Subject {
  type: 'buyer' | 'anonymous';
  id: string;
}

/** Whom a restriction check is about: a viewer is their buyer id (if signed in) and their device. */
export interface ViewerKey {
  orgId: string;
  liveSessionId: string;
  buyerId: string | null;
  anonymousId: string;
}

export const moderationRepo = {
  // ---- sessions and buyers owned by other modules, read only to scope requests to the caller's org

  async sessionOrg(db: DbExecutor, liveSessionId: string): Promise<string | null> {
    const row = await db.selectFrom('live_sessions').select('org_id').where('id', '=', liveSessionId).executeTakeFirst();
    return row?.org_id ?? null;
  },

  async buyerExists(db: DbExecutor, orgId: string, buyerId: string): Promise<boolean> {
    const row = await db.selectFrom('buyers').select('id').where('org_id', '=', orgId).where('id', '=', buyerId).executeTakeFirst();
    return row !== undefined;
  },

  // ---- the word list

  /** True for the call that created the shop's list (and so must seed it). */
  async createWordList(db: DbExecutor, orgId: string, at: number): Promise<boolean> {
    const res = await db
      .insertInto('moderation_word_lists')
      .values({ org_id: orgId, seeded_at: at })
      .onConflict((oc) => oc.column('org_id').doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0n) > 0;
  },

  async words(db: DbExecutor, orgId: string): Promise<ModerationWordRow[]> {
    return db.selectFrom('moderation_words').selectAll().where('org_id', '=', orgId).orderBy('id').execute();
  },

  async wordsByNormalized(db: DbExecutor, orgId: string, normalized: string[]): Promise<ModerationWordRow[]> {
    if (normalized.length === 0) return [];
    return db.selectFrom('moderation_words').selectAll().where('org_id', '=', orgId).where('normalized', 'in', normalized).execute();
  },

  async insertWords(db: DbExecutor, rows: ModerationWordRow[]): Promise<void> {
    // Chunked: SQLite allows 32,766 bound parameters per statement and a row has seven.
    for (let i = 0; i < rows.length; i += 500) {
      await db
        .insertInto('moderation_words')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) => oc.columns(['org_id', 'normalized']).doNothing())
        .execute();
    }
  },

  async setWordAction(db: DbExecutor, orgId: string, ids: string[], action: string): Promise<void> {
    if (ids.length === 0) return;
    await db.updateTable('moderation_words').set({ action }).where('org_id', '=', orgId).where('id', 'in', ids).execute();
  },

  async deleteWord(db: DbExecutor, orgId: string, id: string): Promise<ModerationWordRow | undefined> {
    const row = await db.selectFrom('moderation_words').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    if (row) await db.deleteFrom('moderation_words').where('id', '=', id).execute();
    return row;
  },

  // ---- devices and restrictions

  async linkDevice(db: DbExecutor, row: { org_id: string; anonymous_id: string; buyer_id: string; first_seen_at: number }): Promise<void> {
    await db
      .insertInto('moderation_devices')
      .values(row)
      .onConflict((oc) => oc.columns(['org_id', 'anonymous_id', 'buyer_id']).doNothing())
      .execute();
  },

  /** The other side of a subject's device links: a buyer's devices, or the buyers a device signed in as. */
  async linked(db: DbExecutor, orgId: string, subject: Subject): Promise<Subject[]> {
    if (subject.type === 'buyer') {
      const rows = await db.selectFrom('moderation_devices').select('anonymous_id').where('org_id', '=', orgId).where('buyer_id', '=', subject.id).execute();
      return rows.map((r) => ({ type: 'anonymous', id: r.anonymous_id }));
    }
    const rows = await db.selectFrom('moderation_devices').select('buyer_id').where('org_id', '=', orgId).where('anonymous_id', '=', subject.id).execute();
    return rows.map((r) => ({ type: 'buyer', id: r.buyer_id }));
  },

  async insertRestriction(db: DbExecutor, row: ModerationRestrictionRow): Promise<void> {
    await db.insertInto('moderation_restrictions').values(row).execute();
  },

  /**
   * The restrictions in force on a viewer in a show: on their buyer id or device, and on every buyer that
   * device signed in as and every device that buyer used, so neither a new device nor signing out escapes
   * a ban.
   */
  async activeFor(db: DbExecutor, viewer: ViewerKey, now: number): Promise<Pick<ModerationRestrictionRow, 'kind' | 'until'>[]> {
    const { orgId, buyerId, anonymousId } = viewer;
    return db
      .selectFrom('moderation_restrictions')
      .select(['kind', 'until'])
      .where('org_id', '=', orgId)
      .where('lifted_at', 'is', null)
      .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>', now)]))
      .where((eb) => eb.or([eb('scope', '=', 'org'), eb('live_session_id', '=', viewer.liveSessionId)]))
      .where((eb) => {
        const devicesOfBuyer = buyerId
          ? [eb('subject_id', 'in', eb.selectFrom('moderation_devices').select('anonymous_id').where('org_id', '=', orgId).where('buyer_id', '=', buyerId))]
          : [];
        const buyersOfDevice = eb.selectFrom('moderation_devices').select('buyer_id').where('org_id', '=', orgId).where('anonymous_id', '=', anonymousId);
        return eb.or([
          eb.and([eb('subject_type', '=', 'anonymous'), eb.or([eb('subject_id', '=', anonymousId), ...devicesOfBuyer])]),
          eb.and([eb('subject_type', '=', 'buyer'), eb.or([...(buyerId ? [eb('subject_id', '=', buyerId)] : []), eb('subject_id', 'in', buyersOfDevice)])]),
        ]);
      })
      .execute();
  },

  /** Ends the subject's restrictions of `kinds` in force in the show (its own and the shop-wide ones). */
  async lift(
    db: DbExecutor,
    q: { orgId: string; liveSessionId: string; subject: Subject; kinds: RestrictionKind[]; now: number; by: string },
  ): Promise<number> {
    const res = await db
      .updateTable('moderation_restrictions')
      .set({ lifted_at: q.now, lifted_by: q.by })
      .where('org_id', '=', q.orgId)
      .where('subject_type', '=', q.subject.type)
      .where('subject_id', '=', q.subject.id)
      .where('kind', 'in', q.kinds)
      .where('lifted_at', 'is', null)
      .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>', q.now)]))
      .where((eb) => eb.or([eb('scope', '=', 'org'), eb('live_session_id', '=', q.liveSessionId)]))
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  },

  async activeInSession(db: DbExecutor, orgId: string, liveSessionId: string, now: number): Promise<ModerationRestrictionRow[]> {
    return db
      .selectFrom('moderation_restrictions')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('lifted_at', 'is', null)
      .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>', now)]))
      .where((eb) => eb.or([eb('scope', '=', 'org'), eb('live_session_id', '=', liveSessionId)]))
      .orderBy('id', 'desc')
      .limit(500)
      .execute();
  },

  // ---- per-show room settings

  async room(db: DbExecutor, liveSessionId: string): Promise<ModerationRoomRow | undefined> {
    return db.selectFrom('moderation_rooms').selectAll().where('live_session_id', '=', liveSessionId).executeTakeFirst();
  },

  async saveRoom(
    db: DbExecutor,
    row: { live_session_id: string; org_id: string; updated_at: number } & Partial<Pick<ModerationRoomRow, 'announcement' | 'slow_mode_seconds'>>,
  ): Promise<void> {
    const { live_session_id: _id, org_id: _org, ...changes } = row;
    await db
      .insertInto('moderation_rooms')
      .values({ announcement: null, slow_mode_seconds: 0, ...row })
      .onConflict((oc) => oc.column('live_session_id').doUpdateSet(changes))
      .execute();
  },

  // ---- the review queue

  async insertQueued(db: DbExecutor, row: ModerationQueueRow): Promise<void> {
    await db.insertInto('moderation_queue').values(row).execute();
  },

  /** A report on a delivered message: queued on the first, counted on the next ones. */
  async addReport(db: DbExecutor, row: ModerationQueueRow): Promise<void> {
    await db
      .insertInto('moderation_queue')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ reports: eb(eb.ref('moderation_queue.reports'), '+', 1) })))
      .execute();
  },

  async queued(db: DbExecutor, liveSessionId: string, id: string): Promise<ModerationQueueRow | undefined> {
    return db.selectFrom('moderation_queue').selectAll().where('live_session_id', '=', liveSessionId).where('id', '=', id).executeTakeFirst();
  },

  async queue(db: DbExecutor, liveSessionId: string, status: QueueStatus, limit: number): Promise<ModerationQueueRow[]> {
    // Oldest first while pending (work the queue in order), newest first once decided.
    return db
      .selectFrom('moderation_queue')
      .selectAll()
      .where('live_session_id', '=', liveSessionId)
      .where('status', '=', status)
      .orderBy('id', status === 'pending' ? 'asc' : 'desc')
      .limit(limit)
      .execute();
  },

  /** Compare-and-set from pending, so two moderators cannot both decide one message. */
  async decide(db: DbExecutor, liveSessionId: string, id: string, status: 'approved' | 'rejected', at: number, by: string): Promise<boolean> {
    const res = await db
      .updateTable('moderation_queue')
      .set({ status, decided_at: at, decided_by: by })
      .where('live_session_id', '=', liveSessionId)
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return res.numUpdatedRows > 0n;
  },

  // ---- the moderation log

  async log(db: DbExecutor, row: ModerationLogRow): Promise<void> {
    await db.insertInto('moderation_log').values(row).execute();
  },

  /** Newest first; `beforeId` is the last id of the previous page (UUIDv7 ids sort by time). */
  async logPage(db: DbExecutor, liveSessionId: string, q: ModerationLogQuery, beforeId: string | undefined): Promise<ModerationLogRow[]> {
    let query = db.selectFrom('moderation_log').selectAll().where('live_session_id', '=', liveSessionId);
    if (q.action) query = query.where('action', '=', q.action);
    if (q.target) query = query.where('target', '=', q.target);
    if (beforeId) query = query.where('id', '<', beforeId);
    return query.orderBy('id', 'desc').limit(q.limit + 1).execute();
  },

  // ---- bot replies

  async botReplies(db: DbExecutor, liveSessionId: string): Promise<BotReplyRow[]> {
    return db.selectFrom('bot_replies').selectAll().where('live_session_id', '=', liveSessionId).orderBy('position').orderBy('id').execute();
  },

  async insertBotReplies(db: DbExecutor, rows: BotReplyRow[]): Promise<void> {
    if (rows.length > 0) await db.insertInto('bot_replies').values(rows).execute();
  },

  async updateBotReply(db: DbExecutor, liveSessionId: string, id: string, changes: Partial<Pick<BotReplyRow, 'keywords' | 'reply' | 'updated_at'>>): Promise<void> {
    await db.updateTable('bot_replies').set(changes).where('live_session_id', '=', liveSessionId).where('id', '=', id).execute();
  },

  async deleteBotReplies(db: DbExecutor, liveSessionId: string, id?: string): Promise<number> {
    let query = db.deleteFrom('bot_replies').where('live_session_id', '=', liveSessionId);
    if (id !== undefined) query = query.where('id', '=', id);
    const res = await query.executeTakeFirst();
    return Number(res.numDeletedRows);
  },
};
