import {
  isCommerceEventType,
  knownEventProps,
  MAX_EVENT_AGE_MS,
  MAX_FUTURE_SKEW_MS,
  MAX_PROPS_BYTES,
  TrackedEvent,
  type EventRejectionCode,
  type IngestResult,
  type StoredEvent,
} from '@livedesk/contracts';
import type { z } from 'zod';
import type { Clock } from '../../lib/time.js';
import type { Db } from '../../infra/db/port.js';
import { eventsRepo } from './repo.js';

/** Who sends a batch, as far as the rules for its events go. */
export interface IngestSource {
  orgId: string;
  /** `events:ingest:trusted`: commerce events (`order.*`) and events of any age */
  trusted: boolean;
  /**
   * Set by the room socket, which knows better than its client: the room's show and the connection's
   * viewer replace whatever the events name. The show was checked when the viewer joined, so it is not
   * looked up again.
   */
  stamp?: { liveSessionId: string; anonymousId: string; userId: string | null };
}

type Rejection = IngestResult['rejected'][number];
type Refusal = Omit<Rejection, 'index'>;
interface Checked {
  index: number;
  event: TrackedEvent;
}

/** The log keeps a day more than an event may be late, so a consumer that was down for a while can catch up. */
export const EVENT_LOG_RETENTION_MS = MAX_EVENT_AGE_MS + 86_400_000;
/** Rows deleted per statement: on SQLite's single connection a long delete would hold up ingestion. */
const PURGE_CHUNK = 5_000;

const propsSchemas = new Map<string, z.ZodType>(Object.entries(knownEventProps));
const refusal = (code: EventRejectionCode, message: string, field?: string): Refusal =>
  field === undefined ? { code, message } : { code, message, field };

/**
 * Tracking events from SDKs (`POST /api/v1/events`) and viewers' sockets (`track` frames). Each event is
 * checked on its own, so one bad event never costs the rest of its batch; an accepted batch costs one
 * query for its sessions and one transaction of two inserts (ids, log row), which is what lets a node
 * take 1,000-event batches at a high rate.
 */
export class EventIngestion {
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly options: {
      /** how long accepted ids are kept to recognise resends (LIVEDESK_EVENT_DEDUPE_DAYS) */
      dedupeMs: number;
      onError: (err: unknown) => void;
    },
  ) {}

  /** Told after each commit that stored events (the aggregator reads the log then, instead of waiting). */
  onAccepted(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async ingest(source: IngestSource, batch: readonly unknown[]): Promise<IngestResult> {
    const now = this.clock.now();
    const rejected: Rejection[] = [];
    let checked: Checked[] = [];
    for (let index = 0; index < batch.length; index++) {
      const result = checkEvent(batch[index], source, now);
      if ('code' in result) rejected.push({ index, ...result });
      else checked.push({ index, event: result });
    }
    if (!source.stamp) checked = await this.inOrgSessions(source.orgId, checked, rejected);

    // A resend inside the batch is a duplicate, not an error: the first of its id is the one kept.
    const candidates = new Map<string, TrackedEvent>();
    let duplicates = 0;
    for (const { event } of checked) {
      if (candidates.has(event.id)) duplicates++;
      else candidates.set(event.id, event);
    }
    const result = { accepted: 0, duplicates, rejected: rejected.sort((a, b) => a.index - b.index) };
    if (candidates.size === 0) return result;

    const { orgId } = source;
    result.accepted = await this.db.kysely.transaction().execute(async (tx) => {
      const fresh = await eventsRepo.claimIds(tx, orgId, [...candidates.keys()], now);
      const stored: StoredEvent[] = [];
      // Stamped in place: the events are the validator's own copies. Spreading each into a new object cost
      // ~2.5 ms a 1,000-event batch, mostly in JSON.stringify of the objects that lost their shape.
      for (const event of candidates.values()) if (fresh.has(event.id)) stored.push(Object.assign(event, { orgId, receivedAt: now }));
      if (stored.length > 0) await eventsRepo.appendLog(tx, orgId, now, stored);
      return stored.length;
    });
    result.duplicates += candidates.size - result.accepted;
    if (result.accepted > 0) this.notify();
    return result;
  }

  /** Deletes ids past the dedupe horizon and log rows past the log's retention; returns the rows deleted. */
  async purgeExpired(): Promise<number> {
    const now = this.clock.now();
    const ids = await drain((limit) => eventsRepo.purgeIds(this.db.kysely, now - this.options.dedupeMs, limit));
    const logRows = await drain((limit) => eventsRepo.purgeLog(this.db.kysely, now - EVENT_LOG_RETENTION_MS, limit));
    return ids + logRows;
  }

  /** Keeps the events whose `liveSessionId`, if any, is a show of the org; the others are refused. */
  private async inOrgSessions(orgId: string, checked: Checked[], rejected: Rejection[]): Promise<Checked[]> {
    const named = new Set<string>();
    for (const { event } of checked) if (event.liveSessionId !== undefined) named.add(event.liveSessionId);
    if (named.size === 0) return checked;
    const known = await eventsRepo.sessionsOf(this.db.kysely, orgId, [...named]);
    if (known.size === named.size) return checked;
    return checked.filter(({ index, event }) => {
      if (event.liveSessionId === undefined || known.has(event.liveSessionId)) return true;
      rejected.push({ index, ...refusal('unknown_session', 'liveSessionId is not a live session of this organisation', 'liveSessionId') });
      return false;
    });
  }

  private notify(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (err) {
        // The events are committed: a listener's failure must not turn the answer into an error (and a resend).
        this.options.onError(err);
      }
    }
  }
}

/** One event against the contract and the source's rights; the event as sent (known fields only), or why not. */
function checkEvent(raw: unknown, source: IngestSource, now: number): TrackedEvent | Refusal {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return refusal('invalid_event', 'An event must be a JSON object');
  const input = source.stamp ? stamped(raw as Record<string, unknown>, source.stamp) : (raw as Record<string, unknown>);
  const { anonymousId } = input;
  if (anonymousId === undefined || anonymousId === null || anonymousId === '') {
    return refusal('missing_anonymous_id', 'anonymousId (the device id) is required', 'anonymousId');
  }
  const parsed = TrackedEvent.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const event = parsed.data;
  if (!source.trusted && isCommerceEventType(event.type)) {
    return refusal('forbidden_type', `${event.type} events are accepted only with the events:ingest:trusted scope`, 'type');
  }
  if (event.props !== undefined && Buffer.byteLength(JSON.stringify(event.props)) > MAX_PROPS_BYTES) {
    return refusal('invalid_event', `props may be at most ${MAX_PROPS_BYTES} bytes of JSON`, 'props');
  }
  const propsSchema = propsSchemas.get(event.type);
  if (propsSchema) {
    const props = propsSchema.safeParse(event.props ?? {});
    if (!props.success) return invalid(props.error, 'props');
  }
  if (event.ts > now + MAX_FUTURE_SKEW_MS) return refusal('future_ts', 'ts is more than 5 minutes ahead of the server clock', 'ts');
  if (!source.trusted && event.ts < now - MAX_EVENT_AGE_MS) {
    return refusal('too_old', 'ts is more than 7 days ago; older events need the events:ingest:trusted scope', 'ts');
  }
  return event;
}

function stamped(raw: Record<string, unknown>, stamp: NonNullable<IngestSource['stamp']>): Record<string, unknown> {
  const event: Record<string, unknown> = { ...raw, liveSessionId: stamp.liveSessionId, anonymousId: stamp.anonymousId };
  if (stamp.userId === null) delete event.userId;
  else event.userId = stamp.userId;
  return event;
}

function invalid(error: z.ZodError, under?: string): Refusal {
  const issue = error.issues[0]!;
  const field = [...(under === undefined ? [] : [under]), ...issue.path.map(String)].join('.');
  return refusal('invalid_event', field ? `${field}: ${issue.message}` : issue.message, field || undefined);
}

async function drain(purge: (limit: number) => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await purge(PURGE_CHUNK);
    total += deleted;
    if (deleted < PURGE_CHUNK) return total;
  }
}
