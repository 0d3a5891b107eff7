import type { LiveMetricsSnapshot, MetricId } from '@livedesk/contracts';
import { useTranslation } from 'react-i18next';
import { useMetricText } from '../../components/MetricTooltip';
import { formatRate } from '../../lib/liveMetrics';
import { MetricValue, Panel } from './Panel';

/** uv → product exposure → click → add to cart → order → paid, each a count of distinct identities. */
const steps = ['uv', 'productExposureUv', 'productClickUv', 'cartUv', 'orderCreateUv', 'buyers'] as const satisfies readonly MetricId[];
const rates = ['exposureToClickRate', 'clickToPayRate', 'watchToPayRate'] as const satisfies readonly MetricId[];

/** The narrowest bar still has room for its number. */
const MIN_WIDTH_PERCENT = 16;

export function FunnelPanel({ snapshot }: { snapshot: LiveMetricsSnapshot }) {
  const { t } = useTranslation();
  const name = useMetricText();
  const values = steps.map((id) => snapshot.metrics[id] ?? 0);
  const top = Math.max(1, values[0] ?? 0);
  return (
    <Panel title={t('screen.funnel')} note={t('screen.funnelHint')} metrics={[...steps, ...rates]} className="screen-funnel" testId="screen-funnel">
      <ol className="screen-funnel-steps">
        {steps.map((id, index) => {
          const value = values[index] ?? 0;
          const previous = index > 0 ? (values[index - 1] ?? 0) : null;
          const width = MIN_WIDTH_PERCENT + ((100 - MIN_WIDTH_PERCENT) * Math.min(value, top)) / top;
          return (
            <li key={id} className="screen-funnel-step">
              <span className="screen-funnel-name">{name(id).name}</span>
              <span className="screen-funnel-track">
                <span className="screen-funnel-bar" style={{ width: `${width}%` }} data-step={index}>
                  <MetricValue id={id} value={value} className="screen-funnel-value" />
                </span>
              </span>
              <span className="screen-funnel-rate" data-testid="screen-funnel-rate">
                {previous === null ? '' : formatRate(previous > 0 ? value / previous : null)}
              </span>
            </li>
          );
        })}
      </ol>
      <div className="screen-funnel-rates">
        {rates.map((id) => (
          <div key={id}>
            <div className="screen-kpi-label">{name(id).name}</div>
            <MetricValue id={id} value={snapshot.metrics[id]} className="screen-rate-value" />
          </div>
        ))}
      </div>
    </Panel>
  );
}
