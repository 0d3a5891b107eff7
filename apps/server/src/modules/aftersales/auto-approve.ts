import { PeriodicSweep } from '../../lib/periodic.js';
import type { AftersalesService } from './service.js';

/**
 * Approves after-sales requests staff have not decided within the org's
 * `commerce_settings.aftersales_auto_approve_ms` (unset: staff decide every request). A sweep every
 * `sweepMs` over the whole table, so restarts and other nodes need nothing more; each approval is a
 * compare-and-set, so a staff decision and the sweep cannot both win.
 */
export class AftersalesAutoApprover {
  private readonly sweeper: PeriodicSweep;

  constructor(
    private readonly aftersales: AftersalesService,
    private readonly options: { sweepMs?: number; onError?: (err: unknown) => void } = {},
  ) {
    this.sweeper = new PeriodicSweep(() => this.sweep(), { everyMs: options.sweepMs ?? 60_000, onError: this.onError });
  }

  start(): void {
    this.sweeper.start();
  }

  stop(): Promise<void> {
    return this.sweeper.stop();
  }

  /** Approves every request whose wait has run out; returns how many it approved. */
  sweepOnce(): Promise<number> {
    return this.sweeper.runOnce();
  }

  private async sweep(): Promise<number> {
    let approved = 0;
    for (;;) {
      const batch = await this.aftersales.dueForAutoApproval(200);
      let moved = 0;
      for (const c of batch) {
        try {
          if (await this.aftersales.autoApprove(c.org_id, c.id)) moved++;
        } catch (err) {
          // One case that cannot move (a colleague acted meanwhile) must not stop the others.
          this.onError(err);
        }
      }
      approved += moved;
      // A full batch with nothing approved would be read again forever.
      if (batch.length < 200 || moved === 0) break;
    }
    return approved;
  }

  private readonly onError = (err: unknown) => (this.options.onError ?? ((e) => console.error('after-sales auto-approval failed', e)))(err);
}
