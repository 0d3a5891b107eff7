import { CopyOutlined, DeleteOutlined } from '@ant-design/icons';
import { REVIEW_SHARE_MAX_HOURS, type ReviewShare } from '@livedesk/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Divider, Input, InputNumber, List, Modal, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState';
import { copyToClipboard } from '../../lib/clipboard';
import { settled, useErrorMessage } from '../../lib/errors';
import { reviewApi, reviewKeys } from '../../api/reviews';
import { useReviewMode } from './ReviewContext';

const DEFAULT_HOURS = 72;

/** A listed link shows only the start of its token and "…" (the full token is never stored); that start revokes it. */
const shareHint = (share: ReviewShare) => share.token.replace(/…$/, '');

/** Read-only links to the review: create one with an expiry, copy it, and revoke the ones still open. */
export function ShareModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const { sessionId, time } = useReviewMode();
  const queryClient = useQueryClient();
  const [hours, setHours] = useState<number | null>(DEFAULT_HOURS);
  const [created, setCreated] = useState<ReviewShare | null>(null);

  const shares = useQuery({ queryKey: reviewKeys.shares(sessionId), queryFn: ({ signal }) => reviewApi.shares(sessionId, signal), enabled: open, staleTime: 0 });
  const create = useMutation({
    mutationFn: (expiresInHours: number) => reviewApi.createShare(sessionId, { expiresInHours }),
    onSuccess: (share) => {
      setCreated(share);
      void queryClient.invalidateQueries({ queryKey: reviewKeys.shares(sessionId) });
    },
    onError: (error) => message.error(describeError(error)),
  });
  const revoke = useMutation({
    mutationFn: (hint: string) => reviewApi.revokeShare(sessionId, hint),
    onSuccess: (_nothing, hint) => {
      if (created?.token.startsWith(hint)) setCreated(null);
      message.success(t('review.share.revoked'));
    },
    onError: (error) => message.error(describeError(error)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: reviewKeys.shares(sessionId) }),
  });

  const copy = async (url: string) => {
    const copied = await copyToClipboard(url);
    if (copied) message.success(t('review.share.copied'));
    else message.error(t('review.share.copyFailed'));
  };

  // Without LIVEDESK_PUBLIC_URL the server answers with a path: the link is then this console's address.
  const absolute = (url: string) => (url.startsWith('/') ? `${window.location.origin}${url}` : url);
  const active = (shares.data?.items ?? []).filter((share) => share.expiresAt > Date.now());
  return (
    <Modal open={open} title={t('review.share.title')} onCancel={onClose} footer={null} width={620} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('review.share.intro')}</Typography.Paragraph>
      <Space wrap>
        <span>{t('review.share.expiresIn')}</span>
        <InputNumber<number>
          data-testid="review-share-hours"
          min={1}
          max={REVIEW_SHARE_MAX_HOURS}
          precision={0}
          value={hours}
          onChange={setHours}
          suffix={t('review.share.hours')}
        />
        <Button type="primary" data-testid="review-share-create" disabled={hours === null} loading={create.isPending} onClick={() => hours !== null && create.mutate(hours)}>
          {t('review.share.create')}
        </Button>
      </Space>
      {created && (
        <Space.Compact className="review-share-created">
          <Input readOnly value={absolute(created.url)} data-testid="review-share-url" onFocus={(event) => event.target.select()} />
          <Button icon={<CopyOutlined />} data-testid="review-share-copy" onClick={() => void copy(absolute(created.url))}>
            {t('review.share.copy')}
          </Button>
        </Space.Compact>
      )}
      <Divider titlePlacement="start">{t('review.share.active', { count: active.length })}</Divider>
      <List<ReviewShare>
        size="small"
        loading={shares.isPending}
        dataSource={active}
        locale={{ emptyText: <EmptyState description={t('review.share.none')} /> }}
        renderItem={(share) => (
          <List.Item
            data-testid="review-share-item"
            actions={[
              <Popconfirm key="revoke" title={t('review.share.revokeConfirm')} okText={t('review.share.revoke')} cancelText={t('common.cancel')} onConfirm={() => settled(revoke.mutateAsync(shareHint(share)))}>
                <Button size="small" danger type="text" icon={<DeleteOutlined />} data-testid="review-share-revoke">
                  {t('review.share.revoke')}
                </Button>
              </Popconfirm>,
            ]}
          >
            <List.Item.Meta
              title={<span className="mono">{absolute(share.url)}</span>}
              description={t('review.share.meta', { created: time.format(share.createdAt, 'MM-DD HH:mm'), expires: time.format(share.expiresAt, 'YYYY-MM-DD HH:mm') })}
            />
          </List.Item>
        )}
      />
    </Modal>
  );
}
