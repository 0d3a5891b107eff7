import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricDefinitions } from '@livedesk/contracts';
import { systemActor, type Actor } from '../../lib/actor.js';
import { AppError } from '../../lib/errors.js';
import { startTestApp, type TestApp } from '../../testing/app.js';
import { TestClock } from '../../testing/clock.js';
import { createShow } from '../../testing/live.js';
import { contentDisposition } from './routes.js';
import { exportNames, ReviewExports, ReviewShares } from './service.js';
import { endedShowWithSale, ORDER_FEN, reviewOf } from './test-kit.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const gmv = metricDefinitions.find((d) => d.id === 'gmvFen')!;

describe('review exports', () => {
  let t: TestApp;
  const clock = new TestClock();
  let owner: string;
  let showId: string;

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    owner = (await t.login()).token;
    showId = await endedShowWithSale(t, clock, owner, '周五上新/专场');
  });
  afterAll(async () => {
    await t.close();
  });

  const download = (path: string, token: string | null = owner) =>
    t.livedesk.http.inject({ method: 'GET', url: `/api/v1/live-sessions/${showId}/review/${path}`, headers: token === null ? {} : { authorization: `Bearer ${token}` } });
  const workbookOf = async (body: Buffer) => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
    return workbook;
  };
  /** The value beside `label` in column A of the sheet. */
  const valueBeside = (sheet: ExcelJS.Worksheet, label: string) => {
    let found: ExcelJS.CellValue | undefined;
    sheet.eachRow((row) => {
      if (row.getCell(1).value === label) found = row.getCell(2).value;
    });
    return found;
  };

  it('downloads the review as a workbook named after the show and its day in the org\'s time zone', async () => {
    const review = await reviewOf(t, owner, showId);
    expect(review.metrics.gmvFen).toBe(ORDER_FEN);
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(review.show.startedAt!);

    const res = await download('export.xlsx');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="review-${day}.xlsx"; filename*=UTF-8''${encodeURIComponent(`复盘-周五上新_专场-${day}.xlsx`)}`,
    );
    const workbook = await workbookOf(res.rawPayload);
    const names = workbook.worksheets.map((w) => w.name);
    expect(names).toEqual(expect.arrayContaining(['概览', '分钟趋势', '商品', '主播', '弹幕关键词', '数据反馈']));
    const overview = workbook.getWorksheet('概览')!;
    expect(valueBeside(overview, '直播标题')).toBe('周五上新/专场');
    expect(valueBeside(overview, gmv.nameZh)).toBe(review.metrics.gmvFen! / 100);
  });

  it('speaks English with ?lang=en-US', async () => {
    const res = await download('export.xlsx?lang=en-US');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="review-\d{4}-\d{2}-\d{2}\.xlsx"; filename\*=UTF-8''review-/);
    const workbook = await workbookOf(res.rawPayload);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['Overview', 'Products', 'Anchors']));
    expect(valueBeside(workbook.getWorksheet('Overview')!, gmv.nameEn)).toBe(ORDER_FEN / 100);
    expect((await download('export.xlsx?lang=fr-FR')).statusCode).toBe(400);
  });

  it('exports ended shows of the caller\'s org, to analytics:read', async () => {
    const live = await createShow(t, owner, { title: '还在直播' }, 'start');
    for (const path of ['export.xlsx', 'export.pdf']) {
      const notEnded = await t.request({ method: 'GET', url: `/api/v1/live-sessions/${live.id}/review/${path}`, token: owner });
      expect(notEnded.status, path).toBe(409);
      expect(notEnded.body.error.code).toBe('show_not_ended');
      expect((await t.request({ method: 'GET', url: `/api/v1/live-sessions/nope/review/${path}`, token: owner })).status).toBe(404);
      expect((await download(path, null)).statusCode).toBe(401);
      const warehouse = (await t.memberWithRole('warehouse')).token;
      expect((await download(path, warehouse)).statusCode).toBe(403);
    }
    const anchor = (await t.memberWithRole('anchor')).token;
    expect((await download('export.xlsx', anchor)).statusCode).toBe(200);
  });

  it('prints the PDF from the console\'s page through a link that lives only for the print', async () => {
    // In-process requests do not open a port: there is no page for Chromium to print, and no link is made.
    const unlistened = await t.request({ method: 'GET', url: `/api/v1/live-sessions/${showId}/review/export.pdf`, token: owner });
    expect(unlistened.status).toBe(503);
    expect(unlistened.body.error.code).toBe('unavailable');

    const db = t.livedesk.infra.db;
    const sharesBefore = await db.kysely.selectFrom('review_shares').select('token_hash').execute();
    const orgId = (await t.login()).org.id;
    const actor: Actor = { ...systemActor(orgId), kind: 'user', id: 'user-1' };
    const shares = new ReviewShares(db, t.livedesk.services.reviews, t.livedesk.services.audit, clock, undefined);
    const printed: string[] = [];
    const exports = new ReviewExports(db, t.livedesk.services.reviews, shares, {
      async print(url) {
        printed.push(url);
        // While printing, the link opens the review like any share link, for 5 minutes.
        const path = new URL(url).pathname;
        const opened = await t.request({ method: 'GET', url: `/api/v1/shared${path.replace('/share', '')}` });
        expect(opened.status).toBe(200);
        expect(opened.body.metrics.gmvFen).toBe(ORDER_FEN);
        const row = await db.kysely.selectFrom('review_shares').selectAll().where('created_by', '=', 'user-1').executeTakeFirstOrThrow();
        expect(row.expires_at - row.created_at).toBe(5 * 60_000);
        return Buffer.from('%PDF-1.4 test');
      },
    }, () => 'http://127.0.0.1:4321');

    const file = await exports.pdf(actor, showId, 'en-US');
    expect(file.body.toString()).toBe('%PDF-1.4 test');
    expect(file.filename).toMatch(/^review-周五上新_专场-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/^http:\/\/127\.0\.0\.1:4321\/share\/reviews\/[A-Za-z0-9_-]{43}\?print=1&lang=en-US$/);
    const token = new URL(printed[0]!).pathname.split('/').pop()!;
    expect((await t.request({ method: 'GET', url: `/api/v1/shared/reviews/${token}` })).status).toBe(404);

    // A failed print leaves no link behind either.
    const failing = new ReviewExports(db, t.livedesk.services.reviews, shares, {
      print: async () => {
        throw new AppError('unavailable', 'Chromium fell over');
      },
    }, () => 'http://127.0.0.1:4321');
    await expect(failing.pdf(actor, showId, 'zh-CN')).rejects.toMatchObject({ code: 'unavailable' });
    expect(await db.kysely.selectFrom('review_shares').select('token_hash').execute()).toEqual(sharesBefore);
  });

  it('names files for any title and time zone', () => {
    const show = { title: ' 双11 大促: "爆款" <返场> ', status: 'ended', startedAt: Date.UTC(2026, 0, 1, 17, 0), endedAt: Date.UTC(2026, 0, 1, 19, 0), timezone: 'Asia/Shanghai' };
    expect(exportNames(show, 'zh-CN', 'xlsx')).toEqual({ filename: '复盘-双11 大促_ _爆款_ _返场_-2026-01-02.xlsx', asciiFilename: 'review-2026-01-02.xlsx' });
    expect(exportNames({ ...show, title: 'Friday drop', timezone: 'America/New_York' }, 'en-US', 'pdf')).toEqual({
      filename: 'review-Friday drop-2026-01-01.pdf',
      asciiFilename: 'review-Friday drop-2026-01-01.pdf',
    });
    expect(contentDisposition({ filename: "复盘-it's (1).xlsx", asciiFilename: 'review-"x".xlsx' })).toBe(
      `attachment; filename="review-_x_.xlsx"; filename*=UTF-8''%E5%A4%8D%E7%9B%98-it%27s%20%281%29.xlsx`,
    );
  });

  it('documents the routes, the shared review without security', async () => {
    const res = await t.request({ method: 'GET', url: '/api/docs/json' });
    expect(res.status).toBe(200);
    expect(res.body.paths['/api/v1/shared/reviews/{token}'].get.security).toEqual([]);
    expect(res.body.paths['/api/v1/live-sessions/{id}/review/shares'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('expiresInHours');
    expect(res.body.paths['/api/v1/live-sessions/{id}/review/export.pdf'].get).toBeDefined();
  });
});
