// Test helpers for tracking events: events, ingest keys and reading back what was stored.
import { randomUUID } from 'node:crypto';
import type { ApiKeyScope, StoredEvent } from '@livedesk/contracts';
import type { TestApp } from '../../testing/app.js';

/** A valid event of the contract (a custom type has no prop rules). */
export const trackedEvent = (over: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  type: 'room.enter',
  ts: Date.now(),
  anonymousId: 'device-00000001',
  ...over,
});

export async function ingestKey(t: TestApp, scopes: ApiKeyScope[]): Promise<string> {
  const owner = (await t.login()).token;
  const res = await t.request({ method: 'POST', url: '/api/v1/api-keys', token: owner, body: { name: 'sdk', scopes } });
  if (res.status !== 201) throw new Error(`api key: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.key as string;
}

export const postEvents = (t: TestApp, key: string | undefined, body: unknown) =>
  t.request({ method: 'POST', url: '/api/v1/events', ...(key ? { token: key } : {}), body });

/** The tracked_event_log rows, oldest first, each with its events parsed. */
export async function eventLog(t: TestApp): Promise<{ seq: number; orgId: string; receivedAt: number; eventCount: number; events: StoredEvent[] }[]> {
  const rows = await t.livedesk.infra.db.kysely.selectFrom('tracked_event_log').selectAll().orderBy('seq').execute();
  return rows.map((r) => ({ seq: r.seq, orgId: r.org_id, receivedAt: r.received_at, eventCount: r.event_count, events: JSON.parse(r.events) as StoredEvent[] }));
}

/** Every stored event with one of `ids`, in log order. */
export async function storedEvents(t: TestApp, ids: readonly string[]): Promise<StoredEvent[]> {
  const wanted = new Set(ids);
  return (await eventLog(t)).flatMap((row) => row.events).filter((e) => wanted.has(e.id));
}
