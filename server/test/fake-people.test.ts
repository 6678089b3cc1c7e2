import { describe, expect, it } from 'vitest';
import { checkIdNumber } from '../../common/id-number.ts';
import { normalizePersonName } from '../../common/person-name.ts';
import { makeChineseName, makeIdNumber, makeRng } from './fake-people.ts';

describe('makeRng', () => {
  it('is deterministic per seed and stays in [0, 1)', () => {
    const a = makeRng(42);
    const b = makeRng(42);
    const c = makeRng(43);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('makeIdNumber', () => {
  it('makes valid numbers that honour region, birth date, gender and sequence', () => {
    const rng = makeRng(1);
    for (let i = 0; i < 1000; i++) {
      const id = makeIdNumber({}, rng);
      expect(checkIdNumber(id, '2024-01-01').ok, id).toBe(true);
    }
    const id = makeIdNumber({ region: '530621', birthDate: '2000-02-29', gender: '男', seq: 0 }, rng);
    expect(id.slice(0, 17)).toBe('53062120000229001');
    expect(checkIdNumber(id, '2024-01-01')).toMatchObject({ ok: true, gender: '男', birthDate: '2000-02-29' });
    expect(makeIdNumber({ region: '530621', birthDate: '2000-02-29', gender: '女', seq: 499 }, rng).slice(14, 17)).toBe('998');
  });

  it('rejects malformed options', () => {
    expect(() => makeIdNumber({ region: '5306' })).toThrow();
    expect(() => makeIdNumber({ birthDate: '2000/01/01' })).toThrow();
    expect(() => makeIdNumber({ seq: 500 })).toThrow();
  });
});

describe('makeChineseName', () => {
  it('makes names the registry accepts, including rare characters and minority names', () => {
    const rng = makeRng(7);
    let minority = 0;
    let astral = 0;
    for (let i = 0; i < 20_000; i++) {
      const name = makeChineseName(rng);
      const r = normalizePersonName(name);
      expect(r, name).toEqual({ ok: true, name });
      if (name.includes('·')) minority++;
      if (/[\u{20000}-\u{323af}]/u.test(name)) astral++;
    }
    expect(minority).toBeGreaterThan(200);
    expect(astral).toBeGreaterThan(100);
  });
});
