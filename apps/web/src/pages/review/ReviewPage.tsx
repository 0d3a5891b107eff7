import { ArrowLeftOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Result, Spin } from 'antd';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useCan } from '../../auth/me';
import { useErrorMessage } from '../../lib/errors';
import { useOrgTime } from '../../lib/time';
import { reviewApi, reviewKeys, type ReviewSelection } from '../../api/reviews';
import { ReviewView } from './ReviewView';

/** `/live-sessions/:sessionId/review`: the 复盘 of an ended show; revision and comparison live in the URL. */
export function ReviewPage() {
  const { t } = useTranslation();
  const { sessionId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const can = useCan();
  const orgTime = useOrgTime();
  const time = useMemo(() => ({ format: orgTime.format }), [orgTime]);
  const describeError = useErrorMessage();

  const revision = Number(params.get('revision')) || undefined;
  const compareWith = params.get('compareWith') ?? undefined;
  const selection = useMemo<ReviewSelection>(() => ({ revision, compareWith }), [revision, compareWith]);
  const review = useQuery({
    queryKey: reviewKeys.review(sessionId, selection),
    queryFn: ({ signal }) => reviewApi.get(sessionId, selection, signal),
    // Switching revision or comparison keeps the current numbers up until the new ones arrive.
    placeholderData: keepPreviousData,
  });

  const choose = useCallback(
    (name: 'revision' | 'compareWith', value: string | undefined) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (value === undefined) next.delete(name);
          else next.set(name, value);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const onRevision = useCallback((value: number | undefined) => choose('revision', value === undefined ? undefined : String(value)), [choose]);
  const onCompareWith = useCallback((value: string) => choose('compareWith', value), [choose]);

  if (review.isPending) {
    return (
      <div className="full-page-center" data-testid="review-page" data-review-ready="false">
        <Spin size="large" />
      </div>
    );
  }
  if (review.isError) {
    const code = review.error instanceof ApiError ? review.error.code : 'internal';
    const notEnded = code === 'show_not_ended';
    return (
      <div data-testid="review-page" data-review-ready="false" data-review-error={code}>
        <Result
          status={notEnded ? 'info' : 'warning'}
          title={notEnded ? t('review.errors.notEnded') : t('review.errors.loadFailed')}
          subTitle={notEnded ? t('review.errors.notEndedHint') : describeError(review.error)}
          extra={
            <Link to={notEnded ? `/live-sessions/${encodeURIComponent(sessionId)}/console` : '/live-sessions'}>
              <Button type="primary" icon={<ArrowLeftOutlined />}>
                {notEnded ? t('review.errors.toConsole') : t('live.edit.backToList')}
              </Button>
            </Link>
          }
        />
      </div>
    );
  }
  return (
    <ReviewView
      review={review.data}
      sessionId={sessionId}
      readOnly={false}
      print={params.get('print') === '1'}
      canWrite={can('reviews:write')}
      time={time}
      onRevision={onRevision}
      onCompareWith={onCompareWith}
      refreshing={review.isPlaceholderData}
    />
  );
}
