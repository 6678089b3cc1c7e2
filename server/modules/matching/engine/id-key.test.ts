import { describe, expect, it } from 'vitest';
import { isValidId18 } from '../../../../common/id-number.ts';
import { makeIdNumber, makeRng } from '../../../test/fake-people.ts';
import { parseBirthDay } from './birth-date.ts';
import {
  cleanIdText,
  dayNumber,
  formatDayNumber,
  forEachDoubleErrorCandidate,
  forEachLegacy15TypoCandidate,
  forEachSingleErrorCandidate,
  idFromKey,
  legacy15Key,
  type CorrectionKind,
} from './id-key.ts';

function keyOf(id: string): string {
  return `${Number(id.slice(0, 9))}/${Number(id.slice(9, 17))}`;
}

function collect(gen: (text: string, filter: null, sink: (hi: number, lo: number, kind: CorrectionKind) => void) => void, text: string): Set<string> {
  const out = new Set<string>();
  gen(text, null, (hi, lo) => out.add(`${hi}/${lo}`));
  return out;
}

/** Every valid 18-digit number one substitution (in the first 17), adjacent swap or check change away, by brute force. */
function bruteSingle(text: string): Set<string> {
  const out = new Set<string>();
  const chars = '0123456789';
  for (let i = 0; i < 17; i++) {
    for (const c of chars) {
      const v = text.slice(0, i) + c + text.slice(i + 1);
      if (v !== text && isValidId18(v, 99991231)) out.add(keyOf(v));
    }
  }
  for (const c of '0123456789X') {
    const v = text.slice(0, 17) + c;
    if (v !== text && isValidId18(v, 99991231)) out.add(keyOf(v));
  }
  for (let i = 0; i < 17; i++) {
    const v = text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2);
    if (v !== text && isValidId18(v, 99991231)) out.add(keyOf(v));
  }
  return out;
}

/** Keys with a valid province and real date (what the generator may leave to the index to reject). */
function realistic(keys: Set<string>): Set<string> {
  return new Set([...keys].filter((k) => {
    const [hi, lo] = k.split('/').map(Number);
    return isValidId18(idFromKey(hi, lo), 99991231);
  }));
}

describe('single-error candidates', () => {
  it('match a brute-force enumeration on random mistyped numbers', () => {
    const rng = makeRng(42);
    for (let n = 0; n < 300; n++) {
      const id = makeIdNumber({}, rng);
      const pos = Math.floor(rng() * 18);
      const typed = id.slice(0, pos) + String((Number(id[pos] === 'X' ? 1 : id[pos]) + 1 + Math.floor(rng() * 8)) % 10) + id.slice(pos + 1);
      if (isValidId18(typed, 99991231)) continue;
      const got = realistic(collect(forEachSingleErrorCandidate, typed));
      expect(got).toEqual(bruteSingle(typed));
      expect(got.has(keyOf(id))).toBe(true);
    }
  });

  it('find the number behind an unreadable character, a missing digit and an extra digit', () => {
    const id = makeIdNumber({ region: '530627', birthDate: '1990-05-12', gender: '男', seq: 7 });
    expect(collect(forEachSingleErrorCandidate, id.slice(0, 10) + '*' + id.slice(11)).has(keyOf(id))).toBe(true);
    for (let k = 0; k < 18; k++) {
      expect(collect(forEachSingleErrorCandidate, id.slice(0, k) + id.slice(k + 1)).has(keyOf(id))).toBe(true);
      expect(collect(forEachSingleErrorCandidate, id.slice(0, k) + '5' + id.slice(k)).has(keyOf(id))).toBe(true);
    }
  });

  it('generate nothing for text that is not an ID number', () => {
    expect(collect(forEachSingleErrorCandidate, '').size).toBe(0);
    expect(collect(forEachSingleErrorCandidate, 'abcdefghijklmnopqr').size).toBe(0);
    expect(collect(forEachSingleErrorCandidate, '12345').size).toBe(0);
  });
});

describe('double-error and legacy candidates', () => {
  it('cover every number with one of the first 17 digits changed', () => {
    const id = makeIdNumber({ region: '110101', birthDate: '1985-03-04', gender: '女', seq: 3 });
    const keys = collect(forEachDoubleErrorCandidate, id);
    expect(keys.size).toBeLessThanOrEqual(17 * 9);
    const other = id.slice(0, 12) + ((Number(id[12]) + 1) % 10) + id.slice(13, 17);
    expect(keys.has(keyOf(other + '0'))).toBe(true);
  });

  it('convert 15-digit numbers and their single typos', () => {
    const id = makeIdNumber({ region: '530627', birthDate: '1966-03-15', gender: '男', seq: 9 });
    const legacy = id.slice(0, 6) + id.slice(8, 17);
    const key = legacy15Key(legacy);
    expect(key && `${key.hi}/${key.lo}`).toBe(keyOf(id));
    const typo = legacy.slice(0, 12) + ((Number(legacy[12]) + 3) % 10) + legacy.slice(13);
    expect(collect(forEachLegacy15TypoCandidate, typo).has(keyOf(id))).toBe(true);
    expect(legacy15Key('12345678901234X')).toBeNull();
  });
});

describe('ID text and dates', () => {
  it('cleans typed ID numbers', () => {
    expect(cleanIdText(' 5306 2719-9005-1200 1x ')).toBe('53062719900512001X');
    expect(cleanIdText('５３０６２７１９９００５１２００１Ｘ')).toBe('53062719900512001X');
  });

  it('counts days from 1900-01-01 and formats them back', () => {
    expect(dayNumber(1900, 1, 1)).toBe(0);
    expect(dayNumber(1900, 3, 1)).toBe(59);
    expect(dayNumber(2000, 2, 29) + 1).toBe(dayNumber(2000, 3, 1));
    expect(formatDayNumber(dayNumber(1990, 5, 12))).toBe('1990-05-12');
  });

  it('parses birth dates as people write them', () => {
    const d = dayNumber(1990, 5, 12);
    for (const s of ['1990-05-12', '1990/5/12', '1990.5.12', '1990年5月12日', '19900512', '1990-05-12 00:00:00', '1990-05-12T00:00:00.000Z', String(d + 2)]) {
      expect(parseBirthDay(s)).toBe(d);
    }
    for (const s of ['', null, undefined, '1990-02-30', '不详', '1899-12-31', '12']) expect(parseBirthDay(s)).toBe(-1);
  });
});
