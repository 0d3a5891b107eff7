import { CopyOutlined, EyeInvisibleOutlined, EyeOutlined, SyncOutlined } from '@ant-design/icons';
import type { LiveSessionView } from '@livedesk/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, Popconfirm, Space, Tooltip, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { liveApi, liveKeys } from '../../api/live';
import { copyToClipboard } from '../../lib/clipboard';
import { settled, useErrorMessage } from '../../lib/errors';

function useCopy(): (text: string) => void {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (text) => {
    void copyToClipboard(text).then((ok) => (ok ? message.success(t('live.obs.copied')) : message.error(t('live.obs.copyFailed'))));
  };
}

function CopyField({ label, value, secret, testId, extra }: { label: string; value: string; secret?: boolean; testId: string; extra?: ReactNode }) {
  const { t } = useTranslation();
  const copy = useCopy();
  const [shown, setShown] = useState(false);
  return (
    <div className="obs-field">
      <Typography.Text type="secondary" className="obs-label">
        {label}
      </Typography.Text>
      <Space.Compact className="full-width">
        {secret && !shown ? (
          <Input readOnly value="••••••••••••••••••••••••" className="mono" data-testid={testId} data-hidden="true" />
        ) : (
          <Input readOnly value={value} className="mono" data-testid={testId} onFocus={(event) => event.target.select()} />
        )}
        {secret && (
          <Tooltip title={shown ? t('live.obs.hideKey') : t('live.obs.showKey')}>
            <Button
              icon={shown ? <EyeInvisibleOutlined /> : <EyeOutlined />}
              onClick={() => setShown((now) => !now)}
              aria-label={shown ? t('live.obs.hideKey') : t('live.obs.showKey')}
              data-testid={`${testId}-toggle`}
            />
          </Tooltip>
        )}
        <Tooltip title={t('live.obs.copy')}>
          <Button icon={<CopyOutlined />} onClick={() => copy(value)} aria-label={t('live.obs.copy')} data-testid={`${testId}-copy`} />
        </Tooltip>
      </Space.Compact>
      {extra}
    </div>
  );
}

/** OBS settings (推流设置): server and stream key to paste into OBS, the key hidden until asked for. */
export function ObsPanel({ session, canManage }: { session: LiveSessionView; canManage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const queryClient = useQueryClient();
  const rotate = useMutation({
    mutationFn: () => liveApi.rotateStreamKey(session.id),
    onSuccess: (next) => {
      queryClient.setQueryData(liveKeys.session(session.id), next);
      message.success(t('live.obs.rotated'));
    },
    onError: (error) => message.error(describeError(error)),
  });

  return (
    <Card className="page-card" size="small" title={t('live.obs.title')} data-testid="live-obs-panel">
      <Typography.Paragraph type="secondary" className="obs-hint">
        {t('live.obs.hint')}
      </Typography.Paragraph>
      <CopyField label={t('live.obs.server')} value={session.ingestUrl} testId="live-ingest-url" />
      <CopyField
        label={t('live.obs.streamKey')}
        value={session.streamKey}
        secret
        testId="live-stream-key"
        extra={
          canManage &&
          session.status !== 'ended' && (
            <Popconfirm
              title={t('live.obs.rotateTitle')}
              description={t('live.obs.rotateText')}
              okText={t('live.obs.rotate')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={() => settled(rotate.mutateAsync())}
            >
              <Button size="small" type="link" danger icon={<SyncOutlined />} className="obs-rotate" loading={rotate.isPending} data-testid="live-rotate-key">
                {t('live.obs.rotate')}
              </Button>
            </Popconfirm>
          )
        }
      />
      <CopyField label={t('live.obs.playUrl')} value={session.playUrl} testId="live-play-url" />
      <CopyField label={t('live.obs.roomUrl')} value={session.roomUrl} testId="live-room-url" />
    </Card>
  );
}
