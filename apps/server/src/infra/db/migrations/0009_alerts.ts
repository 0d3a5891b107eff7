import type { Kysely } from 'kysely';

type AnyDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Alerts on a show's per-minute numbers: rules, the channels they notify, which minutes were scored,
 * and what fired. Live-session ids are not foreign keys, as in the analytics tables; rule ids in the
 * history are not either, so deleting a rule keeps its alerts.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('alert_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    /** null: every show of the org */
    .addColumn('live_session_id', 'text')
    /** a MinuteBucket field */
    .addColumn('metric', 'text', (c) => c.notNull())
    /** the AlertCondition document (JSON) */
    .addColumn('condition', 'text', (c) => c.notNull())
    .addColumn('cooldown_minutes', 'integer', (c) => c.notNull())
    /** JSON array of alert_channels ids */
    .addColumn('channel_ids', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alert_rules_org').on('alert_rules').columns(['org_id', 'enabled']).execute();

  await db.schema
    .createTable('alert_channels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    /** webhook | dingtalk | wecom | feishu */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    /** the URL under the PII cipher: a robot's access token or key is part of it */
    .addColumn('url_enc', 'text', (c) => c.notNull())
    .addColumn('url_hint', 'text', (c) => c.notNull())
    /** the signing secret under the PII cipher; null when the channel does not sign */
    .addColumn('secret_enc', 'text')
    .addColumn('secret_hint', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alert_channels_org').on('alert_channels').column('org_id').execute();

  /**
   * One row per (rule, show, minute) scored: the insert is the claim, so of several nodes sweeping at
   * once exactly one scores a minute. Rows are purged a day after they were written.
   */
  await db.schema
    .createTable('alert_evaluations')
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('live_session_id', 'text', (c) => c.notNull())
    .addColumn('minute', 'bigint', (c) => c.notNull())
    .addColumn('evaluated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_evaluations_pk', ['rule_id', 'live_session_id', 'minute'])
    .execute();
  await db.schema.createIndex('alert_evaluations_at').on('alert_evaluations').column('evaluated_at').execute();

  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('rule_id', 'text', (c) => c.notNull())
    /** the rule's name when it fired, so the history survives renames and deletions */
    .addColumn('rule_name', 'text', (c) => c.notNull())
    .addColumn('live_session_id', 'text', (c) => c.notNull())
    .addColumn('live_session_title', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('minute', 'bigint', (c) => c.notNull())
    /** JSON {value, finding}; the value may be fractional (an average), which integer columns cannot hold */
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('fired_at', 'bigint', (c) => c.notNull())
    .addColumn('acknowledged_at', 'bigint')
    .addColumn('acknowledged_by', 'text')
    .addColumn('acknowledged_by_name', 'text')
    /** JSON array of AlertDelivery, written once the channels have answered */
    .addColumn('deliveries', 'text', (c) => c.notNull())
    .execute();
  // Also what the cooldown reads: the latest alert of a rule in a show.
  await db.schema.createIndex('alerts_rule_minute').unique().on('alerts').columns(['rule_id', 'live_session_id', 'minute']).execute();
  await db.schema.createIndex('alerts_org').on('alerts').columns(['org_id', 'id']).execute();
  await db.schema.createIndex('alerts_session').on('alerts').columns(['live_session_id', 'id']).execute();
}
