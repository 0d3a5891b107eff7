import type { Bus } from '../bus/port.js';
import type { Db } from '../db/port.js';
import { acquireLease, listUnpublished, markPublished, purgeBefore, releaseLease, unpublishedSummary } from './repo.js';
import { Doze } from '../../lib/doze.js';

const LEASE_NAME = 'outbox-relay';
/** Published events are kept this long (longer than any bus retention), then purged by the lease holder. */
const KEEP_PUBLISHED_MS = 8 * 86_400_000;
const PURGE_EVERY_MS = 3_600_000;

export interface OutboxRelayOptions {
  db: Db;
  bus: Bus;
  /** Unique per process: the lease records which process relays. */
  holderId: string;
  batchSize?: number;
  /** Sleep between polls when nothing is waiting, and between tries while another process holds the lease. */
  idleMs?: number;
  /** Lifetime of an unrenewed lease: how long a crashed holder's successor waits at most. */
  leaseMs?: number;
  /**
   * After a partial batch, wait this long for more rows before the next pass: under a stampede every
   * order nudges the relay, and a pass per order would cost more than the orders themselves.
   */
  batchDelayMs?: number;
  onError?: (err: unknown) => void;
}

/**
 * Publishes committed outbox rows to the Bus, in commit order, with the row id as the event id. Only the
 * holder of a lease in the database relays, so a cluster of processes publishes each row about once. A
 * crash after publishing but before marking the row means it is published again on the next pass; the
 * Bus's id dedupe and the consumers' `processOnce` absorb the repeat.
 */
export class OutboxRelay {
  private readonly db: Db;
  private readonly bus: Bus;
  private readonly holderId: string;
  private readonly batchSize: number;
  private readonly idleMs: number;
  private readonly leaseMs: number;
  private readonly batchDelayMs: number;
  private readonly onError: (err: unknown) => void;
  private loop: Promise<void> | null = null;
  private stopping = false;
  private readonly doze = new Doze();
  /** Batches run one after another, so runOnce() and the loop never publish the same rows side by side. */
  private batchChain: Promise<unknown> = Promise.resolve();
  /** While we hold the lease: when to renew it. Zero when we do not hold it. */
  private renewLeaseAt = 0;
  /** While another process holds the lease: when to ask for it again, so nudges do not each hit the db. */
  private retryLeaseAt = 0;
  private nextPurgeAt = 0;

  constructor({
    db,
    bus,
    holderId,
    batchSize = 100,
    idleMs = 250,
    leaseMs = 10_000,
    batchDelayMs = 20,
    onError = (err) => console.error('outbox relay failed', err),
  }: OutboxRelayOptions) {
    this.db = db;
    this.bus = bus;
    this.holderId = holderId;
    this.batchSize = batchSize;
    this.idleMs = idleMs;
    this.leaseMs = leaseMs;
    this.batchDelayMs = batchDelayMs;
    this.onError = onError;
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Waits for the batch in flight, then hands the lease over so another process need not wait it out. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.doze.interrupt();
    await this.loop;
    this.loop = null;
    await this.batchChain;
    if (this.renewLeaseAt === 0) return;
    this.renewLeaseAt = 0;
    try {
      await releaseLease(this.db.kysely, LEASE_NAME, this.holderId);
    } catch (err) {
      this.onError(err);
    }
  }

  /** Call after committing an enqueue: the loop relays at once instead of at its next poll. */
  nudge(): void {
    this.doze.nudge();
  }

  /** Relays one batch if this process holds the lease; returns how many rows it published. */
  runOnce(): Promise<number> {
    const batch = this.batchChain.then(() => this.relayBatch());
    this.batchChain = batch.catch(() => undefined);
    return batch;
  }

  async lag(): Promise<{ unpublished: number; oldestAgeMs: number | null }> {
    const { count, oldestCreatedAt } = await unpublishedSummary(this.db.kysely);
    return {
      unpublished: count,
      oldestAgeMs: oldestCreatedAt === null ? null : Math.max(0, Date.now() - oldestCreatedAt),
    };
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      this.doze.beginPass();
      let relayed = 0;
      try {
        relayed = await this.runOnce();
      } catch (err) {
        this.onError(err);
      }
      if (this.stopping) break;
      if (relayed === 0 && !this.doze.nudged) await this.doze.sleep(this.idleMs);
      else if (relayed > 0 && relayed < this.batchSize) await new Promise((r) => setTimeout(r, this.batchDelayMs));
    }
  }


  private async relayBatch(): Promise<number> {
    if (!(await this.holdLease())) return 0;
    if (Date.now() >= this.nextPurgeAt) {
      this.nextPurgeAt = Date.now() + PURGE_EVERY_MS;
      await purgeBefore(this.db.kysely, Date.now() - KEEP_PUBLISHED_MS);
    }
    const entries = await listUnpublished(this.db.kysely, this.batchSize);
    const published: number[] = [];
    try {
      for (const entry of entries) {
        await this.bus.publish(entry.topic, {
          id: entry.id,
          type: entry.type,
          orgId: entry.orgId,
          at: entry.createdAt,
          payload: JSON.parse(entry.payload),
        });
        published.push(entry.seq);
      }
    } finally {
      // Rows that went out before a failed publish are recorded, so the retry does not repeat them.
      await markPublished(this.db.kysely, published, Date.now());
    }
    return published.length;
  }

  private async holdLease(): Promise<boolean> {
    const now = Date.now();
    if (now < this.renewLeaseAt) return true;
    if (now < this.retryLeaseAt) return false;
    const held = await acquireLease(this.db.kysely, {
      name: LEASE_NAME,
      holder: this.holderId,
      now,
      ttlMs: this.leaseMs,
    });
    // Renewing half-way leaves the other half as margin for a slow batch before anyone may take over.
    this.renewLeaseAt = held ? now + this.leaseMs / 2 : 0;
    this.retryLeaseAt = held ? 0 : now + this.idleMs;
    return held;
  }
}
