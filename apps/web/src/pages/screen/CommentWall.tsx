import type { CommentItem, LiveMetricsSnapshot } from '@livedesk/contracts';
import { useTranslation } from 'react-i18next';
import { Panel } from './Panel';

const SHOWN = 14;

/** The newest comments, rising from the bottom as they arrive. */
export function CommentWall({ snapshot }: { snapshot: LiveMetricsSnapshot }) {
  const { t } = useTranslation();
  const shown = snapshot.comments.slice(-SHOWN);
  const author = (comment: CommentItem) => comment.nickname ?? t('screen.anonymous', { id: comment.identity.slice(-4) });
  return (
    <Panel title={t('screen.comments')} metrics={['comments', 'interactionUsers']} className="screen-comments" testId="screen-comments">
      {shown.length === 0 && <div className="screen-empty">{t('screen.noComments')}</div>}
      <ul className="screen-comment-list">
        {shown.map((comment) => (
          <li key={comment.id} className="screen-comment" data-testid="screen-comment">
            <span className="screen-comment-author">{author(comment)}</span>
            <span className="screen-comment-text">{comment.text}</span>
          </li>
        ))}
      </ul>
    </Panel>
  );
}
