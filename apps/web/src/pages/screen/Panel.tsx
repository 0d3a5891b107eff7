import type { MetricId } from '@livedesk/contracts';
import type { ReactNode } from 'react';
import { MetricTooltip } from '../../components/MetricTooltip';
import { formatMetric } from '../../lib/liveMetrics';

/** A card of the screen, its title explaining every number inside on hover. */
export function Panel({ title, metrics, note, className, testId, children }: { title: string; metrics: readonly MetricId[]; note?: string; className?: string; testId?: string; children: ReactNode }) {
  return (
    <section className={`screen-panel ${className ?? ''}`} data-testid={testId}>
      <header className="screen-panel-title">
        <MetricTooltip metrics={metrics} note={note}>
          {title}
        </MetricTooltip>
      </header>
      <div className="screen-panel-body">{children}</div>
    </section>
  );
}

/**
 * A registry metric's number, with its raw value for tests (`data-value` is empty when it has none).
 * `[data-metric]` marks the whole show's numbers, the ones `GET /live-sessions/:id/metrics` returns;
 * a 10-minute window's number is `[data-window-metric]` instead.
 */
export function MetricValue({ id, value, className, window }: { id: MetricId; value: number | null | undefined; className?: string; window?: boolean }) {
  return (
    <span className={className} data-metric={window ? undefined : id} data-window-metric={window ? id : undefined} data-value={value ?? ''}>
      {formatMetric(id, value)}
    </span>
  );
}
