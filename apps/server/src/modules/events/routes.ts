import { IngestEventsBody, IngestResult, MAX_EVENTS_BODY_BYTES, MAX_EVENTS_PER_BATCH } from '@livedesk/contracts';
import type { FastifyRequest } from 'fastify';
import { requireStaff } from '../../http/auth.js';
import { typed, type App } from '../../http/server.js';
import type { Actor } from '../../lib/actor.js';
import { forbidden, validationError } from '../../lib/errors.js';
import type { EventIngestion, IngestSource } from './service.js';

const tags = ['events'];

/**
 * Shops send events from their own pages, on their own origins. The API key authorises a request, never a
 * cookie, so any origin may call; errors carry the header too, so a browser sees them instead of a CORS failure.
 */
const CORS = { 'access-control-allow-origin': '*' };
const CORS_PREFLIGHT = {
  ...CORS,
  'access-control-allow-methods': 'POST',
  'access-control-allow-headers': 'authorization, content-type',
  'access-control-max-age': '86400',
};

export function eventRoutes(app: App, ingestion: EventIngestion) {
  app.options('/api/v1/events', { schema: { hide: true }, config: { rateLimit: false } }, async (_req, reply) =>
    reply.code(204).headers(CORS_PREFLIGHT).send(),
  );
  typed(app).post(
    '/api/v1/events',
    {
      bodyLimit: MAX_EVENTS_BODY_BYTES,
      // An ingesting server sends ~100 requests a second; its API key is what controls it, not a rate.
      // Beacons at page exit cannot set headers: their key rides in `?key=` (see requireIngestKey).
      config: { rateLimit: false, apiKeyInQuery: true },
      // The schema documents the body; the handler refuses a bad batch itself, with the details
      // (`max`, `got`) a schema error cannot carry.
      attachValidation: true,
      onSend: async (_req, reply, payload) => {
        reply.headers(CORS);
        return payload;
      },
      schema: {
        tags,
        description:
          `Tracking events with an API key holding \`events:ingest\` (or \`events:ingest:trusted\`: \`order.*\` and events of any age). ` +
          `At most ${MAX_EVENTS_PER_BATCH} events and ${MAX_EVENTS_BODY_BYTES} bytes per request. Each event is checked on its own: ` +
          'refused ones are listed in `rejected` and the others are kept; ids already stored count as `duplicates`. ' +
          'A browser beacon may send its key as `?key=` instead of the Authorization header, if `events:ingest` is its only scope.',
        body: IngestEventsBody,
        response: { 202: IngestResult },
      },
    },
    async (req, reply) => {
      const source = ingestSourceOf(requireIngestKey(req));
      const result = await ingestion.ingest(source, batchOf(req.body));
      return reply.code(202).send(result);
    },
  );
}

function requireIngestKey(req: FastifyRequest): Actor {
  const actor = requireStaff(req);
  if (!actor.permissions.has('events:ingest') && !actor.permissions.has('events:ingest:trusted')) {
    throw forbidden('This needs an API key with the events:ingest scope', { required: 'events:ingest' });
  }
  // Without the header the key came in the URL, which access logs and proxies keep: only a key that can
  // do nothing but send untrusted events may travel there.
  if (!req.headers.authorization && [...actor.permissions].some((p) => p !== 'events:ingest')) {
    throw forbidden('A key in ?key= may have no scope but events:ingest', { required: 'events:ingest' });
  }
  return actor;
}

const ingestSourceOf = (actor: Actor): IngestSource => ({ orgId: actor.orgId, trusted: actor.permissions.has('events:ingest:trusted') });

function batchOf(body: unknown): unknown[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw validationError('Send a JSON object {"events": [...]}');
  const { events } = body as { events?: unknown };
  if (!Array.isArray(events)) throw validationError('events must be an array of events', { field: 'events' });
  if (events.length === 0) throw validationError('events is empty', { field: 'events' });
  if (events.length > MAX_EVENTS_PER_BATCH) {
    throw validationError(`At most ${MAX_EVENTS_PER_BATCH} events per request`, { max: MAX_EVENTS_PER_BATCH, got: events.length });
  }
  return events;
}
