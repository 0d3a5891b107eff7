/** @jsxImportSource preact */
import { Icon } from '../ui/icons';

export function Announcement({ text }: { text: string }) {
  return (
    <div class="announcement" data-testid="announcement">
      <Icon name="megaphone" size={16} />
      <span class="announcement__text">{text}</span>
    </div>
  );
}
