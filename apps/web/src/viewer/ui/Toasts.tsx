/** @jsxImportSource preact */
import { useCallback, useRef, useState } from 'preact/hooks';

export interface Toast {
  id: number;
  text: string;
}

const TOAST_MS = 2600;
const MAX_TOASTS = 3;

/** Short notices in the middle of the screen; the same text shown twice in a row is not stacked. */
export function useToasts() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const show = useCallback((text: string) => {
    const id = next.current++;
    setToasts((list) => (list.at(-1)?.text === text ? list : [...list, { id, text }].slice(-MAX_TOASTS)));
    window.setTimeout(() => setToasts((list) => list.filter((toast) => toast.id !== id)), TOAST_MS);
  }, []);
  return { toasts, show };
}

export function Toasts({ toasts }: { toasts: Toast[] }) {
  return (
    <div class="toasts" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} class="toast" data-testid="toast">
          {toast.text}
        </div>
      ))}
    </div>
  );
}
