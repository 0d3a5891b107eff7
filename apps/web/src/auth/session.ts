import { useSyncExternalStore } from 'react';
import type { AuthResult } from '@livedesk/contracts';

/** The tokens of the signed-in staff member; everything else about them comes from `GET /me`. */
export interface StoredSession {
  token: string;
  expiresAt: number;
  refreshToken: string;
  refreshExpiresAt: number;
}

const storageKey = 'livedesk.session';
const listeners = new Set<() => void>();

// Parsing is cached by the raw string so that `useSyncExternalStore` sees a stable snapshot.
let cachedRaw: string | null = null;
let cachedSession: StoredSession | null = null;

function parse(raw: string | null): StoredSession | null {
  if (raw === null) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return null;
    const candidate = value as Partial<StoredSession>;
    if (typeof candidate.token !== 'string' || typeof candidate.refreshToken !== 'string') return null;
    return {
      token: candidate.token,
      refreshToken: candidate.refreshToken,
      expiresAt: Number(candidate.expiresAt ?? 0),
      refreshExpiresAt: Number(candidate.refreshExpiresAt ?? 0),
    };
  } catch {
    return null;
  }
}

function read(): StoredSession | null {
  const raw = localStorage.getItem(storageKey);
  if (raw !== cachedRaw) {
    cachedRaw = raw;
    cachedSession = parse(raw);
  }
  return cachedSession;
}

function notify(): void {
  for (const listener of listeners) listener();
}

// Another tab refreshing or signing out changes our tokens too.
window.addEventListener('storage', (event) => {
  if (event.key === storageKey || event.key === null) notify();
});

export const session = {
  get: read,
  set(result: AuthResult): void {
    const stored: StoredSession = {
      token: result.token,
      expiresAt: result.expiresAt,
      refreshToken: result.refreshToken,
      refreshExpiresAt: result.refreshExpiresAt,
    };
    localStorage.setItem(storageKey, JSON.stringify(stored));
    notify();
  },
  clear(): void {
    localStorage.removeItem(storageKey);
    notify();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export const useSession = (): StoredSession | null => useSyncExternalStore(session.subscribe, session.get);
