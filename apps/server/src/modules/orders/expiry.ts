import { systemActor } from '../../lib/actor.js';
import type { Clock } from '../../lib/time.js';
import type { InventoryService } from '../inventory/service.js';
import type { OrdersService } from './service.js';

/**
 * Gives unpaid orders' stock back when they time out, two ways: a timer per order placed in this
 * process (prompt), and a sweep every `sweepMs` over the whole table (covers restarts, other nodes and
 * missed timers). Both end in the same compare-and-set, so a late payment and the timeout cannot both win.
 */
export class UnpaidOrderExpiry {
  private sweeper: NodeJS.Timeout | null = null;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private sweeping: Promise<number> | null = null;

  constructor(
    private readonly orders: OrdersService,
    private readonly inventory: InventoryService,
    private readonly clock: Clock,
    private readonly options: { sweepMs?: number; onError?: (err: unknown) => void } = {},
  ) {}

  start(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => void this.sweepOnce().catch(this.onError), this.options.sweepMs ?? 10_000);
    this.sweeper.unref();
    void this.sweepOnce().catch(this.onError);
  }

  async stop(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await this.sweeping;
  }

  /** Called after an order is placed in this process. */
  schedule(order: { id: string; orgId: string; expiresAt: number | null }): void {
    if (!this.sweeper || order.expiresAt === null) return;
    const timer = setTimeout(() => {
      this.timers.delete(order.id);
      void this.orders.expire(order.orgId, order.id, systemActor(order.orgId)).catch(this.onError);
    }, Math.max(0, order.expiresAt - this.clock.now()) + 50);
    timer.unref();
    this.timers.set(order.id, timer);
  }

  /** Expires every overdue unpaid order and orderless hold; returns how many orders it cancelled. */
  sweepOnce(): Promise<number> {
    this.sweeping ??= this.sweep().finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  private async sweep(): Promise<number> {
    let cancelled = 0;
    for (;;) {
      const batch = await this.orders.expiredUnpaid(200);
      for (const order of batch) if (await this.orders.expire(order.org_id, order.id, systemActor(order.org_id))) cancelled++;
      if (batch.length < 200) break;
    }
    await this.inventory.releaseExpiredHolds();
    return cancelled;
  }

  private readonly onError = (err: unknown) => (this.options.onError ?? ((e) => console.error('order expiry failed', e)))(err);
}
