import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryBus } from '../bus/memory.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../testing/db.js';
import { enqueue } from './outbox.js';
import { OutboxRelay } from './relay.js';

describe.each(testDialects)('outbox purge on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(() => t.destroy());

  it('forgets published events and dedupe marks older than eight days, and nothing unpublished', async () => {
    const db = t.db.kysely;
    const old = Date.now() - 9 * 86_400_000;
    const ids = await db.transaction().execute(async (tx) => [
      await enqueue(tx, { topic: 'orders', type: 'a', orgId: null, payload: {} }),
      await enqueue(tx, { topic: 'orders', type: 'b', orgId: null, payload: {} }),
    ]);
    await db.updateTable('outbox').set({ published_at: old }).where('id', '=', ids[0]!).execute();
    await db.insertInto('processed_events').values([
      { consumer: 'c', event_id: 'old', processed_at: old },
      { consumer: 'c', event_id: 'new', processed_at: Date.now() },
    ]).execute();
    const bus = createMemoryBus();
    const relay = new OutboxRelay({ db: t.db, bus, holderId: 'purger' });
    expect(await relay.runOnce()).toBe(1); // the unpublished one goes out; the old published one is purged
    const left = await db.selectFrom('outbox').select('id').execute();
    expect(left.map((r) => r.id)).toEqual([ids[1]]);
    const marks = await db.selectFrom('processed_events').select('event_id').execute();
    expect(marks.map((m) => m.event_id)).toEqual(['new']);
    await relay.stop();
    await bus.close();
  });
});
