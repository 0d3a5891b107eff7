import type { LiveMetricsSnapshot } from '@livedesk/contracts';
import { useQuery } from '@tanstack/react-query';
import { Spin } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { liveApi, liveKeys } from '../../api/live';
import { useCan } from '../../auth/me';
import { useOrgTime } from '../../lib/time';
import { useLiveMetrics, type LiveMetrics } from '../../lib/useLiveMetrics';
import { splitDuration, useNow } from '../../lib/useNow';
import { liveStatusLabelKey } from '../live/labels';
import { CommentWall } from './CommentWall';
import { FunnelPanel } from './FunnelPanel';
import { KpiCards } from './KpiCards';
import { ProductsPanel } from './ProductsPanel';
import { ScaledStage } from './ScaledStage';
import { SignedIn } from '../../auth/RequireAuth';
import { TrendPanel } from './TrendPanel';
import { WindowPanel } from './WindowPanel';
import './screen.css';

/** `/screen/:sessionId`: the 数据大屏 of a show, full-window, fed only by the console socket's pushes. */
export function BigScreenPage() {
  const { sessionId = '' } = useParams();
  return (
    <SignedIn>
      <BigScreen sessionId={sessionId} />
    </SignedIn>
  );
}

function BigScreen({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const live = useLiveMetrics(sessionId);
  // The title only; a member with analytics:read but not live:read (finance) sees the screen without it.
  const session = useQuery({ queryKey: liveKeys.session(sessionId), queryFn: () => liveApi.get(sessionId), enabled: can('live:read') });
  const title = session.data?.title ?? t('screen.title');
  useEffect(() => {
    document.title = `${title} · ${t('screen.title')}`;
  }, [title, t]);

  return (
    <ScaledStage>
      <div className="screen" data-testid="big-screen" data-connection={live.connection} data-as-of={live.snapshot?.asOf ?? ''}>
        <ScreenHeader title={title} live={live} />
        {live.refusal ? (
          <div className="screen-message" data-testid="screen-refusal" data-code={live.refusal}>
            {t(live.refusal === 'forbidden' ? 'screen.forbidden' : 'screen.notFound')}
          </div>
        ) : live.snapshot ? (
          <ScreenBody snapshot={live.snapshot} />
        ) : (
          <div className="screen-message">
            <Spin size="large" />
            <span>{t('screen.waiting')}</span>
          </div>
        )}
      </div>
    </ScaledStage>
  );
}

function ScreenHeader({ title, live }: { title: string; live: LiveMetrics }) {
  const { t } = useTranslation();
  const time = useOrgTime();
  const now = useNow(1000);
  const snapshot = live.snapshot;
  const status = snapshot?.status;
  const onAirMs = snapshot?.startedAt ? (snapshot.endedAt ?? now) - snapshot.startedAt : null;
  return (
    <header className="screen-header">
      <div className="screen-header-side">
        {status && (
          <span className={`screen-status screen-status-${status}`} data-testid="screen-status" data-status={status}>
            {status === 'live' && <span className="screen-dot" aria-hidden />}
            {t(liveStatusLabelKey(status))}
          </span>
        )}
        {onAirMs !== null && <span className="screen-elapsed tabular">{t('screen.elapsed', { time: splitDuration(onAirMs).clock })}</span>}
      </div>
      <h1 className="screen-title" data-testid="screen-title">
        {title}
      </h1>
      <div className="screen-header-side screen-header-right">
        <span className={`screen-connection screen-connection-${live.connection}`}>{t(`metrics.connection.${live.connection}`)}</span>
        <span className="screen-clock tabular" data-testid="screen-clock">
          {time.format(now, 'YYYY-MM-DD')} <strong>{time.format(now, 'HH:mm:ss')}</strong>
        </span>
      </div>
    </header>
  );
}

function ScreenBody({ snapshot }: { snapshot: LiveMetricsSnapshot }) {
  return (
    <>
      <KpiCards snapshot={snapshot} />
      <div className="screen-main">
        <div className="screen-column">
          <FunnelPanel snapshot={snapshot} />
          <WindowPanel snapshot={snapshot} />
        </div>
        <div className="screen-column">
          <TrendPanel snapshot={snapshot} />
        </div>
        <div className="screen-column">
          <ProductsPanel snapshot={snapshot} />
          <CommentWall snapshot={snapshot} />
        </div>
      </div>
    </>
  );
}
