/** @jsxImportSource preact */
import { useState } from 'preact/hooks';
import { useI18n } from '../i18n/i18n';
import { MAX_CHAT_LENGTH } from '../limits';
import { Icon } from '../ui/icons';

interface Props {
  productCount: number;
  muted: boolean;
  slowModeSeconds: number;
  onProducts: () => void;
  onChat: (text: string) => void;
  onGifts: () => void;
  onLike: () => void;
}

/** 小黄车, the comment box, gifts and the like button, along the bottom edge as in the apps. */
export function BottomBar({ productCount, muted, slowModeSeconds, onProducts, onChat, onGifts, onLike }: Props) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const submit = (event: Event) => {
    event.preventDefault();
    const trimmed = text.trim();
    if (!trimmed || muted) return;
    onChat(trimmed);
    setText('');
  };
  const placeholder = muted ? t('chat.muted') : slowModeSeconds > 0 ? t('chat.slowMode', { seconds: slowModeSeconds }) : t('chat.placeholder');
  return (
    <footer class="bottombar">
      <button type="button" class="cart-button" data-testid="products-button" aria-label={t('products.open')} onClick={onProducts}>
        <Icon name="bag" size={22} />
        {productCount > 0 && <span class="cart-button__count">{productCount}</span>}
      </button>
      <form class="chat-form" onSubmit={submit}>
        <input
          class="chat-form__input"
          data-testid="chat-input"
          type="text"
          enterKeyHint="send"
          maxLength={MAX_CHAT_LENGTH}
          value={text}
          disabled={muted}
          placeholder={placeholder}
          aria-label={t('chat.placeholder')}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        {text.trim() !== '' && (
          <button type="submit" class="chat-form__send" data-testid="chat-send">
            {t('chat.send')}
          </button>
        )}
      </form>
      <button type="button" class="round-button round-button--gift" data-testid="gift-button" aria-label={t('gifts.title')} onClick={onGifts}>
        <Icon name="gift" size={22} />
      </button>
      <button type="button" class="round-button round-button--like" data-testid="like-button" aria-label={t('room.like')} onClick={onLike}>
        <Icon name="heart" size={24} filled />
      </button>
    </footer>
  );
}
