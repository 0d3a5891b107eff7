import { NotificationOutlined } from '@ant-design/icons';
import { MAX_CHAT_LENGTH, type ServerFrame } from '@livedesk/contracts';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Input, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { moderationApi } from '../../../api/live';
import { useErrorMessage } from '../../../lib/errors';

const slowModeChoices = [0, 3, 5, 10, 30, 60, 120];

interface AnnouncementPanelProps {
  sessionId: string;
  announcement: string | null;
  slowModeSeconds: number;
  onChanged: (frame: ServerFrame) => void;
  canModerate: boolean;
}

/** The pinned announcement (置顶公告) over the chat, and slow mode for a chat that runs too fast to read. */
export function AnnouncementPanel({ sessionId, announcement, slowModeSeconds, onChanged, canModerate }: AnnouncementPanelProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const [draft, setDraft] = useState(announcement ?? '');

  const announce = useMutation({
    mutationFn: (text: string | null) => moderationApi.announce(sessionId, text),
    onSuccess: (view) => {
      onChanged({ t: 'announcement', text: view.announcement });
      if (view.announcement === null) setDraft('');
      message.success(view.announcement === null ? t('live.announcement.cleared') : t('live.announcement.posted'));
    },
    onError: (error) => message.error(describeError(error)),
  });
  const slowMode = useMutation({
    mutationFn: (seconds: number) => moderationApi.slowMode(sessionId, seconds),
    onSuccess: (view) => {
      onChanged({ t: 'slowmode', seconds: view.slowModeSeconds });
      message.success(view.slowModeSeconds === 0 ? t('live.slowMode.off') : t('live.slowMode.on', { count: view.slowModeSeconds }));
    },
    onError: (error) => message.error(describeError(error)),
  });

  return (
    <div className="console-panel">
      <Typography.Text strong>{t('live.announcement.current')}</Typography.Text>
      {announcement ? (
        <Alert type="warning" showIcon icon={<NotificationOutlined />} title={announcement} className="console-announcement-now" />
      ) : (
        <Typography.Text type="secondary">{t('live.announcement.none')}</Typography.Text>
      )}
      <Input.TextArea
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        maxLength={MAX_CHAT_LENGTH}
        showCount
        autoSize={{ minRows: 3, maxRows: 5 }}
        placeholder={t('live.announcement.placeholder')}
        disabled={!canModerate}
        data-testid="console-announcement"
      />
      <Space>
        <Button
          type="primary"
          icon={<NotificationOutlined />}
          disabled={!canModerate || draft.trim() === '' || draft.trim() === announcement}
          loading={announce.isPending && announce.variables !== null}
          onClick={() => announce.mutate(draft.trim())}
          data-testid="console-announcement-save"
        >
          {t('live.announcement.post')}
        </Button>
        <Button disabled={!canModerate || announcement === null} loading={announce.isPending && announce.variables === null} onClick={() => announce.mutate(null)}>
          {t('live.announcement.clear')}
        </Button>
      </Space>
      <div className="console-divider" />
      <Typography.Text strong>{t('live.slowMode.title')}</Typography.Text>
      <Typography.Text type="secondary" className="cell-sub">
        {t('live.slowMode.hint')}
      </Typography.Text>
      <Select<number>
        value={slowModeSeconds}
        onChange={(seconds) => slowMode.mutate(seconds)}
        loading={slowMode.isPending}
        disabled={!canModerate}
        className="console-slow-select"
        options={slowModeChoices.map((seconds) => ({
          value: seconds,
          label: seconds === 0 ? t('live.slowMode.offOption') : t('live.duration.seconds', { count: seconds }),
        }))}
        data-testid="console-slow-mode"
      />
    </div>
  );
}
