import type { CreateReviewShareBody, LiveReview, ReviewNote, ReviewSection, ReviewShare } from '@livedesk/contracts';
import { download, request } from './client';

const reviewPath = (sessionId: string) => `/live-sessions/${encodeURIComponent(sessionId)}/review`;

/** Which numbers to show: a past revision (absent: the current ones) against a chosen show (absent: the server's pick). */
export interface ReviewSelection {
  revision?: number;
  compareWith?: string;
}

export type ExportFormat = 'xlsx' | 'pdf';

export const reviewApi = {
  get: (sessionId: string, selection: ReviewSelection, signal?: AbortSignal) =>
    request<LiveReview>('GET', reviewPath(sessionId), { query: { ...selection }, signal }),
  /** A link's review needs no sign-in: the token is the whole permission. */
  shared: (token: string, signal?: AbortSignal) =>
    request<LiveReview>('GET', `/shared/reviews/${encodeURIComponent(token)}`, { anonymous: true, signal }),
  /** Empty text deletes the note (204, nothing returned). */
  saveNote: (sessionId: string, section: ReviewSection, text: string) =>
    request<ReviewNote | undefined>('PUT', `${reviewPath(sessionId)}/notes/${section}`, { body: { text } }),
  exportFile: (sessionId: string, format: ExportFormat, lang: string) => download(`${reviewPath(sessionId)}/export.${format}`, { query: { lang } }),
  shares: (sessionId: string, signal?: AbortSignal) => request<{ items: ReviewShare[] }>('GET', `${reviewPath(sessionId)}/shares`, { signal }),
  createShare: (sessionId: string, body: CreateReviewShareBody) => request<ReviewShare>('POST', `${reviewPath(sessionId)}/shares`, { body }),
  /** By the token's first characters, as the list shows them. */
  revokeShare: (sessionId: string, hint: string) => request<void>('DELETE', `${reviewPath(sessionId)}/shares/${encodeURIComponent(hint)}`),
};

export const reviewKeys = {
  all: (sessionId: string) => ['review', sessionId] as const,
  review: (sessionId: string, selection: ReviewSelection) => ['review', sessionId, 'body', selection] as const,
  shares: (sessionId: string) => ['review', sessionId, 'shares'] as const,
  shared: (token: string) => ['review', 'shared', token] as const,
};
