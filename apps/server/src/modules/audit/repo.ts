import type { AuditQuery } from '@livedesk/contracts';
import type { AuditRow } from '../../infra/db/database.js';
import type { DbExecutor } from '../../infra/db/port.js';

export const auditRepo = {
  async insert(db: DbExecutor, row: AuditRow): Promise<void> {
    await db.insertInto('audit_log').values(row).execute();
  },

  /** Newest first; `beforeId` is the last id of the previous page (UUIDv7 ids sort by time). */
  async page(db: DbExecutor, orgId: string, q: AuditQuery, beforeId: string | undefined): Promise<AuditRow[]> {
    let query = db.selectFrom('audit_log').selectAll().where('org_id', '=', orgId);
    if (q.actorId) query = query.where('actor_id', '=', q.actorId);
    if (q.action) query = query.where('action', '=', q.action);
    if (q.targetType) query = query.where('target_type', '=', q.targetType);
    if (q.targetId) query = query.where('target_id', '=', q.targetId);
    if (q.from !== undefined) query = query.where('at', '>=', q.from);
    if (q.to !== undefined) query = query.where('at', '<', q.to);
    if (beforeId) query = query.where('id', '<', beforeId);
    return query.orderBy('id', 'desc').limit(q.limit + 1).execute();
  },
};
