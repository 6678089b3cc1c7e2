import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskPhone } from './mask.ts';

describe('maskIdNumber', () => {
  it('keeps the first 6 and last 4 characters of an 18-character number', () => {
    expect(maskIdNumber('530627199001011234')).toBe('530627********1234');
    expect(maskIdNumber('53062719900101123X')).toBe('530627********123X');
  });
  it('masks a 15-digit legacy number the same way', () => {
    expect(maskIdNumber('530627900101123')).toBe('530627*****1123');
  });
  it('hides at least half of any other string', () => {
    expect(maskIdNumber('')).toBe('');
    expect(maskIdNumber('1')).toBe('*');
    expect(maskIdNumber('12345678')).toBe('12****78');
    for (let n = 1; n < 25; n++) {
      const masked = maskIdNumber('9'.repeat(n));
      expect(masked).toHaveLength(n);
      expect(masked.split('').filter((c) => c === '*').length).toBeGreaterThanOrEqual(Math.ceil(n / 3));
    }
  });
});

describe('maskPhone', () => {
  it('masks the middle four digits of a mobile', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('+8613812341234')).toBe('+86138****1234');
  });
  it('keeps the area code and last 4 digits of a landline', () => {
    expect(maskPhone('0871-12345678')).toBe('0871-****5678');
    expect(maskPhone('010-1234567')).toBe('010-***4567');
    expect(maskPhone('0871-12345678-123')).toBe('0871-****5678-***');
  });
  it('hides all but the last characters of anything else', () => {
    expect(maskPhone('')).toBe('');
    expect(maskPhone('12345')).toBe('***45');
    expect(maskPhone('400-800-1234')).toBe('********1234');
  });
});
