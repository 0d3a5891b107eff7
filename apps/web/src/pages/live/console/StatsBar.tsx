import { EyeOutlined, HeartOutlined, ShoppingCartOutlined, WalletOutlined } from '@ant-design/icons';
import type { MetricId } from '@livedesk/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Card, Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { liveApi, liveKeys } from '../../../api/live';
import { useCan } from '../../../auth/me';
import { MetricTooltip, useMetricText } from '../../../components/MetricTooltip';
import { formatCount, formatMetric } from '../../../lib/liveMetrics';
import { formatFen } from '../../../lib/money';
import { useLiveMetrics } from '../../../lib/useLiveMetrics';
import { useOnChange } from './useOnChange';
import './metricStats.css';

interface StatsBarProps {
  sessionId: string;
  online: number;
  likes: number;
  /** changes whenever the room says orders moved */
  salesActivity: number;
  live: boolean;
}

/**
 * Quick stats. A member who may read analytics gets the show's metrics as the big screen has them,
 * pushed over the console socket; others get online and likes from the room and the show's orders.
 */
export function StatsBar(props: StatsBarProps) {
  const can = useCan();
  return can('analytics:read') ? <MetricStats sessionId={props.sessionId} /> : <OrderStats {...props} />;
}

/** The console's cards of the metric registry, in the order an operator scans them. */
const consoleMetrics = [
  { id: 'uv', testId: 'console-uv' },
  { id: 'buyers', testId: 'console-buyers' },
  { id: 'paidOrders', testId: 'console-orders' },
  { id: 'interactionRate', testId: 'console-interaction-rate' },
  { id: 'clickToPayRate', testId: 'console-click-to-pay' },
] as const satisfies readonly { id: MetricId; testId: string }[];

function MetricStats({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const text = useMetricText();
  const { snapshot } = useLiveMetrics(sessionId);
  const gmv = snapshot?.metrics.gmvFen ?? null;
  return (
    <div className="console-stats console-stats-metrics">
      <Stat
        icon={<WalletOutlined />}
        title={<MetricTooltip metrics={['gmvFen', 'aovFen']}>{text('gmvFen').name}</MetricTooltip>}
        testId="console-gmv"
        metric="gmvFen"
        raw={gmv}
        value={formatMetric('gmvFen', gmv)}
        strong
      />
      <Stat
        icon={<EyeOutlined />}
        title={<MetricTooltip metrics={['peakOnline']} note={t('metrics.onlineHint')}>{t('metrics.online')}</MetricTooltip>}
        testId="console-online"
        raw={snapshot?.online ?? null}
        value={snapshot ? formatCount(snapshot.online) : '—'}
        sub={snapshot ? `${text('peakOnline').name} ${formatMetric('peakOnline', snapshot.metrics.peakOnline)}` : undefined}
      />
      {consoleMetrics.map(({ id, testId }) => (
        <Stat
          key={id}
          title={<MetricTooltip metrics={[id]}>{text(id).name}</MetricTooltip>}
          testId={testId}
          metric={id}
          raw={snapshot?.metrics[id] ?? null}
          value={formatMetric(id, snapshot?.metrics[id])}
        />
      ))}
      <StreamHealthCard sessionId={sessionId} />
    </div>
  );
}

/** Online and likes straight from the room; orders and GMV read from the orders. */
function OrderStats({ sessionId, online, likes, salesActivity, live }: StatsBarProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const stats = useQuery({
    queryKey: liveKeys.stats(sessionId),
    queryFn: ({ signal }) => liveApi.orderStats(sessionId, signal),
    // Orders outside flash sales (the 小黄车, comment-to-buy) send the console no frame: read every 5 s on air.
    refetchInterval: live ? 5_000 : false,
  });
  useOnChange(salesActivity, () => void queryClient.invalidateQueries({ queryKey: liveKeys.stats(sessionId) }));

  return (
    <div className="console-stats">
      <Stat icon={<EyeOutlined />} title={t('live.stats.online')} testId="console-online" value={online.toLocaleString()} />
      <Stat icon={<HeartOutlined />} title={t('live.stats.likes')} testId="console-likes" value={likes.toLocaleString()} />
      <Stat
        icon={<ShoppingCartOutlined />}
        title={t('live.stats.orders')}
        testId="console-orders"
        value={stats.data ? stats.data.orders.toLocaleString() : '—'}
        sub={stats.data ? t('live.stats.paidOrders', { paid: stats.data.paidOrders, buyers: stats.data.buyers }) : undefined}
      />
      <Stat icon={<WalletOutlined />} title={t('live.stats.gmv')} testId="console-gmv" value={stats.data ? formatFen(stats.data.gmvFen) : '—'} strong />
      <StreamHealthCard sessionId={sessionId} />
    </div>
  );
}

interface StatProps {
  icon?: ReactNode;
  title: ReactNode;
  value: string;
  sub?: string;
  testId: string;
  strong?: boolean;
  /** the registry metric shown, and its raw value, for end-to-end tests to compare with the API */
  metric?: MetricId;
  raw?: number | null;
}

function Stat({ icon, title, value, sub, testId, strong, metric, raw }: StatProps) {
  return (
    <Card size="small" className="page-card console-stat">
      <Statistic
        title={
          <span className="console-stat-title">
            {icon} {title}
          </span>
        }
        value={value}
        className={strong ? 'console-stat-strong' : undefined}
        valueRender={(node) => (
          <span className="tabular" data-testid={testId} data-metric={metric} data-value={raw ?? undefined}>
            {node}
          </span>
        )}
      />
      {sub && (
        <Typography.Text type="secondary" className="cell-sub">
          {sub}
        </Typography.Text>
      )}
    </Card>
  );
}

/** Stream health from the media server; bitrate and fps are sampled, so reading them every 3 s is the feed. */
function StreamHealthCard({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const health = useQuery({
    queryKey: liveKeys.health(sessionId),
    queryFn: ({ signal }) => liveApi.streamHealth(sessionId, signal),
    refetchInterval: 3_000,
    staleTime: 0,
  });
  const data = health.data;
  const publishing = data?.publishing === true;
  const resolution = data?.width && data.height ? `${data.width}×${data.height}` : '—';
  return (
    <Card size="small" className="page-card console-stat console-health" data-testid="console-stream-health" data-publishing={publishing ? 'true' : 'false'}>
      <div className="console-stat-title">
        <Badge status={publishing ? 'processing' : health.isError ? 'error' : 'default'} />
        {publishing ? t('live.health.publishing') : health.isError ? t('live.health.unknown') : t('live.health.idle')}
      </div>
      <div className="console-health-grid tabular">
        <span>{t('live.health.bitrate')}</span>
        <strong>{data?.bitrateKbps ? t('live.health.kbps', { value: Math.round(data.bitrateKbps) }) : '—'}</strong>
        <span>{t('live.health.fps')}</span>
        <strong>{data?.fps ? data.fps.toFixed(data.fps % 1 === 0 ? 0 : 1) : '—'}</strong>
        <span>{t('live.health.resolution')}</span>
        <strong>{resolution}</strong>
        <span>{t('live.health.codecs')}</span>
        <strong>{data?.videoCodec ? [data.videoCodec, data.audioCodec].filter(Boolean).join(' / ') : '—'}</strong>
      </div>
    </Card>
  );
}
