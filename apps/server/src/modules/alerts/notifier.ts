import {
  AlertChannelKind,
  AlertFinding,
  AlertMetric,
  type AlertDelivery,
  type AlertServerFrame,
  type AlertView,
} from '@livedesk/contracts';
import type { PiiCipher } from '../../lib/crypto.js';
import type { Clock } from '../../lib/time.js';
import type { AlertChannelRow, AlertRow } from '../../infra/db/tables/alerts.js';
import type { Db } from '../../infra/db/port.js';
import type { Fanout } from '../../infra/fanout/port.js';
import { buildRequest, send, type SendOptions } from './channels.js';
import { alertNotice, testNotice, type Notice } from './message.js';
import { alertsRepo } from './repo.js';

/** The Fanout channel of an org's alerts; the console socket forwards it to members with `analytics:read`. */
export const alertsChannel = (orgId: string) => `alerts.${orgId}`;

export const DEFAULT_SEND_OPTIONS: SendOptions = { timeoutMs: 5_000, retryDelayMs: 1_000 };

export function alertView(row: AlertRow): AlertView {
  const detail = JSON.parse(row.detail) as { value: number; finding: unknown };
  return {
    id: row.id,
    ruleId: row.rule_id,
    ruleName: row.rule_name,
    liveSessionId: row.live_session_id,
    liveSessionTitle: row.live_session_title,
    metric: AlertMetric.parse(row.metric),
    minute: row.minute,
    value: detail.value,
    finding: AlertFinding.parse(detail.finding),
    message: row.message,
    firedAt: row.fired_at,
    acknowledgedAt: row.acknowledged_at,
    acknowledgedBy: row.acknowledged_by === null ? null : { id: row.acknowledged_by, name: row.acknowledged_by_name },
    deliveries: JSON.parse(row.deliveries) as AlertDelivery[],
  };
}

/**
 * Tells people: every alert goes to open consoles (Fanout), and to the rule's enabled channels. The
 * result of each delivery is written on the alert, which is then pushed again so consoles show it.
 * A crash between the alert's commit and its deliveries loses the deliveries, never the alert.
 */
export class AlertNotifier {
  constructor(
    private readonly db: Db,
    private readonly pii: PiiCipher,
    private readonly fanout: Fanout,
    private readonly clock: Clock,
    private readonly sendOptions: SendOptions = DEFAULT_SEND_OPTIONS,
  ) {}

  async fired(row: AlertRow, channelIds: readonly string[], timezone: string): Promise<void> {
    const alert = alertView(row);
    await this.push(row.org_id, { type: 'alert.fired', alert });
    const channels = (await alertsRepo.channelsByIds(this.db.kysely, row.org_id, channelIds)).filter((c) => c.enabled === 1);
    if (channels.length === 0) return;
    const notice = alertNotice(alert, timezone);
    const deliveries = await Promise.all(channels.map((channel) => this.deliver(channel, notice)));
    await alertsRepo.setDeliveries(this.db.kysely, row.id, JSON.stringify(deliveries));
    await this.push(row.org_id, { type: 'alert.updated', alert: { ...alert, deliveries } });
  }

  async test(channel: AlertChannelRow, timezone: string): Promise<AlertDelivery> {
    return this.deliver(channel, testNotice(channel.id, channel.name, this.clock.now(), timezone));
  }

  /** A console missing one push is harmless (the history reloads from the table). */
  async push(orgId: string, frame: AlertServerFrame): Promise<void> {
    await this.fanout.publish(alertsChannel(orgId), JSON.stringify(frame)).catch(() => undefined);
  }

  private async deliver(channel: AlertChannelRow, notice: Notice): Promise<AlertDelivery> {
    const target = {
      kind: AlertChannelKind.parse(channel.kind),
      url: this.pii.decrypt(channel.url_enc),
      secret: channel.secret_enc === null ? null : this.pii.decrypt(channel.secret_enc),
    };
    const outcome = await send(target.kind, () => buildRequest(target, notice, this.clock.now()), this.sendOptions);
    return { channelId: channel.id, channelName: channel.name, kind: target.kind, ...outcome, at: this.clock.now() };
  }
}
