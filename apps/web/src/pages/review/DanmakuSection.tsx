import type { LiveReview } from '@livedesk/contracts';
import { Col, Row, Statistic } from 'antd';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState';
import { formatRate } from '../../lib/liveMetrics';
import { reviewTimeRange, sentimentOption } from './charts';
import { ReviewChart } from './ReviewChart';
import { useReviewMode } from './ReviewContext';
import { SectionCard } from './SectionCard';
import { WordCloud } from './WordCloud';

/** What the audience wrote: the words they used, what they asked, and their mood against buying. */
export function DanmakuSection({ review }: { review: LiveReview }) {
  const { t } = useTranslation();
  const { time } = useReviewMode();
  const { danmaku } = review;
  const formatTime = useCallback((ms: number) => time.format(ms, 'HH:mm'), [time]);
  const sentiment = useMemo(
    () =>
      sentimentOption(
        danmaku.perMinute,
        reviewTimeRange(danmaku.perMinute, review.show.startedAt, review.show.endedAt),
        { positive: t('review.danmaku.positive'), negative: t('review.danmaku.negative'), conversionRate: t('review.danmaku.conversionRate') },
        formatTime,
      ),
    [danmaku.perMinute, review.show.startedAt, review.show.endedAt, t, formatTime],
  );
  const moodTotal = danmaku.sentiment.positive + danmaku.sentiment.negative + danmaku.sentiment.neutral;
  const share = (n: number) => formatRate(moodTotal === 0 ? null : n / moodTotal);

  return (
    <SectionCard title={t('review.sections.danmaku')} hint={t('review.danmaku.hint')} metrics={['comments']} note={{ section: 'danmaku', value: review.notes.find((n) => n.section === 'danmaku') }}>
      <div className="review-stats-row">
        <Statistic title={t('review.danmaku.comments')} value={danmaku.comments} />
        <Statistic title={t('review.danmaku.commenters')} value={danmaku.commenters} />
        <Statistic title={t('review.danmaku.questionCount')} value={danmaku.questions.count} />
        <Statistic title={t('review.danmaku.positive')} value={share(danmaku.sentiment.positive)} styles={{ content: { color: '#00b42a' } }} />
        <Statistic title={t('review.danmaku.negative')} value={share(danmaku.sentiment.negative)} styles={{ content: { color: '#f53f3f' } }} />
        <Statistic title={t('review.danmaku.neutral')} value={share(danmaku.sentiment.neutral)} />
      </div>
      <Row gutter={[24, 16]}>
        <Col xs={24} xl={14}>
          <div className="review-chart-caption">{t('review.danmaku.wordCloud')}</div>
          <div className="review-wordcloud" data-testid="review-wordcloud" data-count={danmaku.keywords.length}>
            <WordCloud keywords={danmaku.keywords} />
          </div>
        </Col>
        <Col xs={24} xl={10}>
          <div className="review-chart-caption">{t('review.danmaku.topQuestions')}</div>
          <ol className="review-questions" data-testid="review-questions">
            {danmaku.questions.top.length === 0 && <EmptyState description={t('review.danmaku.noQuestions')} />}
            {danmaku.questions.top.map((question) => (
              <li key={question.text} className="review-question">
                <span className="review-question-text">{question.text}</span>
                <span className="review-question-meta tabular">{t('review.danmaku.askers', { count: question.askers, time: time.format(question.firstAt, 'HH:mm') })}</span>
              </li>
            ))}
          </ol>
        </Col>
      </Row>
      <div className="review-chart-caption">{t('review.danmaku.sentimentTitle')}</div>
      <div data-testid="review-sentiment">
        {danmaku.perMinute.length === 0 ? <EmptyState description={t('review.danmaku.noComments')} /> : <ReviewChart option={sentiment} className="review-chart" />}
      </div>
    </SectionCard>
  );
}
