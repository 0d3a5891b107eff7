import type { ReviewShowRef } from '@livedesk/contracts';
import type { Db } from '../../infra/db/port.js';
import type { Olap, OlapParam } from '../../infra/olap/port.js';
import type { BuyerPayments, VisitPattern } from './engine.js';
import { identityRepo } from '../identity/repo.js';

export interface PatternScan {
  orgId: string;
  /** ids of the org's started shows from the first on, in start order: a pattern's indices point into it */
  showIds: readonly string[];
  /** persons whose first show has an index in `[firstFrom, firstTo]` */
  firstFrom: number;
  firstTo: number;
  /** shows after the first one that matter */
  periods: number;
}

export interface BuyerScan {
  orgId: string;
  /** `[from, to)` on the first payment; open ends when absent */
  from?: number | undefined;
  to?: number | undefined;
}

/** Shows from the system DB; who entered and who paid from the events in OLAP. */
export class RetentionRepo {
  constructor(
    private readonly db: Db,
    private readonly olap: Olap,
  ) {}

  /** The org's shows that have started, in start order (ties by id, so the order is stable). */
  async startedShows(orgId: string): Promise<ReviewShowRef[]> {
    const rows = await this.db.kysely
      .selectFrom('live_sessions')
      .select(['id', 'title', 'started_at', 'ended_at'])
      .where('org_id', '=', orgId)
      .where('started_at', 'is not', null)
      .orderBy('started_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ liveSessionId: r.id, title: r.title, startedAt: r.started_at, endedAt: r.ended_at }));
  }

  orgTimeZone(orgId: string): Promise<string> {
    return identityRepo.orgTimezone(this.db.kysely, orgId);
  }

  /**
   * Who entered which shows (a `room.enter` of the show), grouped in SQL into patterns, each the sorted
   * indices of a person's shows up to `periods` after their first, with how many persons share it: rows
   * stay few however many viewers there are.
   */
  async visitPatterns(scan: PatternScan): Promise<VisitPattern[]> {
    const rows = await this.olap.query<{ shows: number[]; persons: number }>(
      `WITH shows AS (SELECT unnest(?::VARCHAR[]) AS id, generate_subscripts(?::VARCHAR[], 1) - 1 AS idx),
       visits AS (
         SELECT DISTINCT e.identity, s.idx FROM events e JOIN shows s ON e.live_session_id = s.id
         WHERE e.org_id = ? AND e.type = 'room.enter'
       ),
       persons AS (
         SELECT min(idx) AS first, list(idx) AS seen FROM visits GROUP BY identity HAVING min(idx) BETWEEN ? AND ?
       )
       SELECT list_sort([i FOR i IN seen IF i <= first + ?]) AS shows, count(*) AS persons FROM persons GROUP BY ALL`,
      [scan.showIds, scan.showIds, scan.orgId, scan.firstFrom, scan.firstTo, scan.periods],
    );
    return rows;
  }

  /**
   * Each buyer's first paid order and their next one, from `order.pay` events. An order is counted once
   * (the SDK and the commerce core may both report it), at its earliest payment event, for the identity
   * of that event.
   */
  async buyerPayments(scan: BuyerScan): Promise<BuyerPayments[]> {
    const having: string[] = [];
    const params: OlapParam[] = [scan.orgId];
    if (scan.from !== undefined) {
      having.push('min(paid_at) >= ?');
      params.push(scan.from);
    }
    if (scan.to !== undefined) {
      having.push('min(paid_at) < ?');
      params.push(scan.to);
    }
    return this.olap.query<BuyerPayments>(
      `WITH orders AS (
         SELECT order_id, arg_min(identity, {'ts': ts, 'id': id}) AS identity, min(ts) AS paid_at FROM events
         WHERE org_id = ? AND type = 'order.pay' AND order_id IS NOT NULL GROUP BY order_id
       ),
       ranked AS (
         SELECT identity, paid_at, row_number() OVER (PARTITION BY identity ORDER BY paid_at, order_id) AS n FROM orders
         QUALIFY n <= 2
       )
       SELECT min(paid_at) AS "firstPaidAt", max(paid_at) FILTER (WHERE n = 2) AS "nextPaidAt" FROM ranked
       GROUP BY identity ${having.length > 0 ? `HAVING ${having.join(' AND ')}` : ''}`,
      params,
    );
  }
}
