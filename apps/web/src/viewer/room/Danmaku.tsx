/** @jsxImportSource preact */
import { useCallback, useRef, useState } from 'preact/hooks';

export const DANMAKU_LANES = 4;
/** More lines than this on screen at once and new ones are dropped, as the server drops them for slow clients. */
const MAX_FLYING = 16;

export interface Flyer {
  id: number;
  text: string;
  lane: number;
  mine: boolean;
}

/** Comments flying across the video: each takes the lane that has been free longest. */
export function useDanmaku() {
  const [flying, setFlying] = useState<Flyer[]>([]);
  const next = useRef(1);
  const laneUsedAt = useRef<number[]>(Array.from({ length: DANMAKU_LANES }, () => 0));
  const launch = useCallback((text: string, mine = false) => {
    const used = laneUsedAt.current;
    const lane = used.indexOf(Math.min(...used));
    used[lane] = Date.now();
    const id = next.current++;
    setFlying((list) => (list.length >= MAX_FLYING ? list : [...list, { id, text, lane, mine }]));
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
          style={{ top: `${f.lane * 34}px`, animationDuration: `${7 + Math.min(4, f.text.length / 12)}s` }}
          data-testid="danmaku"
          onAnimationEnd={() => onLand(f.id)}
        >
          {f.text}
        </div>
      ))}
    </div>
  );
}
