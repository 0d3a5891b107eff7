/** @jsxImportSource preact */
import type { RoomUser } from '@livedesk/contracts';
import { useCallback, useRef, useState } from 'preact/hooks';
import { useI18n } from '../i18n/i18n';
import { GIFTS, type GiftId } from '../shop/gifts';
import { Sheet } from '../ui/Sheet';

const BANNER_MS = 4000;
const MAX_BANNERS = 2;

interface Banner {
  id: number;
  nickname: string;
  giftId: string;
  count: number;
}

/** Gift banners sliding in above the comments, two at most, each for a few seconds. */
export function useGiftBanners() {
  const [banners, setBanners] = useState<Banner[]>([]);
  const next = useRef(1);
  const announce = useCallback((user: RoomUser, giftId: string, count: number) => {
    const id = next.current++;
    setBanners((list) => [...list, { id, nickname: user.nickname, giftId, count }].slice(-MAX_BANNERS));
    window.setTimeout(() => setBanners((list) => list.filter((b) => b.id !== id)), BANNER_MS);
  }, []);
  return { banners, announce };
}

export function GiftBanners({ banners }: { banners: Banner[] }) {
  const { t } = useI18n();
  const known = (id: string): id is GiftId => GIFTS.some((g) => g.id === id);
  return (
    <div class="gift-banners">
      {banners.map((b) => (
        <div key={b.id} class="gift-banner" data-testid="gift-banner">
          <span class="gift-banner__name">{b.nickname}</span>
          <span>{t('gifts.sent', { gift: known(b.giftId) ? t(`gift.${b.giftId}`) : b.giftId })}</span>
          <span class="gift-banner__count">×{b.count}</span>
        </div>
      ))}
    </div>
  );
}

/** The gift panel: the viewer's coin balance and the gifts it can buy. */
export function GiftSheet({ coins, onSend, onClose }: { coins: number | null; onSend: (giftId: GiftId) => void; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Sheet title={t('gifts.title')} onClose={onClose} testId="gift-sheet">
      <div class="gifts__balance" data-testid="coin-balance">
        {t('gifts.balance', { coins: coins ?? 0 })}
      </div>
      <div class="gifts">
        {GIFTS.map((gift) => {
          const affordable = coins !== null && coins >= gift.coins;
          return (
            <button key={gift.id} type="button" class="gift" data-testid={`gift-${gift.id}`} disabled={!affordable} onClick={() => onSend(gift.id)}>
              <span class={`gift__art gift__art--${gift.id}`} aria-hidden="true" />
              <span class="gift__name">{t(`gift.${gift.id}`)}</span>
              <span class="gift__price">{t('gifts.coins', { coins: gift.coins })}</span>
            </button>
          );
        })}
      </div>
      {coins !== null && coins < GIFTS[0].coins && <p class="muted-note">{t('gifts.noCoins')}</p>}
    </Sheet>
  );
}
