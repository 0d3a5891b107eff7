import { systemActor } from '../../lib/actor.js';
import type { Clock } from '../../lib/time.js';
import type { ProductRow } from '../../infra/db/database.js';
import type { Db } from '../../infra/db/port.js';
import type { AuditService } from '../audit/service.js';
import { catalogRepo } from './repo.js';
import { changesOf } from './views.js';

type Schedule = Pick<ProductRow, 'status' | 'list_at' | 'delist_at'>;

/**
 * What a product's due schedules make of it at `now`: due events apply in time order (a delisting wins
 * a tie), a listing from any status, a delisting only of a listed product; applied schedules are cleared.
 */
export function applyDue(row: Schedule, now: number): Schedule {
  const due = [
    ...(row.list_at !== null && row.list_at <= now ? [{ at: row.list_at, to: 'listed' as const }] : []),
    ...(row.delist_at !== null && row.delist_at <= now ? [{ at: row.delist_at, to: 'delisted' as const }] : []),
  ].sort((a, b) => a.at - b.at || (a.to === 'delisted' ? 1 : -1));
  let status = row.status;
  for (const event of due) {
    if (event.to === 'listed') status = 'listed';
    else if (status === 'listed') status = 'delisted';
  }
  return {
    status,
    list_at: row.list_at !== null && row.list_at <= now ? null : row.list_at,
    delist_at: row.delist_at !== null && row.delist_at <= now ? null : row.delist_at,
  };
}

export interface CatalogSchedulerOptions {
  db: Db;
  audit: AuditService;
  clock: Clock;
  /** how often due 上架 / 下架 times are looked for */
  intervalMs?: number;
  batchSize?: number;
  onError?: (err: unknown) => void;
}

/**
 * Applies scheduled listings (`list_at`) and delistings (`delist_at`) when they come due. Every node may
 * run one: each change is a conditional update on the schedule it read, so exactly one node applies it
 * and audits it. A stopped server catches up on start, applying what fell due meanwhile in time order.
 */
export class CatalogScheduler {
  private readonly db: Db;
  private readonly audit: AuditService;
  private readonly clock: Clock;
  private readonly intervalMs: number;
  private readonly batchSize: number;
  private readonly onError: (err: unknown) => void;
  private timer: NodeJS.Timeout | null = null;
  /** Runs one after another, so a slow pass and the next tick never work side by side. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor({ db, audit, clock, intervalMs = 5_000, batchSize = 200, onError = (err) => console.error('catalog scheduler failed', err) }: CatalogSchedulerOptions) {
    this.db = db;
    this.audit = audit;
    this.clock = clock;
    this.intervalMs = intervalMs;
    this.batchSize = batchSize;
    this.onError = onError;
  }

  start(): void {
    if (this.timer) return;
    // unref: a pending tick never keeps the process alive on its own.
    this.timer = setInterval(() => void this.runOnce().catch(this.onError), this.intervalMs).unref();
  }

  /** Stops the timer and waits for a pass in flight. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.chain;
  }

  /** Applies every schedule due at `now`; returns how many products changed status. */
  runOnce(now: number = this.clock.now()): Promise<number> {
    const pass = this.chain.then(() => this.pass(now));
    this.chain = pass.catch(() => undefined);
    return pass;
  }

  private async pass(now: number): Promise<number> {
    let changed = 0;
    // Bounded: rows another writer changed under us are simply read again on the next tick.
    for (let round = 0; round < 10; round++) {
      const due = await catalogRepo.dueSchedules(this.db.kysely, now, this.batchSize);
      for (const row of due) if (await this.apply(row, now)) changed++;
      if (due.length < this.batchSize) break;
    }
    return changed;
  }

  private async apply(row: ProductRow, now: number): Promise<boolean> {
    const next = applyDue(row, now);
    return this.audit.transaction(systemActor(row.org_id), async (tx, record) => {
      const applied = await catalogRepo.applySchedule(tx, row, { ...next, updated_at: Math.max(this.clock.now(), row.updated_at + 1) });
      if (!applied || next.status === row.status) return false;
      await record({
        action: 'product.status',
        targetType: 'product',
        targetId: row.id,
        changes: changesOf({ status: row.status, listAt: row.list_at, delistAt: row.delist_at }, { status: next.status, listAt: next.list_at, delistAt: next.delist_at }),
      });
      return true;
    });
  }
}
