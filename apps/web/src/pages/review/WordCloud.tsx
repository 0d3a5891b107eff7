import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState';
import { layoutWordCloud, type CloudWord } from './wordCloud';

/** The cloud's own coordinates; the SVG scales to its box, the words with it. */
const WIDTH = 640;
const HEIGHT = 300;

/** The danmaku keywords, the most frequent biggest and in the middle (layout in wordCloud.ts: why not a plugin). */
export function WordCloud({ keywords }: { keywords: readonly CloudWord[] }) {
  const { t } = useTranslation();
  const layout = useMemo(() => layoutWordCloud(keywords, { width: WIDTH, height: HEIGHT }), [keywords]);
  if (layout.words.length === 0) return <EmptyState description={t('review.danmaku.noKeywords')} />;
  return (
    <svg className="review-wordcloud-svg" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={t('review.danmaku.wordCloud')}>
      {layout.words.map((word) => (
        <text
          key={word.word}
          x={word.x}
          y={word.y}
          fontSize={word.fontSize}
          fill={word.color}
          textAnchor="middle"
          dominantBaseline="central"
          fontWeight={word.fontSize >= 28 ? 600 : 400}
          data-word={word.word}
          data-count={word.count}
        >
          <title>{t('review.danmaku.wordCount', { word: word.word, count: word.count })}</title>
          {word.word}
        </text>
      ))}
    </svg>
  );
}
