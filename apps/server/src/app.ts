import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyWebsocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { registerAuthentication, resolveActor } from './http/auth.js';
import { createMetrics, instrumentHttp } from './http/metrics.js';
import { createHttpServer } from './http/server.js';
import { PiiCipher } from './lib/crypto.js';
import { newId } from './lib/ids.js';
import { loadSecrets } from './lib/secrets.js';
import { systemClock, type Clock } from './lib/time.js';
import { createLocalBlobStore, localBlobRoot } from './infra/blob/local.js';
import { migrateToLatest } from './infra/db/migrate.js';
import { createInfrastructure, type Infrastructure } from './infra/index.js';
import { mediaPlaybackRoutes } from './infra/media/http.js';
import { createMediaServer } from './infra/media/index.js';
import type { MediaServer } from './infra/media/port.js';
import { OutboxRelay } from './infra/outbox/relay.js';
import { PeriodicSweep } from './lib/periodic.js';
import { BuyerTags } from './modules/live/buyer-tags.js';
import { LiveRoomControl } from './modules/live/control.js';
import { OnAir } from './modules/live/on-air.js';
import { liveRoutes } from './modules/live/routes.js';
import { lotteryRoutes } from './modules/lottery/routes.js';
import { LotteryScheduler } from './modules/lottery/scheduler.js';
import { LotteryService } from './modules/lottery/service.js';
import { RoomGateway } from './modules/room/gateway.js';
import { RoomPresence } from './modules/room/presence.js';
import { roomRoutes } from './modules/room/routes.js';
import { RoomService } from './modules/room/service.js';
import { riskRoutes } from './modules/risk/routes.js';
import { RiskService } from './modules/risk/service.js';
import { LiveSessionsService } from './modules/live/service.js';
import { mediaHookRoutes } from './modules/media-hooks/routes.js';
import { RoomBroadcaster } from './modules/room/broadcast.js';
import { RoomModeration } from './modules/moderation/actions.js';
import { BotReplies, DanmakuBot } from './modules/moderation/bot.js';
import { RoomSettings } from './modules/moderation/rooms.js';
import { moderationRoutes } from './modules/moderation/routes.js';
import { Moderation } from './modules/moderation/service.js';
import { SensitiveWords } from './modules/moderation/words.js';
import { AftersalesAutoApprover } from './modules/aftersales/auto-approve.js';
import { Evidence } from './modules/aftersales/evidence.js';
import { aftersalesRoutes } from './modules/aftersales/routes.js';
import { AftersalesService } from './modules/aftersales/service.js';
import { LiveAggregator } from './modules/analytics/aggregator.js';
import { CachedMarkers, showMarkers } from './modules/analytics/markers.js';
import { MetricsPush } from './modules/analytics/push.js';
import { OlapAppender } from './modules/analytics/olap-appender.js';
import { metricsRoutes } from './modules/analytics/routes.js';
import { funnelRoutes } from './modules/funnels/routes.js';
import { reviewRoutes } from './modules/reviews/routes.js';
import { ReviewService } from './modules/reviews/service.js';
import { ChromiumPdfPrinter, ownBaseUrl } from './modules/review-exports/pdf.js';
import { reviewExportRoutes } from './modules/review-exports/routes.js';
import { ReviewExports, ReviewShares } from './modules/review-exports/service.js';
import { LiveMetrics } from './modules/analytics/service.js';
import { FunnelsRepo } from './modules/funnels/repo.js';
import { FunnelsService } from './modules/funnels/service.js';
import { retentionRoutes } from './modules/retention/routes.js';
import { RetentionRepo } from './modules/retention/repo.js';
import { RetentionService } from './modules/retention/service.js';
import { outboxSource, trackedSource } from './modules/analytics/sources.js';
import { AlertEvaluator } from './modules/alerts/evaluator.js';
import { AlertNotifier } from './modules/alerts/notifier.js';
import { alertRoutes } from './modules/alerts/routes.js';
import { AlertsService } from './modules/alerts/service.js';
import { apiKeyRoutes } from './modules/api-keys/routes.js';
import { eventRoutes } from './modules/events/routes.js';
import { EventIngestion } from './modules/events/service.js';
import { ApiKeysService } from './modules/api-keys/service.js';
import { auditRoutes } from './modules/audit/routes.js';
import { AuditService } from './modules/audit/service.js';
import { buyerRoutes } from './modules/buyers/routes.js';
import { ProductsService } from './modules/catalog/products.js';
import { catalogRoutes } from './modules/catalog/routes.js';
import { CatalogScheduler } from './modules/catalog/scheduler.js';
import { StoreCatalog } from './modules/catalog/store.js';
import { TaxonomyService } from './modules/catalog/taxonomy.js';
import { CatalogTransfer } from './modules/catalog/transfer.js';
import { BuyersService } from './modules/buyers/service.js';
import { commentToBuyRoutes } from './modules/comment-to-buy/routes.js';
import { CommentToBuyService } from './modules/comment-to-buy/service.js';
import { consoleSocketRoutes } from './modules/console-socket/routes.js';
import { flashSaleRoutes } from './modules/flash-sales/routes.js';
import { FlashSalesService } from './modules/flash-sales/service.js';
import { FlashSaleWorker } from './modules/flash-sales/worker.js';
import { fulfillmentRoutes } from './modules/fulfillment/routes.js';
import { Shipping } from './modules/fulfillment/shipping.js';
import { Waves } from './modules/fulfillment/waves.js';
import { MembersService } from './modules/identity/members.js';
import { OrgsService } from './modules/identity/orgs.js';
import { identityRoutes } from './modules/identity/routes.js';
import { IdentityService } from './modules/identity/service.js';
import { AccessTokens } from './modules/identity/tokens.js';
import { systemRoutes } from './modules/system/routes.js';
import { inventoryRoutes } from './modules/inventory/routes.js';
import { InventoryService } from './modules/inventory/service.js';
import { InventoryAdmin } from './modules/inventory/staff.js';
import { UnpaidOrderExpiry } from './modules/orders/expiry.js';
import { Idempotency } from './modules/orders/idempotency.js';
import { orderRoutes } from './modules/orders/routes.js';
import { OrdersService } from './modules/orders/service.js';
import { paymentRoutes } from './modules/payments/routes.js';
import { sandboxCallbackSecret, SandboxProvider } from './modules/payments/sandbox.js';
import { PaymentsService } from './modules/payments/service.js';

export const VERSION = '0.1.0';

export interface LiveDesk {
  http: FastifyInstance;
  infra: Infrastructure;
  services: {
    identity: IdentityService;
    members: MembersService;
    apiKeys: ApiKeysService;
    audit: AuditService;
    buyers: BuyersService;
    inventory: InventoryService;
    orders: OrdersService;
    payments: PaymentsService;
    products: ProductsService;
    live: LiveSessionsService;
    flashSales: FlashSalesService;
    commentToBuy: CommentToBuyService;
    /** the room's chat policy (ChatPolicy) and report memory (ChatListener) */
    moderation: Moderation;
    roomModeration: RoomModeration;
    /** keyword auto-replies, a ChatListener of the room */
    danmakuBot: DanmakuBot;
    lottery: LotteryService;
    risk: RiskService;
    /** alert rules, channels and history; also the `MarkerSource` of alerts on a show's curves */
    alerts: AlertsService;
    /** tracking events from SDKs and viewers' sockets; `onAccepted` tells when new ones are in the log */
    events: EventIngestion;
    /** post-live reviews (复盘): their revisions, comparisons and notes */
    reviews: ReviewService;
  };
  /** the live room's WebSocket gateway on this node */
  gateway: RoomGateway;
  /** who is in each show's room, across gateway nodes */
  roomPresence: RoomPresence;
  media: MediaServer;
  /** ends live shows whose publisher has been gone longer than the grace period */
  liveSweeper: PeriodicSweep;
  /** forgets tracking-event ids past the dedupe horizon and event log rows past their retention */
  eventRetention: PeriodicSweep;
  /** restores flash-sale gates, starts and ends sales on time, returns expired flash orders to the quota */
  flashSaleWorker: FlashSaleWorker;
  relay: OutboxRelay;
  /** the real-time aggregator of shows' numbers (on the node holding its lease) and their reader on every node */
  analytics: LiveAggregator;
  /** copies the event logs into the OLAP store (funnels, reviews) */
  olapAppender: OlapAppender;
  /** the console socket's metrics subscriptions on this node: snapshot, then ticks */
  metricsPush: MetricsPush;
  /** scores every live show's newly settled minutes under the alert rules, once across nodes */
  alertSweep: PeriodicSweep;
  expiry: UnpaidOrderExpiry;
  /** applies scheduled listings and delistings */
  catalogScheduler: CatalogScheduler;
  /** approves after-sales requests once the org's auto-approval wait has run out */
  aftersalesAutoApprover: AftersalesAutoApprover;
  /** Starts background work (outbox relay, order expiry); the HTTP server is started by the caller. */
  start(): void;
  close(): Promise<void>;
}

/** Where the built console lives, beside the server in the repository (apps/web/dist). */
const defaultWebDir = () => resolve(dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/** The composition root: builds every adapter and service once and wires them to the routes. */
export async function buildLiveDesk(config: Config, options: { clock?: Clock; webDir?: string } = {}): Promise<LiveDesk> {
  const clock = options.clock ?? systemClock;
  const infra = await createInfrastructure(config);
  try {
    await migrateToLatest(infra.db);
    const secrets = loadSecrets(config);
    const tokens = new AccessTokens(secrets.tokenSecret);
    const pii = new PiiCipher(secrets.pii);

    const audit = new AuditService(infra.db, infra.fanout, clock);
    const identity = new IdentityService(infra.db, infra.hot, tokens, audit, clock, {
      accessTokenTtlMs: config.accessTokenTtlMs,
      refreshTokenTtlMs: config.refreshTokenTtlMs,
    });
    const members = new MembersService(infra.db, audit, clock);
    const orgs = new OrgsService(audit, clock);
    const apiKeys = new ApiKeysService(infra.db, audit, clock);
    const buyers = new BuyersService(infra.db, pii, tokens, audit, clock);
    const relay = new OutboxRelay({ db: infra.db, bus: infra.bus, holderId: newId() });
    const inventory = new InventoryService(infra.db, clock);
    const inventoryAdmin = new InventoryAdmin(infra.db, inventory, audit, clock);
    const orders = new OrdersService(infra.db, inventory, pii, audit, clock);
    const expiry = new UnpaidOrderExpiry(orders, inventory, clock);
    orders.afterPlace((order) => {
      expiry.schedule(order);
      relay.nudge();
    });
    const idempotency = new Idempotency(infra.db, clock);

    const http = await createHttpServer({
      logLevel: config.logLevel,
      trustProxy: config.trustProxy,
      hot: infra.hot,
      rateLimitPerMinute: config.rateLimitPerMinute,
      version: VERSION,
      consoleDir: builtConsole(options.webDir ?? defaultWebDir()),
    });
    let ready = false;
    http.addHook('onReady', async () => {
      ready = true;
    });
    const authenticators = { tokens, identity, apiKeys, buyers };
    registerAuthentication(http, authenticators);
    instrumentHttp(http, createMetrics({ dbPool: () => infra.db.poolStats(), busLag: () => relay.lag() }));
    await http.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });

    systemRoutes(http, () => ready);
    identityRoutes(http, identity, members, orgs);
    apiKeyRoutes(http, apiKeys);
    auditRoutes(http, audit);
    buyerRoutes(http, buyers);
    inventoryRoutes(http, inventoryAdmin);
    orderRoutes(http, orders, idempotency);

    // Tracking events: SDKs post them with an API key, viewers send them over the room socket.
    const events = new EventIngestion(infra.db, clock, {
      dedupeMs: config.eventDedupeMs,
      onError: (err) => http.log.error({ err }, 'events: a listener of accepted events failed'),
    });
    eventRoutes(http, events);
    const eventRetention = new PeriodicSweep(() => events.purgeExpired(), {
      everyMs: 10 * 60_000,
      onError: (err) => http.log.error({ err }, 'events: purging expired event ids and log rows failed'),
    });

    // Payments: the sandbox is the only provider until providers are configured per org.
    const payments = new PaymentsService(
      infra.db,
      orders,
      audit,
      clock,
      { sandbox: new SandboxProvider(sandboxCallbackSecret(secrets.tokenSecret), clock) },
      (message, context) => http.log.error(context, `payments: ${message}`),
      config.sandboxPayments,
    );
    paymentRoutes(http, payments, idempotency);

    // Risk rules (风控): order bursts per device / phone / address, failed payments, flash-sale-only accounts.
    const risk = new RiskService(infra.db, orders, pii, audit, clock);
    orders.beforePlace(risk.guard);
    payments.onFailure(risk.paymentFailed);
    riskRoutes(http, risk);

    // Alerts (告警) on a show's per-minute numbers: to open consoles, webhooks and the 钉钉 / 企业微信 / 飞书 robots.
    const alertNotifier = new AlertNotifier(infra.db, pii, infra.fanout, clock);
    const alerts = new AlertsService(infra.db, pii, audit, alertNotifier, clock);
    alertRoutes(http, alerts);

    // Catalog: products, SKUs, categories, brands, images (through the Blob port), CSV, the store's view.
    const blobs = createLocalBlobStore(localBlobRoot(config.dataDir));
    const products = new ProductsService(infra.db, audit, inventory, blobs, clock);
    const catalogScheduler = new CatalogScheduler({ db: infra.db, audit, clock, onError: (err) => http.log.error({ err }, 'catalog scheduler failed') });
    catalogRoutes(http, {
      products,
      taxonomy: new TaxonomyService(infra.db, audit, clock),
      transfer: new CatalogTransfer(infra.db, audit, products, clock),
      store: new StoreCatalog(infra.db),
      blobs,
    });

    // Fulfilment (waves, shipments, delivery) and after-sales (refunds through payments, evidence through the Blob port).
    const shipping = new Shipping(infra.db, orders, inventory, audit, clock);
    fulfillmentRoutes(http, { waves: new Waves(infra.db, orders, inventory, audit, clock), shipping });
    const aftersales = new AftersalesService(infra.db, orders, inventory, shipping, payments, audit, clock);
    const aftersalesAutoApprover = new AftersalesAutoApprover(aftersales, { onError: (err) => http.log.error({ err }, 'after-sales auto-approval failed') });
    aftersalesRoutes(http, { aftersales, evidence: new Evidence(blobs, aftersales) });

    // Live shows: sessions and their lineup, the media server (RTMP in, HTTP-FLV out) driving their lifecycle.
    const rooms = new RoomBroadcaster(infra.fanout);
    // Moderation: the word filter, mutes / bans / kicks, announcement and slow mode, the review queue, the danmaku bot.
    const sensitiveWords = new SensitiveWords(infra.db, infra.hot, audit, clock);
    const roomSettings = new RoomSettings(infra.db, infra.hot, clock);
    const moderation = new Moderation(infra.db, infra.hot, sensitiveWords, roomSettings, clock);
    const roomModeration = new RoomModeration(infra.db, audit, rooms, roomSettings, moderation, clock);
    const botReplies = new BotReplies(infra.db, infra.hot, audit, clock);
    const danmakuBot = new DanmakuBot(botReplies, infra.db, infra.hot, rooms, clock);
    moderationRoutes(http, { words: sensitiveWords, room: roomModeration, moderation, bot: botReplies });
    const media = createMediaServer(config, http.log);
    const live = new LiveSessionsService(infra.db, inventory, audit, rooms, media, clock, {
      live: config.live,
      announcement: (id) => moderation.announcement(id),
      onError: (err) => http.log.error({ err }, 'live: after the show ended'),
    });
    orders.useLiveTerms((tx, buyer, body) => live.orderTerms(tx, buyer, body));
    liveRoutes(http, live, new OnAir(infra.db, audit, clock));
    if (media.kind === 'embedded') mediaPlaybackRoutes(http, media);
    else mediaHookRoutes(http, media);
    const logMediaError = (err: unknown) => http.log.error({ err }, 'live: media event failed');
    await media.start({
      authorizePublish: (req) => live.authorizePublish(req.streamName, req.sign),
      published: (streamName) => void live.published(streamName).catch(logMediaError),
      unpublished: (streamName) => void live.unpublished(streamName).catch(logMediaError),
    });
    const liveSweeper = new PeriodicSweep(() => live.endAbandoned(), { everyMs: 5_000, onError: (err) => http.log.error({ err }, 'live: ending abandoned shows failed') });

    // Selling in the room: flash sales behind the Hot gate, comment-to-buy as a chat listener of the gateway.
    const logSalesError = (err: unknown) => http.log.error({ err }, 'flash sales failed');
    const flashSales = new FlashSalesService(infra.db, infra.hot, orders, inventory, audit, rooms, live, clock, { onError: logSalesError });
    const flashSaleWorker = new FlashSaleWorker(flashSales, infra.bus, { onError: logSalesError });
    flashSaleRoutes(http, flashSales, idempotency);
    const commentToBuy = new CommentToBuyService(infra.db, inventory, orders, audit, rooms, live, clock, { publicUrl: config.live.publicUrl });
    commentToBuyRoutes(http, commentToBuy, idempotency);
    live.afterEnd((actor, liveSessionId) => flashSales.endForSession(actor, liveSessionId));

    // The room: viewers' and consoles' WebSocket, with lotteries (福袋) drawn from who entered or is present.
    const roomNodeId = newId();
    const presence = new RoomPresence(infra.hot, roomNodeId);
    const follows = new RoomService(infra.db, clock);
    const lottery = new LotteryService({
      db: infra.db, orders, audit, pii, clock, room: rooms, sessions: live, presence,
      follows: { isFollower: (orgId, buyerId) => follows.following(orgId, buyerId) },
    });
    const lotteryScheduler = new LotteryScheduler(lottery, clock, { onError: (err) => http.log.error({ err }, 'lottery draw failed') });
    lottery.afterOpen((opened) => lotteryScheduler.arm(opened));
    lotteryRoutes(http, lottery);
    const buyerTags = new BuyerTags(orders, risk);
    const gateway = new RoomGateway({
      db: infra.db,
      hot: infra.hot,
      fanout: infra.fanout,
      clock,
      resolveActor: (token, ctx) => resolveActor(authenticators, token, ctx),
      sessions: live,
      policy: moderation,
      listeners: [moderation, danmakuBot, commentToBuy, lottery],
      control: new LiveRoomControl({
        pin: (actor, id, productId) => live.pin(actor, id, productId),
        unpin: (actor, id, productId) => live.unpin(actor, id, productId),
        announce: (actor, id, text) => roomModeration.setAnnouncement(actor, id, text),
        startFlashSale: (actor, flashSaleId, id) => flashSales.start(actor, flashSaleId, id),
        openLottery: (actor, lotteryId, id) => lottery.open(actor, lotteryId, id),
      }),
      extras: {
        flashSales: (id) => flashSales.roomStates(id),
        lotteries: (id) => lottery.lotteries(id),
        enterLottery: (viewer, lotteryId) => lottery.enterLottery(viewer, lotteryId),
        buyerTags: (orgId, buyerId) => buyerTags.of(orgId, buyerId),
      },
      tracking: events,
      presence,
      onError: (err, context) => http.log.error({ err }, `room: ${context}`),
    }, { nodeId: roomNodeId });
    roomRoutes(http, gateway);

    // Live analytics: the aggregator reads the tracking log and the outbox by position; one node aggregates.
    // The OLAP appender reads the same sources, so a log row is parsed once for both.
    const analyticsSources = [trackedSource(infra.db), outboxSource(infra.db)];
    const analytics = new LiveAggregator({
      db: infra.db,
      sources: analyticsSources,
      clock,
      markers: [new CachedMarkers(showMarkers(infra.db), clock), new CachedMarkers(alerts, clock)],
      holderId: newId(),
      onError: (err) => http.log.error({ err }, 'analytics: aggregation failed'),
    });
    metricsRoutes(http, analytics);
    // Funnels (漏斗) of the post-live review, over the events in OLAP.
    funnelRoutes(http, new FunnelsService(new FunnelsRepo(infra.olap)));
    // Post-live reviews read the same state and markers as the live metrics, and the events in OLAP. A review is
    // kept as a settled document, so its markers are read fresh rather than from the live curves' 5-second cache.
    const reviewMetrics = new LiveMetrics(infra.db, clock, analytics, [showMarkers(infra.db), alerts]);
    const reviews = new ReviewService(infra.db, infra.olap, reviewMetrics, audit, clock);
    reviewRoutes(http, reviews);
    // Read-only share links of a review, and its exports: the PDF is the shared page printed by Chromium.
    const reviewShares = new ReviewShares(infra.db, reviews, audit, clock, config.reviews.shareBaseUrl);
    const pdfPrinter = new ChromiumPdfPrinter({
      executablePath: config.reviews.chromiumPath,
      onLaunchError: (err) => http.log.error({ err }, 'reviews: Chromium did not start for a PDF export'),
    });
    reviewExportRoutes(http, reviewShares, new ReviewExports(infra.db, reviews, reviewShares, pdfPrinter, () => ownBaseUrl(http.server)));
    // Retention (看播留存, 复购留存): shows from the system DB, who entered and paid from OLAP.
    retentionRoutes(http, new RetentionService(new RetentionRepo(infra.db, infra.olap), clock));
    const olapAppender = new OlapAppender({
      olap: infra.olap,
      sources: analyticsSources,
      onError: (err) => http.log.error({ err }, 'analytics: appending events to OLAP failed'),
    });
    events.onAccepted(() => {
      analytics.nudge();
      olapAppender.nudge();
    });
    const metricsPush = new MetricsPush({ reader: analytics, fanout: infra.fanout, onError: (err, context) => http.log.error({ err }, context) });
    consoleSocketRoutes(http, infra.fanout, metricsPush);
    const logAlertError = (err: unknown) => http.log.error({ err }, 'alerts: evaluation failed');
    const alertEvaluator = new AlertEvaluator({ db: infra.db, metrics: analytics, notifier: alertNotifier, clock, onError: logAlertError });
    const alertSweep = new PeriodicSweep(() => alertEvaluator.run(), { everyMs: 5_000, onError: logAlertError });

    return {
      http,
      infra,
      services: { identity, members, apiKeys, audit, buyers, inventory, orders, payments, products, live, flashSales, commentToBuy, moderation, roomModeration, danmakuBot, lottery, risk, events, alerts, reviews },
      gateway,
      roomPresence: presence,
      media,
      liveSweeper,
      eventRetention,
      flashSaleWorker,
      relay,
      analytics,
      olapAppender,
      metricsPush,
      alertSweep,
      expiry,
      catalogScheduler,
      aftersalesAutoApprover,
      start() {
        relay.start();
        expiry.start();
        catalogScheduler.start();
        aftersalesAutoApprover.start();
        liveSweeper.start();
        eventRetention.start();
        void flashSaleWorker.start().catch(logSalesError);
        lotteryScheduler.start();
        gateway.start();
        analytics.start();
        olapAppender.start();
        alertSweep.start();
      },
      async close() {
        // Open room sockets and HTTP-FLV responses would hold http.close() until they end.
        await gateway.stop();
        await media.close();
        await http.close();
        await metricsPush.close();
        await alertSweep.stop();
        await analytics.stop();
        await liveSweeper.stop();
        await eventRetention.stop();
        await flashSaleWorker.stop();
        await lotteryScheduler.stop();
        await expiry.stop();
        await catalogScheduler.stop();
        await aftersalesAutoApprover.stop();
        await relay.stop();
        await olapAppender.stop();
        await infra.close();
      },
    };
  } catch (err) {
    await infra.close();
    throw err;
  }
}

function builtConsole(webDir: string): string | undefined {
  if (existsSync(join(webDir, 'index.html'))) return webDir;
  console.warn(`LiveDesk: no built console in ${webDir}; run \`npm run build\` (npm start does it for you)`);
  return undefined;
}
