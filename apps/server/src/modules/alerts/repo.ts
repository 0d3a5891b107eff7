import type { AlertChannelRow, AlertEvaluationRow, AlertRow, AlertRuleRow } from '../../infra/db/tables/alerts.js';
import type { DbExecutor } from '../../infra/db/port.js';

/** A show on air, with its org's time zone (for the time in a robot's message). */
export interface LiveShow {
  id: string;
  orgId: string;
  title: string;
  timezone: string;
}

export const alertsRepo = {
  // ---- rules

  async rules(db: DbExecutor, orgId: string): Promise<AlertRuleRow[]> {
    return db.selectFrom('alert_rules').selectAll().where('org_id', '=', orgId).orderBy('created_at').orderBy('id').execute();
  },

  async rule(db: DbExecutor, orgId: string, id: string): Promise<AlertRuleRow | undefined> {
    return db.selectFrom('alert_rules').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  },

  async enabledRules(db: DbExecutor, orgIds: readonly string[]): Promise<AlertRuleRow[]> {
    if (orgIds.length === 0) return [];
    return db.selectFrom('alert_rules').selectAll().where('org_id', 'in', orgIds).where('enabled', '=', 1).execute();
  },

  async insertRule(db: DbExecutor, row: AlertRuleRow): Promise<void> {
    await db.insertInto('alert_rules').values(row).execute();
  },

  async updateRule(db: DbExecutor, row: AlertRuleRow): Promise<void> {
    const { id, org_id, created_by: _createdBy, created_at: _createdAt, ...changes } = row;
    await db.updateTable('alert_rules').set(changes).where('org_id', '=', org_id).where('id', '=', id).execute();
  },

  async deleteRule(db: DbExecutor, orgId: string, id: string): Promise<void> {
    await db.deleteFrom('alert_rules').where('org_id', '=', orgId).where('id', '=', id).execute();
  },

  /** Rules that notify the channel (`channel_ids` is a JSON array of ids, which never contain quotes). */
  async rulesUsingChannel(db: DbExecutor, orgId: string, channelId: string): Promise<{ id: string; name: string }[]> {
    return db
      .selectFrom('alert_rules')
      .select(['id', 'name'])
      .where('org_id', '=', orgId)
      .where('channel_ids', 'like', `%"${channelId}"%`)
      .execute();
  },

  // ---- channels

  async channels(db: DbExecutor, orgId: string): Promise<AlertChannelRow[]> {
    return db.selectFrom('alert_channels').selectAll().where('org_id', '=', orgId).orderBy('created_at').orderBy('id').execute();
  },

  async channel(db: DbExecutor, orgId: string, id: string): Promise<AlertChannelRow | undefined> {
    return db.selectFrom('alert_channels').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  },

  async channelsByIds(db: DbExecutor, orgId: string, ids: readonly string[]): Promise<AlertChannelRow[]> {
    if (ids.length === 0) return [];
    return db.selectFrom('alert_channels').selectAll().where('org_id', '=', orgId).where('id', 'in', ids).execute();
  },

  async insertChannel(db: DbExecutor, row: AlertChannelRow): Promise<void> {
    await db.insertInto('alert_channels').values(row).execute();
  },

  async updateChannel(db: DbExecutor, row: AlertChannelRow): Promise<void> {
    const { id, org_id, kind: _kind, created_by: _createdBy, created_at: _createdAt, ...changes } = row;
    await db.updateTable('alert_channels').set(changes).where('org_id', '=', org_id).where('id', '=', id).execute();
  },

  async deleteChannel(db: DbExecutor, orgId: string, id: string): Promise<void> {
    await db.deleteFrom('alert_channels').where('org_id', '=', orgId).where('id', '=', id).execute();
  },

  // ---- what the evaluator reads of the shows (owned by the live module; read only here)

  async liveShows(db: DbExecutor): Promise<LiveShow[]> {
    return db
      .selectFrom('live_sessions')
      .innerJoin('orgs', 'orgs.id', 'live_sessions.org_id')
      .select(['live_sessions.id as id', 'live_sessions.org_id as orgId', 'live_sessions.title as title', 'orgs.timezone as timezone'])
      .where('live_sessions.status', '=', 'live')
      .execute();
  },

  /** The org's latest ended shows, newest first, for the `past_shows` baseline. */
  async endedShowIds(db: DbExecutor, orgId: string, exceptId: string, limit: number): Promise<string[]> {
    const rows = await db
      .selectFrom('live_sessions')
      .select('id')
      .where('org_id', '=', orgId)
      .where('status', '=', 'ended')
      .where('id', '!=', exceptId)
      .where('started_at', 'is not', null)
      .orderBy('ended_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  },

  async showTitle(db: DbExecutor, orgId: string, id: string): Promise<string | undefined> {
    const row = await db.selectFrom('live_sessions').select('title').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    return row?.title;
  },

  // ---- scoring and firing

  /** Claims a (rule, show, minute) for scoring; false when another sweep (or node) already has. */
  async claim(db: DbExecutor, row: AlertEvaluationRow): Promise<boolean> {
    const res = await db
      .insertInto('alert_evaluations')
      .values(row)
      .onConflict((oc) => oc.columns(['rule_id', 'live_session_id', 'minute']).doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0n) > 0;
  },

  async purgeEvaluations(db: DbExecutor, before: number): Promise<void> {
    await db.deleteFrom('alert_evaluations').where('evaluated_at', '<', before).execute();
  },

  /** The minute of the rule's latest alert in the show, for its cooldown. */
  async latestAlertMinute(db: DbExecutor, ruleId: string, liveSessionId: string): Promise<number | undefined> {
    const row = await db
      .selectFrom('alerts')
      .select('minute')
      .where('rule_id', '=', ruleId)
      .where('live_session_id', '=', liveSessionId)
      .orderBy('minute', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.minute;
  },

  async insertAlert(db: DbExecutor, row: AlertRow): Promise<void> {
    await db.insertInto('alerts').values(row).execute();
  },

  async setDeliveries(db: DbExecutor, id: string, deliveries: string): Promise<void> {
    await db.updateTable('alerts').set({ deliveries }).where('id', '=', id).execute();
  },

  // ---- history

  async alert(db: DbExecutor, orgId: string, id: string): Promise<AlertRow | undefined> {
    return db.selectFrom('alerts').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  },

  /** Newest first; ids are UUIDv7, so id order is time order and the cursor is the last id seen. */
  async alerts(
    db: DbExecutor,
    orgId: string,
    filter: { liveSessionId?: string | undefined; status?: 'open' | 'acknowledged' | undefined; before?: string | undefined },
    limit: number,
  ): Promise<AlertRow[]> {
    let q = db.selectFrom('alerts').selectAll().where('org_id', '=', orgId);
    if (filter.liveSessionId) q = q.where('live_session_id', '=', filter.liveSessionId);
    if (filter.status === 'open') q = q.where('acknowledged_at', 'is', null);
    if (filter.status === 'acknowledged') q = q.where('acknowledged_at', 'is not', null);
    if (filter.before) q = q.where('id', '<', filter.before);
    return q.orderBy('id', 'desc').limit(limit).execute();
  },

  async sessionAlerts(db: DbExecutor, liveSessionId: string): Promise<AlertRow[]> {
    return db.selectFrom('alerts').selectAll().where('live_session_id', '=', liveSessionId).orderBy('minute').execute();
  },

  /** Compare-and-set: only an alert not yet acknowledged is. */
  async acknowledge(db: DbExecutor, orgId: string, id: string, by: { id: string; name: string | null }, at: number): Promise<boolean> {
    const res = await db
      .updateTable('alerts')
      .set({ acknowledged_at: at, acknowledged_by: by.id, acknowledged_by_name: by.name })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .where('acknowledged_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  },
};
