/** @jsxImportSource preact */
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { useI18n } from '../i18n/i18n';
import { Icon } from './icons';

/** A bottom sheet over the room: tapping the dimmed room above or the close button dismisses it. */
export function Sheet({ title, onClose, children, testId, tall = false }: { title: ComponentChildren; onClose: () => void; children: ComponentChildren; testId?: string; tall?: boolean }) {
  const { t } = useI18n();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div class="sheet-layer">
      <div class="sheet-backdrop" onClick={onClose} />
      <section class={`sheet${tall ? ' sheet--tall' : ''}`} role="dialog" aria-modal="true" data-testid={testId}>
        <header class="sheet__head">
          <h2 class="sheet__title">{title}</h2>
          <button type="button" class="icon-button sheet__close" aria-label={t('common.close')} onClick={onClose}>
            <Icon name="close" size={20} />
          </button>
        </header>
        <div class="sheet__body">{children}</div>
      </section>
    </div>
  );
}
