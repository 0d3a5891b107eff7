import { uuidv7 } from './uuidv7.js';

const ANONYMOUS_ID_KEY = 'livedesk.anonymousId';
const USER_ID_KEY = 'livedesk.userId';

/** The part of the Web Storage API the tracker uses (localStorage, sessionStorage or an equivalent). */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** localStorage when the page may use it; reading it throws in some sandboxed frames. */
export function defaultStorage(): KeyValueStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/**
 * Who the device and the person are: the anonymous id is made once and kept, the user id is set by
 * `identify`. Values live in memory first, so a storage that throws (private mode, quota) or is missing
 * still gives one stable id for the page's life.
 */
export class Identity {
  private anonymous: string;
  private user: string | null;

  constructor(
    private readonly storage: KeyValueStorage | null,
    fixedAnonymousId?: string,
  ) {
    this.anonymous = fixedAnonymousId ?? this.read(ANONYMOUS_ID_KEY) ?? uuidv7();
    if (!fixedAnonymousId) this.write(ANONYMOUS_ID_KEY, this.anonymous);
    this.user = this.read(USER_ID_KEY);
  }

  get anonymousId(): string {
    return this.anonymous;
  }

  get userId(): string | null {
    return this.user;
  }

  identify(userId: string): void {
    this.user = userId;
    this.write(USER_ID_KEY, userId);
  }

  /** Logout: forget the user and start a new device identity, so the next person is not joined to the last. */
  reset(): void {
    this.user = null;
    this.write(USER_ID_KEY, null);
    this.anonymous = uuidv7();
    this.write(ANONYMOUS_ID_KEY, this.anonymous);
  }

  private read(key: string): string | null {
    try {
      return this.storage?.getItem(key) || null;
    } catch {
      return null;
    }
  }

  private write(key: string, value: string | null): void {
    try {
      if (value === null) this.storage?.removeItem(key);
      else this.storage?.setItem(key, value);
    } catch {
      // Private mode or a full quota: the id still holds for this page's life.
    }
  }
}
