import { ApiError, viewerApi } from './api';

/*
 * Who this device is. The anonymous id is made once and kept (the room's presence and the analytics key);
 * the guest buyer is created only when the viewer first does something that needs one (comment, buy,
 * enter a lottery), so lurkers do not fill the buyers table.
 */

const ANONYMOUS_ID_KEY = 'livedesk.viewer.anonymousId';
const BUYER_KEY = 'livedesk.viewer.buyer';

/** The shop whose room this page shows: a buyer belongs to one shop, so tokens are kept per shop. */
let shop = '';
export function enterShop(orgSlug: string): void {
  shop = orgSlug;
}
const buyerKey = () => `${BUYER_KEY}.${shop}`;

interface StoredBuyer {
  buyerId: string;
  token: string;
  expiresAt: number;
}

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Private mode or storage full: the page still works for this visit.
  }
}

let memoryAnonymousId: string | null = null;

export function anonymousId(): string {
  const stored = read(ANONYMOUS_ID_KEY);
  if (stored) return stored;
  memoryAnonymousId ??= crypto.randomUUID();
  write(ANONYMOUS_ID_KEY, memoryAnonymousId);
  return memoryAnonymousId;
}

/** The stored buyer's token while it is valid for another minute. */
export function buyerToken(now = Date.now()): string | undefined {
  const raw = read(buyerKey());
  if (!raw) return undefined;
  try {
    const buyer = JSON.parse(raw) as StoredBuyer;
    return typeof buyer.token === 'string' && buyer.expiresAt > now + 60_000 ? buyer.token : undefined;
  } catch {
    return undefined;
  }
}

export function forgetBuyer(): void {
  write(buyerKey(), null);
}

let creating: Promise<string> | null = null;

/** The buyer token, creating a guest buyer the first time. */
export async function ensureBuyer(): Promise<string> {
  const token = buyerToken();
  if (token) return token;
  creating ??= viewerApi
    .createBuyer(shop)
    .then((created) => {
      write(buyerKey(), JSON.stringify({ buyerId: created.buyerId, token: created.token, expiresAt: created.expiresAt } satisfies StoredBuyer));
      return created.token;
    })
    .finally(() => {
      creating = null;
    });
  return creating;
}

/** Runs a store call as the buyer; a token the server no longer accepts is replaced once. */
export async function asBuyer<T>(run: (token: string) => Promise<T>): Promise<T> {
  try {
    return await run(await ensureBuyer());
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    forgetBuyer();
    return run(await ensureBuyer());
  }
}
