/** An event as it travels between roles. `id` is the dedupe key end to end. */
export interface BusEvent {
  id: string;
  type: string;
  orgId: string | null;
  /** epoch ms when the domain change happened */
  at: number;
  payload: unknown;
}

export interface BusMessage extends BusEvent {
  topic: string;
  /** position in the topic's stream, increasing; replay starts from one */
  seq: number;
  /** true when this message was handed out before and not acknowledged */
  redelivered: boolean;
}

export interface Subscription {
  stop(): Promise<void>;
}

/**
 * The durable event stream between roles: at-least-once delivery, consumer groups, replay.
 * Embedded: in memory (durability comes from the outbox table that feeds it). Cluster: NATS JetStream.
 */
export interface Bus {
  /** `duplicate` is true when an event with the same id was already accepted (publish is idempotent by id). */
  publish(topic: string, event: BusEvent): Promise<{ seq: number; duplicate: boolean }>;
  /**
   * Joins consumer group `group` on `topic`: each event goes to one member of the group; a handler that
   * resolves acknowledges it, one that throws gets it again later. A new group starts at `fromSeq`
   * (default: the beginning of the stream); an existing group resumes where it left off.
   */
  consume(
    topic: string,
    group: string,
    handler: (message: BusMessage) => Promise<void>,
    options?: { fromSeq?: number },
  ): Promise<Subscription>;
  /** Reads up to `limit` events of `topic` from `fromSeq` on, without any group (replay, audits). */
  read(topic: string, fromSeq: number, limit: number): Promise<BusMessage[]>;
  close(): Promise<void>;
}
