import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../http/server.js';
import { newId } from '../../lib/ids.js';
import { createMemoryHot } from '../../infra/hot/memory.js';
import { ExternalMediaServer } from '../../infra/media/external.js';
import type { PublishRequest } from '../../infra/media/port.js';
import { mediaHookRoutes } from './routes.js';

const SECRET = 'hook-secret-0123456789';
const SIGN = 'stream-sign';
const silent = { info() {}, warn() {}, error() {} };

describe('media hooks', () => {
  let http: FastifyInstance;
  let media: ExternalMediaServer;
  let log: string[];
  let requests: PublishRequest[];
  let now: number;

  async function setUp(hookSecret: string | undefined) {
    log = [];
    requests = [];
    now = 1_700_000_000_000;
    media = new ExternalMediaServer({
      rtmpUrl: 'rtmp://media.example.com/live',
      playUrlTemplate: 'https://media.example.com/live/{stream}.flv',
      hookSecret,
      log: silent,
      now: () => now,
    });
    await media.start({
      async authorizePublish(req) {
        requests.push(req);
        return req.sign === SIGN;
      },
      published: (name) => log.push(`published ${name}`),
      unpublished: (name) => log.push(`unpublished ${name}`),
    });
    http = await createHttpServer({ logLevel: 'silent', trustProxy: false, hot: createMemoryHot(), rateLimitPerMinute: 10_000, version: 'test', consoleDir: undefined });
    mediaHookRoutes(http, media);
    http.post('/outside', async (req) => ({ received: req.body }));
    await http.ready();
  }

  afterEach(async () => {
    await http.close();
    await media.close();
  });

  describe('SRS http_hooks', () => {
    beforeEach(() => setUp(SECRET));

    /** The JSON SRS 6 posts, field for field (srs_app_http_hooks.cpp). */
    const srs = (action: 'on_publish' | 'on_unpublish', stream: string, param: string, clientId = '9x2k7n41') => ({
      server_id: 'vid-0j3k8r2',
      service_id: 'q1e0h5v8',
      action,
      client_id: clientId,
      ip: '203.0.113.7',
      vhost: '__defaultVhost__',
      app: 'live',
      tcUrl: 'rtmp://media.example.com/live',
      stream,
      param,
      stream_url: `/live/${stream}`,
      stream_id: 'vid-7ab1c2d',
    });
    const post = (body: object, secret: string | null = SECRET) =>
      http.inject({
        method: 'POST',
        url: `/api/v1/media/hooks/srs${secret === null ? '' : `?secret=${secret}`}`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });

    it('allows a publish with the right sign ({"code":0}) and reports it live until on_unpublish', async () => {
      const id = newId();
      const res = await post(srs('on_publish', id, `?sign=${SIGN}`));
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ code: 0 });
      expect(requests).toEqual([{ streamName: id, sign: SIGN, clientIp: '203.0.113.7' }]);
      expect(log).toEqual([`published ${id}`]);
      expect(media.health(id)).toMatchObject({ publishing: true, since: now, bitrateKbps: null });
      expect(media.playUrl(id)).toBe(`https://media.example.com/live/${id}.flv`);

      const done = await post(srs('on_unpublish', id, `?sign=${SIGN}`));
      expect(done.json()).toEqual({ code: 0 });
      expect(log).toEqual([`published ${id}`, `unpublished ${id}`]);
      expect(media.health(id).publishing).toBe(false);
    });

    it('refuses a wrong sign with a non-zero code, and a later on_unpublish for it changes nothing', async () => {
      const id = newId();
      const res = await post(srs('on_publish', id, '?sign=wrong'));
      expect(res.statusCode).toBe(403);
      expect(res.json().code).not.toBe(0);
      await post(srs('on_unpublish', id, '?sign=wrong'));
      expect(log).toEqual([]);
    });

    it('refuses every hook whose ?secret= is missing or wrong, before asking anything', async () => {
      for (const secret of [null, 'wrong-secret-0123456789']) {
        const res = await post(srs('on_publish', newId(), `?sign=${SIGN}`), secret);
        expect(res.statusCode).toBe(401);
        expect(res.json().code).toBe(1);
      }
      expect(requests).toEqual([]);
    });

    it('takes the older numeric client_id and answers other actions with code 0', async () => {
      const id = newId();
      expect((await post({ ...srs('on_publish', id, `?sign=${SIGN}`), client_id: 1985 })).json()).toEqual({ code: 0 });
      expect((await post({ action: 'on_connect', client_id: 1986, ip: '203.0.113.7', vhost: '__defaultVhost__', app: 'live', tcUrl: 'rtmp://x/live', pageUrl: '' })).json()).toEqual({ code: 0 });
      await post({ ...srs('on_unpublish', id, ''), client_id: 1985 });
      expect(log).toEqual([`published ${id}`, `unpublished ${id}`]);
    });

    it('ignores an on_unpublish about a publisher that a newer one already replaced', async () => {
      const id = newId();
      await post(srs('on_publish', id, `?sign=${SIGN}`, 'first'));
      await post(srs('on_publish', id, `?sign=${SIGN}`, 'second'));
      await post(srs('on_unpublish', id, '', 'first'));
      expect(log).toEqual([`published ${id}`, `unpublished ${id}`, `published ${id}`]);
      expect(media.health(id).publishing).toBe(true);
    });
  });

  describe('nginx-rtmp notify', () => {
    beforeEach(() => setUp(SECRET));

    /** The form nginx-rtmp posts (ngx_rtmp_notify_module.c): session fields, then the call, then the publisher's args. */
    const form = (call: string, name: string, args: string, clientid = '17') =>
      [
        'app=live',
        'flashver=FMLE/3.0%20(compatible%3B%20FMSc/1.0)',
        'swfurl=',
        'tcurl=rtmp://media.example.com:1935/live',
        'pageurl=',
        'addr=198.51.100.23',
        `clientid=${clientid}`,
        `call=${call}`,
        `name=${name}`,
        ...(call === 'publish' ? ['type=live'] : []),
        ...(call === 'update_publish' ? ['time=30', 'timestamp=30012'] : []),
        ...(args ? [args] : []),
      ].join('&');
    const post = (body: string, secret = SECRET) =>
      http.inject({
        method: 'POST',
        url: `/api/v1/media/hooks/nginx-rtmp?secret=${secret}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: body,
      });

    it('allows a publish with the right sign (2xx) and ends it on publish_done', async () => {
      const id = newId();
      const res = await post(form('publish', id, `sign=${SIGN}`));
      expect(res.statusCode).toBe(204);
      expect(requests).toEqual([{ streamName: id, sign: SIGN, clientIp: '198.51.100.23' }]);
      expect(media.health(id).publishing).toBe(true);
      expect((await post(form('publish_done', id, `sign=${SIGN}`))).statusCode).toBe(204);
      expect(log).toEqual([`published ${id}`, `unpublished ${id}`]);
    });

    it('refuses a wrong or missing sign with a 4xx', async () => {
      expect((await post(form('publish', newId(), 'sign=wrong'))).statusCode).toBe(403);
      expect((await post(form('publish', newId(), ''))).statusCode).toBe(403);
      expect(log).toEqual([]);
    });

    it('refuses a wrong ?secret= with 401', async () => {
      expect((await post(form('publish', newId(), `sign=${SIGN}`), 'wrong-secret-0123456789')).statusCode).toBe(401);
      expect(requests).toEqual([]);
    });

    it('drops a kicked publisher at its next on_update', async () => {
      const id = newId();
      await post(form('publish', id, `sign=${SIGN}`));
      expect((await post(form('update_publish', id, `sign=${SIGN}`))).statusCode).toBe(204);
      await media.kick(id);
      expect((await post(form('update_publish', id, `sign=${SIGN}`))).statusCode).toBe(403);
      await post(form('publish_done', id, `sign=${SIGN}`));
      expect(log).toEqual([`published ${id}`, `unpublished ${id}`]);
    });
  });

  describe('without LIVEDESK_MEDIA_HOOK_SECRET', () => {
    beforeEach(() => setUp(undefined));

    it('refuses every hook, whatever secret it carries', async () => {
      const srs = await http.inject({
        method: 'POST',
        url: '/api/v1/media/hooks/srs?secret=anything',
        headers: { 'content-type': 'application/json' },
        payload: { action: 'on_publish', client_id: 'a', stream: newId(), param: `?sign=${SIGN}` },
      });
      expect(srs.statusCode).toBe(401);
      const nginx = await http.inject({
        method: 'POST',
        url: '/api/v1/media/hooks/nginx-rtmp',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `call=publish&name=${newId()}&sign=${SIGN}`,
      });
      expect(nginx.statusCode).toBe(401);
      expect(requests).toEqual([]);
    });
  });

  it('accepts form bodies on the hook routes only', async () => {
    await setUp(SECRET);
    const res = await http.inject({
      method: 'POST',
      url: '/outside',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'a=b',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/Content-Type/);
  });
});
