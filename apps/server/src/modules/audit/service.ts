import type { AuditEntryView, AuditQuery } from '@livedesk/contracts';
import type { Actor } from '../../lib/actor.js';
import { validationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/time.js';
import type { AuditRow } from '../../infra/db/database.js';
import type { Db, Tx } from '../../infra/db/port.js';
import type { Fanout } from '../../infra/fanout/port.js';
import { auditRepo } from './repo.js';

export interface AuditRecord {
  /** the org whose log gets the entry; the actor's org unless the change creates another */
  orgId?: string;
  action: string;
  targetType: string;
  targetId?: string | null;
  changes?: { field: string; from: unknown; to: unknown }[];
}

export type RecordAudit = (record: AuditRecord) => Promise<void>;

/** The channel a console subscribes to for its org's live audit feed. */
export const auditChannel = (orgId: string) => `org.${orgId}.audit`;

/** Field-level diff of the keys in `next`, for the `changes` column. */
export function diff<T extends object>(prev: T, next: Partial<T>): AuditRecord['changes'] {
  return (Object.keys(next) as (keyof T)[])
    .filter((k) => next[k] !== undefined && next[k] !== prev[k])
    .map((k) => ({ field: String(k), from: prev[k], to: next[k] }));
}

const toView = (row: AuditRow): AuditEntryView => ({
  id: row.id,
  at: row.at,
  actorType: row.actor_type as AuditEntryView['actorType'],
  actorId: row.actor_id,
  actorName: row.actor_name,
  action: row.action,
  targetType: row.target_type,
  targetId: row.target_id,
  changes: JSON.parse(row.changes) as AuditEntryView['changes'],
  ip: row.ip,
  requestId: row.request_id,
});

export class AuditService {
  constructor(
    private readonly db: Db,
    private readonly fanout: Fanout,
    private readonly clock: Clock,
  ) {}

  /**
   * Runs `work` in one transaction with an audit recorder: the change and its audit rows commit or
   * roll back together. Recorded entries are broadcast to open consoles only after the commit.
   */
  async transaction<T>(actor: Actor, work: (tx: Tx, record: RecordAudit) => Promise<T>): Promise<T> {
    const rows: AuditRow[] = [];
    const result = await this.db.kysely.transaction().execute(async (tx) =>
      work(tx, async (record) => {
        const row = this.row(actor, record);
        await auditRepo.insert(tx, row);
        rows.push(row);
      }),
    );
    await this.announce(rows);
    return result;
  }

  /** For events that are not part of a larger change (a login, a PII read). */
  async record(actor: Actor, record: AuditRecord): Promise<void> {
    await this.transaction(actor, async (_tx, recordInTx) => recordInTx(record));
  }

  async page(actor: Actor, query: AuditQuery): Promise<{ items: AuditEntryView[]; nextCursor: string | null }> {
    const beforeId = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const rows = await auditRepo.page(this.db.kysely, actor.orgId, query, beforeId);
    const items = rows.slice(0, query.limit).map(toView);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last.id) : null };
  }

  private row(actor: Actor, record: AuditRecord): AuditRow {
    return {
      id: newId(),
      org_id: record.orgId ?? actor.orgId,
      at: this.clock.now(),
      actor_type: actor.kind,
      actor_id: actor.id,
      actor_name: actor.name,
      action: record.action,
      target_type: record.targetType,
      target_id: record.targetId ?? null,
      changes: JSON.stringify(record.changes ?? []),
      ip: actor.ip,
      request_id: actor.requestId,
    };
  }

  private async announce(rows: AuditRow[]): Promise<void> {
    for (const row of rows) {
      const frame = JSON.stringify({ type: 'audit.appended', entry: toView(row) });
      // A console missing one live line is harmless (the page reloads from the table); a failed
      // broadcast must not fail a change that already committed.
      await this.fanout.publish(auditChannel(row.org_id), frame).catch(() => undefined);
    }
  }
}

const encodeCursor = (id: string) => Buffer.from(id).toString('base64url');
function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString();
  if (!/^[0-9a-f-]{36}$/.test(id)) throw validationError('cursor is not one this API returned');
  return id;
}
