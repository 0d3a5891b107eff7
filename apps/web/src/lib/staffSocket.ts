/** Where a console socket gets its access tokens (api/client and auth/session in the app). */
export interface StaffTokens {
  /** a token still valid for a little while, refreshed if need be; null when signed out */
  fresh(): Promise<string | null>;
  /** the token held right now, which a request elsewhere in the console may have refreshed */
  current(): string | null;
  /** a newly refreshed token; null when the session is over */
  refreshed(): Promise<string | null>;
}

export interface SocketTokenSource {
  /** the token for the next handshake; null when there is none to present (the caller retries later) */
  next(): Promise<string | null>;
  /** the server turned down the token `next` gave last */
  rejected(): void;
}

/**
 * Tokens for a staff WebSocket, which is authenticated only at its handshake. After a rejection only a
 * token other than the one presented is worth another try: one refreshed meanwhile, or a new one.
 */
export function socketTokenSource(tokens: StaffTokens): SocketTokenSource {
  let rejected = false;
  let presented: string | null = null;

  const pick = async (): Promise<string | null> => {
    if (!rejected) return tokens.fresh();
    rejected = false;
    const current = tokens.current();
    if (current !== null && current !== presented) return current;
    return tokens.refreshed();
  };

  return {
    async next() {
      const token = await pick().catch(() => null);
      if (token !== null) presented = token;
      return token;
    },
    rejected() {
      rejected = true;
    },
  };
}
