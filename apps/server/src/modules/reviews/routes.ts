import { z } from 'zod';
import { LiveReview, PutReviewNoteBody, ReviewNote, ReviewQuery, ReviewSection } from '@livedesk/contracts';
import { requireStaff } from '../../http/auth.js';
import { typed, type App } from '../../http/server.js';
import type { ReviewService } from './service.js';

const tags = ['reviews'];
const Id = z.string().min(1).max(64);

export function reviewRoutes(app: App, reviews: ReviewService) {
  const r = typed(app);
  r.get(
    '/api/v1/live-sessions/:id/review',
    {
      schema: {
        tags,
        description:
          'The post-live review (复盘) of an ended show, numbers equal to its live metrics. Without `revision` the numbers are ' +
          'computed now and kept as a new revision when late data (refunds, imports) changed them; `revision` shows a kept one. ' +
          '`show_not_ended` (409) while the show is scheduled or live.',
        params: z.strictObject({ id: Id }),
        querystring: ReviewQuery,
        response: { 200: LiveReview },
      },
    },
    async (req) => reviews.review(requireStaff(req, 'analytics:read').orgId, req.params.id, req.query),
  );
  r.put(
    '/api/v1/live-sessions/:id/review/notes/:section',
    {
      schema: {
        tags,
        description: 'Saves the note (数据反馈) on a section of the review; empty or blank text removes it (204).',
        params: z.strictObject({ id: Id, section: ReviewSection }),
        body: PutReviewNoteBody,
        response: { 200: ReviewNote, 204: z.null().describe('the note was removed') },
      },
    },
    async (req, reply) => {
      const note = await reviews.putNote(requireStaff(req, 'reviews:write'), req.params.id, req.params.section, req.body.text);
      return note ?? reply.code(204).send(null);
    },
  );
}
