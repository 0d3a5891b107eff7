/** @jsxImportSource preact */
import type { FlashSaleState, OrderView, PublicLiveSessionView, RoomErrorCode, ServerFrame } from '@livedesk/contracts';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { copyToClipboard } from '../lib/clipboard';
import { ApiError, viewerApi } from './api';
import { I18nContext, initialLanguage, storeLanguage, translate, useI18n, type I18n, type Language, type MessageKey } from './i18n/i18n';
import { anonymousId, enterShop } from './identity';
import { backoffDelay, type Backoff } from '../lib/backoff';
import { browserScheduler } from './lib/scheduler';
import { onThisServer } from './lib/urls';
import { LivePlayer } from './player/LivePlayer';
import { ReplayView } from './player/ReplayView';
import { WaitingRoom } from './player/WaitingRoom';
import { Announcement } from './room/Announcement';
import { BottomBar } from './room/BottomBar';
import { ChatList } from './room/ChatList';
import { Danmaku, useDanmaku } from './room/Danmaku';
import { FlashSaleCard } from './room/FlashSaleCard';
import { GiftBanners, GiftSheet, useGiftBanners } from './room/Gifts';
import { Hearts, useHearts } from './room/Hearts';
import { LikeBatcher } from './room/likes';
import { LotteryBadge, LotterySheet, WinNotice } from './room/LotteryCard';
import type { LotteryView } from './room/state';
import { isMuted } from './room/state';
import { TopBar } from './room/TopBar';
import { useProductTracking } from './room/tracking';
import { useRoom } from './room/useRoom';
import { addToCart, setQuantity, type CartLine } from './shop/cart';
import { CartSheet } from './shop/CartSheet';
import { CheckoutSheet, type CheckoutRequest } from './shop/CheckoutSheet';
import { describeError } from './shop/errors';
import { ClaimSheet } from './shop/ClaimSheet';
import { flashPhase } from './shop/flash';
import type { GiftId } from './shop/gifts';
import { HoldSheet } from './shop/HoldSheet';
import { OrderSheet } from './shop/OrderSheet';
import { PinnedCard } from './shop/PinnedCard';
import { storeCart, storedCart } from './shop/storage';
import { ProductDrawer } from './shop/ProductDrawer';
import { ProductSheet } from './shop/ProductSheet';
import { useNow } from './ui/hooks';
import { Toasts, useToasts } from './ui/Toasts';

export function App({ sessionId }: { sessionId: string }) {
  const [language, setLanguage] = useState<Language>(() => initialLanguage(window.location.search));
  const i18n = useMemo<I18n>(
    () => ({
      language,
      t: (key, params) => translate(language, key, params),
      setLanguage: (next) => {
        storeLanguage(next);
        setLanguage(next);
      },
    }),
    [language],
  );
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  return (
    <I18nContext.Provider value={i18n}>
      <SessionPage sessionId={sessionId} />
    </I18nContext.Provider>
  );
}

function SessionPage({ sessionId }: { sessionId: string }) {
  const { t } = useI18n();
  const [session, setSession] = useState<PublicLiveSessionView | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const reload = useCallback(async () => {
    try {
      const view = await viewerApi.session(sessionId);
      enterShop(view.orgSlug);
      setSession(view);
      setFailure(null);
    } catch (error) {
      setFailure(error instanceof ApiError ? error : new ApiError(0, 'internal', String(error)));
    }
  }, [sessionId]);
  useEffect(() => {
    void reload();
  }, [reload]);
  useEffect(() => {
    if (session) document.title = session.title;
  }, [session?.title]);

  if (session) return <LiveRoom session={session} reloadSession={reload} />;
  return (
    <div class="room room--message" data-testid="room-message">
      {failure === null ? (
        <div class="spinner" aria-label={t('common.loading')} />
      ) : failure.status === 404 ? (
        <p>{t('room.notFound')}</p>
      ) : (
        <>
          <p>{t('room.loadFailed')}</p>
          <button type="button" class="button button--primary" onClick={() => void reload()}>
            {t('common.retry')}
          </button>
        </>
      )}
    </div>
  );
}

type SheetState =
  | { kind: 'products' }
  | { kind: 'product'; productId: string }
  | { kind: 'cart' }
  | { kind: 'checkout'; request: CheckoutRequest }
  | { kind: 'hold'; holdId: string }
  | { kind: 'order'; orderId: string }
  | { kind: 'gifts' }
  | { kind: 'lottery'; lotteryId: string }
  | { kind: 'claim'; lotteryId: string; prize: string }
  | null;

const roomErrorKey: Partial<Record<RoomErrorCode, MessageKey>> = {
  muted: 'roomError.muted',
  blocked_word: 'roomError.blocked_word',
  held: 'roomError.held',
  slow_mode: 'roomError.slow_mode',
  rate_limited: 'roomError.rate_limited',
  banned: 'roomError.banned',
  validation: 'roomError.validation',
  unauthorized: 'roomError.unauthorized',
  forbidden: 'roomError.forbidden',
  not_found: 'roomError.not_found',
  conflict: 'roomError.conflict',
  insufficient_stock: 'roomError.insufficient_stock',
};

function useStoredCart(sessionId: string) {
  const [lines, setLines] = useState<CartLine[]>(() => storedCart(sessionId));
  const update = useCallback(
    (next: CartLine[]) => {
      setLines(next);
      storeCart(sessionId, next);
    },
    [sessionId],
  );
  return [lines, update] as const;
}

/** A comment-to-buy link (`checkoutUrl`) opens the room with the claim's checkout on top. */
function initialSheet(): SheetState {
  const holdId = new URLSearchParams(window.location.search).get('checkout');
  return holdId ? { kind: 'hold', holdId } : null;
}

/** Recording is written after the show ends, so the replay arrives a little later: look again a few times. */
const replayBackoff: Backoff = { baseMs: 3000, maxMs: 30_000 };
const REPLAY_CHECKS = 6;

function useReplayWait(waiting: boolean, reloadSession: () => Promise<void>) {
  const [checks, setChecks] = useState(0);
  useEffect(() => {
    if (!waiting || checks >= REPLAY_CHECKS) return undefined;
    const timer = window.setTimeout(() => {
      setChecks((n) => n + 1);
      void reloadSession();
    }, backoffDelay(checks, Math.random(), replayBackoff));
    return () => window.clearTimeout(timer);
  }, [waiting, checks, reloadSession]);
}

function LiveRoom({ session, reloadSession }: { session: PublicLiveSessionView; reloadSession: () => Promise<void> }) {
  const { t } = useI18n();
  const toasts = useToasts();
  const danmaku = useDanmaku();
  const hearts = useHearts();
  const giftBanners = useGiftBanners();
  const [sheet, setSheet] = useState<SheetState>(initialSheet);
  const [cart, setCart] = useStoredCart(session.id);
  // The pinned product on show: the one pinned last, as the anchor has just started presenting it.
  const [pinFocus, setPinFocus] = useState<string | null>(null);
  const [seenWins, setSeenWins] = useState<string[]>([]);
  const ownLikes = useRef(0);
  // Frames arrive between renders: what their handling needs from the last render.
  const latest = useRef({ identity: null as string | null, productIds: new Set<string>(), pinnedIds: [] as string[], sheetOpen: false });

  const onFrames = (frames: ServerFrame[]) => {
    for (const frame of frames) {
      switch (frame.t) {
        case 'chat':
          danmaku.launch(frame.message.text, frame.message.user.id === latest.current.identity);
          break;
        case 'likes': {
          const others = Math.max(0, frame.delta - ownLikes.current);
          ownLikes.current = 0;
          if (others > 0) hearts.float(Math.min(3, others));
          break;
        }
        case 'gift':
          giftBanners.announce(frame.user, frame.giftId, frame.count);
          break;
        case 'error': {
          const key = roomErrorKey[frame.code];
          toasts.show(key ? t(key) : t('roomError.other'));
          break;
        }
        case 'status':
          // Started and ended shows carry new facts (start time, the recording, 讲解 offsets).
          void reloadSession();
          break;
        case 'pin': {
          if (frame.productIds.some((id) => !latest.current.productIds.has(id))) void reloadSession();
          const added = frame.productIds.filter((id) => !latest.current.pinnedIds.includes(id));
          if (added.length > 0) setPinFocus(added.at(-1)!);
          break;
        }
        case 'checkout':
          setSheet(frame.holdId ? { kind: 'hold', holdId: frame.holdId } : { kind: 'order', orderId: frame.orderId });
          break;
        case 'lottery.start':
          if (!latest.current.sheetOpen) setSheet({ kind: 'lottery', lotteryId: frame.lottery.lotteryId });
          break;
        case 'lottery.draw':
          toasts.show(t('lottery.drawnToast'));
          break;
        case 'lottery.entered':
          toasts.show(t('lottery.entered'));
          break;
        case 'followed':
          if (frame.following) toasts.show(t('room.followed'));
          break;
        default:
          break;
      }
    }
  };

  const room = useRoom(session.id, onFrames);
  const tracking = useProductTracking(room.send, anonymousId());
  const { state } = room;
  latest.current = {
    identity: state.you?.identity ?? null,
    productIds: new Set(session.products.map((p) => p.productId)),
    pinnedIds: state.pinnedProductIds ?? session.pinnedProductIds,
    sheetOpen: sheet !== null,
  };
  const status = state.status ?? session.status;
  const now = useNow(1000, status !== 'ended');
  useReplayWait(status === 'ended' && session.replayUrl === null, reloadSession);

  const likeBatcher = useMemo(
    () =>
      new LikeBatcher((count) => {
        ownLikes.current += count;
        room.send({ t: 'like', count });
      }, browserScheduler),
    [room.send],
  );
  useEffect(() => () => likeBatcher.dispose(), [likeBatcher]);

  const fail = (error: unknown) => toasts.show(describeError(error, t));
  const asBuyer = (frame: Parameters<typeof room.sendAsBuyer>[0]) => room.sendAsBuyer(frame).catch(fail);

  const products = session.products;
  const pinnedIds = state.pinnedProductIds ?? session.pinnedProductIds;
  const pinned = pinnedIds.flatMap((id) => products.find((p) => p.productId === id) ?? []);
  const pinnedIndex = Math.max(0, pinned.findIndex((p) => p.productId === pinFocus));
  const announcement = state.announcement === undefined ? session.announcement : state.announcement;
  const following = state.you?.following ?? false;
  const cartUnits = cart.reduce((sum, l) => sum + l.quantity, 0);
  const flashSales = state.flashSales.filter((s) => flashPhase(s, now) !== 'ended');
  const lotteries = state.lotteries.filter((l) => l.status === 'open' || l.status === 'drawn');
  const win = state.wins.find((w) => !seenWins.includes(w.lotteryId));
  const muted = isMuted(state, now);

  const share = async () => {
    const code = state.you?.identity ?? anonymousId();
    const link = `${window.location.origin}/live/${encodeURIComponent(session.id)}?ref=${encodeURIComponent(code)}`;
    room.send({ t: 'share' });
    toasts.show((await copyToClipboard(link)) ? t('room.linkCopied') : link);
  };

  const enterLottery = (lottery: LotteryView) => {
    if (lottery.rule.kind === 'comment') {
      void asBuyer({ t: 'chat', text: lottery.rule.keyword });
      return;
    }
    if (lottery.rule.kind === 'follow' && !following) void asBuyer({ t: 'follow' });
    void asBuyer({ t: 'lottery.enter', lotteryId: lottery.lotteryId });
  };

  const orderPlaced = (order: OrderView, request: CheckoutRequest) => {
    if (request.kind === 'lines' && request.fromCart) {
      setCart(request.lines.reduce((lines, l) => setQuantity(lines, l.skuId, 0), cart));
    }
    openOrder(order.id);
  };

  const buyFlash = (sale: FlashSaleState) => setSheet({ kind: 'checkout', request: { kind: 'flash', sale } });
  const openProduct = (productId: string) => {
    tracking.click(productId);
    setSheet({ kind: 'product', productId });
  };
  const closeSheet = () => setSheet(null);
  const openOrder = useCallback((orderId: string) => setSheet({ kind: 'order', orderId }), []);

  const sheetView = (() => {
    if (!sheet) return null;
    switch (sheet.kind) {
      case 'products':
        return <ProductDrawer products={products} pinnedIds={pinnedIds} cartUnits={cartUnits} watch={tracking.watch} onOpen={openProduct} onCart={() => setSheet({ kind: 'cart' })} onClose={closeSheet} />;
      case 'product': {
        const product = products.find((p) => p.productId === sheet.productId);
        if (!product) return null;
        return (
          <ProductSheet
            key={product.productId}
            product={product}
            onAdd={(skuId, quantity) => {
              setCart(addToCart(cart, { productId: product.productId, skuId, quantity }));
              tracking.cartAdd(product.productId, skuId, quantity);
              toasts.show(t('cart.added'));
              setSheet({ kind: 'products' });
            }}
            onBuy={(skuId, quantity) => setSheet({ kind: 'checkout', request: { kind: 'lines', lines: [{ productId: product.productId, skuId, quantity }], fromCart: false } })}
            onClose={closeSheet}
          />
        );
      }
      case 'cart':
        return (
          <CartSheet
            lines={cart}
            products={products}
            onQuantity={(skuId, quantity) => setCart(setQuantity(cart, skuId, quantity))}
            onCheckout={() => setSheet({ kind: 'checkout', request: { kind: 'lines', lines: cart, fromCart: true } })}
            onClose={closeSheet}
          />
        );
      case 'checkout':
        return <CheckoutSheet sessionId={session.id} request={sheet.request} products={products} onPlaced={(order) => orderPlaced(order, sheet.request)} onClose={closeSheet} />;
      case 'hold':
        return <HoldSheet key={sheet.holdId} holdId={sheet.holdId} onOrder={openOrder} onClose={closeSheet} />;
      case 'order':
        return <OrderSheet key={sheet.orderId} orderId={sheet.orderId} onClose={closeSheet} />;
      case 'gifts':
        return (
          <GiftSheet
            coins={state.you ? state.you.coins : null}
            onSend={(giftId: GiftId) => void asBuyer({ t: 'gift', giftId, count: 1 })}
            onClose={closeSheet}
          />
        );
      case 'lottery': {
        const lottery = state.lotteries.find((l) => l.lotteryId === sheet.lotteryId);
        return lottery ? <LotterySheet lottery={lottery} now={now} following={following} onEnter={enterLottery} onClose={closeSheet} /> : null;
      }
      case 'claim':
        return <ClaimSheet lotteryId={sheet.lotteryId} prize={sheet.prize} onOrder={openOrder} onClose={closeSheet} />;
    }
  })();

  // A kick closes the socket with 4403 too; its frame, which came first, says why.
  const blocked =
    state.kicked !== null
      ? t('room.kicked', { reason: state.kicked })
      : room.connection.kind === 'closed'
        ? room.connection.closeCode === 4403
          ? t('room.banned')
          : t('room.notFound')
        : null;

  return (
    <div class={`room room--${status}`} data-testid="live-room" data-status={status}>
      {status === 'ended' ? (
        <ReplayView session={session} onBuy={openProduct} />
      ) : status === 'live' ? (
        <LivePlayer url={onThisServer(session.playUrl, session.roomUrl, window.location.origin)} />
      ) : (
        <WaitingRoom session={session} />
      )}
      {status !== 'ended' && (
        <div class="overlay">
          <TopBar session={session} online={state.online} likes={state.likes} following={following} onFollow={() => void asBuyer({ t: 'follow' })} onShare={() => void share()} />
          {announcement && <Announcement text={announcement} />}
          {room.connection.kind === 'retrying' && (
            <div class="connection" data-testid="reconnecting">
              {t('room.reconnecting')}
            </div>
          )}
          <div class="middle">
            <Danmaku flying={danmaku.flying} onLand={danmaku.land} />
            <div class="side">
              {lotteries.map((l) => (
                <LotteryBadge key={l.lotteryId} lottery={l} now={now} onOpen={() => setSheet({ kind: 'lottery', lotteryId: l.lotteryId })} />
              ))}
              {flashSales.map((s) => (
                <FlashSaleCard key={s.flashSaleId} sale={s} now={now} onBuy={buyFlash} />
              ))}
            </div>
          </div>
          <div class="lower">
            <GiftBanners banners={giftBanners.banners} />
            {pinned.length > 0 && (
              <PinnedCard
                products={pinned}
                index={pinnedIndex}
                watch={tracking.watch}
                onNext={() => setPinFocus(pinned[(pinnedIndex + 1) % pinned.length]!.productId)}
                onOpen={openProduct}
              />
            )}
            <ChatList messages={state.chat} />
          </div>
          <Hearts hearts={hearts.hearts} onPop={hearts.pop} />
          <BottomBar
            productCount={products.length}
            muted={muted}
            slowModeSeconds={state.slowModeSeconds}
            onProducts={() => setSheet({ kind: 'products' })}
            onChat={(text) => void asBuyer({ t: 'chat', text })}
            onGifts={() => setSheet({ kind: 'gifts' })}
            onLike={() => {
              likeBatcher.tap();
              hearts.float();
            }}
          />
        </div>
      )}
      {sheetView}
      {win && (
        <WinNotice
          prize={win.prize}
          onClaim={() => {
            setSeenWins([...seenWins, win.lotteryId]);
            setSheet({ kind: 'claim', lotteryId: win.lotteryId, prize: win.prize });
          }}
          onClose={() => setSeenWins([...seenWins, win.lotteryId])}
        />
      )}
      {blocked && (
        <div class="modal-layer" data-testid="room-blocked">
          <div class="win">
            <p>{blocked}</p>
          </div>
        </div>
      )}
      <Toasts toasts={toasts.toasts} />
    </div>
  );
}
