import { CheckOutlined, CloseOutlined, FlagOutlined } from '@ant-design/icons';
import type { QueueItemView } from '@livedesk/contracts';
import { useMutation, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { App, Button, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { liveKeys, moderationApi } from '../../../api/live';
import { EmptyState } from '../../../components/EmptyState';
import { useErrorMessage } from '../../../lib/errors';
import { useOrgTime } from '../../../lib/time';

interface ModerationQueueProps {
  sessionId: string;
  queue: UseQueryResult<{ items: QueueItemView[] }>;
  /** the member holds `live:moderate` */
  canModerate: boolean;
  /** the show has ended: nothing left to decide */
  ended: boolean;
}

/** Comments held by a review word or reported by viewers: approved ones reach the room, rejected ones never do. */
export function ModerationQueue({ sessionId, queue, canModerate, ended }: ModerationQueueProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const time = useOrgTime();
  const queryClient = useQueryClient();
  const decide = useMutation({
    mutationFn: ({ messageId, decision }: { messageId: string; decision: 'approve' | 'reject' }) => moderationApi.decide(sessionId, messageId, decision),
    onSuccess: (_item, { messageId, decision }) => {
      queryClient.setQueryData<{ items: QueueItemView[] }>(liveKeys.queue(sessionId), (current) =>
        current ? { items: current.items.filter((item) => item.messageId !== messageId) } : current,
      );
      message.success(decision === 'approve' ? t('live.queue.approved') : t('live.queue.rejected'));
    },
    onError: (error) => message.error(describeError(error)),
  });

  const items = queue.data?.items ?? [];
  return (
    <div className="console-panel-list" data-testid="console-queue">
      {items.length === 0 && (
        <EmptyState description={queue.isError ? describeError(queue.error) : canModerate ? t('live.queue.empty') : t('live.queue.notModerator')} />
      )}
      {items.map((item) => {
        const busy = decide.isPending && decide.variables.messageId === item.messageId;
        return (
          <div key={item.messageId} className="console-item" data-testid="console-queue-item">
            <div className="console-item-head">
              <span className="console-comment-meta">
                <Typography.Text type="secondary" className="tabular cell-sub">
                  {time.format(item.createdAt, 'HH:mm:ss')}
                </Typography.Text>
                <span className="console-comment-name">{item.nickname}</span>
              </span>
              {item.source === 'report' ? (
                <Tag color="orange" icon={<FlagOutlined />}>
                  {t('live.queue.reported', { count: item.reports })}
                </Tag>
              ) : (
                <Tag color="gold">{t('live.queue.heldByWord')}</Tag>
              )}
            </div>
            <div className="console-comment-text">{item.text}</div>
            {item.words.length > 0 && (
              <div className="console-item-line">
                {item.words.map((word) => (
                  <Tag key={word} color="red" className="console-buyer-tag">
                    {word}
                  </Tag>
                ))}
              </div>
            )}
            {canModerate && !ended && (
              <div className="console-item-line console-item-foot">
                <span />
                <span className="console-item-actions">
                  <Button size="small" icon={<CheckOutlined />} loading={busy && decide.variables.decision === 'approve'} disabled={busy} onClick={() => decide.mutate({ messageId: item.messageId, decision: 'approve' })} data-testid="console-queue-approve">
                    {t('live.queue.approve')}
                  </Button>
                  <Button size="small" danger icon={<CloseOutlined />} loading={busy && decide.variables.decision === 'reject'} disabled={busy} onClick={() => decide.mutate({ messageId: item.messageId, decision: 'reject' })} data-testid="console-queue-reject">
                    {t('live.queue.reject')}
                  </Button>
                </span>
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}
