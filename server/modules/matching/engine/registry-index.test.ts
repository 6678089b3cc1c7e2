import { describe, expect, it } from 'vitest';
import { makeChineseName, makeIdNumber, makeRng } from '../../../test/fake-people.ts';
import { createRegistryIndex, normalizePovertyStatus, type RegistryIndex, type RegistryPersonInput } from './index.ts';

const TODAY = '2025-06-30';

function rows(): RegistryPersonInput[] {
  const rng = makeRng(99);
  const out: RegistryPersonInput[] = [];
  for (let i = 0; i < 400; i++) {
    const id = makeIdNumber({}, rng);
    out.push({ idNumber: id, name: makeChineseName(rng), household: `53062710010${String(i).padStart(4, '0')}`, regionCode: id.slice(0, 6) + '100200', povertyStatus: ['未脱贫', '已脱贫', '监测对象'][i % 3] });
  }
  const ids = [1, 2, 3].map((seq) => makeIdNumber({ region: '530627', birthDate: '1980-01-01', gender: '男', seq }, rng));
  out.push(
    { idNumber: ids[0].toLowerCase(), name: '张 三', household: '户-甲 001', regionCode: '5306', povertyStatus: '脱贫户' },
    { idNumber: ` ${ids[1]} `, name: '阿依古丽•买买提', household: '', regionCode: '530600000000', povertyStatus: '边缘易致贫户' },
    { idNumber: ids[2].slice(0, 6) + ids[2].slice(8, 17), name: '吕𠮷', household: 'H1', regionCode: 'abc', povertyStatus: '' },
    { idNumber: 'not an id', name: '王五', household: 'H2', regionCode: '530627', povertyStatus: '未脱贫' },
    { idNumber: out[3].idNumber, name: '重复', household: 'H3', regionCode: '530627', povertyStatus: '未脱贫' },
    { idNumber: makeIdNumber({}, rng), name: '䶮光', household: 'ＡＢ１２', regionCode: '５３０６２７', povertyStatus: '其他' },
    { idNumber: makeIdNumber({}, rng), name: 'John Smith', household: '  ', regionCode: '', povertyStatus: '已脱贫' },
  );
  return out;
}

/** The byte ranges addUtf8 takes, from one buffer holding every cell. */
function viaUtf8(people: RegistryPersonInput[]): RegistryIndex {
  const b = createRegistryIndex({ today: TODAY }, 16);
  for (const p of people) {
    const cells = [p.idNumber, p.name, p.household ?? '', p.regionCode ?? '', p.povertyStatus ?? ''];
    const parts = cells.map((c) => Buffer.from(c, 'utf8'));
    const buf = Buffer.concat([Buffer.from('pad'), ...parts]);
    const se: number[] = [];
    let o = 3;
    for (const part of parts) {
      se.push(o, o + part.length);
      o += part.length;
    }
    b.addUtf8(buf, se[0], se[1], se[2], se[3], se[4], se[5], se[6], se[7], se[8], se[9]);
  }
  return b.finish();
}

function snapshot(index: RegistryIndex, n: number): unknown[] {
  const out: unknown[] = [];
  for (let p = 0; p < n; p++) {
    out.push([index.idOf(p), index.nameOf(p), index.householdOf(p), index.povertyOf(p), index.regionOf(p), index.regionPrecisionOf(p), index.birthDayOf(p), index.genderOf(p)]);
  }
  return out;
}

describe('RegistryIndexBuilder.addUtf8', () => {
  it('stores exactly what add() stores, for plain and unusual cells', () => {
    const people = rows();
    const a = createRegistryIndex({ today: TODAY }, 16);
    for (const p of people) a.add(p);
    const viaStrings = a.finish();
    const viaBytes = viaUtf8(people);
    expect(viaBytes.stats).toEqual(viaStrings.stats);
    expect(viaStrings.stats).toMatchObject({ invalidIds: 1, duplicates: 1, legacy15: 1 });
    // Rows are numbered in input order including the dropped duplicate; compare all stored rows.
    const stored = viaStrings.stats.rows - viaStrings.stats.invalidIds;
    expect(snapshot(viaBytes, stored)).toEqual(snapshot(viaStrings, stored));
    const extra = stored - 6;
    expect(viaStrings.nameOf(extra)).toBe('张三');
    expect(viaStrings.householdOf(extra)).toBe('户-甲 001');
    expect(viaStrings.povertyOf(extra)).toBe('已脱贫');
    expect(viaStrings.nameOf(extra + 1)).toBe('阿依古丽·买买提');
    expect(viaStrings.householdOf(extra + 1)).toBeNull();
    expect(viaStrings.povertyOf(extra + 1)).toBe('监测对象');
    expect(viaStrings.regionPrecisionOf(extra + 1)).toBe(4);
  });
});

describe('normalizePovertyStatus', () => {
  it('understands the three statuses and common spellings', () => {
    expect(normalizePovertyStatus('未脱贫')).toBe('未脱贫');
    expect(normalizePovertyStatus(' 脱贫户 ')).toBe('已脱贫');
    expect(normalizePovertyStatus('突发严重困难户')).toBe('监测对象');
    expect(normalizePovertyStatus('其他')).toBeNull();
    expect(normalizePovertyStatus(null)).toBeNull();
  });
});
