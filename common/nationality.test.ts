import { describe, expect, it } from 'vitest';
import { NATIONALITIES, nationalityCode, normalizeNationality } from './nationality.ts';

describe('NATIONALITIES', () => {
  it('lists the 56 nationalities in GB/T 3304 code order, then 其他 and 外国血统中国籍人士', () => {
    expect(NATIONALITIES).toHaveLength(58);
    expect(NATIONALITIES.slice(0, 56).every((n, i) => n.code === String(i + 1).padStart(2, '0'))).toBe(true);
    expect(NATIONALITIES.slice(0, 56).every((n) => n.name.endsWith('族'))).toBe(true);
    expect(NATIONALITIES[0]).toEqual({ code: '01', name: '汉族' });
    expect(NATIONALITIES[6]).toEqual({ code: '07', name: '彝族' });
    expect(NATIONALITIES[55]).toEqual({ code: '56', name: '基诺族' });
    expect(NATIONALITIES[56]).toEqual({ code: '97', name: '其他' });
    expect(NATIONALITIES[57]).toEqual({ code: '98', name: '外国血统中国籍人士' });
    expect(new Set(NATIONALITIES.map((n) => n.name)).size).toBe(58);
  });
});

describe('normalizeNationality', () => {
  it('accepts names with and without the trailing 族', () => {
    expect(normalizeNationality('汉')).toBe('汉族');
    expect(normalizeNationality('汉族')).toBe('汉族');
    expect(normalizeNationality('蒙古')).toBe('蒙古族');
    expect(normalizeNationality('土')).toBe('土族');
    expect(normalizeNationality('土家')).toBe('土家族');
    expect(normalizeNationality(' 彝族 ')).toBe('彝族');
    expect(normalizeNationality('维 吾 尔 族')).toBe('维吾尔族');
  });
  it('accepts 其他 and 外国血统中国籍人士', () => {
    expect(normalizeNationality('其他')).toBe('其他');
    expect(normalizeNationality('其它')).toBe('其他');
    expect(normalizeNationality('外国血统中国籍人士')).toBe('外国血统中国籍人士');
  });
  it('rejects unknown values', () => {
    for (const s of ['', '族', '汉人', '穿青人', 'Han', '01', '其他族']) expect(normalizeNationality(s), s).toBeNull();
  });
  it('maps every stored name to itself', () => {
    for (const n of NATIONALITIES) expect(normalizeNationality(n.name)).toBe(n.name);
  });
  it('gives the GB/T 3304 code of a name', () => {
    expect(nationalityCode('汉族')).toBe('01');
    expect(nationalityCode('其他')).toBe('97');
    expect(nationalityCode('汉')).toBeNull();
  });
});
