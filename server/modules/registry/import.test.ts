/** Unit tests of the import's building blocks (the contract itself: import.int.test.ts and the CLI test). */
import { describe, expect, it } from 'vitest';
import { makeIdNumber, makeRng } from '../../test/fake-people.ts';
import { IdNumberSet } from './import.service.ts';
import { copyField } from './registry.repo.ts';

describe('IdNumberSet', () => {
  it('answers like a Set of ID numbers through many resizes', () => {
    const rng = makeRng(1);
    const set = new IdNumberSet();
    const ref = new Set<string>();
    for (let i = 0; i < 50_000; i++) {
      const id = makeIdNumber({}, rng);
      expect(set.has(id)).toBe(ref.has(id));
      set.add(id);
      ref.add(id);
    }
    expect(set.size).toBe(ref.size);
    for (const id of ref) expect(set.has(id)).toBe(true);
    const other = makeRng(2);
    for (let i = 0; i < 10_000; i++) {
      const id = makeIdNumber({}, other);
      expect(set.has(id)).toBe(ref.has(id));
    }
  });

  it('tells apart numbers that differ in one digit only, and forgets everything on clear', () => {
    const set = new IdNumberSet();
    set.add('530627199001011234');
    expect(set.has('530627199001011234')).toBe(true);
    expect(set.has('530627199001011244')).toBe(false);
    expect(set.has('530627199001021234')).toBe(false);
    set.add('530627199001011234');
    expect(set.size).toBe(1);
    set.clear();
    expect(set.has('530627199001011234')).toBe(false);
    expect(set.size).toBe(0);
  });
});

describe('copyField (COPY text format)', () => {
  it('writes null as \\N and escapes backslashes, tabs and line breaks', () => {
    expect(copyField(null)).toBe('\\N');
    expect(copyField(undefined)).toBe('\\N');
    expect(copyField(12)).toBe('12');
    expect(copyField('云南省昭通市')).toBe('云南省昭通市');
    expect(copyField('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyField('\\N')).toBe('\\\\N');
  });

  it('drops NUL characters, which PostgreSQL text cannot hold', () => {
    expect(copyField('a\0b')).toBe('ab');
  });
});
