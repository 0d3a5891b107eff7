import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { PoolStats } from '../infra/db/port.js';

export interface MetricSources {
  dbPool: () => PoolStats;
  busLag: () => Promise<{ unpublished: number; oldestAgeMs: number | null }>;
}

/**
 * Prometheus metrics on a registry of this app instance (several apps may share a test process).
 * Default Node metrics include event-loop lag; we add HTTP latency, the DB pool and outbox lag.
 */
export function createMetrics(sources: MetricSources): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  new Gauge({
    name: 'livedesk_db_pool_connections',
    help: 'Database pool connections by state',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const s = sources.dbPool();
      this.set({ state: 'total' }, s.total);
      this.set({ state: 'idle' }, s.idle);
      this.set({ state: 'waiting' }, s.waiting);
    },
  });
  new Gauge({
    name: 'livedesk_outbox_unpublished_events',
    help: 'Committed domain events not yet published to the bus',
    registers: [registry],
    async collect() {
      this.set((await sources.busLag()).unpublished);
    },
  });
  new Gauge({
    name: 'livedesk_outbox_lag_seconds',
    help: 'Age of the oldest unpublished domain event (0 when none)',
    registers: [registry],
    async collect() {
      this.set(((await sources.busLag()).oldestAgeMs ?? 0) / 1000);
    },
  });
  return registry;
}

export function instrumentHttp(app: FastifyInstance, registry: Registry): void {
  const duration = new Histogram({
    name: 'livedesk_http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    // The route pattern, not the URL, keeps label cardinality bounded.
    const route = req.routeOptions.url ?? 'unmatched';
    duration.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
}
