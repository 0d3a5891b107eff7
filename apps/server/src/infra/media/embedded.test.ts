import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushTestStream } from '../../../../../e2e/ffmpeg.js';
import { createHttpServer } from '../../http/server.js';
import { newId } from '../../lib/ids.js';
import { createMemoryHot } from '../hot/memory.js';
import { waitFor } from '../testing/wait.js';
import { EmbeddedMediaServer } from './embedded.js';
import { findExecutable } from './ffmpeg.js';
import { mediaPlaybackRoutes } from './http.js';
import type { MediaEvents, PublishRequest } from './port.js';

const ffmpeg = findExecutable('ffmpeg');
if (!ffmpeg) console.warn('SKIPPED: the embedded media server tests push real RTMP with ffmpeg, which is not on PATH (CI installs it)');

const SIGN = 'right-sign';
const PUBLIC_URL = 'https://live.example.test';
const silent = { info() {}, warn() {}, error() {} };

describe.skipIf(!ffmpeg)('embedded media server (real ffmpeg)', () => {
  let dir: string;
  let http: FastifyInstance;
  let media: EmbeddedMediaServer;
  let base: string;
  const log: string[] = [];
  const requests: PublishRequest[] = [];
  const events: MediaEvents = {
    async authorizePublish(req) {
      requests.push(req);
      return req.sign === SIGN;
    },
    published: (name) => log.push(`published ${name}`),
    unpublished: (name) => log.push(`unpublished ${name}`),
    replayReady: (name) => log.push(`replay ${name}`),
  };
  const seen = (entry: string) => log.filter((e) => e === entry).length;
  const ingestUrl = () => media.ingestUrl();
  const local = (url: string) => url.replace(PUBLIC_URL, base);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'livedesk-media-'));
    media = new EmbeddedMediaServer({
      rtmpPort: 0,
      rtmpUrl: 'rtmp://127.0.0.1:0/live',
      publicUrl: PUBLIC_URL,
      recordingsDir: join(dir, 'recordings'),
      ffmpeg,
      log: silent,
    });
    http = await createHttpServer({ logLevel: 'silent', trustProxy: false, hot: createMemoryHot(), rateLimitPerMinute: 10_000, version: 'test', consoleDir: undefined });
    mediaPlaybackRoutes(http, media);
    await http.listen({ port: 0, host: '127.0.0.1' });
    const address = http.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    await media.start(events);
  });

  afterAll(async () => {
    await media?.close();
    await http?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('listens on the free port it picked and tells OBS that port', () => {
    const port = media.rtmpPort();
    expect(port).toBeGreaterThan(0);
    expect(ingestUrl()).toBe(`rtmp://127.0.0.1:${port}/live`);
  });

  it('goes live on a push with the right sign, plays as HTTP-FLV, reports health, and ends when the encoder stops', async () => {
    const id = newId();
    expect(media.playUrl(id)).toBe(`${PUBLIC_URL}/media/live/${id}.flv`);
    const encoder = pushTestStream({ url: ingestUrl(), key: `${id}?sign=${SIGN}` });
    await waitFor(() => seen(`published ${id}`) === 1, { timeoutMs: 10_000, what: `published (ffmpeg: ${encoder.output()})` });
    expect(requests.find((r) => r.streamName === id)).toEqual({ streamName: id, sign: SIGN, clientIp: '127.0.0.1' });

    const viewer = new AbortController();
    const res = await fetch(local(media.playUrl(id)), { signal: viewer.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/x-flv');
    const head = await readAtLeast(res, 64 * 1024);
    expect(head.subarray(0, 3).toString('latin1')).toBe('FLV');
    expect(flvTagTypes(head)).toEqual(expect.arrayContaining([8, 9, 18]));

    await waitFor(() => (media.health(id).bitrateKbps ?? 0) > 0, { timeoutMs: 5_000, what: 'a measured bitrate' });
    const health = media.health(id);
    expect(health).toMatchObject({ publishing: true, videoCodec: 'h264', audioCodec: 'aac', width: 640, height: 360, viewers: 1 });
    expect(health.since).toEqual(expect.any(Number));
    // A 25 fps source; on a loaded machine ffmpeg's -re catches up in bursts, so only the plausible range.
    expect(health.fps).toBeGreaterThan(5);
    expect(health.fps).toBeLessThan(60);
    viewer.abort();
    await waitFor(() => media.health(id).viewers === 0, { what: 'the viewer to be let go' });

    await encoder.stop();
    await waitFor(() => seen(`unpublished ${id}`) === 1, { timeoutMs: 5_000, what: 'unpublished' });
    expect(media.health(id)).toMatchObject({ publishing: false, since: null, fps: null });
    expect((await fetch(local(media.playUrl(id)))).status).toBe(404);
  });

  it('refuses a push with a wrong sign: ffmpeg fails and nothing goes live', async () => {
    const id = newId();
    const encoder = pushTestStream({ url: ingestUrl(), key: `${id}?sign=wrong` });
    const code = await encoder.exited;
    expect(code).not.toBe(0);
    expect(encoder.output()).toMatch(/refused/);
    expect(requests.find((r) => r.streamName === id)?.sign).toBe('wrong');
    expect(log.some((e) => e.endsWith(id))).toBe(false);
    expect(existsSync(join(dir, 'recordings', id))).toBe(false);
  });

  it('refuses a stream name that could not be a session id without asking', async () => {
    const asked = requests.length;
    const code = await pushTestStream({ url: ingestUrl(), key: `not.a.session?sign=${SIGN}` }).exited;
    expect(code).not.toBe(0);
    expect(requests).toHaveLength(asked);
  });

  it('kicks a publisher: the connection closes and unpublished fires', async () => {
    const id = newId();
    const encoder = pushTestStream({ url: ingestUrl(), key: `${id}?sign=${SIGN}` });
    await waitFor(() => seen(`published ${id}`) === 1, { timeoutMs: 10_000, what: 'published' });
    await media.kick(id);
    expect(seen(`unpublished ${id}`)).toBe(1);
    expect(await encoder.exited).not.toBe(0);
    expect(media.health(id).publishing).toBe(false);
  });

  it('lets a newer authorised publish replace the one on air (an encoder reconnecting before the old link is noticed dead)', async () => {
    const id = newId();
    const first = pushTestStream({ url: ingestUrl(), key: `${id}?sign=${SIGN}` });
    await waitFor(() => seen(`published ${id}`) === 1, { timeoutMs: 10_000, what: 'first publish' });
    const second = pushTestStream({ url: ingestUrl(), key: `${id}?sign=${SIGN}` });
    await waitFor(() => seen(`published ${id}`) === 2, { timeoutMs: 10_000, what: 'second publish' });
    expect(log.filter((e) => e.endsWith(id))).toEqual([`published ${id}`, `unpublished ${id}`, `published ${id}`]);
    expect(await first.exited).not.toBe(0);
    expect(media.health(id).publishing).toBe(true);
    await second.stop();
    await waitFor(() => seen(`unpublished ${id}`) === 2, { timeoutMs: 5_000, what: 'unpublished' });
  });

  it('records every publish and serves the joined MP4 with range requests', async () => {
    const id = newId();
    expect(await media.replay(id)).toBeNull();

    expect(await pushTestStream({ url: ingestUrl(), key: `${id}?sign=${SIGN}`, seconds: 2 }).exited).toBe(0);
    await waitFor(() => seen(`replay ${id}`) === 1, { timeoutMs: 10_000, what: 'the first replay' });
    const segments = readdirSync(join(dir, 'recordings', id)).filter((f) => f.endsWith('.flv'));
    expect(segments).toHaveLength(1);
    expect(readFileSync(join(dir, 'recordings', id, segments[0]!)).subarray(0, 3).toString('latin1')).toBe('FLV');
    const once = await media.replay(id);
    expect(once?.url).toBe(`${PUBLIC_URL}/media/replay/${id}.mp4`);
    expect(once?.segments).toHaveLength(1);

    expect(await pushTestStream({ url: ingestUrl(), key: `${id}?sign=${SIGN}`, seconds: 2 }).exited).toBe(0);
    await waitFor(() => seen(`replay ${id}`) === 2, { timeoutMs: 10_000, what: 'the second replay' });
    const twice = (await media.replay(id))!;
    expect(twice.segments).toHaveLength(2);
    expect(twice.segments[1]!.startedAt).toBeGreaterThan(twice.segments[0]!.startedAt + twice.segments[0]!.durationMs - 1);
    for (const s of twice.segments) expect(s.durationMs).toBeGreaterThan(1000);
    const seconds = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', join(dir, 'recordings', id, 'replay.mp4')]).toString());
    expect(Math.abs(seconds * 1000 - (twice.segments[0]!.durationMs + twice.segments[1]!.durationMs))).toBeLessThan(500);

    const whole = await fetch(local(twice.url));
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    const size = Number(whole.headers.get('content-length'));
    const mp4 = Buffer.from(await whole.arrayBuffer());
    expect(mp4.subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(mp4.includes(Buffer.from('moov'))).toBe(true);

    const part = await fetch(local(twice.url), { headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${size}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(mp4.subarray(100, 200));
  });
});

async function readAtLeast(res: Response, bytes: number): Promise<Buffer> {
  const reader = res.body!.getReader();
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < bytes) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(Buffer.from(value));
    total += value.length;
  }
  return Buffer.concat(chunks);
}

/** The tag types (8 audio, 9 video, 18 script) in an FLV prefix, walking the tag headers. */
function flvTagTypes(flv: Buffer): number[] {
  const types: number[] = [];
  let at = 13;
  while (at + 11 <= flv.length) {
    types.push(flv[at]!);
    at += 11 + flv.readUIntBE(at + 1, 3) + 4;
  }
  return types;
}
