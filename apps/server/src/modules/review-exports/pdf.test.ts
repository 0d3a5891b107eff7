import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.js';
import { ChromiumPdfPrinter, ownBaseUrl } from './pdf.js';

const CHROMIUM = '/usr/bin/chromium';
/** Each print launches a browser: seconds apiece on two busy cores. */
const SLOW = 90_000;

/**
 * A stand-in for the review page: ready after its data arrives (from `/data`, or `/held` that the test
 * releases), failing when it is refused (`/refused`), or never settling.
 */
const page = (dataUrl: string | null) => `<!doctype html><html><body>
  <div data-testid="review-page"><h1>复盘 review</h1></div>
  <script>
    const root = document.querySelector('[data-testid="review-page"]');
    ${dataUrl === null ? '' : `fetch(${JSON.stringify(dataUrl)}).then((res) => res.ok ? root.setAttribute('data-review-ready', 'true') : root.setAttribute('data-review-error', 'gone'));`}
  </script></body></html>`;

describe('Chromium PDF printer', () => {
  let server: Server;
  let base: string;
  const held: ServerResponse[] = [];
  let heldCount = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = req.url ?? '/';
      if (path === '/data') return res.end('{}');
      if (path === '/refused') return res.writeHead(410).end('{}');
      if (path === '/held') {
        heldCount++;
        held.push(res);
        return;
      }
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(page(path === '/ready' ? '/data' : path === '/hold' ? '/held' : path === '/failing' ? '/refused' : null));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = ownBaseUrl(server);
  });
  afterAll(async () => {
    for (const res of held.splice(0)) res.end('{}');
    await new Promise((resolve) => server.close(resolve));
  });

  const releaseHeld = () => {
    for (const res of held.splice(0)) res.end('{}');
  };
  const refusal = async (printing: Promise<unknown>): Promise<AppError> => {
    const err = await printing.then(
      () => expect.unreachable('the print should have failed'),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  };

  it('finds its own address when listening on all interfaces', async () => {
    const any = createServer();
    await new Promise<void>((resolve) => any.listen(0, '0.0.0.0', resolve));
    try {
      expect(ownBaseUrl(any)).toBe(`http://127.0.0.1:${(any.address() as AddressInfo).port}`);
    } finally {
      await new Promise((resolve) => any.close(resolve));
    }
    expect(() => ownBaseUrl(createServer())).toThrow(/listen/);
  });

  it('prints the page to an A4 PDF once it says it is ready', async () => {
    const pdf = await new ChromiumPdfPrinter({ executablePath: CHROMIUM }).print(`${base}/ready`);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // A4 is 595 × 842 points.
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.9\d* 842\.\d+\]/);
  }, SLOW);

  it('runs two prints at once and queues the third', async () => {
    const printer = new ChromiumPdfPrinter({ executablePath: CHROMIUM, concurrency: 2 });
    heldCount = 0;
    const prints = [1, 2, 3].map(() => printer.print(`${base}/hold`));
    await expect.poll(() => heldCount, { timeout: 20_000 }).toBe(2);
    // The third browser is not even launched while two prints wait for their data.
    await sleep(1500);
    expect(heldCount).toBe(2);
    releaseHeld();
    await expect.poll(() => heldCount, { timeout: 20_000 }).toBe(3);
    releaseHeld();
    const pdfs = await Promise.all(prints);
    expect(pdfs.map((p) => p.subarray(0, 4).toString('latin1'))).toEqual(['%PDF', '%PDF', '%PDF']);
  }, SLOW);

  it('gives up with unavailable after the timeout, the wait in the queue included', async () => {
    const timeoutMs = 12_000;
    const printer = new ChromiumPdfPrinter({ executablePath: CHROMIUM, concurrency: 1, timeoutMs });
    const started = Date.now();
    const [never, queued] = await Promise.all([refusal(printer.print(`${base}/never`)), refusal(printer.print(`${base}/ready`))]);
    expect(Date.now() - started).toBeLessThan(timeoutMs + 3000);
    expect(never).toMatchObject({ code: 'unavailable', message: 'The review page did not finish rendering within 12 s', details: { timeoutMs } });
    expect(queued).toMatchObject({ code: 'unavailable', details: { timeoutMs } });
    expect(queued.message).toMatch(/^Too many PDF exports at once/);
    // The slot came back: the next print runs.
    expect((await printer.print(`${base}/ready`)).subarray(0, 4).toString('latin1')).toBe('%PDF');
  }, SLOW);

  it('fails at once when the page could not load the review', async () => {
    const started = Date.now();
    const err = await refusal(new ChromiumPdfPrinter({ executablePath: CHROMIUM }).print(`${base}/failing`));
    expect(err).toMatchObject({ code: 'unavailable', message: 'The review page could not load the review to print', details: { pageError: 'gone' } });
    expect(Date.now() - started).toBeLessThan(15_000);
  }, SLOW);

  it('says where it looked when Chromium is missing', async () => {
    const chromiumPath = '/nonexistent/chromium';
    const err = await refusal(new ChromiumPdfPrinter({ executablePath: chromiumPath }).print(`${base}/ready`));
    expect(err).toMatchObject({ code: 'unavailable', details: { chromiumPath } });
    expect(err.message).toContain('LIVEDESK_CHROMIUM_PATH');
  });
});
