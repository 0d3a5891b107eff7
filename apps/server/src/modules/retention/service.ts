import {
  REPURCHASE_DEFAULT_DAYS,
  type PurchaseRetention,
  type PurchaseRetentionQuery,
  type ShowRetention,
  type ShowRetentionQuery,
} from '@livedesk/contracts';
import type { Actor } from '../../lib/actor.js';
import type { Clock } from '../../lib/time.js';
import { cohortShowSpan, purchaseCohorts, showCohorts } from './engine.js';
import type { RetentionRepo } from './repo.js';

/** 看播留存 and 复购留存 of the actor's org. */
export class RetentionService {
  constructor(
    private readonly repo: RetentionRepo,
    private readonly clock: Clock,
  ) {}

  async shows(actor: Actor, query: ShowRetentionQuery): Promise<ShowRetention> {
    const { periods } = query;
    const shows = await this.repo.startedShows(actor.orgId);
    const span = cohortShowSpan(shows, query);
    if (span === null) return { periods, cohorts: [] };
    // Shows after the last cohort's last period cannot change a number: OLAP is not asked about them.
    const showIds = shows.slice(0, span.last + periods + 1).map((s) => s.liveSessionId);
    const patterns = await this.repo.visitPatterns({ orgId: actor.orgId, showIds, firstFrom: span.first, firstTo: span.last, periods });
    return { periods, cohorts: showCohorts(shows, patterns, periods, query) };
  }

  async purchases(actor: Actor, query: PurchaseRetentionQuery): Promise<PurchaseRetention> {
    const days = query.days ?? [...REPURCHASE_DEFAULT_DAYS];
    const [timeZone, buyers] = await Promise.all([
      this.repo.orgTimeZone(actor.orgId),
      this.repo.buyerPayments({ orgId: actor.orgId, from: query.from, to: query.to }),
    ]);
    const cohorts = purchaseCohorts(buyers, { unit: query.cohort, timeZone, days, now: this.clock.now() });
    return { cohort: query.cohort, days, cohorts };
  }
}
