import { REVIEW_NOTE_MAX_CHARS, type LiveReview, type MetricId, type ReviewNote, type ReviewSection } from '@livedesk/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, Space, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { MetricTooltip } from '../../components/MetricTooltip';
import { useErrorMessage } from '../../lib/errors';
import { reviewApi, reviewKeys } from '../../api/reviews';
import { useReviewMode } from './ReviewContext';

interface SectionCardProps {
  title: string;
  /** the registry metrics the section shows, explained on hover of its title */
  metrics?: readonly MetricId[];
  /** what it shows that is not a registry metric */
  hint?: string;
  /** the section whose 数据反馈 note closes the card */
  note?: { section: ReviewSection; value: ReviewNote | undefined };
  extra?: ReactNode;
  testId?: string;
  children: ReactNode;
}

/** A section of the review: a titled card, explained on hover, with the team's note on it at the end. */
export function SectionCard({ title, metrics, hint, note, extra, testId, children }: SectionCardProps) {
  const heading = metrics || hint ? <MetricTooltip metrics={metrics ?? []} note={hint}>{title}</MetricTooltip> : title;
  return (
    <Card className="review-card" title={heading} extra={extra} data-testid={testId}>
      {children}
      {note && <SectionNote section={note.section} note={note.value} />}
    </Card>
  );
}

/** The 数据反馈 on a section: editable with reviews:write, otherwise read (and left out when empty). */
function SectionNote({ section, note }: { section: ReviewSection; note: ReviewNote | undefined }) {
  const { t } = useTranslation();
  const mode = useReviewMode();
  const saved = note?.text ?? '';
  if (mode.readOnly || !mode.canWrite) {
    if (saved === '') return null;
    return (
      <div className="review-note" data-testid="review-note" data-section={section}>
        <div className="review-note-label">{t('review.notes.title')}</div>
        <Typography.Paragraph className="review-note-text">{saved}</Typography.Paragraph>
      </div>
    );
  }
  return <NoteEditor section={section} note={note} />;
}

function NoteEditor({ section, note }: { section: ReviewSection; note: ReviewNote | undefined }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describeError = useErrorMessage();
  const { sessionId, time } = useReviewMode();
  const queryClient = useQueryClient();
  const saved = note?.text ?? '';
  const [text, setText] = useState(saved);
  // Another revision or a refetch brings the stored text: take it unless something is being typed.
  useEffect(() => setText((current) => (current === '' ? saved : current)), [saved]);

  const save = useMutation({
    mutationFn: (value: string) => reviewApi.saveNote(sessionId, section, value),
    onSuccess: (stored) => {
      // Notes belong to the show, not to a revision: every cached revision gets the new one.
      queryClient.setQueriesData<LiveReview>({ queryKey: reviewKeys.all(sessionId) }, (review) =>
        review && 'notes' in review ? { ...review, notes: [...review.notes.filter((n) => n.section !== section), ...(stored ? [stored] : [])] } : review,
      );
      setText(stored?.text ?? '');
      message.success(t('review.notes.saved'));
    },
    onError: (error) => message.error(describeError(error)),
  });

  return (
    <div className="review-note" data-testid="review-note" data-section={section}>
      <div className="review-note-label">{t('review.notes.title')}</div>
      <Input.TextArea
        value={text}
        onChange={(event) => setText(event.target.value)}
        placeholder={t('review.notes.placeholder')}
        autoSize={{ minRows: 2, maxRows: 8 }}
        maxLength={REVIEW_NOTE_MAX_CHARS}
        aria-label={t('review.notes.title')}
      />
      <Space className="review-note-actions">
        {note && <Typography.Text type="secondary">{t('review.notes.updatedAt', { time: time.format(note.updatedAt, 'MM-DD HH:mm') })}</Typography.Text>}
        <Button size="small" type="primary" data-testid="review-note-save" disabled={text === saved} loading={save.isPending} onClick={() => save.mutate(text.trim())}>
          {t('common.save')}
        </Button>
      </Space>
    </div>
  );
}
