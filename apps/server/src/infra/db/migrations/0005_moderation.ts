import type { Kysely } from 'kysely';

type AnyDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Live-room moderation: the per-shop sensitive-word list, the devices seen with each buyer (so a ban
 * follows a buyer to a new device and a device to a new login), mutes / bans / kicks, per-show room
 * settings (pinned announcement, slow mode), the review queue, the moderation log and the danmaku bot's
 * keyword replies. Live-session ids are not foreign keys: moderation does not depend on the live module.
 */
export async function up(db: AnyDb): Promise<void> {
  /** one row per shop whose word list was created (with the default words), so deleting them all sticks */
  await db.schema
    .createTable('moderation_word_lists')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('orgs.id'))
    .addColumn('seeded_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('moderation_words')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    /** as staff typed it */
    .addColumn('word', 'text', (c) => c.notNull())
    /** what the filter matches (see modules/moderation/normalize.ts); unique per shop */
    .addColumn('normalized', 'text', (c) => c.notNull())
    /** block | mask | review */
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('moderation_words_org_normalized', ['org_id', 'normalized'])
    .execute();

  /** an anonymousId (device) seen signed in as a buyer */
  await db.schema
    .createTable('moderation_devices')
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('anonymous_id', 'text', (c) => c.notNull())
    .addColumn('buyer_id', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('moderation_devices_pk', ['org_id', 'anonymous_id', 'buyer_id'])
    .execute();
  await db.schema.createIndex('moderation_devices_buyer').on('moderation_devices').columns(['org_id', 'buyer_id']).execute();

  await db.schema
    .createTable('moderation_restrictions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    /** mute | ban | kick */
    .addColumn('kind', 'text', (c) => c.notNull())
    /** session (live_session_id) | org (every show of the shop) */
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('live_session_id', 'text')
    /** buyer (subject_id = buyer id) | anonymous (subject_id = anonymousId) */
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    /** null: until lifted */
    .addColumn('until', 'bigint')
    .addColumn('reason', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('lifted_at', 'bigint')
    .addColumn('lifted_by', 'text')
    .execute();
  await db.schema.createIndex('moderation_restrictions_subject').on('moderation_restrictions').columns(['org_id', 'subject_id']).execute();
  await db.schema.createIndex('moderation_restrictions_session').on('moderation_restrictions').columns(['live_session_id', 'kind']).execute();

  /** per show: the pinned announcement (置顶公告) and slow mode */
  await db.schema
    .createTable('moderation_rooms')
    .addColumn('live_session_id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('announcement', 'text')
    .addColumn('slow_mode_seconds', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  /** chat messages held for review (id = the message id it gets when approved) or reported after delivery */
  await db.schema
    .createTable('moderation_queue')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('live_session_id', 'text', (c) => c.notNull())
    /** word | report */
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('identity', 'text', (c) => c.notNull())
    .addColumn('nickname', 'text', (c) => c.notNull())
    /** as the viewer wrote it */
    .addColumn('text', 'text', (c) => c.notNull())
    /** what the room sees if approved (mask words applied) */
    .addColumn('deliver_text', 'text', (c) => c.notNull())
    /** JSON list of the matched words */
    .addColumn('words', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('reports', 'integer', (c) => c.notNull().defaultTo(0))
    /** pending | approved | rejected */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_at', 'bigint')
    .addColumn('decided_by', 'text')
    .execute();
  await db.schema.createIndex('moderation_queue_session').on('moderation_queue').columns(['live_session_id', 'status', 'id']).execute();

  /** every moderation decision, by staff, the word filter or the bot */
  await db.schema
    .createTable('moderation_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('live_session_id', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    /** user | api_key | buyer | system (the word filter) | bot */
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text')
    /** the viewer concerned, as a room identity (buyer id or anon:<anonymousId>) */
    .addColumn('target', 'text')
    .addColumn('message_id', 'text')
    .addColumn('reason', 'text')
    /** JSON object with the action's facts */
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('moderation_log_session').on('moderation_log').columns(['live_session_id', 'id']).execute();

  await db.schema
    .createTable('bot_replies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('live_session_id', 'text', (c) => c.notNull())
    /** JSON list of trigger keywords */
    .addColumn('keywords', 'text', (c) => c.notNull())
    .addColumn('reply', 'text', (c) => c.notNull())
    /** first matching rule in this order answers */
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bot_replies_session').on('bot_replies').columns(['live_session_id', 'position']).execute();
}
