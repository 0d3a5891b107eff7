import type { LiveMetricsSnapshot, MetricId } from '@livedesk/contracts';
import { useTranslation } from 'react-i18next';
import { useMetricText } from '../../components/MetricTooltip';
import { changeBetween, formatMetric, formatRate } from '../../lib/liveMetrics';
import { MetricValue, Panel } from './Panel';

const windowMetrics = ['gmvFen', 'uv', 'buyers', 'paidOrders', 'comments', 'likes'] as const satisfies readonly MetricId[];

/** The last 10 minutes against the 10 before them: is the show heating up or cooling down? */
export function WindowPanel({ snapshot }: { snapshot: LiveMetricsSnapshot }) {
  const { t } = useTranslation();
  const name = useMetricText();
  const { current, previous } = snapshot.window10m;
  return (
    <Panel title={t('screen.window')} note={t('screen.windowHint')} metrics={windowMetrics} className="screen-window" testId="screen-window">
      <div className="screen-window-grid">
        {windowMetrics.map((id) => {
          const now = current.metrics[id];
          const before = previous.metrics[id];
          const change = changeBetween(now, before);
          const direction = change === null || change === 0 ? 'flat' : change > 0 ? 'up' : 'down';
          return (
            <div key={id} className="screen-window-card" data-testid="screen-window-card">
              <div className="screen-kpi-label">{name(id).name}</div>
              <MetricValue id={id} value={now} className="screen-window-value" window />
              <div className={`screen-change screen-change-${direction}`} data-change={change ?? ''}>
                {direction === 'up' ? '↑ ' : direction === 'down' ? '↓ ' : ''}
                {change === null ? '—' : formatRate(Math.abs(change))}
              </div>
              <div className="screen-window-previous">{t('screen.windowPrevious', { value: formatMetric(id, before) })}</div>
            </div>
          );
        })}
      </div>
    </Panel>
  );
}
