import type { CreateReviewShareBody, LiveReview, ReviewQuery, ReviewShare } from '@livedesk/contracts';
import type { Actor } from '../../lib/actor.js';
import { randomToken, sha256Hex } from '../../lib/crypto.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { Clock } from '../../lib/time.js';
import type { Db, DbExecutor } from '../../infra/db/port.js';
import type { ReviewShareRow } from '../../infra/db/tables/reviews.js';
import type { AuditService } from '../audit/service.js';
import { reviewWorkbook, type ExportLang } from '../reviews/export-xlsx.js';
import type { PdfPrinter } from './pdf.js';
import { reviewExportsRepo as repo, type ShowFacts } from './repo.js';

/** What sharing and exporting need of the review (ReviewService). */
export interface ReviewReader {
  review(orgId: string, liveSessionId: string, query: ReviewQuery): Promise<LiveReview>;
}

/** A file to download: `filename` as the user sees it, `asciiFilename` for clients without RFC 5987. */
export interface ExportFile {
  filename: string;
  asciiFilename: string;
  body: Buffer;
}

/** Characters of the token listed and used to revoke a share; the whole token is shown once, at creation. */
export const SHARE_HINT_LENGTH = 6;
const HOUR_MS = 3_600_000;
/** The link the PDF print opens lives only as long as a print may take, and is deleted right after. */
const PRINT_SHARE_MS = 5 * 60_000;

const sharePath = (token: string) => `/share/reviews/${token}`;

async function endedShow(db: Db, orgId: string, liveSessionId: string): Promise<ShowFacts> {
  const show = await repo.show(db.kysely, orgId, liveSessionId);
  if (!show) throw notFound('Live session', liveSessionId);
  if (show.status !== 'ended' || show.endedAt === null) {
    throw new AppError('show_not_ended', 'The review is ready once the show has ended', { status: show.status });
  }
  return show;
}

/** Read-only links to a show's review that open it without signing in, until they expire or are revoked. */
export class ReviewShares {
  constructor(
    private readonly db: Db,
    private readonly reviews: ReviewReader,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    /** LIVEDESK_PUBLIC_URL when set: links are then absolute; otherwise relative to the console's address */
    private readonly baseUrl: string | undefined,
  ) {}

  async create(actor: Actor, liveSessionId: string, body: CreateReviewShareBody): Promise<ReviewShare> {
    await endedShow(this.db, actor.orgId, liveSessionId);
    const { token, row } = await this.audit.transaction(actor, async (tx, record) => {
      const minted = await this.mint(tx, actor.orgId, liveSessionId, body.expiresInHours * HOUR_MS, actor.id);
      await record({
        action: 'review_share.create',
        targetType: 'live_session',
        targetId: liveSessionId,
        changes: [
          { field: 'share', from: null, to: minted.row.token_hint },
          { field: 'expiresAt', from: null, to: minted.row.expires_at },
        ],
      });
      return minted;
    });
    return this.view(row, token);
  }

  async list(actor: Actor, liveSessionId: string): Promise<ReviewShare[]> {
    if (!(await repo.show(this.db.kysely, actor.orgId, liveSessionId))) throw notFound('Live session', liveSessionId);
    const rows = await repo.activeShares(this.db.kysely, actor.orgId, liveSessionId, this.clock.now());
    return rows.map((row) => this.view(row, `${row.token_hint}…`));
  }

  async revoke(actor: Actor, liveSessionId: string, hint: string): Promise<void> {
    if (!(await repo.show(this.db.kysely, actor.orgId, liveSessionId))) throw notFound('Live session', liveSessionId);
    await this.audit.transaction(actor, async (tx, record) => {
      if (!(await repo.revokeByHint(tx, actor.orgId, liveSessionId, hint, this.clock.now()))) throw notFound('Active share link', hint);
      await record({ action: 'review_share.revoke', targetType: 'live_session', targetId: liveSessionId, changes: [{ field: 'share', from: hint, to: null }] });
    });
  }

  /** The review a link opens: its show's current numbers, for anyone holding the token. */
  async open(token: string): Promise<LiveReview> {
    const row = await repo.share(this.db.kysely, sha256Hex(token));
    if (!row) throw notFound('Share link');
    if (row.revoked_at !== null) throw new AppError('gone', 'This share link has been revoked', { revokedAt: row.revoked_at });
    if (row.expires_at <= this.clock.now()) throw new AppError('gone', 'This share link has expired', { expiresAt: row.expires_at });
    return this.reviews.review(row.org_id, row.live_session_id, {});
  }

  /**
   * A link for the server's own use (the PDF print): not audited, as it never leaves the server; `discard`
   * deletes it when done.
   */
  async issueForPrint(orgId: string, liveSessionId: string, createdBy: string): Promise<{ path: string; discard: () => Promise<void> }> {
    const { token, row } = await this.mint(this.db.kysely, orgId, liveSessionId, PRINT_SHARE_MS, createdBy);
    return { path: sharePath(token), discard: () => repo.deleteShare(this.db.kysely, row.token_hash) };
  }

  /**
   * The hint is a short prefix, so it is drawn again on the rare clash with another active share of the
   * show: the hint then names exactly one active share, which is what revoking by hint needs.
   */
  private async mint(db: DbExecutor, orgId: string, liveSessionId: string, ttlMs: number, createdBy: string) {
    const now = this.clock.now();
    const taken = new Set((await repo.activeShares(db, orgId, liveSessionId, now)).map((r) => r.token_hint));
    let token = randomToken(32);
    while (taken.has(token.slice(0, SHARE_HINT_LENGTH))) token = randomToken(32);
    const row: ReviewShareRow = {
      token_hash: sha256Hex(token),
      org_id: orgId,
      live_session_id: liveSessionId,
      token_hint: token.slice(0, SHARE_HINT_LENGTH),
      created_by: createdBy,
      created_at: now,
      expires_at: now + ttlMs,
      revoked_at: null,
    };
    await repo.insertShare(db, row);
    return { token, row };
  }

  private view(row: ReviewShareRow, token: string): ReviewShare {
    return {
      token,
      url: `${this.baseUrl ?? ''}${sharePath(token)}`,
      liveSessionId: row.live_session_id,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      createdBy: row.created_by,
    };
  }
}

/** The review as an Excel workbook, and as a PDF printed by Chromium from the console's read-only page. */
export class ReviewExports {
  constructor(
    private readonly db: Db,
    private readonly reviews: ReviewReader,
    private readonly shares: ReviewShares,
    private readonly printer: PdfPrinter,
    /** where this server itself is reached (its listening address), for the page the printer opens */
    private readonly ownBaseUrl: () => string,
  ) {}

  async xlsx(actor: Actor, liveSessionId: string, lang: ExportLang): Promise<ExportFile> {
    const show = await endedShow(this.db, actor.orgId, liveSessionId);
    const review = await this.reviews.review(actor.orgId, liveSessionId, {});
    const body = await reviewWorkbook(review, { lang, timeZone: show.timezone });
    return { ...exportNames(show, lang, 'xlsx'), body };
  }

  async pdf(actor: Actor, liveSessionId: string, lang: ExportLang): Promise<ExportFile> {
    const show = await endedShow(this.db, actor.orgId, liveSessionId);
    const base = this.ownBaseUrl();
    const link = await this.shares.issueForPrint(actor.orgId, liveSessionId, actor.id);
    try {
      const body = await this.printer.print(`${base}${link.path}?print=1&lang=${lang}`);
      return { ...exportNames(show, lang, 'pdf'), body };
    } finally {
      await link.discard();
    }
  }
}

/** `复盘-<title>-<date>.xlsx`: the show's title and its day in the org's time zone. */
export function exportNames(show: ShowFacts, lang: ExportLang, extension: string): { filename: string; asciiFilename: string } {
  const at = show.startedAt ?? show.endedAt;
  const date = at === null ? '' : new Intl.DateTimeFormat('en-CA', { timeZone: show.timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  // Characters that Windows, macOS or a shell refuse in a file name.
  const title = show.title.replace(/[\\/:*?"<>|\p{Cc}]+/gu, '_').replace(/\s+/g, ' ').trim().slice(0, 80);
  // Old clients get the title only when it is plain ASCII: a Chinese title stripped to its digits says nothing.
  const asciiTitle = /^[\x20-\x7e]*$/.test(title) ? title : '';
  const join = (...parts: string[]) => `${parts.filter((p) => p !== '').join('-')}.${extension}`;
  return {
    filename: join(lang === 'zh-CN' ? '复盘' : 'review', title, date),
    asciiFilename: join('review', asciiTitle, date),
  };
}
