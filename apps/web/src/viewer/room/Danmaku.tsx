/** @jsxImportSource preact */
import { useCallback, useRef, useState } from 'preact/hooks';

export const DANMAKU_LANES = 4;
const LANE_HEIGHT_PX = 34;
const CHAR_WIDTH_PX = 15;
/** More lines than this on screen at once and new ones are dropped, as the server drops them for slow clients. */
const MAX_FLYING = 16;

export interface Flyer {
  id: number;
  text: string;
  lane: number;
  mine: boolean;
  durationMs: number;
}

/** Longer comments fly a little longer, so every line crosses at a readable speed. */
const durationOf = (text: string) => 7000 + Math.min(4000, (text.length / 12) * 1000);

/**
 * Comments flying across the video. A lane takes a new line once the previous one's tail has left the
 * right edge; when every lane is busy the comment only goes to the list.
 */
export function useDanmaku() {
  const [flying, setFlying] = useState<Flyer[]>([]);
  const next = useRef(1);
  const laneFreeAt = useRef<number[]>(Array.from({ length: DANMAKU_LANES }, () => 0));
  const launch = useCallback((text: string, mine = false) => {
    const now = Date.now();
    const lanes = laneFreeAt.current;
    const lane = lanes.findIndex((freeAt) => freeAt <= now);
    if (lane < 0) return;
    const durationMs = durationOf(text);
    const screen = Math.min(window.innerWidth, 480);
    const width = text.length * CHAR_WIDTH_PX + 24;
    lanes[lane] = now + (durationMs * width) / (screen + width) + 300;
    const id = next.current++;
    setFlying((list) => (list.length >= MAX_FLYING ? list : [...list, { id, text, lane, mine, durationMs }]));
  }, []);
  const land = useCallback((id: number) => setFlying((list) => list.filter((f) => f.id !== id)), []);
  return { flying, launch, land };
}

export function Danmaku({ flying, onLand }: { flying: Flyer[]; onLand: (id: number) => void }) {
  return (
    <div class="danmaku" aria-hidden="true">
      {flying.map((f) => (
        <div
          key={f.id}
          class={`danmaku__line${f.mine ? ' danmaku__line--mine' : ''}`}
          style={{ top: `${f.lane * LANE_HEIGHT_PX}px`, animationDuration: `${f.durationMs}ms` }}
          data-testid="danmaku"
          onAnimationEnd={() => onLand(f.id)}
        >
          {f.text}
        </div>
      ))}
    </div>
  );
}
