import type { Db, Tx } from '../db/port.js';
import { insertProcessedEvent } from './repo.js';

/**
 * Runs `work` for event `eventId` at most once per `consumer`, however often the Bus delivers it. The
 * dedupe marker and the work commit in one transaction: if `work` throws, neither sticks and the next
 * delivery tries again. The marker is written first so a concurrent duplicate waits on it and then skips.
 * Returns false, without running `work`, when the event was already processed.
 */
export async function processOnce(
  db: Db,
  consumer: string,
  eventId: string,
  work: (tx: Tx) => Promise<void>,
): Promise<boolean> {
  return db.kysely.transaction().execute(async (tx) => {
    const fresh = await insertProcessedEvent(tx, { consumer, eventId, processedAt: Date.now() });
    if (fresh) await work(tx);
    return fresh;
  });
}
