import type { LiveReview } from '@livedesk/contracts';
import { Alert, Button } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorsSection } from './AnchorsSection';
import { ComparisonSection } from './ComparisonSection';
import { DanmakuSection } from './DanmakuSection';
import type { ZoneTime } from './format';
import { FunnelSection } from './FunnelSection';
import { OverviewSection } from './OverviewSection';
import { PeaksSection } from './PeaksSection';
import { ProductsSection } from './ProductsSection';
import { createReadiness } from './readiness';
import { ReviewHeader } from './ReviewHeader';
import { ReviewModeContext, type ReviewMode } from './ReviewContext';
import { SegmentsSection, TrafficSection } from './TrafficSection';
import './review.css';

interface ReviewViewProps {
  review: LiveReview;
  sessionId: string;
  readOnly: boolean;
  print: boolean;
  canWrite: boolean;
  time: ZoneTime;
  /** the console's choices; a shared link has none */
  onRevision?: (revision: number | undefined) => void;
  onCompareWith?: (sessionId: string) => void;
  /** a new revision or comparison is on its way (the old numbers stay up meanwhile) */
  refreshing?: boolean;
}

/** The post-live review (复盘) of one show, as the console shows it and as a shared link or its PDF does. */
export function ReviewView({ review, sessionId, readOnly, print, canWrite, time, onRevision, onCompareWith, refreshing }: ReviewViewProps) {
  const { t } = useTranslation();
  const [ready, setReady] = useState(false);
  const readiness = useMemo(() => createReadiness(() => setReady(true)), []);
  // Runs after every chart below has registered (children's layout effects come first).
  useEffect(() => readiness.arm(), [readiness]);
  const mode = useMemo<ReviewMode>(() => ({ sessionId, readOnly, print, canWrite, time, readiness }), [sessionId, readOnly, print, canWrite, time, readiness]);
  useEffect(() => {
    document.title = `${review.show.title} · ${t('review.title')}`;
  }, [review.show.title, t]);
  const latest = Math.max(...review.revisions.map((r) => r.revision), review.revision);

  return (
    <ReviewModeContext.Provider value={mode}>
      <div
        className={`review-page${print ? ' review-print' : ''}${refreshing ? ' review-refreshing' : ''}`}
        data-testid="review-page"
        data-review-ready={ready ? 'true' : 'false'}
        data-revision={review.revision}
      >
        <ReviewHeader review={review} onRevision={readOnly ? undefined : onRevision} />
        {review.revision < latest && (
          <Alert
            type="warning"
            showIcon
            className="review-inline-alert"
            title={t('review.revision.old', { revision: review.revision, latest })}
            action={
              onRevision &&
              !print && (
                <Button size="small" onClick={() => onRevision(undefined)}>
                  {t('review.revision.showLatest')}
                </Button>
              )
            }
          />
        )}
        <OverviewSection review={review} />
        <FunnelSection review={review} />
        <TrafficSection review={review} />
        <SegmentsSection review={review} />
        <ProductsSection review={review} />
        <AnchorsSection review={review} />
        <PeaksSection review={review} />
        <DanmakuSection review={review} />
        <ComparisonSection review={review} onCompareWith={readOnly || print ? undefined : onCompareWith} />
      </div>
    </ReviewModeContext.Provider>
  );
}
