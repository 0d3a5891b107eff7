// Test helpers for the room gateway: a listening server on a test app's real adapters, in-test
// stand-ins for the collaborators other features implement (sessions, moderation, control, extras),
// and a ws client that collects frames.
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import WebSocket, { type ClientOptions } from 'ws';
import type { ChatMessage, ClientFrame, ServerFrame, ServerFrameOf, ServerFrameType } from '@livedesk/contracts';
import { loadConfig } from '../../config.js';
import { resolveActor } from '../../http/auth.js';
import { forbidden } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { loadSecrets } from '../../lib/secrets.js';
import { systemClock } from '../../lib/time.js';
import { waitFor } from '../../infra/testing/wait.js';
import { AccessTokens } from '../identity/tokens.js';
import type { TestApp } from '../../testing/app.js';
import { RoomGateway, type RoomGatewayOptions } from './gateway.js';
import type { ChatListener, ChatPolicy, ControlFrame, RoomControl, RoomExtras, RoomSessions, RoomViewer } from './ports.js';
import { RoomPresence } from './presence.js';
import { roomRoutes } from './routes.js';

export type SessionInfo = NonNullable<Awaited<ReturnType<RoomSessions['room']>>>;

export class FakeSessions implements RoomSessions {
  readonly sessions = new Map<string, SessionInfo>();
  add(orgId: string, extra: Partial<SessionInfo> = {}): string {
    const id = newId();
    this.sessions.set(id, { id, orgId, status: 'live', pinnedProductIds: [], announcement: null, ...extra });
    return id;
  }
  async room(id: string) {
    return this.sessions.get(id) ?? null;
  }
}

/** Admits everyone and every chat, except identities listed as banned or muted. */
export class PermissivePolicy implements ChatPolicy {
  readonly banned = new Set<string>();
  readonly muted = new Set<string>();
  slowModeSeconds = 0;
  async admitViewer(viewer: RoomViewer) {
    if (this.banned.has(viewer.identity)) return { ok: false as const, code: 'banned' as const, message: 'You are banned from this room' };
    return { ok: true as const, muted: this.muted.has(viewer.identity), slowModeSeconds: this.slowModeSeconds };
  }
  async admitChat(viewer: RoomViewer, text: string) {
    if (this.muted.has(viewer.identity)) return { ok: false as const, code: 'muted' as const, message: 'You are muted' };
    return { ok: true as const, text };
  }
}

export class RecordingListener implements ChatListener {
  readonly heard: { viewer: RoomViewer; message: ChatMessage }[] = [];
  async onChat(viewer: RoomViewer, message: ChatMessage) {
    this.heard.push({ viewer, message });
  }
}

/** Accepts control frames, except a `flash.start` for the sale id 'missing'. */
export class RecordingControl implements RoomControl {
  readonly handled: { viewer: RoomViewer; frame: ControlFrame }[] = [];
  async handle(viewer: RoomViewer, frame: ControlFrame) {
    if (frame.t === 'flash.start' && frame.flashSaleId === 'missing') throw forbidden('No such flash sale here');
    this.handled.push({ viewer, frame });
  }
}

export class FakeExtras implements RoomExtras {
  readonly entries: { viewer: RoomViewer; lotteryId: string }[] = [];
  async flashSales() {
    return [];
  }
  async lotteries() {
    return [];
  }
  async enterLottery(viewer: RoomViewer, lotteryId: string) {
    this.entries.push({ viewer, lotteryId });
  }
  async buyerTags() {
    return [];
  }
}

/** A show's room socket on a server listening on loopback `port`. */
export const roomUrl = (port: number, liveSessionId: string) => `ws://127.0.0.1:${port}/api/v1/live-sessions/${liveSessionId}/room`;

export interface RoomServer {
  url: (liveSessionId: string) => string;
  gateway: RoomGateway;
  sessions: FakeSessions;
  policy: PermissivePolicy;
  listener: RecordingListener;
  control: RecordingControl;
  extras: FakeExtras;
  errors: unknown[];
  close(): Promise<void>;
}

/**
 * A gateway on the test app's real Db, Hot and Fanout, listening on a loopback port. Tokens are checked
 * with the app's own secrets, so buyer and staff tokens from `t` work here.
 */
export async function startRoomServer(t: TestApp, options: Partial<RoomGatewayOptions> = {}, sessions = new FakeSessions()): Promise<RoomServer> {
  const { infra, services } = t.livedesk;
  const tokens = new AccessTokens(loadSecrets(loadConfig({ LIVEDESK_DATA_DIR: t.dataDir })).tokenSecret);
  const auth = { tokens, identity: services.identity, apiKeys: services.apiKeys, buyers: services.buyers };
  const policy = new PermissivePolicy();
  const listener = new RecordingListener();
  const control = new RecordingControl();
  const extras = new FakeExtras();
  const errors: unknown[] = [];
  const nodeId = options.nodeId ?? newId();
  const gateway = new RoomGateway(
    {
      db: infra.db,
      hot: infra.hot,
      fanout: infra.fanout,
      clock: systemClock,
      resolveActor: (token, ctx) => resolveActor(auth, token, ctx),
      sessions,
      policy,
      listeners: [listener],
      control,
      extras,
      tracking: services.events,
      presence: new RoomPresence(infra.hot, nodeId),
      onError: (err) => errors.push(err),
    },
    { ...options, nodeId },
  );
  const app: FastifyInstance = Fastify();
  app.decorateRequest('actor', null);
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  roomRoutes(app, gateway);
  await app.listen({ port: 0, host: '127.0.0.1' });
  gateway.start();
  const { port } = app.server.address() as { port: number };
  return {
    url: (id) => roomUrl(port, id),
    gateway,
    sessions,
    policy,
    listener,
    control,
    extras,
    errors,
    async close() {
      await gateway.stop();
      await app.close();
    },
  };
}

/** A room socket that collects every frame it is sent; `messages` keeps the batching (one array each). */
export class RoomClient {
  readonly messages: ServerFrame[][] = [];
  /** the room speaks JSON text; a binary message would be a bug (browsers would get a Blob) */
  binaryMessages = 0;
  readonly socket: WebSocket;
  readonly closed: Promise<{ code: number; reason: string }>;
  private closeInfo: { code: number; reason: string } | null = null;

  constructor(url: string, options: ClientOptions = {}) {
    this.socket = new WebSocket(url, options);
    this.socket.on('message', (data, isBinary) => {
      if (isBinary) this.binaryMessages++;
      this.messages.push(JSON.parse(String(data)) as ServerFrame[]);
    });
    this.closed = new Promise((resolve) => {
      this.socket.on('close', (code, reason) => {
        this.closeInfo = { code, reason: String(reason) };
        resolve(this.closeInfo);
      });
    });
    this.socket.on('error', () => undefined);
  }

  static async open(url: string, options: ClientOptions = {}): Promise<RoomClient> {
    const client = new RoomClient(url, options);
    await new Promise<void>((resolve, reject) => {
      client.socket.once('open', () => resolve());
      client.socket.once('error', reject);
    });
    return client;
  }

  /** Opens, joins and waits for the welcome. */
  static async join(url: string, join: Partial<Extract<ClientFrame, { t: 'join' }>> = {}, options: ClientOptions = {}) {
    const client = await RoomClient.open(url, options);
    client.send({ t: 'join', anonymousId: join.anonymousId ?? `device-${newId()}`, ...join });
    const welcome = await client.next('welcome');
    return { client, welcome };
  }

  get frames(): ServerFrame[] {
    return this.messages.flat();
  }

  of<T extends ServerFrameType>(t: T): ServerFrameOf<T>[] {
    return this.frames.filter((f): f is ServerFrameOf<T> => f.t === t);
  }

  send(frame: ClientFrame | Record<string, unknown>): void {
    this.socket.send(JSON.stringify(frame));
  }

  sendRaw(data: string | Buffer, binary = false): void {
    this.socket.send(data, { binary });
  }

  /** The first frame of type `t` (matching `where`) received so far or later. */
  async next<T extends ServerFrameType>(t: T, where: (f: ServerFrameOf<T>) => boolean = () => true, timeoutMs = 3_000): Promise<ServerFrameOf<T>> {
    await waitFor(() => this.of(t).some(where) || this.closeInfo !== null, { timeoutMs, what: `a ${t} frame` });
    const found = this.of(t).find(where);
    if (!found) throw new Error(`socket closed (${JSON.stringify(this.closeInfo)}) before a ${t} frame; got ${JSON.stringify(this.frames)}`);
    return found;
  }

  close(): void {
    this.socket.close();
  }
}

/** A guest buyer of the test app's shop. */
export async function guestBuyer(t: TestApp, nickname?: string): Promise<{ buyerId: string; token: string }> {
  const res = await t.request({ method: 'POST', url: '/api/v1/store/buyers', body: nickname ? { nickname } : {} });
  if (res.status !== 201) throw new Error(`buyer: ${res.status}`);
  return { buyerId: res.body.buyerId as string, token: res.body.token as string };
}

/** Behaviour events written to the outbox for a show, oldest first. */
export async function behaviourEvents(t: TestApp, liveSessionId: string) {
  const rows = await t.livedesk.infra.db.kysely
    .selectFrom('outbox')
    .select(['type', 'payload', 'org_id'])
    .where('topic', '=', 'behaviour')
    .orderBy('seq')
    .execute();
  return rows
    .map((r) => ({ orgId: r.org_id, ...(JSON.parse(r.payload) as { id: string; type: string; ts: number; liveSessionId: string; userId?: string; anonymousId: string; props: Record<string, unknown> }) }))
    .filter((e) => e.liveSessionId === liveSessionId);
}
