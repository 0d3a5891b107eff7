import {
  metricIds,
  reviewSections,
  type Anchor,
  type LiveReview,
  type MetricChange,
  type MetricId,
  type MetricValues,
  type ReviewBody,
  type ReviewComparison,
  type ReviewNote,
  type ReviewQuery,
  type ReviewSection,
  type ReviewShowRef,
} from '@livedesk/contracts';
import type { Db } from '../../infra/db/port.js';
import type { ReviewNoteRow, ReviewRevisionRow } from '../../infra/db/tables/reviews.js';
import type { Olap } from '../../infra/olap/port.js';
import type { Actor } from '../../lib/actor.js';
import { AppError, notFound, validationError } from '../../lib/errors.js';
import type { Clock } from '../../lib/time.js';
import { productTitles } from '../analytics/repo.js';
import type { LiveMetrics } from '../analytics/service.js';
import { spanOf } from '../analytics/compute.js';
import type { AuditService } from '../audit/service.js';
import { analyseDanmaku } from './danmaku.js';
import { reviewEvents, reviewsRepo as repo, type EndedShowRow, type ShowRow } from './repo.js';
import * as sections from './sections.js';
import { identityRepo } from '../identity/repo.js';

/** Ended shows before this one that the median compares with. */
const MEDIAN_OF = 7;
/** Revision numbers tried when other nodes keep taking them first; more means something is wrong. */
const REVISION_ATTEMPTS = 5;

interface Shown {
  revision: number;
  asOf: number;
  body: ReviewBody;
}

const showRef = (row: ShowRow): ReviewShowRef => ({ liveSessionId: row.id, title: row.title, startedAt: row.started_at, endedAt: row.ended_at });
const anchorsOf = (row: ShowRow): Anchor[] => JSON.parse(row.anchors) as Anchor[];
const noteView = (row: ReviewNoteRow): ReviewNote => ({ section: row.section as ReviewSection, text: row.text, updatedAt: row.updated_at, updatedBy: row.updated_by });
const shownOf = (row: ReviewRevisionRow): Shown => ({ revision: row.revision, asOf: row.as_of, body: JSON.parse(row.body) as ReviewBody });

/**
 * The post-live review (复盘) of an ended show: its live numbers with the sections derived from the same
 * aggregated state, kept as revisions whenever late data (refunds, imports) changes them, compared with
 * earlier shows, and annotated with notes.
 */
export class ReviewService {
  constructor(
    private readonly db: Db,
    private readonly olap: Olap,
    private readonly metrics: LiveMetrics,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * The current numbers (a new revision when they changed since the last one), or a stored revision.
   * Callers check the right to read the org's reviews (staff permission, share link).
   */
  async review(orgId: string, liveSessionId: string, query: ReviewQuery): Promise<LiveReview> {
    const show = await this.endedShow(orgId, liveSessionId);
    // Checked first: a bad query must not leave a new revision behind.
    const compareWith = query.compareWith === undefined ? undefined : await this.comparable(show, query.compareWith);
    const shown = query.revision === undefined ? await this.current(show) : await this.stored(show, query.revision);
    const [revisions, notes, comparison, timeZone] = await Promise.all([
      repo.revisions(this.db.kysely, show.id),
      repo.notes(this.db.kysely, show.id),
      this.comparison(show, shown.body.metrics, compareWith),
      identityRepo.orgTimezone(this.db.kysely, orgId),
    ]);
    const order = (section: string) => reviewSections.indexOf(section as ReviewSection);
    return {
      ...shown.body,
      show: { ...showRef(show), anchors: anchorsOf(show).map((a) => a.name), timeZone },
      revision: shown.revision,
      asOf: shown.asOf,
      revisions: revisions.map((r) => ({ revision: r.revision, asOf: r.as_of, gmvFen: r.gmv_fen, refundFen: r.refund_fen, paidOrders: r.paid_orders })),
      comparison,
      notes: notes.sort((a, b) => order(a.section) - order(b.section)).map(noteView),
    };
  }

  /** Saves the note on a section of an ended show's review; empty text removes it (null). */
  async putNote(actor: Actor, liveSessionId: string, section: ReviewSection, text: string): Promise<ReviewNote | null> {
    return this.audit.transaction(actor, async (tx, record) => {
      await this.endedShow(actor.orgId, liveSessionId, tx);
      const before = await repo.note(tx, liveSessionId, section);
      const target = { targetType: 'live_session', targetId: liveSessionId };
      if (text.trim() === '') {
        if (!before) return null;
        await repo.deleteNote(tx, liveSessionId, section);
        await record({ action: 'review.note.delete', ...target, changes: [{ field: `notes.${section}`, from: before.text, to: null }] });
        return null;
      }
      const row: ReviewNoteRow = { org_id: actor.orgId, live_session_id: liveSessionId, section, text, updated_by: actor.id, updated_at: this.clock.now() };
      await repo.saveNote(tx, row);
      await record({ action: 'review.note.update', ...target, changes: [{ field: `notes.${section}`, from: before?.text ?? null, to: text }] });
      return noteView(row);
    });
  }

  private async endedShow(orgId: string, liveSessionId: string, db = this.db.kysely): Promise<EndedShowRow> {
    const row = await repo.show(db, orgId, liveSessionId);
    if (!row) throw notFound('Live session', liveSessionId);
    if (row.status !== 'ended' || row.ended_at === null) {
      throw new AppError('show_not_ended', 'The review is ready once the show has ended', { status: row.status });
    }
    return { ...row, ended_at: row.ended_at };
  }

  private async comparable(show: EndedShowRow, otherId: string): Promise<EndedShowRow> {
    if (otherId === show.id) throw validationError('compareWith must be another show than the one reviewed', { compareWith: otherId });
    const other = await repo.show(this.db.kysely, show.org_id, otherId);
    if (!other) throw notFound('Live session', otherId);
    if (other.status !== 'ended' || other.ended_at === null) {
      throw validationError('compareWith must be a show that has ended', { compareWith: otherId, status: other.status });
    }
    return { ...other, ended_at: other.ended_at };
  }

  private async stored(show: EndedShowRow, revision: number): Promise<Shown> {
    const row = await repo.revision(this.db.kysely, show.id, revision);
    if (!row) throw notFound('Review revision', String(revision));
    return shownOf(row);
  }

  /**
   * The review computed now, kept as a new revision when it differs from the latest. Two nodes may both
   * find it changed: the revision number's primary key lets one insert, and the other reads again.
   */
  private async current(show: EndedShowRow): Promise<Shown> {
    const body = await this.compute(show);
    const text = JSON.stringify(body);
    for (let attempt = 0; attempt < REVISION_ATTEMPTS; attempt++) {
      const latest = await repo.latestRevision(this.db.kysely, show.id);
      if (latest?.body === text) return shownOf(latest);
      const row: ReviewRevisionRow = {
        org_id: show.org_id,
        live_session_id: show.id,
        revision: (latest?.revision ?? 0) + 1,
        as_of: this.clock.now(),
        gmv_fen: body.metrics.gmvFen ?? 0,
        refund_fen: body.metrics.refundFen ?? 0,
        paid_orders: body.metrics.paidOrders ?? 0,
        body: text,
      };
      if (await repo.insertRevision(this.db.kysely, row)) return { revision: row.revision, asOf: row.as_of, body };
    }
    throw new Error(`reviews: no revision of ${show.id} could be kept after ${REVISION_ATTEMPTS} attempts`);
  }

  /** Every section from the show's aggregated state (as GET …/metrics reads it) and its events in OLAP. */
  private async compute(show: EndedShowRow): Promise<ReviewBody> {
    const { show: window, state, numbers, asOf, markers } = await this.metrics.reading(show.org_id, show.id);
    // A show ended before it started has an empty window at its end.
    const live: sections.LiveWindow = { startAt: show.started_at ?? show.ended_at, endAt: show.ended_at };
    const ranks = numbers.products(Infinity);
    const [titles, refunds, comments, shifts] = await Promise.all([
      productTitles(this.db.kysely, show.org_id, ranks.map((r) => r.productId)),
      reviewEvents.refundsByOrder(this.olap, show.org_id, show.id, live.startAt),
      reviewEvents.comments(this.olap, show.org_id, show.id, live.startAt, live.endAt),
      repo.shifts(this.db.kysely, show.id),
    ]);
    const metrics = numbers.metrics(spanOf(window, asOf));
    const perMinute = numbers.minuteBuckets();
    const presence = sections.presenceOf(state.people, live);
    return {
      metrics,
      perMinute,
      segments10m: sections.segments10m(live, state.people, presence),
      stayTime: sections.stayTime(presence),
      funnel: sections.funnel(metrics),
      products: sections.products({
        ranks: ranks.map((r) => ({ ...r, title: titles.get(r.productId) ?? null })),
        orders: state.orders,
        refunds,
        markers,
        window: live,
        pv: metrics.pv ?? 0,
      }),
      anchors: sections.anchors({ shifts, showAnchors: anchorsOf(show), window: live, presence, orders: state.orders }),
      peaks: sections.peaks(perMinute, markers, comments, live),
      danmaku: analyseDanmaku(comments, perMinute),
      markers,
    };
  }

  /** Against the chosen (or the previous) show, and the median of up to 7 ended shows before this one. */
  private async comparison(show: EndedShowRow, metrics: MetricValues, compareWith: EndedShowRow | undefined): Promise<ReviewComparison> {
    const earlier = show.started_at === null ? [] : await repo.endedShowsBefore(this.db.kysely, show.org_id, show.started_at, MEDIAN_OF);
    const baselineShow = compareWith ?? earlier[0];
    const [baseline, others] = await Promise.all([
      baselineShow ? this.settledMetrics(baselineShow) : null,
      Promise.all(earlier.map((s) => this.settledMetrics(s))),
    ]);
    const changes = (against: (id: MetricId) => number | null) =>
      Object.fromEntries(metricIds.map((id) => [id, change(metrics[id] ?? null, against(id))])) as Record<MetricId, MetricChange>;
    return {
      baseline: baselineShow && baseline ? { show: showRef(baselineShow), metrics: changes((id) => baseline[id] ?? null) } : null,
      median7: earlier.length === 0 ? null : { shows: earlier.map(showRef), metrics: changes((id) => median(others.map((m) => m[id] ?? null))) },
    };
  }

  /** Another show's numbers as its latest revision has them; computed and kept now if it has none. */
  private async settledMetrics(show: EndedShowRow): Promise<MetricValues> {
    const latest = await repo.latestRevision(this.db.kysely, show.id);
    return (latest ? shownOf(latest) : await this.current(show)).body.metrics;
  }
}

function change(value: number | null, baseline: number | null): MetricChange {
  return { value, baseline, change: value === null || baseline === null || baseline === 0 ? null : (value - baseline) / Math.abs(baseline) };
}

/** The median of the values that exist; null when none does. */
function median(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (known.length === 0) return null;
  const middle = known.length >> 1;
  return known.length % 2 === 1 ? known[middle]! : (known[middle - 1]! + known[middle]!) / 2;
}
