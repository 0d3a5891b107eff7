import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryHot } from '../infra/hot/memory.js';
import { createHttpServer } from './server.js';

describe('the built pages', () => {
  let dir: string;
  let http: FastifyInstance;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'livedesk-pages-'));
    writeFileSync(join(dir, 'index.html'), '<title>console</title>');
    writeFileSync(join(dir, 'live.html'), '<title>viewer</title>');
    http = await createHttpServer({ logLevel: 'silent', trustProxy: false, hot: createMemoryHot(), rateLimitPerMinute: 10_000, version: 'test', consoleDir: dir });
  });
  afterAll(async () => {
    await http.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string) => http.inject({ method: 'GET', url });

  it('serve the viewer page for every path under /live/', async () => {
    for (const url of ['/live/0193f5a0-aaaa-7bbb-8ccc-123456789abc', '/live/abc?ref=anon%3Ax', '/live/abc/']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('viewer');
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
  });

  it('keep the console for its own routes and JSON 404s for the API', async () => {
    expect((await get('/orders/123')).body).toContain('console');
    expect((await get('/live')).body).toContain('console');
    const api = await get('/api/v1/nothing-here');
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('not_found');
  });
});
