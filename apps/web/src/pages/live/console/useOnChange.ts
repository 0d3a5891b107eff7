import { useEffect, useRef } from 'react';

/** Runs `effect` when `value` changes after the first render (not on mount, when fresh data is loading anyway). */
export function useOnChange<T>(value: T, effect: () => void): void {
  const previous = useRef(value);
  const effectRef = useRef(effect);
  useEffect(() => {
    effectRef.current = effect;
  });
  useEffect(() => {
    if (Object.is(previous.current, value)) return;
    previous.current = value;
    effectRef.current();
  }, [value]);
}
