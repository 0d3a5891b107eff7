import { z } from 'zod';
import { LiveMetricsSnapshot, MetricId, metricConventions, metricDefinitions } from '@livedesk/contracts';
import { requireStaff } from '../../http/auth.js';
import { typed, type App } from '../../http/server.js';
import type { MetricsReader } from './ports.js';

const tags = ['analytics'];
const params = z.strictObject({ id: z.string().min(1).max(64) });

const MetricDefinitionView = z.object({
  id: MetricId,
  group: z.enum(['traffic', 'interaction', 'conversion', 'value', 'aftersales', 'customers']),
  nameZh: z.string(),
  nameEn: z.string(),
  formulaZh: z.string(),
  formulaEn: z.string(),
  unit: z.enum(['count', 'people', 'fen', 'seconds', 'ratio']),
  platformZh: z.string(),
  platformEn: z.string(),
});
const MetricDefinitionsView = z.object({
  conventions: z.object({ zh: z.array(z.string()), en: z.array(z.string()) }),
  metrics: z.array(MetricDefinitionView),
});

export function metricsRoutes(app: App, metrics: MetricsReader) {
  const r = typed(app);
  r.get('/api/v1/live-sessions/:id/metrics', { schema: { tags, params, response: { 200: LiveMetricsSnapshot } } }, async (req) =>
    metrics.snapshot(requireStaff(req, 'analytics:read').orgId, req.params.id),
  );
  // The registry is public knowledge of the product; any signed-in member (or API key) may read it.
  r.get('/api/v1/metrics/definitions', { schema: { tags, response: { 200: MetricDefinitionsView } } }, async (req) => {
    requireStaff(req);
    return { conventions: { zh: [...metricConventions.zh], en: [...metricConventions.en] }, metrics: [...metricDefinitions] };
  });
}
