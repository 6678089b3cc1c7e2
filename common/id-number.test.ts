import { describe, expect, it } from 'vitest';
import {
  PROVINCE_CODES,
  birthDateFromId,
  checkIdNumber,
  convertId15To18,
  genderFromId,
  idCheckDigit,
  isValidId18,
} from './id-number.ts';
import { makeIdNumber, makeRng } from '../server/test/fake-people.ts';

const TODAY = '2024-06-30';

/** Well-known published example number (GB 11643-1999 appendix style). */
const SAMPLE = '11010519491231002X';

function withCheck(first17: string): string {
  return first17 + idCheckDigit(first17);
}

describe('idCheckDigit', () => {
  it('computes the GB 11643-1999 check digit, X for 10', () => {
    expect(idCheckDigit('11010519491231002')).toBe('X');
    expect(idCheckDigit('44052418800101001')).toBe('4');
    expect(idCheckDigit('53062719900101123')).toBe(idCheckDigit('53062719900101123'));
  });
  it('rejects input that is not 17 digits', () => {
    expect(() => idCheckDigit('1234')).toThrow();
    expect(() => idCheckDigit('1101051949123100X')).toThrow();
  });
});

describe('convertId15To18', () => {
  it('inserts 19 before the birth year and appends the check digit', () => {
    expect(convertId15To18('110105491231002')).toBe('11010519491231002X');
  });
});

describe('PROVINCE_CODES', () => {
  it('contains exactly the 34 province-level codes', () => {
    expect(PROVINCE_CODES.size).toBe(34);
    for (const c of ['11', '15', '21', '23', '31', '37', '41', '46', '50', '54', '61', '65', '71', '81', '82']) {
      expect(PROVINCE_CODES.has(c), c).toBe(true);
    }
    for (const c of ['00', '10', '16', '20', '24', '30', '38', '40', '47', '49', '55', '60', '66', '70', '80', '83', '91', '99']) {
      expect(PROVINCE_CODES.has(c), c).toBe(false);
    }
  });
});

describe('checkIdNumber', () => {
  it('accepts a valid number and reports birth date and gender', () => {
    expect(checkIdNumber(SAMPLE, TODAY)).toEqual({
      ok: true,
      id: SAMPLE,
      converted15: false,
      birthDate: '1949-12-31',
      gender: '女',
    });
    const male = withCheck('53062719900101123');
    expect(checkIdNumber(male, TODAY)).toMatchObject({ ok: true, gender: '男', birthDate: '1990-01-01' });
  });

  it('cleans the cell and upper-cases a trailing x', () => {
    expect(checkIdNumber(' 11010519491231002x\u200b', TODAY)).toMatchObject({ ok: true, id: SAMPLE });
    expect(checkIdNumber('１１０１０５１９４９１２３１００２Ｘ', TODAY)).toMatchObject({ ok: true, id: SAMPLE });
  });

  it('converts a 15-digit legacy number and flags the conversion', () => {
    expect(checkIdNumber('110105491231002', TODAY)).toEqual({
      ok: true,
      id: SAMPLE,
      converted15: true,
      birthDate: '1949-12-31',
      gender: '女',
    });
  });

  it('rejects wrong lengths and characters with id.format', () => {
    for (const s of ['', '1234', '11010519491231002XX', '1101051949123100', '1101051949123100X2', '11010519491231002Y', 'X10105194912310021', '11010549123100X', '1101051949 231002X']) {
      const r = checkIdNumber(s, TODAY);
      expect(r.ok, s).toBe(false);
      if (!r.ok) expect(r.code, s).toBe('id.format');
    }
  });

  it('rejects a first two digits that are not a province with id.region', () => {
    for (const p of ['00', '10', '19', '39', '72', '83', '99']) {
      const r = checkIdNumber(withCheck(p + '010519491231002'), TODAY);
      expect(r, p).toMatchObject({ ok: false, code: 'id.region' });
    }
  });

  it('accepts an abolished area code under a valid province', () => {
    // 532101 (昭通县, abolished 1983 → 昭通市/昭阳区): people keep their numbers.
    expect(checkIdNumber(withCheck('53210119700101001'), TODAY)).toMatchObject({ ok: true });
  });

  it('rejects impossible, too early and future birth dates with id.birthdate', () => {
    const cases = ['19900230', '19910229', '19901301', '19900001', '19900100', '18991231', '20240701', '21000101'];
    for (const d of cases) {
      const r = checkIdNumber(withCheck(`530627${d}123`), TODAY);
      expect(r, d).toMatchObject({ ok: false, code: 'id.birthdate' });
    }
    expect(checkIdNumber(withCheck('53062720000229123'), TODAY)).toMatchObject({ ok: true });
    expect(checkIdNumber(withCheck('53062719000101123'), TODAY)).toMatchObject({ ok: true });
    expect(checkIdNumber(withCheck('53062720240630123'), TODAY)).toMatchObject({ ok: true });
  });

  it('reports id.birthdate rather than id.checksum when both are wrong', () => {
    const id = withCheck('53062719900230123');
    const wrongCheck = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    expect(checkIdNumber(wrongCheck, TODAY)).toMatchObject({ ok: false, code: 'id.birthdate' });
  });

  it('rejects a wrong check digit with id.checksum', () => {
    for (const last of '0123456789X') {
      if (last === 'X') continue;
      const r = checkIdNumber(SAMPLE.slice(0, 17) + last, TODAY);
      expect(r).toMatchObject({ ok: false, code: 'id.checksum' });
    }
  });

  it('uses the current date in China when no date is given', () => {
    expect(checkIdNumber(SAMPLE)).toMatchObject({ ok: true });
    expect(checkIdNumber(withCheck('53062721000101123'))).toMatchObject({ ok: false, code: 'id.birthdate' });
  });

  it('writes messages in Chinese', () => {
    const r = checkIdNumber('123', TODAY);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/身份证号/);
  });
});

describe('genderFromId and birthDateFromId', () => {
  it('read the 17th digit and the birth date', () => {
    expect(genderFromId(SAMPLE)).toBe('女');
    expect(genderFromId(withCheck('53062719900101123'))).toBe('男');
    expect(birthDateFromId(SAMPLE)).toBe('1949-12-31');
  });
});

describe('isValidId18', () => {
  it('agrees with checkIdNumber on normalised numbers', () => {
    const rng = makeRng(7);
    const todayInt = 20240630;
    for (let i = 0; i < 2000; i++) {
      const id = makeIdNumber({}, rng);
      const chars = id.split('');
      const pos = Math.floor(rng() * 18);
      chars[pos] = pos === 17 ? '0123456789X'[Math.floor(rng() * 11)] : String(Math.floor(rng() * 10));
      const mutated = chars.join('');
      expect(isValidId18(mutated, todayInt), mutated).toBe(checkIdNumber(mutated, TODAY).ok);
    }
  });
});

describe('property: the check digit catches single typos and transpositions', () => {
  const rng = makeRng(20240630);
  const ids = Array.from({ length: 300 }, () => makeIdNumber({}, rng));

  it('generates only valid numbers with the requested fields', () => {
    for (const id of ids) expect(checkIdNumber(id, TODAY).ok, id).toBe(true);
    const id = makeIdNumber({ region: '530627', birthDate: '1988-02-29', gender: '女', seq: 12 }, rng);
    expect(id.slice(0, 17)).toBe('53062719880229024');
    expect(checkIdNumber(id, TODAY)).toMatchObject({ ok: true, gender: '女', birthDate: '1988-02-29' });
  });

  it('detects every single-digit change in the first 17 positions', () => {
    let mutations = 0;
    for (const id of ids) {
      for (let pos = 0; pos < 17; pos++) {
        for (let d = 0; d <= 9; d++) {
          const ch = String(d);
          if (ch === id[pos]) continue;
          const mutated = id.slice(0, pos) + ch + id.slice(pos + 1);
          const r = checkIdNumber(mutated, TODAY);
          mutations++;
          // Detected: rejected (checksum, or an earlier structural check).
          if (r.ok) throw new Error(`undetected change ${id} → ${mutated}`);
        }
      }
    }
    expect(mutations).toBe(300 * 17 * 9);
  });

  it('detects every adjacent swap of distinct characters', () => {
    let swaps = 0;
    for (const id of ids) {
      for (let pos = 0; pos < 17; pos++) {
        if (id[pos] === id[pos + 1]) continue;
        const swapped = id.slice(0, pos) + id[pos + 1] + id[pos] + id.slice(pos + 2);
        const r = checkIdNumber(swapped, TODAY);
        swaps++;
        // A swap that moves X out of the last place fails the format check; one that
        // survives every check would have to be a different valid number.
        if (r.ok) expect(r.id, `${id} → ${swapped}`).not.toBe(id);
        if (r.ok) throw new Error(`undetected swap ${id} → ${swapped}`);
      }
    }
    expect(swaps).toBeGreaterThan(300 * 10);
  });
});
