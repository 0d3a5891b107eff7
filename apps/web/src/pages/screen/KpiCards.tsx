import type { LiveMetricsSnapshot, MetricId } from '@livedesk/contracts';
import { useTranslation } from 'react-i18next';
import { useMetricText } from '../../components/MetricTooltip';
import { formatCount } from '../../lib/liveMetrics';
import { formatFen } from '../../lib/money';
import { MetricValue, Panel } from './Panel';
import { Ticker } from './Ticker';

/** The headline row: GMV rolling up, who is watching, how many came, who bought, how they interact. */
export function KpiCards({ snapshot }: { snapshot: LiveMetricsSnapshot }) {
  const { t } = useTranslation();
  const name = useMetricText();
  const { metrics } = snapshot;
  return (
    <div className="screen-kpis">
      <Panel title={name('gmvFen').name} metrics={['gmvFen', 'aovFen', 'gpmFen', 'uvValueFen']} className="screen-kpi screen-kpi-gmv" testId="screen-gmv">
        <Ticker value={metrics.gmvFen ?? 0} format={formatFen} metric="gmvFen" className="screen-gmv-value" />
        <Subline ids={['aovFen', 'gpmFen', 'uvValueFen']} snapshot={snapshot} />
      </Panel>
      <Panel title={t('metrics.online')} note={t('metrics.onlineHint')} metrics={['peakOnline', 'avgOnline']} className="screen-kpi" testId="screen-online-card">
        <Ticker value={snapshot.online} format={formatCount} testId="screen-online" className="screen-kpi-value" />
        <Subline ids={['peakOnline', 'avgOnline']} snapshot={snapshot} />
      </Panel>
      <Pair title={t('screen.traffic')} ids={['pv', 'uv']} more={['avgWatchSeconds']} snapshot={snapshot} />
      <Pair title={t('screen.sales')} ids={['paidOrders', 'buyers']} more={['itemsSold', 'newBuyers']} snapshot={snapshot} />
      <Pair title={t('screen.interaction')} ids={['comments', 'likes']} more={['interactionRate', 'followRate']} snapshot={snapshot} />
    </div>
  );
}

/** Two headline numbers side by side, with a line of related ones under them. */
function Pair({ title, ids, more, snapshot }: { title: string; ids: [MetricId, MetricId]; more: MetricId[]; snapshot: LiveMetricsSnapshot }) {
  const name = useMetricText();
  return (
    <Panel title={title} metrics={[...ids, ...more]} className="screen-kpi">
      <div className="screen-pair">
        {ids.map((id) => (
          <div key={id}>
            <Ticker value={snapshot.metrics[id] ?? 0} format={formatCount} metric={id} className="screen-kpi-value" />
            <div className="screen-kpi-label">{name(id).name}</div>
          </div>
        ))}
      </div>
      <Subline ids={more} snapshot={snapshot} />
    </Panel>
  );
}

function Subline({ ids, snapshot }: { ids: MetricId[]; snapshot: LiveMetricsSnapshot }) {
  const name = useMetricText();
  return (
    <div className="screen-subline">
      {ids.map((id) => (
        <span key={id}>
          {name(id).name} <MetricValue id={id} value={snapshot.metrics[id]} className="screen-subline-value" />
        </span>
      ))}
    </div>
  );
}
