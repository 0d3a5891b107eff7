import type { MetricDefinition } from '@livedesk/contracts';
import { request } from './client';

/** `GET /metrics/definitions`: the metric registry and the conventions every metric shares. */
export interface MetricDefinitions {
  conventions: { zh: string[]; en: string[] };
  metrics: MetricDefinition[];
}

export const metricsApi = {
  definitions: (signal?: AbortSignal) => request<MetricDefinitions>('GET', '/metrics/definitions', { signal }),
};

export const metricsKeys = {
  definitions: ['metrics', 'definitions'] as const,
};
