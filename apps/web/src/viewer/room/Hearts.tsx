/** @jsxImportSource preact */
import { useCallback, useRef, useState } from 'preact/hooks';

const MAX_HEARTS = 24;
const COLOURS = ['#ff4d6d', '#ff8fab', '#ffb703', '#8ecae6', '#b388ff', '#52d69c'];

interface Heart {
  id: number;
  colour: string;
  drift: number;
}

/** Hearts floating up from the like button: the viewer's own taps and the room's likes. */
export function useHearts() {
  const [hearts, setHearts] = useState<Heart[]>([]);
  const next = useRef(1);
  const float = useCallback((count = 1) => {
    const added = Array.from({ length: count }, () => ({
      id: next.current++,
      colour: COLOURS[Math.floor(Math.random() * COLOURS.length)]!,
      drift: Math.round((Math.random() - 0.5) * 60),
    }));
    setHearts((list) => [...list, ...added].slice(-MAX_HEARTS));
  }, []);
  const pop = useCallback((id: number) => setHearts((list) => list.filter((h) => h.id !== id)), []);
  return { hearts, float, pop };
}

export function Hearts({ hearts, onPop }: { hearts: Heart[]; onPop: (id: number) => void }) {
  return (
    <div class="hearts" aria-hidden="true">
      {hearts.map((h) => (
        <svg
          key={h.id}
          class="heart"
          viewBox="0 0 24 24"
          width="28"
          height="28"
          style={{ color: h.colour, '--drift': `${h.drift}px` }}
          onAnimationEnd={() => onPop(h.id)}
        >
          <path fill="currentColor" d="M12 21s-7.5-4.6-9.6-9.2C.9 8.4 2.9 4.5 6.6 4.5c2.1 0 3.6 1.2 5.4 3.2 1.8-2 3.3-3.2 5.4-3.2 3.7 0 5.7 3.9 4.2 7.3C19.5 16.4 12 21 12 21z" />
        </svg>
      ))}
    </div>
  );
}
