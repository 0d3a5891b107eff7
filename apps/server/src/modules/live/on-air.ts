import type { Anchor, AnchorShift } from '@livedesk/contracts';
import type { AnchorShiftRow } from '../../infra/db/tables/reviews.js';
import type { Db } from '../../infra/db/port.js';
import type { Actor } from '../../lib/actor.js';
import { conflict, notFound, validationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/time.js';
import type { AuditService } from '../audit/service.js';
import { liveRepo } from './repo.js';

const shiftView = (row: AnchorShiftRow): AnchorShift => ({ anchor: row.anchor, userId: row.user_id, startAt: row.start_at, endAt: row.end_at });

/**
 * Who is on air (主播上播) during a live show: at most one open shift per show, each switch closing the
 * previous shift at the moment the next opens, so the review can attribute every minute to one anchor.
 * The show's end closes the open shift (see `LiveSessionsService.finish`).
 */
export class OnAir {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Puts one of the show's anchors on air, or nobody (null); the anchor already on air is a no-op. */
  async set(actor: Actor, liveSessionId: string, anchor: string | null): Promise<AnchorShift | null> {
    return this.audit.transaction(actor, async (tx, record) => {
      // The show's row lock serialises two consoles switching at once: the second sees the first's shift.
      const row = await liveRepo.lockSession(tx, actor.orgId, liveSessionId);
      if (!row) throw notFound('Live session', liveSessionId);
      if (row.status !== 'live') throw conflict('Who is on air can only be set while the show is live', { status: row.status });
      const anchors = JSON.parse(row.anchors) as Anchor[];
      const entry = anchor === null ? null : anchors.find((a) => a.name === anchor);
      if (entry === undefined) {
        throw validationError('This is not one of the show\'s anchors', { field: 'anchor', anchors: anchors.map((a) => a.name) });
      }
      const open = await liveRepo.openShift(tx, liveSessionId);
      if ((open?.anchor ?? null) === anchor) return open ? shiftView(open) : null;

      const now = this.clock.now();
      if (open) await liveRepo.closeShifts(tx, liveSessionId, now);
      let current: AnchorShiftRow | null = null;
      if (entry) {
        current = { id: newId(), org_id: row.org_id, live_session_id: liveSessionId, anchor: entry.name, user_id: entry.userId ?? null, start_at: now, end_at: null };
        await liveRepo.insertShift(tx, current);
      }
      await record({ action: 'live_session.on_air', targetType: 'live_session', targetId: liveSessionId, changes: [{ field: 'onAir', from: open?.anchor ?? null, to: anchor }] });
      return current && shiftView(current);
    });
  }

  /** The show's shifts in the order they started. */
  async shifts(actor: Actor, liveSessionId: string): Promise<AnchorShift[]> {
    const row = await liveRepo.sessionInOrg(this.db.kysely, actor.orgId, liveSessionId);
    if (!row) throw notFound('Live session', liveSessionId);
    return (await liveRepo.shifts(this.db.kysely, liveSessionId)).map(shiftView);
  }
}
