import { describe, expect, it } from 'vitest';
import { normalizeGender } from './gender.ts';

describe('normalizeGender', () => {
  it('accepts the written forms of male', () => {
    for (const s of ['男', '男性', 'M', 'm', '1', ' 男 ', 'Ｍ', '１', 'Male']) expect(normalizeGender(s), s).toBe('男');
  });
  it('accepts the written forms of female', () => {
    for (const s of ['女', '女性', 'F', 'f', '2', '\u3000女', 'female']) expect(normalizeGender(s), s).toBe('女');
  });
  it('rejects anything else', () => {
    for (const s of ['', '未知', '0', '3', 'X', '男女', 'mf']) expect(normalizeGender(s), s).toBeNull();
  });
});
