import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { CreateReviewShareBody, LiveReview, ReviewShare } from '@livedesk/contracts';
import { requireStaff } from '../../http/auth.js';
import { typed, type App } from '../../http/server.js';
import { SHARE_HINT_LENGTH, type ExportFile, type ReviewExports, type ReviewShares } from './service.js';

const ShowParams = z.strictObject({ id: z.string().min(1).max(64) });
const ShareParams = ShowParams.extend({ hint: z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${SHARE_HINT_LENGTH}}$`)) });
const TokenParams = z.strictObject({ token: z.string().min(1).max(256) });
const ExportQuery = z.strictObject({ lang: z.enum(['zh-CN', 'en-US']).default('zh-CN') });
const tags = ['reviews'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `filename*` (RFC 5987) carries the Chinese name; `filename` is the fallback for clients without it. */
export function contentDisposition(file: Pick<ExportFile, 'filename' | 'asciiFilename'>): string {
  const encoded = encodeURIComponent(file.filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${file.asciiFilename.replace(/["\\]/g, '_')}"; filename*=UTF-8''${encoded}`;
}

const download = (reply: FastifyReply, contentType: string, file: ExportFile) =>
  reply.header('content-type', contentType).header('content-disposition', contentDisposition(file)).header('cache-control', 'no-store').send(file.body);

/**
 * Share links need `reviews:write` to create or revoke and `analytics:read` to list; the link itself
 * opens the review with no sign-in. Exports need `analytics:read`.
 */
export function reviewExportRoutes(app: App, shares: ReviewShares, exports: ReviewExports) {
  const r = typed(app);

  r.post(
    '/api/v1/live-sessions/:id/review/shares',
    {
      schema: {
        tags,
        description:
          'A read-only link to the ended show\'s review, valid `expiresInHours` (default 72, at most 30 days). The token is returned ' +
          'only here; it is stored as its SHA-256. `url` is absolute when LIVEDESK_PUBLIC_URL is set, else relative to the console.',
        params: ShowParams,
        body: CreateReviewShareBody.prefault({}),
        response: { 201: ReviewShare },
      },
    },
    async (req, reply) => reply.code(201).send(await shares.create(requireStaff(req, 'reviews:write'), req.params.id, req.body)),
  );
  r.get(
    '/api/v1/live-sessions/:id/review/shares',
    {
      schema: {
        tags,
        description: `The show's unexpired, unrevoked links, newest first. \`token\` and \`url\` show only the token's first ${SHARE_HINT_LENGTH} characters (its hint) and "…".`,
        params: ShowParams,
        response: { 200: z.object({ items: z.array(ReviewShare) }) },
      },
    },
    async (req) => ({ items: await shares.list(requireStaff(req, 'analytics:read'), req.params.id) }),
  );
  r.delete(
    '/api/v1/live-sessions/:id/review/shares/:hint',
    {
      schema: {
        tags,
        description: `Revokes the show's active link whose token starts with \`hint\` (its first ${SHARE_HINT_LENGTH} characters, unique among the show's active links).`,
        params: ShareParams,
      },
    },
    async (req, reply) => {
      await shares.revoke(requireStaff(req, 'reviews:write'), req.params.id, req.params.hint);
      return reply.code(204).send();
    },
  );

  r.get(
    '/api/v1/shared/reviews/:token',
    {
      schema: {
        tags,
        description: 'The review a share link opens, current revision, without signing in. 404 for an unknown token, 410 `gone` once expired or revoked.',
        security: [],
        params: TokenParams,
        response: { 200: LiveReview },
      },
    },
    async (req, reply) => {
      // Set before the lookup, so refusals are not cached or indexed either.
      reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex');
      return shares.open(req.params.token);
    },
  );

  r.get(
    '/api/v1/live-sessions/:id/review/export.xlsx',
    { schema: { tags, description: 'The review as an Excel workbook; dates in the org\'s time zone.', params: ShowParams, querystring: ExportQuery, produces: [XLSX] } },
    async (req, reply) => download(reply, XLSX, await exports.xlsx(requireStaff(req, 'analytics:read'), req.params.id, req.query.lang)),
  );
  r.get(
    '/api/v1/live-sessions/:id/review/export.pdf',
    {
      schema: {
        tags,
        description:
          'The console\'s read-only review page printed by Chromium (A4). At most 2 prints run at once; 503 `unavailable` when Chromium ' +
          'is missing (LIVEDESK_CHROMIUM_PATH) or the print takes over 30 s.',
        params: ShowParams,
        querystring: ExportQuery,
        produces: ['application/pdf'],
      },
    },
    async (req, reply) => download(reply, 'application/pdf', await exports.pdf(requireStaff(req, 'analytics:read'), req.params.id, req.query.lang)),
  );
}
