import { useId } from 'react';

/** The LiveDesk mark: a play button (live video) with a "recording" dot. */
export function LogoMark({ size = 28 }: { size?: number }) {
  const gradientId = useId();
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
      <defs>
        <linearGradient id={gradientId} x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#3d7bff" />
          <stop offset="1" stopColor="#1447e6" />
        </linearGradient>
      </defs>
      <rect width="32" height="32" rx="8" fill={`url(#${gradientId})`} />
      <path d="M12 9.5v13l10.5-6.5z" fill="#fff" />
      <circle cx="24.5" cy="8" r="3" fill="#ff3b5c" stroke="#fff" strokeWidth="1.5" />
    </svg>
  );
}
