import { Address } from '@livedesk/contracts';
import { describe, expect, it } from 'vitest';
import { emptyAddress, validateAddress } from './address';

const good = { name: '张三', phone: '13800138000', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 100 号' };

describe('the address form', () => {
  it('accepts a complete address, trimmed, in the shape the server takes', () => {
    const result = validateAddress({ ...good, name: '  张三 ', phone: '138 0013 8000' });
    expect(result).toEqual({ ok: true, address: good });
    if (result.ok) expect(Address.safeParse(result.address).success).toBe(true);
  });

  it('names every empty field', () => {
    const result = validateAddress(emptyAddress);
    expect(result).toEqual({
      ok: false,
      problems: { name: 'required', phone: 'required', province: 'required', city: 'required', district: 'required', detail: 'required' },
    });
  });

  it('refuses a phone that is not a mainland mobile number and text over the limits', () => {
    const result = validateAddress({ ...good, phone: '12345678901', name: '名'.repeat(41), detail: 'x'.repeat(201) });
    expect(result).toEqual({ ok: false, problems: { phone: 'phone', name: 'too_long', detail: 'too_long' } });
  });

  it('agrees with the server on every limit', () => {
    const cases = [
      { ...good, name: '名'.repeat(40) },
      { ...good, name: '𠀀'.repeat(40) },
      { ...good, name: '𠀀'.repeat(41) },
      { ...good, detail: 'x'.repeat(200) },
      { ...good, city: 'c'.repeat(41) },
      { ...good, phone: '19912345678' },
      { ...good, phone: '1991234567' },
    ];
    for (const form of cases) expect(validateAddress(form).ok, JSON.stringify(form)).toBe(Address.safeParse(form).success);
  });
});
