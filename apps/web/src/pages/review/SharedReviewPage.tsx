import { metricConventions, metricDefinitions } from '@livedesk/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Result, Spin, Tag } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { metricsKeys, type MetricDefinitions } from '../../api/metrics';
import { LogoMark } from '../../components/LogoMark';
import { languages, setLanguage, type Language } from '../../i18n';
import { LanguageSwitch } from '../../layout/LanguageSwitch';
import { useErrorMessage } from '../../lib/errors';
import { defaultTimezone } from '../../lib/time';
import { reviewApi, reviewKeys } from '../../api/reviews';
import { zoneTime } from './format';
import { ReviewView } from './ReviewView';

const isLanguage = (value: string | null): value is Language => value !== null && (languages as readonly string[]).includes(value);

/**
 * `/share/reviews/:token`: a review shared by link, read-only and without sign-in; with `?print=1` it is
 * what the PDF export prints, in the language of `?lang=`.
 */
export function SharedReviewPage() {
  const { t, i18n } = useTranslation();
  const { token = '' } = useParams();
  const [params] = useSearchParams();
  const print = params.get('print') === '1';
  const wanted = params.get('lang');
  const language = isLanguage(wanted) ? wanted : null;
  const queryClient = useQueryClient();
  const describeError = useErrorMessage();

  // `?lang=` is applied once, on arrival; the language switch decides after that.
  const [languageApplied, setLanguageApplied] = useState(language === null || i18n.language === language);
  useEffect(() => {
    if (!languageApplied && language) void setLanguage(language).then(() => setLanguageApplied(true));
  }, [language, languageApplied]);
  // The metric registry endpoint needs a sign-in; a link's reader gets the bundled copy of the same
  // registry, in the cache before any tooltip asks for it (so none sends a request bound to fail).
  useState(() => {
    if (queryClient.getQueryData(metricsKeys.definitions)) return;
    queryClient.setQueryData<MetricDefinitions>(metricsKeys.definitions, {
      conventions: { zh: [...metricConventions.zh], en: [...metricConventions.en] },
      metrics: [...metricDefinitions],
    });
  });

  const review = useQuery({ queryKey: reviewKeys.shared(token), queryFn: ({ signal }) => reviewApi.shared(token, signal) });
  // The reader of a link has no org of their own: times read in the zone of the org that shared it.
  const timeZone = review.data?.show.timeZone;
  const time = useMemo(() => zoneTime(timeZone ?? defaultTimezone), [timeZone]);

  let body;
  if (review.isPending || !languageApplied) {
    body = (
      <div className="full-page-center" data-testid="review-page" data-review-ready="false">
        <Spin size="large" />
      </div>
    );
  } else if (review.isError) {
    const code = review.error instanceof ApiError ? review.error.code : 'internal';
    body = (
      <div data-testid="review-page" data-review-ready="false" data-review-error={code}>
        <Result
          status="warning"
          title={code === 'gone' ? t('review.errors.linkGone') : code === 'not_found' ? t('review.errors.linkNotFound') : t('review.errors.loadFailed')}
          subTitle={code === 'gone' || code === 'not_found' ? t('review.errors.linkHint') : describeError(review.error)}
        />
      </div>
    );
  } else {
    body = <ReviewView review={review.data} sessionId={review.data.show.liveSessionId} readOnly print={print} canWrite={false} time={time} />;
  }

  return (
    <div className={`review-shared${print ? ' review-shared-print' : ''}`}>
      {!print && (
        <div className="review-shared-bar">
          <span className="review-shared-brand">
            <LogoMark size={24} />
            <strong>LiveDesk</strong>
            <Tag>{t('review.shared.readOnly')}</Tag>
          </span>
          <LanguageSwitch />
        </div>
      )}
      {body}
    </div>
  );
}
