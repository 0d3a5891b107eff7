import {
  AlertChannelKind,
  AlertCondition,
  AlertMetric,
  type AlertChannelView,
  type AlertDelivery,
  type AlertPage,
  type AlertQuery,
  type AlertRuleBody,
  type AlertRuleView,
  type AlertView,
  type CreateAlertChannelBody,
  type MetricMarker,
  type UpdateAlertChannelBody,
} from '@livedesk/contracts';
import type { Actor } from '../../lib/actor.js';
import type { PiiCipher } from '../../lib/crypto.js';
import { conflict, notFound, validationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/time.js';
import type { AlertChannelRow, AlertRuleRow } from '../../infra/db/tables/alerts.js';
import type { Db, DbExecutor } from '../../infra/db/port.js';
import type { MarkerSource } from '../analytics/ports.js';
import type { AuditService } from '../audit/service.js';
import { secretHint, urlHint } from './channels.js';
import { alertView, type AlertNotifier } from './notifier.js';
import { alertsRepo } from './repo.js';
import { MINUTE_MS } from './rules.js';
import { identityRepo } from '../identity/repo.js';

const ruleView = (row: AlertRuleRow): AlertRuleView => ({
  id: row.id,
  name: row.name,
  enabled: row.enabled === 1,
  liveSessionId: row.live_session_id,
  metric: AlertMetric.parse(row.metric),
  condition: AlertCondition.parse(JSON.parse(row.condition)),
  cooldownMinutes: row.cooldown_minutes,
  channelIds: JSON.parse(row.channel_ids) as string[],
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const channelView = (row: AlertChannelRow): AlertChannelView => ({
  id: row.id,
  name: row.name,
  kind: AlertChannelKind.parse(row.kind),
  enabled: row.enabled === 1,
  urlHint: row.url_hint,
  secretHint: row.secret_hint,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** A webhook is verified by its signature alone; a 企业微信 robot has no signing to configure. */
function checkSecret(kind: AlertChannelKind, hasSecret: boolean): void {
  if (kind === 'webhook' && !hasSecret) throw validationError('A webhook channel needs a secret to sign its deliveries', { reason: 'secret_required' });
  if (kind === 'wecom' && hasSecret) throw validationError('WeCom group robots do not sign messages; leave the secret empty', { reason: 'secret_not_supported' });
}

/**
 * Alert rules and channels (audited), the history with acknowledgement, and the alerts of a show as
 * markers on its curves. Channel URLs and secrets are stored under the PII cipher and leave only as hints.
 */
export class AlertsService implements MarkerSource {
  constructor(
    private readonly db: Db,
    private readonly pii: PiiCipher,
    private readonly audit: AuditService,
    private readonly notifier: AlertNotifier,
    private readonly clock: Clock,
  ) {}

  // ---- rules

  async rules(actor: Actor): Promise<{ items: AlertRuleView[] }> {
    return { items: (await alertsRepo.rules(this.db.kysely, actor.orgId)).map(ruleView) };
  }

  async createRule(actor: Actor, body: AlertRuleBody): Promise<AlertRuleView> {
    const now = this.clock.now();
    const row: AlertRuleRow = { ...this.ruleColumns(body), id: newId(), org_id: actor.orgId, created_by: actor.id, created_at: now, updated_at: now };
    await this.audit.transaction(actor, async (tx, record) => {
      await this.checkRuleTargets(tx, actor.orgId, body);
      await alertsRepo.insertRule(tx, row);
      await record({ action: 'alert.rule.create', targetType: 'alert_rule', targetId: row.id, changes: [{ field: 'rule', from: null, to: ruleView(row) }] });
    });
    return ruleView(row);
  }

  async replaceRule(actor: Actor, id: string, body: AlertRuleBody): Promise<AlertRuleView> {
    return this.audit.transaction(actor, async (tx, record) => {
      const current = await this.ruleIn(tx, actor.orgId, id);
      await this.checkRuleTargets(tx, actor.orgId, body);
      const next: AlertRuleRow = { ...current, ...this.ruleColumns(body), updated_at: this.clock.now() };
      await alertsRepo.updateRule(tx, next);
      const before = ruleView(current);
      const after = ruleView(next);
      const fields = ['name', 'enabled', 'liveSessionId', 'metric', 'condition', 'cooldownMinutes', 'channelIds'] as const;
      await record({
        action: 'alert.rule.update',
        targetType: 'alert_rule',
        targetId: id,
        changes: fields.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f])).map((f) => ({ field: f, from: before[f], to: after[f] })),
      });
      return after;
    });
  }

  async deleteRule(actor: Actor, id: string): Promise<void> {
    await this.audit.transaction(actor, async (tx, record) => {
      const current = await this.ruleIn(tx, actor.orgId, id);
      await alertsRepo.deleteRule(tx, actor.orgId, id);
      await record({ action: 'alert.rule.delete', targetType: 'alert_rule', targetId: id, changes: [{ field: 'rule', from: ruleView(current), to: null }] });
    });
  }

  // ---- channels

  async channels(actor: Actor): Promise<{ items: AlertChannelView[] }> {
    return { items: (await alertsRepo.channels(this.db.kysely, actor.orgId)).map(channelView) };
  }

  async createChannel(actor: Actor, body: CreateAlertChannelBody): Promise<AlertChannelView> {
    checkSecret(body.kind, body.secret !== undefined);
    const now = this.clock.now();
    const row: AlertChannelRow = {
      id: newId(),
      org_id: actor.orgId,
      name: body.name,
      kind: body.kind,
      enabled: body.enabled ? 1 : 0,
      ...this.urlColumns(body.url),
      ...this.secretColumns(body.secret ?? null),
      created_by: actor.id,
      created_at: now,
      updated_at: now,
    };
    await this.audit.transaction(actor, async (tx, record) => {
      await alertsRepo.insertChannel(tx, row);
      await record({ action: 'alert.channel.create', targetType: 'alert_channel', targetId: row.id, changes: [{ field: 'channel', from: null, to: channelView(row) }] });
    });
    return channelView(row);
  }

  async updateChannel(actor: Actor, id: string, patch: UpdateAlertChannelBody): Promise<AlertChannelView> {
    return this.audit.transaction(actor, async (tx, record) => {
      const current = await this.channelIn(tx, actor.orgId, id);
      const kind = AlertChannelKind.parse(current.kind);
      const next: AlertChannelRow = {
        ...current,
        ...(patch.name === undefined ? {} : { name: patch.name }),
        ...(patch.enabled === undefined ? {} : { enabled: patch.enabled ? 1 : 0 }),
        ...(patch.url === undefined ? {} : this.urlColumns(patch.url)),
        ...(patch.secret === undefined ? {} : this.secretColumns(patch.secret)),
        updated_at: this.clock.now(),
      };
      checkSecret(kind, next.secret_enc !== null);
      await alertsRepo.updateChannel(tx, next);
      const before = channelView(current);
      const after = channelView(next);
      // Secrets are audited as their hints, and a new secret with the same hint still shows as changed.
      const changes = (['name', 'enabled', 'urlHint', 'secretHint'] as const)
        .filter((f) => before[f] !== after[f] || (f === 'urlHint' && patch.url !== undefined) || (f === 'secretHint' && patch.secret !== undefined))
        .map((f) => ({ field: f, from: before[f], to: after[f] }));
      await record({ action: 'alert.channel.update', targetType: 'alert_channel', targetId: id, changes });
      return after;
    });
  }

  async deleteChannel(actor: Actor, id: string): Promise<void> {
    await this.audit.transaction(actor, async (tx, record) => {
      const current = await this.channelIn(tx, actor.orgId, id);
      const users = await alertsRepo.rulesUsingChannel(tx, actor.orgId, id);
      if (users.length > 0) {
        throw conflict('Rules still send to this channel; take it out of them first', { reason: 'channel_in_use', rules: users });
      }
      await alertsRepo.deleteChannel(tx, actor.orgId, id);
      await record({ action: 'alert.channel.delete', targetType: 'alert_channel', targetId: id, changes: [{ field: 'channel', from: channelView(current), to: null }] });
    });
  }

  /** Sends a test message now, disabled channels included (so a channel can be tried before it is switched on). */
  async testChannel(actor: Actor, id: string): Promise<AlertDelivery> {
    const channel = await this.channelIn(this.db.kysely, actor.orgId, id);
    return this.notifier.test(channel, await identityRepo.orgTimezone(this.db.kysely, actor.orgId));
  }

  // ---- history

  async alerts(actor: Actor, query: AlertQuery): Promise<AlertPage> {
    const rows = await alertsRepo.alerts(
      this.db.kysely,
      actor.orgId,
      { liveSessionId: query.liveSessionId, status: query.status, before: query.cursor },
      query.limit + 1,
    );
    const items = rows.slice(0, query.limit);
    return { items: items.map(alertView), nextCursor: rows.length > query.limit ? items.at(-1)!.id : null };
  }

  async acknowledge(actor: Actor, id: string): Promise<AlertView> {
    const row = await this.audit.transaction(actor, async (tx, record) => {
      const current = await alertsRepo.alert(tx, actor.orgId, id);
      if (!current) throw notFound('Alert', id);
      const at = this.clock.now();
      if (!(await alertsRepo.acknowledge(tx, actor.orgId, id, { id: actor.id, name: actor.name }, at))) {
        throw conflict('This alert is already acknowledged', {
          reason: 'already_acknowledged',
          acknowledgedAt: current.acknowledged_at,
          acknowledgedBy: current.acknowledged_by_name ?? current.acknowledged_by,
        });
      }
      await record({ action: 'alert.acknowledge', targetType: 'alert', targetId: id, changes: [{ field: 'acknowledgedAt', from: null, to: at }] });
      return (await alertsRepo.alert(tx, actor.orgId, id))!;
    });
    const alert = alertView(row);
    await this.notifier.push(actor.orgId, { type: 'alert.updated', alert });
    return alert;
  }

  /** The show's alerts, one minute wide each, for the big screen's curves. */
  async markers(liveSessionId: string): Promise<MetricMarker[]> {
    const rows = await alertsRepo.sessionAlerts(this.db.kysely, liveSessionId);
    return rows.map((row) => ({ kind: 'alert', startAt: row.minute, endAt: row.minute + MINUTE_MS, label: row.message, productId: null }));
  }

  // ----

  private ruleColumns(body: AlertRuleBody) {
    return {
      name: body.name,
      enabled: body.enabled ? 1 : 0,
      live_session_id: body.liveSessionId,
      metric: body.metric,
      condition: JSON.stringify(body.condition),
      cooldown_minutes: body.cooldownMinutes,
      channel_ids: JSON.stringify([...new Set(body.channelIds)]),
    };
  }

  private urlColumns(url: string) {
    return { url_enc: this.pii.encrypt(url), url_hint: urlHint(url) };
  }

  private secretColumns(secret: string | null) {
    return secret === null ? { secret_enc: null, secret_hint: null } : { secret_enc: this.pii.encrypt(secret), secret_hint: secretHint(secret) };
  }

  private async checkRuleTargets(db: DbExecutor, orgId: string, body: AlertRuleBody): Promise<void> {
    if (body.liveSessionId !== null && (await alertsRepo.showTitle(db, orgId, body.liveSessionId)) === undefined) {
      throw notFound('Live session', body.liveSessionId);
    }
    const ids = [...new Set(body.channelIds)];
    const found = new Set((await alertsRepo.channelsByIds(db, orgId, ids)).map((c) => c.id));
    const unknown = ids.filter((channelId) => !found.has(channelId));
    if (unknown.length > 0) throw validationError('Some channels do not exist', { reason: 'unknown_channel', channelIds: unknown });
  }

  private async ruleIn(db: DbExecutor, orgId: string, id: string): Promise<AlertRuleRow> {
    const row = await alertsRepo.rule(db, orgId, id);
    if (!row) throw notFound('Alert rule', id);
    return row;
  }

  private async channelIn(db: DbExecutor, orgId: string, id: string): Promise<AlertChannelRow> {
    const row = await alertsRepo.channel(db, orgId, id);
    if (!row) throw notFound('Alert channel', id);
    return row;
  }
}
