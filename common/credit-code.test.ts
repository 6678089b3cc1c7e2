import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, isValidCreditCode } from './credit-code.ts';

describe('统一社会信用代码 check character', () => {
  it('accepts a code whose 18th character is the GB 32100 check character', () => {
    const first17 = '91530627MA6K0000' + '1';
    const code = first17 + creditCodeCheckChar(first17);
    expect(isValidCreditCode(code)).toBe(true);
    expect(isValidCreditCode(code.toLowerCase())).toBe(true);
  });

  it('detects every single-character change of a valid code', () => {
    const first17 = '52530627MJ0000123';
    const code = first17 + creditCodeCheckChar(first17);
    const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    for (let i = 0; i < 17; i++) {
      for (const ch of chars) {
        if (ch === code[i]) continue;
        const changed = code.slice(0, i) + ch + code.slice(i + 1);
        if (i >= 2 && i < 8 && !/\d/.test(ch)) continue; // region digits stay digits
        expect(isValidCreditCode(changed), changed).toBe(false);
      }
    }
  });

  it('rejects forbidden letters and wrong lengths', () => {
    expect(creditCodeCheckChar('9153062700000000I')).toBeNull();
    expect(isValidCreditCode('915306270000')).toBe(false);
  });
});
