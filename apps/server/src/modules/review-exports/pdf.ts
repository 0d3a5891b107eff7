import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import type { Server } from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import { AppError } from '../../lib/errors.js';

/** Prints a page of this server to PDF; chosen in the composition root. */
export interface PdfPrinter {
  print(url: string): Promise<Buffer>;
}

export interface ChromiumPrinterOptions {
  executablePath: string;
  /** prints running at once; the rest wait their turn */
  concurrency?: number;
  /** the most a caller waits, its turn in the queue included */
  timeoutMs?: number;
  /** why Chromium failed to start, for the operator (the caller gets `unavailable`) */
  onLaunchError?: (err: unknown) => void;
}

/** The review page says it is ready once its charts have rendered, or that it could not load the review. */
const PAGE = '[data-testid="review-page"]';
const SETTLED = `${PAGE}[data-review-ready="true"], ${PAGE}[data-review-error]`;
const MARGIN = { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' };
/** 190 mm at 96 px/in, A4 less the side margins: the charts are laid out at the width they print at. */
const PRINT_WIDTH_PX = 718;
/** Debian's Chromium, headless; the flags keep it off the network this server may not have. */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

const unavailable = (message: string, details?: Record<string, unknown>) => new AppError('unavailable', message, details);

/**
 * Chromium launched for each print and closed after it. Exports are rare (a few per show), so a browser
 * kept warm would mostly hold memory; a fresh one costs about a second, shares no cookies or storage
 * between orgs, and a crash takes down one print only. At most `concurrency` run at once, as each
 * browser takes a few hundred MB.
 */
export class ChromiumPdfPrinter implements PdfPrinter {
  private readonly concurrency: number;
  private readonly timeoutMs: number;
  private running = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly options: ChromiumPrinterOptions) {
    this.concurrency = options.concurrency ?? 2;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async print(url: string): Promise<Buffer> {
    const deadline = Date.now() + this.timeoutMs;
    const chromiumPath = this.options.executablePath;
    await access(chromiumPath, constants.X_OK).catch(() => {
      throw unavailable(`PDF export needs Chromium, which is not at ${chromiumPath} (set LIVEDESK_CHROMIUM_PATH)`, { chromiumPath });
    });
    await this.turn(deadline);
    try {
      return await this.render(url, deadline);
    } finally {
      this.release();
    }
  }

  private async render(url: string, deadline: number): Promise<Buffer> {
    const chromiumPath = this.options.executablePath;
    const browser = await chromium.launch({ executablePath: chromiumPath, args: ARGS, timeout: Math.max(1, deadline - Date.now()) }).catch((err: unknown) => {
      this.options.onLaunchError?.(err);
      throw unavailable(`Chromium at ${chromiumPath} could not start`, { chromiumPath });
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(unavailable(`The review page did not finish rendering within ${this.timeoutMs / 1000} s`, { timeoutMs: this.timeoutMs })),
        Math.max(0, deadline - Date.now()),
      );
    });
    try {
      // Closing the browser in `finally` ends whatever the timed-out print was still waiting for.
      return await Promise.race([printPage(browser, url), timedOut]);
    } finally {
      clearTimeout(timer);
      await browser.close();
    }
  }

  private turn(deadline: number): Promise<void> {
    if (this.running < this.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const start = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.queue.splice(this.queue.indexOf(start), 1);
        reject(unavailable(`Too many PDF exports at once; none finished within ${this.timeoutMs / 1000} s, try again shortly`, { timeoutMs: this.timeoutMs }));
      }, deadline - Date.now());
      this.queue.push(start);
    });
  }

  /** Hands the slot straight to the next in line, so `running` never dips below a waiting queue. */
  private release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.running--;
  }
}

async function printPage(browser: Browser, url: string): Promise<Buffer> {
  const context = await browser.newContext({ viewport: { width: PRINT_WIDTH_PX, height: 1000 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  // No timeouts of Playwright's own: the caller's deadline bounds the whole print.
  await page.goto(url, { waitUntil: 'load', timeout: 0 });
  const settled = await page.waitForSelector(SETTLED, { state: 'attached', timeout: 0 });
  const pageError = await settled.getAttribute('data-review-error');
  if (pageError !== null) throw unavailable('The review page could not load the review to print', { pageError });
  return page.pdf({ format: 'A4', printBackground: true, margin: MARGIN });
}

/**
 * This server's own address, for the browser printing its pages: the port it listens on, with the
 * loopback address when it listens on all interfaces.
 */
export function ownBaseUrl(server: Server): string {
  const address = server.address();
  if (address === null || typeof address === 'string') throw unavailable('PDF export needs the server to listen on a TCP port');
  const host =
    address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '[::1]' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
