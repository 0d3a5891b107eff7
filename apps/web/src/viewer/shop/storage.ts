import type { Address } from '@livedesk/contracts';
import { emptyAddress } from './address';
import { readCart, type CartLine } from './cart';

// What the device remembers for the buyer: the last address used and each show's cart.

const ADDRESS_KEY = 'livedesk.viewer.address';
const cartKey = (sessionId: string) => `livedesk.viewer.cart.${sessionId}`;

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode or storage full: remembered for this visit only.
  }
}

export function savedAddress(): Address {
  try {
    const stored = JSON.parse(read(ADDRESS_KEY) ?? 'null') as Partial<Address> | null;
    const merged = { ...emptyAddress, ...(stored ?? {}) };
    return Object.fromEntries(Object.entries(merged).map(([k, v]) => [k, typeof v === 'string' ? v : ''])) as Address;
  } catch {
    return emptyAddress;
  }
}

export const saveAddress = (address: Address): void => write(ADDRESS_KEY, JSON.stringify(address));

export const storedCart = (sessionId: string): CartLine[] => readCart(read(cartKey(sessionId)));
export const storeCart = (sessionId: string, lines: CartLine[]): void => write(cartKey(sessionId), JSON.stringify(lines));
