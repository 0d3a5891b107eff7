import { FileExcelOutlined, FilePdfOutlined, ShareAltOutlined } from '@ant-design/icons';
import type { LiveReview } from '@livedesk/contracts';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { saveFile } from '../../api/catalog';
import { useErrorMessage } from '../../lib/errors';
import { formatFen } from '../../lib/money';
import { reviewApi, type ExportFormat } from '../../api/reviews';
import { formatClock, formatSpan, revisionChoices } from './format';
import { useReviewMode } from './ReviewContext';
import { ShareModal } from './ShareModal';

/** The show, when it ran, who hosted it, which revision of the numbers this is, and what to do with it. */
export function ReviewHeader({ review, onRevision }: { review: LiveReview; onRevision?: (revision: number | undefined) => void }) {
  const { t } = useTranslation();
  const mode = useReviewMode();
  const { show } = review;
  const duration = show.startedAt !== null && show.endedAt !== null ? formatClock((show.endedAt - show.startedAt) / 1000) : null;
  const choices = revisionChoices(review.revisions);
  const actions = !mode.readOnly && !mode.print;

  return (
    <header className="review-header">
      <div className="review-header-main">
        <Typography.Title level={3} className="review-title" data-testid="review-title">
          {show.title}
        </Typography.Title>
        <div className="review-header-facts">
          <span className="tabular">{formatSpan(mode.time, show.startedAt, show.endedAt)}</span>
          {duration && <span>{t('review.header.duration', { duration })}</span>}
          <span>
            {t('review.header.anchors')}
            {show.anchors.length === 0 ? t('review.header.noAnchors') : show.anchors.map((anchor) => <Tag key={anchor} className="review-tag">{anchor}</Tag>)}
          </span>
        </div>
      </div>
      <Space wrap className="review-header-actions">
        {onRevision && !mode.print ? (
          <Select<number>
            data-testid="review-revision"
            className="review-revision"
            value={review.revision}
            popupMatchSelectWidth={false}
            onChange={(revision) => onRevision(choices.find((c) => c.revision === revision)?.latest ? undefined : revision)}
            options={choices.map((r) => ({
              value: r.revision,
              label: t(r.latest ? 'review.revision.latest' : 'review.revision.option', { revision: r.revision, time: mode.time.format(r.asOf, 'MM-DD HH:mm') }),
              title: t('review.revision.numbers', { gmv: formatFen(r.gmvFen), refund: formatFen(r.refundFen), orders: r.paidOrders }),
            }))}
          />
        ) : (
          <span className="review-revision-text" data-testid="review-revision" data-revision={review.revision}>
            {t('review.revision.option', { revision: review.revision, time: mode.time.format(review.asOf, 'MM-DD HH:mm') })}
          </span>
        )}
        {actions && <ReviewActions canShare={mode.canWrite} />}
      </Space>
    </header>
  );
}

function ReviewActions({ canShare }: { canShare: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const { sessionId } = useReviewMode();
  const [sharing, setSharing] = useState(false);
  const exporting = useMutation({
    mutationFn: (format: ExportFormat) => reviewApi.exportFile(sessionId, format, i18n.language),
    onSuccess: ({ blob, filename }, format) => saveFile(blob, filename ?? `review-${sessionId}.${format}`),
    onError: (error) => message.error(describeError(error)),
  });
  const busy = (format: ExportFormat) => exporting.isPending && exporting.variables === format;
  return (
    <>
      <Button icon={<FileExcelOutlined />} data-testid="review-export-xlsx" loading={busy('xlsx')} onClick={() => exporting.mutate('xlsx')}>
        {t('review.header.exportXlsx')}
      </Button>
      <Button icon={<FilePdfOutlined />} data-testid="review-export-pdf" loading={busy('pdf')} onClick={() => exporting.mutate('pdf')}>
        {t('review.header.exportPdf')}
      </Button>
      {canShare && (
        <>
          <Button type="primary" icon={<ShareAltOutlined />} data-testid="review-share" onClick={() => setSharing(true)}>
            {t('review.header.share')}
          </Button>
          <ShareModal open={sharing} onClose={() => setSharing(false)} />
        </>
      )}
    </>
  );
}
