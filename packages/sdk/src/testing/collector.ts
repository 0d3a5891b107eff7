import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TrackedEvent } from '@livedesk/contracts';

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  events: TrackedEvent[];
}

/** What the collector does with one request: an HTTP answer, or `drop` to cut the connection (a network error). */
export type Answer = { status: number; headers?: Record<string, string>; body?: unknown } | 'drop';

const accepted = (events: TrackedEvent[]): Answer => ({ status: 202, body: { accepted: events.length, duplicates: 0, rejected: [] } });

/**
 * A real HTTP server standing in for `POST /api/v1/events`: it records every batch and answers from a
 * script (202 once the script runs out). Tests wait for the n-th request rather than for time to pass.
 */
export class Collector {
  readonly received: Received[] = [];
  private script: Answer[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];
  private readonly server = createServer((req, res) => this.receive(req, res));
  /** extra routes (pages, scripts) for browser tests */
  readonly pages = new Map<string, { type: string; body: string }>();

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The next requests get these answers, in order. */
  answer(...answers: Answer[]): void {
    this.script.push(...answers);
  }

  /** Resolves once `count` batches in all have arrived. */
  waitFor(count: number): Promise<Received[]> {
    if (this.received.length >= count) return Promise.resolve(this.received);
    return new Promise((resolve) => this.waiters.push({ count, resolve: () => resolve(this.received) }));
  }

  get events(): TrackedEvent[] {
    return this.received.flatMap((r) => r.events);
  }

  private receive(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0]!;
    const page = this.pages.get(path);
    if (req.method !== 'POST') {
      if (page) res.writeHead(200, { 'content-type': page.type, 'cache-control': 'no-store' }).end(page.body);
      else res.writeHead(404).end();
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const events = (JSON.parse(body || '{"events":[]}') as { events: TrackedEvent[] }).events;
      this.received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, events });
      const answer = this.script.shift() ?? accepted(events);
      if (answer === 'drop') req.socket.destroy();
      else res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(JSON.stringify(answer.body ?? {}));
      for (const waiter of this.waiters.filter((w) => this.received.length >= w.count)) waiter.resolve();
      this.waiters = this.waiters.filter((w) => this.received.length < w.count);
    });
  }
}

/** An in-memory Web Storage, as a page's localStorage behaves within one origin. */
export class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, String(value));
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}
