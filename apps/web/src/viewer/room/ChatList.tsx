/** @jsxImportSource preact */
import type { ChatMessage } from '@livedesk/contracts';
import { useEffect, useRef } from 'preact/hooks';
import { useI18n } from '../i18n/i18n';

/** The comment list at the bottom left, newest at the bottom, kept scrolled to the end unless the viewer scrolled up. */
export function ChatList({ messages }: { messages: ChatMessage[] }) {
  const { t } = useI18n();
  const list = useRef<HTMLDivElement>(null);
  const pinnedToEnd = useRef(true);
  useEffect(() => {
    const element = list.current;
    if (element && pinnedToEnd.current) element.scrollTop = element.scrollHeight;
  }, [messages]);
  const onScroll = () => {
    const element = list.current;
    if (element) pinnedToEnd.current = element.scrollHeight - element.scrollTop - element.clientHeight < 24;
  };
  return (
    <div class="chat" ref={list} onScroll={onScroll} data-testid="chat-list">
      <div class="chat__item chat__item--system">{t('chat.welcome')}</div>
      {messages.map((m) => (
        <div key={m.id} class={`chat__item${m.bot ? ' chat__item--bot' : ''}`} data-testid="chat-item">
          <span class="chat__name">{m.bot ? t('chat.bot') : m.user.nickname}</span>
          {m.user.tags.includes('staff') && !m.bot && <span class="chat__tag">{t('chat.staff')}</span>}
          <span class="chat__text">{m.text}</span>
        </div>
      ))}
    </div>
  );
}
