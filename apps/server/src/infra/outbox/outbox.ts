import { newId } from '../../lib/ids.js';
import type { DbExecutor } from '../db/port.js';
import { insertOutboxEntry } from './repo.js';

export interface OutboxEvent {
  topic: string;
  type: string;
  orgId: string | null;
  /** Must survive JSON: it is stored as text and travels as JSON. */
  payload: unknown;
  /** Defaults to a new UUIDv7; pass one to make a retried command produce the same event. */
  id?: string;
  /** Epoch ms of the domain change; defaults to now. */
  at?: number;
}

/**
 * Records an event in the caller's transaction, so it commits or rolls back with the domain change it
 * describes. The relay publishes it after commit; nudge the relay then for low latency. Returns the id.
 */
export async function enqueue(executor: DbExecutor, event: OutboxEvent): Promise<string> {
  const id = event.id ?? newId();
  await insertOutboxEntry(executor, {
    id,
    orgId: event.orgId,
    topic: event.topic,
    type: event.type,
    payload: JSON.stringify(event.payload ?? null),
    createdAt: event.at ?? Date.now(),
  });
  return id;
}
