import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MinuteBucket } from '@livedesk/contracts';
import { notFound } from '../../lib/errors.js';
import type { MetricsReader, SessionSeries } from '../analytics/ports.js';
import { MINUTE_MS } from './rules.js';

export interface Received {
  method: string;
  /** path and query, as sent */
  url: string;
  headers: IncomingHttpHeaders;
  /** the raw body, exactly the bytes a receiver would verify a signature over */
  body: string;
}

/** What the receiver answers: status and body; `hang` never answers (a timeout). */
export type Answer = { status: number; body: unknown } | 'hang';

/**
 * A real HTTP server standing in for a webhook receiver or a robot's endpoint: records every request
 * and answers from `answers` in turn (then 200 with the robots' success body).
 */
export async function startReceiver() {
  const received: Received[] = [];
  const answers: Answer[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = answers.shift() ?? { status: 200, body: { errcode: 0, errmsg: 'ok', code: 0, msg: 'success' } };
      if (answer === 'hang') {
        hanging.push(res);
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    received,
    answers,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

const empty = (minute: number): MinuteBucket => ({
  minute, online: 0, enters: 0, leaves: 0, comments: 0, likes: 0, shares: 0, productClicks: 0, cartAdds: 0, paidOrders: 0, gmvFen: 0,
});

/** Minutes from `start` (epoch ms, on a minute), one per value, with `patch(value)` filled in. */
export function minutesOf(start: number, values: readonly number[], patch: (value: number) => Partial<MinuteBucket>): MinuteBucket[] {
  return values.map((value, i) => ({ ...empty(start + i * MINUTE_MS), ...patch(value) }));
}

/**
 * The aggregator's port over hand-made series: what the evaluator sees of a real aggregator, with the
 * same contract (`not_found` for a show it does not know, the org checked).
 */
export function seriesReader(series: Map<string, SessionSeries>): Pick<MetricsReader, 'series'> {
  return {
    async series(orgId, liveSessionId) {
      const found = series.get(liveSessionId);
      if (!found || found.orgId !== orgId) throw notFound('Live session', liveSessionId);
      return found;
    },
  };
}
