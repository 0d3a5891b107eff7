import { MAX_TRACK_EVENTS_PER_FRAME, type AuthResult, type CreatedApiKey, type LiveOrderStats, type LiveSessionView, type ServerFrame } from '@livedesk/contracts';
import type { z } from 'zod';
import { createTracker, type Tracker } from '@livedesk/sdk';
import { LiveDeskApi } from './api.js';
import { ShowClock } from './clock.js';
import { planShow, type ShowPlan, type ViewerPlan } from './plan.js';
import { RoomSocket, roomUrl } from './room.js';
import { ShowStats, type SimulationProgress, type SimulationSummary } from './stats.js';
import { playViewer, type ShowContext } from './viewer.js';

export type { SimulationProgress, SimulationSummary } from './stats.js';

export interface SimulateOptions {
  /** the LiveDesk server, e.g. http://localhost:3000 */
  url: string;
  sessionId: string;
  /** distinct viewers (devices) over the whole show */
  viewers: number;
  /** length of the show, in show time */
  minutes: number;
  /** show time per real time: 60 plays an hour in a minute */
  speed?: number;
  /** a staff member who may run the show (live:manage) and create API keys */
  email: string;
  password: string;
  /** the same seed plays the same show */
  seed?: number;
  /**
   * How product exposures, clicks and cart adds travel: `http` posts them with the SDK and an
   * `events:ingest` key, as a shop's own pages would; `socket` sends `track` frames, as the viewer page does.
   */
  track?: 'http' | 'socket';
  /** end the show when its time is up */
  end?: boolean;
  /** aborting stops the show early: every viewer leaves, and the summary says `interrupted` */
  signal?: AbortSignal;
  onProgress?: (progress: SimulationProgress) => void;
}

const PROGRESS_EVERY_MS = 250;

/**
 * Plays a live show against a running server: viewers arrive, watch, talk, like, follow, share, look at
 * products and buy them through the store API, and leave, on the time line `planShow` draws from the seed.
 * Resolves when the show time is up (or the signal aborted it) and every viewer has left.
 */
export async function simulateShow(options: SimulateOptions): Promise<SimulationSummary> {
  const speed = options.speed ?? 1;
  const seed = options.seed ?? 1;
  const signal = options.signal ?? new AbortController().signal;
  const baseUrl = options.url.replace(/\/+$/, '');
  const api = new LiveDeskApi(baseUrl);
  const startedAt = Date.now();

  const staff = await api.request<AuthResult>('POST', '/api/v1/auth/login', { body: { email: options.email, password: options.password } });
  const writeKey =
    (options.track ?? 'http') === 'http'
      ? (await api.request<z.infer<typeof CreatedApiKey>>('POST', '/api/v1/api-keys', { token: staff.token, body: { name: 'show simulator', scopes: ['events:ingest'] } })).key
      : null;
  const sessionPath = `/api/v1/live-sessions/${encodeURIComponent(options.sessionId)}`;
  let session = await api.request<LiveSessionView>('GET', sessionPath, { token: staff.token });
  if (session.status === 'ended') throw new Error(`live session ${session.id} has ended; simulate a scheduled or live one`);
  if (session.status === 'scheduled') session = await api.request<LiveSessionView>('POST', `${sessionPath}/start`, { token: staff.token });

  const showMs = options.minutes * 60_000;
  const plan = planShow({
    seed,
    viewers: options.viewers,
    showMs,
    products: session.products.map((p) => ({ productId: p.productId, title: p.title, skus: p.skus.map((s) => ({ skuId: s.skuId, available: s.available })) })),
  });
  const stats = new ShowStats();
  const clock = new ShowClock(speed, showMs, signal);
  const room = roomUrl(baseUrl, session.id);

  const tracker = (viewer: ViewerPlan, visit: () => RoomSocket | null): Tracker =>
    writeKey
      ? createTracker({ endpoint: `${baseUrl}/api/v1/events`, writeKey, liveSessionId: session.id, anonymousId: viewer.anonymousId, storage: null })
      : createTracker({
          anonymousId: viewer.anonymousId,
          storage: null,
          maxBatch: MAX_TRACK_EVENTS_PER_FRAME,
          transport: {
            send: async (events) => {
              const socket = visit();
              if (!socket?.open) return { kind: 'retry', reason: 'not in the room' };
              socket.send({ t: 'track', events });
              return { kind: 'sent' };
            },
          },
        });
  const context: ShowContext = { api, roomUrl: room, liveSessionId: session.id, orgSlug: session.orgSlug, clock, stats, tracker };

  // The console's view of the room: the server's own online count.
  const watchOnline = (frames: ServerFrame[]) => {
    for (const frame of frames) {
      if (frame.t === 'online') stats.sawOnline(frame.count);
      if (frame.t === 'welcome') stats.sawOnline(frame.snapshot.online);
    }
  };
  const consoleSocket = await RoomSocket.join(room, { t: 'join', anonymousId: 'show-simulator-console', token: staff.token }, watchOnline);
  const progress = (): SimulationProgress => ({
    showElapsedMs: clock.elapsed(),
    showMs,
    online: stats.online,
    inRoom: stats.inRoom,
    comments: stats.comments,
    orders: stats.ordersPlaced,
    paidOrders: stats.ordersPaid,
    gmvFen: stats.gmvFen,
  });
  const ticker = setInterval(() => options.onProgress?.(progress()), PROGRESS_EVERY_MS);

  try {
    await Promise.all([presentLineup(api, staff.token, sessionPath, plan, clock, stats), ...plan.viewers.map((viewer) => playViewer(context, viewer))]);
    if (options.end && !signal.aborted) await api.request('POST', `${sessionPath}/end`, { token: staff.token });
  } finally {
    clearInterval(ticker);
    await consoleSocket.leave();
  }
  const server = await api.request<LiveOrderStats>('GET', `${sessionPath}/order-stats`, { token: staff.token });
  options.onProgress?.(progress());

  return {
    sessionId: session.id,
    seed,
    speed,
    showMinutes: options.minutes,
    realSeconds: Math.round((Date.now() - startedAt) / 100) / 10,
    interrupted: signal.aborted,
    viewers: plan.viewers.length,
    visits: stats.visits,
    reentries: stats.reentries,
    peakOnline: stats.peakOnline,
    comments: stats.comments,
    likes: stats.likes,
    follows: stats.follows,
    shares: stats.shares,
    productEvents: { exposures: stats.exposures, clicks: stats.clicks, cartAdds: stats.cartAdds },
    orders: { placed: stats.ordersPlaced, paid: stats.ordersPaid, paymentFailed: stats.paymentsFailed, unpaid: stats.ordersUnpaid, refused: stats.refused },
    gmvFen: stats.gmvFen,
    roomErrors: stats.roomErrors,
    failures: stats.failures,
    server,
  };
}

/** 讲解: the anchor presents the lineup in order, each product pinned in its turn and unpinned after. */
async function presentLineup(api: LiveDeskApi, token: string, sessionPath: string, plan: ShowPlan, clock: ShowClock, stats: ShowStats) {
  let previous: string | null = null;
  for (const pin of plan.pins) {
    if (!(await clock.until(pin.at))) return;
    try {
      await api.request('POST', `${sessionPath}/pins`, { token, body: { productId: pin.productId } });
      if (previous) await api.request('DELETE', `${sessionPath}/pins/${encodeURIComponent(previous)}`, { token });
      previous = pin.productId;
    } catch {
      stats.count(stats.failures, 'pin');
    }
  }
}
