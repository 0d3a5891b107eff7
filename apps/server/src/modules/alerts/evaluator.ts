import { AlertCondition, AlertMetric, type MinuteBucket } from '@livedesk/contracts';
import { AppError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/time.js';
import type { AlertRow, AlertRuleRow } from '../../infra/db/tables/alerts.js';
import type { Db } from '../../infra/db/port.js';
import type { MetricsReader } from '../analytics/ports.js';
import { alertMessage } from './message.js';
import type { AlertNotifier } from './notifier.js';
import { alertsRepo, type LiveShow } from './repo.js';
import { completeMinutes, MINUTE_MS, score, type Score } from './rules.js';

/**
 * A minute is scored this long after it ends, not at once: events reach the aggregator a little late
 * (batched by the gateway, relayed through the outbox, checkpointed every second for other nodes), and a
 * minute scored before they land reads as a fall.
 */
export const SETTLE_MS = 15_000;
/** An ended show's minutes hardly change (late events only), so a past-shows baseline is re-read this rarely. */
const PAST_SERIES_TTL_MS = 10 * MINUTE_MS;
const EVALUATION_RETENTION_MS = 24 * 60 * MINUTE_MS;
const PURGE_EVERY_MS = 60 * MINUTE_MS;

interface Rule {
  row: AlertRuleRow;
  metric: AlertMetric;
  condition: AlertCondition;
}

interface Fired {
  row: AlertRow;
  channelIds: string[];
  timezone: string;
}

export interface AlertEvaluatorDeps {
  db: Db;
  metrics: Pick<MetricsReader, 'series'>;
  notifier: AlertNotifier;
  clock: Clock;
  onError: (err: unknown) => void;
}

/**
 * Scores each live show's newly completed minutes under the org's enabled rules, once: a minute is
 * claimed by inserting its (rule, show, minute) row, so of several nodes sweeping together exactly one
 * scores it, and the claim, the cooldown check and the alert commit together. The filling minute is
 * never scored, nor a complete one before it has settled. A rule met for the first time (new rule, new show, restarted node) scores only the latest
 * complete minute: alerting on a show's past after the fact helps nobody.
 */
export class AlertEvaluator {
  /** `rule|show` → the latest minute this node has looked at */
  private readonly scoredThrough = new Map<string, number>();
  private readonly pastSeries = new Map<string, { minutes: MinuteBucket[]; fetchedAt: number }>();
  private purgedAt = 0;

  constructor(private readonly deps: AlertEvaluatorDeps) {}

  /** One sweep; returns how many alerts fired. */
  async run(): Promise<number> {
    const { db, clock } = this.deps;
    const now = clock.now();
    const shows = await alertsRepo.liveShows(db.kysely);
    const rules = (await alertsRepo.enabledRules(db.kysely, [...new Set(shows.map((s) => s.orgId))])).map(
      (row): Rule => ({ row, metric: AlertMetric.parse(row.metric), condition: AlertCondition.parse(JSON.parse(row.condition)) }),
    );
    const fired: Fired[] = [];
    const looked = new Set<string>();
    for (const show of shows) {
      const mine = rules.filter((r) => r.row.org_id === show.orgId && (r.row.live_session_id === null || r.row.live_session_id === show.id));
      if (mine.length === 0) continue;
      const minutes = (await this.minutesOf(show.orgId, show.id))?.filter((m) => m.minute + MINUTE_MS + SETTLE_MS <= now);
      if (!minutes || minutes.length === 0) continue;
      const last = minutes.length - 1;
      for (const rule of mine) {
        const key = `${rule.row.id}|${show.id}`;
        looked.add(key);
        const through = this.scoredThrough.get(key);
        const from = through === undefined ? last : minutes.findIndex((m) => m.minute > through);
        if (from === -1) continue;
        for (let at = from; at <= last; at++) {
          const alert = await this.scoreMinute(rule, show, minutes, at, now);
          if (alert) fired.push(alert);
        }
        this.scoredThrough.set(key, minutes[last]!.minute);
      }
    }
    for (const key of this.scoredThrough.keys()) if (!looked.has(key)) this.scoredThrough.delete(key);
    await Promise.all(fired.map((f) => this.deps.notifier.fired(f.row, f.channelIds, f.timezone).catch(this.deps.onError)));
    await this.housekeeping(now);
    return fired.length;
  }

  private async scoreMinute(rule: Rule, show: LiveShow, minutes: MinuteBucket[], at: number, now: number): Promise<Fired | null> {
    const pastShows =
      rule.condition.kind === 'zscore' && rule.condition.baseline === 'past_shows'
        ? await this.pastShows(show, rule.condition.pastShows, now)
        : undefined;
    const result: Score | null = score({ metric: rule.metric, condition: rule.condition, minutes, at, ...(pastShows ? { pastShows } : {}) });
    const minute = minutes[at]!.minute;
    const row = await this.deps.db.kysely.transaction().execute(async (tx) => {
      if (!(await alertsRepo.claim(tx, { rule_id: rule.row.id, live_session_id: show.id, minute, evaluated_at: now }))) return null;
      if (!result?.fired) return null;
      const latest = await alertsRepo.latestAlertMinute(tx, rule.row.id, show.id);
      if (latest !== undefined && minute - latest < rule.row.cooldown_minutes * MINUTE_MS) return null;
      const alert: AlertRow = {
        id: newId(),
        org_id: show.orgId,
        rule_id: rule.row.id,
        rule_name: rule.row.name,
        live_session_id: show.id,
        live_session_title: show.title,
        metric: rule.metric,
        minute,
        detail: JSON.stringify({ value: result.value, finding: result.finding }),
        message: alertMessage(rule.row.name, rule.metric, result.value, result.finding),
        fired_at: now,
        acknowledged_at: null,
        acknowledged_by: null,
        acknowledged_by_name: null,
        deliveries: '[]',
      };
      await alertsRepo.insertAlert(tx, alert);
      return alert;
    });
    return row && { row, channelIds: JSON.parse(rule.row.channel_ids) as string[], timezone: show.timezone };
  }

  /** A show the aggregator does not know (yet) has nothing to score; other failures are reported. */
  private async minutesOf(orgId: string, liveSessionId: string): Promise<MinuteBucket[] | null> {
    try {
      return completeMinutes(await this.deps.metrics.series(orgId, liveSessionId));
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'not_found')) this.deps.onError(err);
      return null;
    }
  }

  private async pastShows(show: LiveShow, count: number, now: number): Promise<MinuteBucket[][]> {
    const ids = await alertsRepo.endedShowIds(this.deps.db.kysely, show.orgId, show.id, count);
    const shows: MinuteBucket[][] = [];
    for (const id of ids) {
      const cached = this.pastSeries.get(id);
      if (cached && now - cached.fetchedAt < PAST_SERIES_TTL_MS) {
        shows.push(cached.minutes);
        continue;
      }
      const minutes = await this.minutesOf(show.orgId, id);
      if (!minutes) continue;
      this.pastSeries.set(id, { minutes, fetchedAt: now });
      shows.push(minutes);
    }
    return shows;
  }

  private async housekeeping(now: number): Promise<void> {
    for (const [id, cached] of this.pastSeries) if (now - cached.fetchedAt >= PAST_SERIES_TTL_MS) this.pastSeries.delete(id);
    if (now - this.purgedAt < PURGE_EVERY_MS) return;
    this.purgedAt = now;
    await alertsRepo.purgeEvaluations(this.deps.db.kysely, now - EVALUATION_RETENTION_MS);
  }
}
