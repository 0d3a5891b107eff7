import { DeleteOutlined, DownOutlined, MoreOutlined, RobotOutlined, SendOutlined, StopOutlined, UserDeleteOutlined, AudioMutedOutlined } from '@ant-design/icons';
import { MAX_CHAT_LENGTH, type BuyerTag, type ChatMessage } from '@livedesk/contracts';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Dropdown, Input, Space, Tag, Typography, type MenuProps } from 'antd';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { moderationApi } from '../../../api/live';
import { EmptyState } from '../../../components/EmptyState';
import { useErrorMessage } from '../../../lib/errors';
import { useOrgTime } from '../../../lib/time';
import { buyerTagLabelKey } from '../labels';
import type { RoomSocket } from './useRoomSocket';

const tagColor: Record<BuyerTag, string> = {
  new: 'green',
  returning: 'blue',
  follower: 'purple',
  big_spender: 'gold',
  staff: 'geekblue',
  flagged: 'red',
};

type ModerationAction = 'delete' | 'mute10' | 'muteShow' | 'kick' | 'ban';

/** Pixels from the bottom within which the list still counts as "following" new comments. */
const stickThreshold = 48;

interface CommentStreamProps {
  sessionId: string;
  messages: readonly ChatMessage[];
  room: Pick<RoomSocket, 'send' | 'apply' | 'connection'>;
  canModerate: boolean;
}

/** The live comments with each commenter's tags, moderation per message, and a box to answer as the shop. */
export function CommentStream({ sessionId, messages, room, canModerate }: CommentStreamProps) {
  const { t } = useTranslation();
  const { message: toast, modal } = App.useApp();
  const describeError = useErrorMessage();
  const time = useOrgTime();
  const listRef = useRef<HTMLDivElement>(null);
  const [following, setFollowing] = useState(true);
  const [unseen, setUnseen] = useState(0);
  const [draft, setDraft] = useState('');
  const lastId = messages.at(-1)?.id;

  // Stay at the newest comment unless the operator scrolled up to read; then count what arrives.
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    if (following) list.scrollTop = list.scrollHeight;
  }, [lastId, following]);
  useEffect(() => {
    if (!following && lastId !== undefined) setUnseen((n) => n + 1);
  }, [lastId, following]);

  const act = useMutation({
    mutationFn: async ({ action, chat }: { action: ModerationAction; chat: ChatMessage }) => {
      const identity = chat.user.id;
      switch (action) {
        case 'delete':
          return moderationApi.deleteMessage(sessionId, chat.id);
        case 'mute10':
          return moderationApi.mute(sessionId, { identity, minutes: 10 });
        case 'muteShow':
          return moderationApi.mute(sessionId, { identity });
        case 'kick':
          return moderationApi.kick(sessionId, { identity });
        case 'ban':
          return moderationApi.ban(sessionId, { identity });
      }
    },
    onSuccess: (_result, { action, chat }) => {
      if (action === 'delete') room.apply({ t: 'chat.deleted', id: chat.id });
      toast.success(t(`live.comments.done.${action}`, { name: chat.user.nickname }));
    },
    onError: (error) => toast.error(describeError(error)),
  });

  const run = (action: ModerationAction, chat: ChatMessage) => {
    if (action !== 'ban') {
      act.mutate({ action, chat });
      return;
    }
    modal.confirm({
      title: t('live.comments.banTitle', { name: chat.user.nickname }),
      content: t('live.comments.banText'),
      okText: t('live.comments.actions.ban'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => act.mutateAsync({ action, chat }).catch(() => undefined),
    });
  };

  const menuFor = (chat: ChatMessage): MenuProps => {
    const viewer = !chat.bot && !chat.user.tags.includes('staff');
    const items: MenuProps['items'] = [
      { key: 'delete', icon: <DeleteOutlined />, label: t('live.comments.actions.delete') },
      ...(viewer
        ? [
            { type: 'divider' as const },
            { key: 'mute10', icon: <AudioMutedOutlined />, label: t('live.comments.actions.mute10') },
            { key: 'muteShow', icon: <AudioMutedOutlined />, label: t('live.comments.actions.muteShow') },
            { key: 'kick', icon: <UserDeleteOutlined />, label: t('live.comments.actions.kick') },
            { key: 'ban', icon: <StopOutlined />, danger: true, label: t('live.comments.actions.ban') },
          ]
        : []),
    ];
    return { items, onClick: ({ key }) => run(key as ModerationAction, chat) };
  };

  const sendReply = () => {
    const text = draft.trim();
    if (!text) return;
    if (room.send({ t: 'chat', text })) setDraft('');
    else toast.warning(t('live.comments.offline'));
  };

  return (
    <div className="console-comments">
      <div
        ref={listRef}
        className="console-comment-list"
        data-testid="console-comments"
        onScroll={(event) => {
          const list = event.currentTarget;
          const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < stickThreshold;
          setFollowing(atBottom);
          if (atBottom) setUnseen(0);
        }}
      >
        {messages.length === 0 && <EmptyState description={t('live.comments.empty')} />}
        {messages.map((chat) => (
          <div key={chat.id} className={`console-comment${chat.bot ? ' is-bot' : ''}`} data-testid="console-comment-item" data-message-id={chat.id}>
            <div className="console-comment-body">
              <span className="console-comment-meta">
                <Typography.Text type="secondary" className="tabular cell-sub">
                  {time.format(chat.at, 'HH:mm:ss')}
                </Typography.Text>
                <span className="console-comment-name">
                  {chat.bot && <RobotOutlined />} {chat.bot ? t('live.comments.bot') : chat.user.nickname}
                </span>
                {!chat.bot &&
                  chat.user.tags.map((tag) => (
                    <Tag key={tag} color={tagColor[tag]} className="console-buyer-tag" data-tag={tag}>
                      {t(buyerTagLabelKey(tag))}
                    </Tag>
                  ))}
              </span>
              <span className="console-comment-text">{chat.text}</span>
            </div>
            {canModerate && (
              <Dropdown menu={menuFor(chat)} trigger={['click']} placement="bottomRight">
                <Button type="text" size="small" icon={<MoreOutlined />} aria-label={t('live.comments.moderate')} className="console-comment-more" data-testid="console-comment-actions" />
              </Dropdown>
            )}
          </div>
        ))}
      </div>
      {!following && unseen > 0 && (
        <Button
          size="small"
          type="primary"
          shape="round"
          icon={<DownOutlined />}
          className="console-unseen"
          onClick={() => {
            setFollowing(true);
            setUnseen(0);
          }}
        >
          {t('live.comments.unseen', { count: unseen })}
        </Button>
      )}
      <Space.Compact className="console-reply">
        <Input
          value={draft}
          maxLength={MAX_CHAT_LENGTH}
          placeholder={t('live.comments.replyPlaceholder')}
          onChange={(event) => setDraft(event.target.value)}
          onPressEnter={sendReply}
          disabled={room.connection !== 'open'}
          data-testid="console-comment-input"
        />
        <Button type="primary" icon={<SendOutlined />} onClick={sendReply} disabled={room.connection !== 'open' || draft.trim() === ''}>
          {t('live.comments.send')}
        </Button>
      </Space.Compact>
    </div>
  );
}
