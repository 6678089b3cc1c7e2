import { describe, expect, it } from 'vitest';
import { normalizePhone } from './phone.ts';

function phone(raw: string): string | null {
  const r = normalizePhone(raw);
  return r.ok ? r.phone : null;
}

describe('normalizePhone', () => {
  it('accepts mainland mobiles starting 13 to 19', () => {
    for (let p = 13; p <= 19; p++) expect(phone(`${p}812345678`)).toBe(`${p}812345678`);
  });

  it('normalises full-width digits, spaces, dashes and the +86 prefix of mobiles', () => {
    expect(phone('１３８１２３４５６７８')).toBe('13812345678');
    expect(phone('138 1234 5678')).toBe('13812345678');
    expect(phone('138-1234-5678')).toBe('13812345678');
    expect(phone('+86 138 1234 5678')).toBe('13812345678');
    expect(phone('+86-13812345678')).toBe('13812345678');
    expect(phone('008613812345678')).toBe('13812345678');
    expect(phone('8613812345678')).toBe('13812345678');
  });

  it('rejects mobiles with a wrong length or prefix', () => {
    for (const s of ['1381234567', '138123456789', '12812345678', '10012345678']) expect(phone(s), s).toBeNull();
  });

  it('stores landlines as AREA-NUMBER', () => {
    expect(phone('0871-12345678')).toBe('0871-12345678');
    expect(phone('0871 1234 5678')).toBe('0871-12345678');
    expect(phone('(0871)12345678')).toBe('0871-12345678');
    expect(phone('（0871）6123456')).toBe('0871-6123456');
    expect(phone('087112345678')).toBe('0871-12345678');
    expect(phone('01012345678')).toBe('010-12345678');
    expect(phone('010-12345678')).toBe('010-12345678');
    expect(phone('02087654321')).toBe('020-87654321');
    expect(phone('０８７１－１２３４５６７８')).toBe('0871-12345678');
    expect(phone('+86 871 12345678')).toBe('0871-12345678');
  });

  it('keeps an extension', () => {
    expect(phone('0871-12345678-123')).toBe('0871-12345678-123');
    expect(phone('0871-12345678转123')).toBe('0871-12345678-123');
    expect(phone('010 12345678 ext. 8')).toBe('010-12345678-8');
  });

  it('rejects landlines without area code, with a bad area code or a bad local number', () => {
    for (const s of ['12345678', '6123456', '087-1234567', '0871-123456', '0871-123456789', '0871-02345678', '0871-0234567', '0201-2345678']) {
      expect(phone(s), s).toBeNull();
    }
  });

  it('rejects empty cells, letters and several numbers in one cell with phone.format', () => {
    for (const s of ['', 'abc', '13812345678/13912345678', '138,1234,5678', '电话13812345678']) {
      const r = normalizePhone(s);
      expect(r.ok, s).toBe(false);
      if (!r.ok) expect(r.code).toBe('phone.format');
    }
  });
});
