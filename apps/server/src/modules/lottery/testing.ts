import type { ServerFrame } from '@livedesk/contracts';
import { registerAuthentication } from '../../http/auth.js';
import { createHttpServer } from '../../http/server.js';
import type { Actor } from '../../lib/actor.js';
import { PiiCipher } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import { loadSecrets } from '../../lib/secrets.js';
import type { Clock } from '../../lib/time.js';
import type { TestApp } from '../../testing/app.js';
import { AccessTokens } from '../identity/tokens.js';
import { Idempotency } from '../orders/idempotency.js';
import { orderRoutes } from '../orders/routes.js';
import { OrdersService } from '../orders/service.js';
import { paymentRoutes } from '../payments/routes.js';
import { sandboxCallbackSecret, SandboxProvider } from '../payments/sandbox.js';
import { PaymentsService } from '../payments/service.js';
import type { RoomViewer } from '../room/ports.js';
import { riskRoutes } from '../risk/routes.js';
import { RiskService } from '../risk/service.js';
import { lotteryRoutes } from './routes.js';
import { LotteryScheduler } from './scheduler.js';
import { LotteryService, type LiveSessionLookup, type LotteryDeps } from './service.js';

/**
 * Shared by the lottery and risk tests: the store's order and payment API, lotteries and risk rules on
 * a Fastify of their own over a test app's database and secrets, with the room, live sessions, presence
 * and follows as recording stand-ins. Its own OrdersService and PaymentsService carry the risk hooks, so
 * the tests do not depend on (or double) the composition root's wiring, and run on a clock they move.
 */

export class TestClock implements Clock {
  constructor(public at = Date.now()) {}
  now(): number {
    return this.at;
  }
  advance(ms: number): void {
    this.at += ms;
  }
}

export interface RecordedFrame {
  liveSessionId: string;
  /** the viewer of a personal frame; absent for the whole room */
  to?: string;
  frame: ServerFrame;
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

export async function startHarness(t: TestApp, clock: TestClock) {
  const db = t.livedesk.infra.db;
  const services = t.livedesk.services;
  const secrets = loadSecrets({ dataDir: t.dataDir, secrets: { tokenSecret: undefined, piiKeys: undefined, piiHashKey: undefined } });
  const pii = new PiiCipher(secrets.pii);
  const orders = new OrdersService(db, services.inventory, pii, services.audit, clock);
  const payments = new PaymentsService(db, orders, services.audit, clock, { sandbox: new SandboxProvider(sandboxCallbackSecret(secrets.tokenSecret), clock) });
  const risk = new RiskService(db, orders, pii, services.audit, clock);
  orders.beforePlace(risk.guard);
  payments.onFailure(risk.paymentFailed);

  const frames: RecordedFrame[] = [];
  const liveSessions = new Map<string, { id: string; orgId: string; status: 'scheduled' | 'live' | 'ended' }>();
  const present = new Map<string, Set<string>>();
  const followers = new Set<string>();
  const sessions: LiveSessionLookup = { session: async (orgId, id) => (liveSessions.get(id)?.orgId === orgId ? liveSessions.get(id)! : null) };
  const deps: LotteryDeps = {
    db,
    orders,
    audit: services.audit,
    pii,
    room: {
      toRoom: async (liveSessionId, frame) => void frames.push({ liveSessionId, frame }),
      toViewer: async (liveSessionId, to, frame) => void frames.push({ liveSessionId, to, frame }),
    },
    sessions,
    presence: { present: async (liveSessionId) => new Set(present.get(liveSessionId)) },
    follows: { isFollower: async (orgId, buyerId) => followers.has(`${orgId}:${buyerId}`) },
    clock,
  };
  const lottery = new LotteryService(deps);

  const http = await createHttpServer({ logLevel: 'silent', trustProxy: false, hot: t.livedesk.infra.hot, rateLimitPerMinute: 100_000, version: 'test', consoleDir: undefined });
  registerAuthentication(http, { tokens: new AccessTokens(secrets.tokenSecret), identity: services.identity, apiKeys: services.apiKeys, buyers: services.buyers });
  const idempotency = new Idempotency(db, clock);
  orderRoutes(http, orders, idempotency);
  paymentRoutes(http, payments, idempotency);
  riskRoutes(http, risk);
  lotteryRoutes(http, lottery);
  await http.ready();

  const request: TestApp['request'] = async ({ method, url, token, body, headers = {} }) => {
    const res = await http.inject({
      method,
      url,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    const isJson = String(res.headers['content-type'] ?? '').includes('json');
    return { status: res.statusCode, body: isJson && res.body ? JSON.parse(res.body) : res.body, headers: res.headers };
  };

  return {
    request,
    orders,
    payments,
    risk,
    lottery,
    frames,
    present,
    /** a second LotteryService and scheduler over the same database: the process after a restart */
    restart: () => {
      const again = new LotteryService(deps);
      return { lottery: again, scheduler: new LotteryScheduler(again, clock) };
    },
    async liveSession(status: 'scheduled' | 'live' | 'ended' = 'live') {
      const orgId = (await t.login()).org.id;
      const id = newId();
      liveSessions.set(id, { id, orgId, status });
      return id;
    },
    follow: (orgId: string, buyerId: string) => void followers.add(`${orgId}:${buyerId}`),
    /** a signed-in buyer of the test shop, and how the room sees them in a show */
    async buyer(nickname: string) {
      const res = await t.request({ method: 'POST', url: '/api/v1/store/buyers', body: { nickname } });
      if (res.status !== 201) throw new Error(`buyer: ${res.status}`);
      const id = res.body.buyerId as string;
      const orgId = (await t.login()).org.id;
      const actor: Actor = { kind: 'buyer', id, name: nickname, orgId, role: null, permissions: new Set(), ip: null, requestId: null };
      const viewer = (liveSessionId: string): RoomViewer => ({
        liveSessionId,
        orgId,
        identity: id,
        buyerId: id,
        anonymousId: `device-${id}`,
        nickname,
        role: 'buyer',
        actor,
      });
      return { id, token: res.body.token as string, viewer };
    },
    close: () => http.close(),
  };
}

/** An anonymous viewer of a show. */
export const anonymousViewer = (liveSessionId: string, orgId: string): RoomViewer => {
  const anonymousId = `anon-${newId()}`;
  return { liveSessionId, orgId, identity: `anon:${anonymousId}`, buyerId: null, anonymousId, nickname: `游客${anonymousId.slice(-4)}`, role: 'viewer', actor: null };
};

/**
 * The draw recomputed as an outsider would, from docs/lottery.md alone and apart from draw.ts: Web
 * Crypto for the HMAC, a hand-written UTF-8 comparison, the rejection bound written as 2³² − 2³² mod n.
 */
export async function recomputeWinners(seedHex: string, identities: string[], winnerCount: number): Promise<string[]> {
  const utf8 = new TextEncoder();
  const byUtf8 = (x: string, y: string) => {
    const a = utf8.encode(x);
    const b = utf8.encode(y);
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return a.length - b.length;
  };
  const list = Array.from(new Set(identities)).sort(byUtf8);
  const seed = new Uint8Array(seedHex.match(/../g)!.map((h) => parseInt(h, 16)));
  const key = await crypto.subtle.importKey('raw', seed, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const words: number[] = [];
  let blockNo = 0;
  const nextWord = async () => {
    if (words.length === 0) {
      const message = new Uint8Array(4);
      new DataView(message.buffer).setUint32(0, blockNo++, false);
      const mac = new DataView(await crypto.subtle.sign('HMAC', key, message));
      for (let at = 0; at < 32; at += 4) words.push(mac.getUint32(at, false));
    }
    return words.shift()!;
  };
  const uniform = async (n: number) => {
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const x = await nextWord();
      if (x < limit) return x % n;
    }
  };
  const winners: string[] = [];
  for (let i = 0; i < Math.min(winnerCount, list.length); i++) {
    const j = i + (await uniform(list.length - i));
    [list[i], list[j]] = [list[j]!, list[i]!];
    winners.push(list[i]!);
  }
  return winners;
}
