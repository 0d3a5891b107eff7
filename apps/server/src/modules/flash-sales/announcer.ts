import type { FlashGate } from './gate.js';
import type { RoomFrames } from './ports.js';

/**
 * Coalesces `flash.stock` frames: at most one per sale every `everyMs`, carrying the count at send time.
 * A stampede changes the count thousands of times a second; viewers need the bar to move, not every step.
 */
export class StockAnnouncer {
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly room: RoomFrames,
    private readonly gate: FlashGate,
    private readonly onError: (err: unknown) => void,
    private readonly everyMs = 200,
  ) {}

  changed(liveSessionId: string, flashSaleId: string): void {
    if (this.pending.has(flashSaleId)) return;
    const timer = setTimeout(() => {
      this.pending.delete(flashSaleId);
      void this.announce(liveSessionId, flashSaleId).catch(this.onError);
    }, this.everyMs);
    timer.unref();
    this.pending.set(flashSaleId, timer);
  }

  stop(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  private async announce(liveSessionId: string, flashSaleId: string): Promise<void> {
    const remaining = await this.gate.remaining(flashSaleId);
    if (remaining !== null) await this.room.toRoom(liveSessionId, { t: 'flash.stock', flashSaleId, remaining });
  }
}
