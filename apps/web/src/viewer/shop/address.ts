import type { Address } from '@livedesk/contracts';
import { PHONE_PATTERN } from '../limits';

export type AddressField = keyof Address;
export const ADDRESS_FIELDS: readonly AddressField[] = ['name', 'phone', 'province', 'city', 'district', 'detail'];

/** Why a field is refused; the page turns these into messages. */
export type AddressProblem = 'required' | 'too_long' | 'phone';

const maxLength: Record<AddressField, number> = { name: 40, phone: 11, province: 40, city: 40, district: 40, detail: 200 };

export const emptyAddress: Address = { name: '', phone: '', province: '', city: '', district: '', detail: '' };

/** The store's address rules (contracts `Address`), checked before the order is sent. */
export function validateAddress(form: Address): { ok: true; address: Address } | { ok: false; problems: Partial<Record<AddressField, AddressProblem>> } {
  const address = Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, form[f].trim()])) as Address;
  address.phone = address.phone.replace(/[\s-]/g, '');
  const problems: Partial<Record<AddressField, AddressProblem>> = {};
  for (const field of ADDRESS_FIELDS) {
    const value = address[field];
    if (value === '') problems[field] = 'required';
    else if (field === 'phone' && !PHONE_PATTERN.test(value)) problems[field] = 'phone';
    // Code points, as zod counts them: a rare character outside the BMP is one character, not two.
    else if ([...value].length > maxLength[field]) problems[field] = 'too_long';
  }
  return Object.keys(problems).length === 0 ? { ok: true, address } : { ok: false, problems };
}
