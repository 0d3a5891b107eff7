import type { Hot, QuotaClaim } from '../../infra/hot/port.js';

/** Gate keys outlive the sale by this much, so a late give-back or a slow restore still finds them. */
const KEY_GRACE_MS = 3_600_000;

/**
 * A flash sale's admission gate in the `Hot` port: the units left (`flash:<id>:left`) and each buyer's
 * units (`flash:<id>:buyer:<buyerId>`). One atomic claim per buyer decides who may go on to the database;
 * the carve in the database stays the truth and refuses anything the gate let through by mistake.
 */
export class FlashGate {
  constructor(private readonly hot: Hot) {}

  /**
   * Sets up the gate unless it is already there (another node opened it, or Redis survived our restart):
   * `remaining` and the buyers' counts come from the database. In embedded mode the memory store is empty
   * after every start, so this rebuilds it; in cluster mode the live counters win.
   */
  async open(saleId: string, remaining: number, buyers: { buyerId: string; quantity: number }[], endsAt: number, now: number): Promise<void> {
    const ttlMs = this.ttl(endsAt, now);
    await Promise.all(buyers.map((b) => this.hot.set(this.buyerKey(saleId, b.buyerId), String(b.quantity), { ttlMs, onlyIfAbsent: true })));
    await this.hot.set(this.quotaKey(saleId), String(remaining), { ttlMs, onlyIfAbsent: true });
  }

  claim(saleId: string, buyerId: string, quantity: number, perUserLimit: number, endsAt: number, now: number): Promise<QuotaClaim> {
    return this.hot.claimQuota(this.quotaKey(saleId), this.buyerKey(saleId, buyerId), quantity, perUserLimit, this.ttl(endsAt, now));
  }

  /**
   * Undoes a claim: the buyer's count always, the quota unless the units are gone for good. Returns what
   * is left. A counter that vanished meanwhile (the sale ended) comes back with a TTL rather than forever.
   */
  async giveBack(saleId: string, buyerId: string, quantity: number, toQuota: boolean, endsAt: number, now: number): Promise<number | null> {
    const ttlMs = this.ttl(endsAt, now);
    await this.hot.incrBy(this.buyerKey(saleId, buyerId), -quantity, { ttlMs });
    return toQuota ? this.hot.incrBy(this.quotaKey(saleId), quantity, { ttlMs }) : null;
  }

  /** null when the gate is not open (the sale has not started, or has ended). */
  async remaining(saleId: string): Promise<number | null> {
    const value = await this.hot.get(this.quotaKey(saleId));
    return value === null ? null : Number(value);
  }

  async close(saleId: string): Promise<void> {
    // Buyer counters are left to expire: they cannot be listed, and a closed quota refuses everyone anyway.
    await this.hot.del(this.quotaKey(saleId));
  }

  private ttl(endsAt: number, now: number): number {
    return Math.max(endsAt - now, 0) + KEY_GRACE_MS;
  }

  private quotaKey(saleId: string): string {
    return `flash:${saleId}:left`;
  }

  private buyerKey(saleId: string, buyerId: string): string {
    return `flash:${saleId}:buyer:${buyerId}`;
  }
}
