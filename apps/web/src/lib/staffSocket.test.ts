import { describe, expect, it } from 'vitest';
import { socketTokenSource, type StaffTokens } from './staffSocket';

/** A session whose tokens are numbered: each refresh hands out the next one; `null` once it is over. */
function fakeSession(options: { refreshRefused?: boolean } = {}) {
  let token: string | null = 't1';
  let refreshes = 0;
  const tokens: StaffTokens = {
    fresh: async () => token,
    current: () => token,
    refreshed: async () => {
      refreshes += 1;
      token = options.refreshRefused ? null : `t${refreshes + 1}`;
      return token;
    },
  };
  return {
    tokens,
    refreshes: () => refreshes,
    /** a request elsewhere in the console refreshed the session */
    refreshElsewhere: () => {
      token = 'elsewhere';
    },
  };
}

describe('staff socket tokens', () => {
  it('presents the fresh token while the server accepts it', async () => {
    const session = fakeSession();
    const source = socketTokenSource(session.tokens);
    expect(await source.next()).toBe('t1');
    expect(await source.next()).toBe('t1');
    expect(session.refreshes()).toBe(0);
  });

  it('refreshes after a rejection instead of presenting the same token again', async () => {
    const session = fakeSession();
    const source = socketTokenSource(session.tokens);
    await source.next();
    source.rejected();
    expect(await source.next()).toBe('t2');
    expect(session.refreshes()).toBe(1);
    expect(await source.next()).toBe('t2');
    expect(session.refreshes()).toBe(1);
  });

  it('takes a token refreshed elsewhere meanwhile without refreshing again', async () => {
    const session = fakeSession();
    const source = socketTokenSource(session.tokens);
    await source.next();
    session.refreshElsewhere();
    source.rejected();
    expect(await source.next()).toBe('elsewhere');
    expect(session.refreshes()).toBe(0);
  });

  it('gives no token when the refresh is refused, and none when obtaining one fails', async () => {
    const refused = fakeSession({ refreshRefused: true });
    const source = socketTokenSource(refused.tokens);
    await source.next();
    source.rejected();
    expect(await source.next()).toBeNull();

    const offline = socketTokenSource({ ...fakeSession().tokens, fresh: () => Promise.reject(new Error('offline')) });
    expect(await offline.next()).toBeNull();
  });
});
