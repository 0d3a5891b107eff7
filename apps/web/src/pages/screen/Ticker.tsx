import { useEffect, useRef, useState } from 'react';

const DURATION_MS = 800;
const easeOutCubic = (x: number) => 1 - (1 - x) ** 3;

/**
 * A number that rolls from its last value to the new one. `data-value` always holds the value itself
 * (what the server pushed), not the frame being drawn, so a test can compare it with the API.
 */
export function Ticker({ value, format, metric, testId, className }: { value: number; format: (value: number) => string; metric?: string; testId?: string; className?: string }) {
  const [shown, setShown] = useState(value);
  const shownRef = useRef(value);

  useEffect(() => {
    const from = shownRef.current;
    if (from === value) return;
    const start = performance.now();
    let frame = requestAnimationFrame(function step(now) {
      const progress = Math.min(1, (now - start) / DURATION_MS);
      const next = progress === 1 ? value : Math.round(from + (value - from) * easeOutCubic(progress));
      shownRef.current = next;
      setShown(next);
      if (progress < 1) frame = requestAnimationFrame(step);
    });
    return () => cancelAnimationFrame(frame);
  }, [value]);

  return (
    <span className={className} data-metric={metric} data-testid={testId} data-value={value}>
      {format(shown)}
    </span>
  );
}
