import type { IngestResult, TrackedEvent } from '@livedesk/contracts';

export type SendOutcome =
  | { kind: 'sent' }
  /** not taken now (offline, 5xx, 429): the same events go again later, no sooner than `afterMs` */
  | { kind: 'retry'; reason: string; afterMs?: number }
  /** refused for good (a bad key, a malformed batch): sending them again cannot help */
  | { kind: 'drop'; reason: string };

/** How batches leave the page: `POST /api/v1/events` by default, the room socket on the viewer page. */
export interface Transport {
  /** A rejection counts as `retry`. */
  send(events: TrackedEvent[]): Promise<SendOutcome>;
  /** The page is going away: hand the events over without waiting for an answer; false when not taken. */
  sendOnExit?(events: TrackedEvent[]): boolean;
}

/** Browsers refuse a keepalive request or a beacon above 64 KiB in flight; keep each well under it. */
export const KEEPALIVE_MAX_BYTES = 60_000;

const byteLength = (text: string) => new TextEncoder().encode(text).length;

/** `Retry-After` in seconds or as an HTTP date, in ms from now. */
function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

async function errorMessage(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  return body?.error ? `${body.error.code}: ${body.error.message}` : res.statusText;
}

/** Splits events into JSON bodies of at most `maxBytes` each (an event larger than that goes alone). */
export function bodiesOfAtMost(events: TrackedEvent[], maxBytes: number): string[] {
  const bodies: string[] = [];
  let part: string[] = [];
  let size = 0;
  const close = () => {
    if (part.length) bodies.push(`{"events":[${part.join(',')}]}`);
    part = [];
    size = 0;
  };
  for (const event of events) {
    const json = JSON.stringify(event);
    const bytes = byteLength(json) + 1;
    if (part.length && size + bytes + 13 > maxBytes) close();
    part.push(json);
    size += bytes;
  }
  close();
  return bodies;
}

/**
 * `POST /api/v1/events` with the write key as a bearer token; at page exit `navigator.sendBeacon`, which
 * cannot set headers, so there the key rides in `?key=` (the server takes it there only for keys whose
 * one scope is `events:ingest`).
 */
export function httpTransport({ endpoint, writeKey }: { endpoint: string; writeKey: string }): Transport {
  const beaconUrl = `${endpoint}${endpoint.includes('?') ? '&' : '?'}key=${encodeURIComponent(writeKey)}`;
  return {
    async send(events) {
      const body = JSON.stringify({ events });
      let res: Response;
      try {
        res = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${writeKey}` },
          body,
          // A batch in flight when the page unloads still arrives.
          keepalive: byteLength(body) <= KEEPALIVE_MAX_BYTES,
        });
      } catch (err) {
        return { kind: 'retry', reason: String(err) };
      }
      if (res.ok) {
        const result = (await res.json().catch(() => null)) as IngestResult | null;
        if (result?.rejected.length) {
          const codes = [...new Set(result.rejected.map((r) => r.code))].join(', ');
          console.warn(`livedesk: ${result.rejected.length} of ${events.length} events were refused (${codes})`);
        }
        return { kind: 'sent' };
      }
      const reason = `HTTP ${res.status} ${await errorMessage(res)}`;
      if (res.status === 429 || res.status >= 500) {
        const afterMs = retryAfterMs(res.headers.get('retry-after'));
        return { kind: 'retry', reason, ...(afterMs === undefined ? {} : { afterMs }) };
      }
      return { kind: 'drop', reason };
    },
    sendOnExit(events) {
      if (typeof navigator === 'undefined' || typeof navigator.sendBeacon !== 'function') return false;
      // All beacons are tried: the server drops resent ids, so one refused beacon only costs a resend.
      let taken = true;
      for (const body of bodiesOfAtMost(events, KEEPALIVE_MAX_BYTES)) {
        if (!navigator.sendBeacon(beaconUrl, new Blob([body], { type: 'application/json' }))) taken = false;
      }
      return taken;
    },
  };
}
