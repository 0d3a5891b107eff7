import { describe, expect, it } from 'vitest';
import { carrierCode } from './carriers';

describe('carrier names', () => {
  it('reads codes and the names warehouses type', () => {
    expect(carrierCode('sf')).toBe('SF');
    expect(carrierCode('顺丰')).toBe('SF');
    expect(carrierCode(' 京东物流 ')).toBe('JD');
    expect(carrierCode('德邦')).toBeNull();
  });
});
