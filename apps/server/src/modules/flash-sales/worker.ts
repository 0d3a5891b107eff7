import type { Bus, BusMessage, Subscription } from '../../infra/bus/port.js';
import { PeriodicSweep } from '../../lib/periodic.js';
import type { FlashSalesService } from './service.js';

/** The consumer group on the `orders` topic: every node shares it, so each event is handled by one of them. */
export const FLASH_SALES_CONSUMER = 'flash-sales';

/**
 * The background of flash sales: at start, the gates of running sales are restored from the database;
 * then a sweep every `everyMs` starts and ends sales on time (any node may run it: each move is a
 * compare-and-set, and a due sale is picked up after a restart), and cancelled orders give their units
 * back to the quota. A buyer arriving at a due sale before the sweep starts it (FlashSalesService.buy).
 */
export class FlashSaleWorker {
  private readonly sweep: PeriodicSweep;
  private subscription: Subscription | null = null;
  private starting: Promise<void> | null = null;

  constructor(
    private readonly sales: FlashSalesService,
    private readonly bus: Bus,
    private readonly options: { everyMs?: number; onError: (err: unknown) => void },
  ) {
    this.sweep = new PeriodicSweep(() => this.sales.runDue(), { everyMs: options.everyMs ?? 1_000, onError: options.onError });
  }

  /** Restores the gates before the consumer and the schedule start moving their counts. */
  start(): Promise<void> {
    this.starting ??= (async () => {
      await this.sales.restoreGates();
      this.subscription = await this.bus.consume('orders', FLASH_SALES_CONSUMER, (message) => this.handle(message));
      this.sweep.start();
    })();
    return this.starting;
  }

  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    this.starting = null;
    await this.sweep.stop();
    await this.subscription?.stop();
    this.subscription = null;
    this.sales.stop();
  }

  /** One pass of the schedule, for tests and callers that cannot wait for the timer. */
  runOnce(): Promise<number> {
    return this.sweep.runOnce();
  }

  private async handle(message: BusMessage): Promise<void> {
    if (message.type !== 'order.cancelled') return;
    const { orderId } = message.payload as { orderId?: unknown };
    if (typeof orderId === 'string') await this.sales.returnCancelled(orderId);
  }
}
