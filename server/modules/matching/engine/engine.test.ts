import { describe, expect, it } from 'vitest';
import { idCheckDigit, isValidId18 } from '../../../../common/id-number.ts';
import { makeIdNumber, makeRng } from '../../../test/fake-people.ts';
import { buildRegistryIndex, createRegistryIndex, matchRecords, type MatchResult, type RegistryIndex, type RegistryPersonInput } from './index.ts';

const TODAY = '2025-06-30';
const rng = makeRng(20250630);

function id(region: string, birthDate: string, gender: '男' | '女', seq: number): string {
  return makeIdNumber({ region, birthDate, gender, seq }, rng);
}

/** The same number with one digit (0-based position) replaced so that it is invalid. */
function mistype(valid: string, pos: number): string {
  for (let x = 0; x <= 9; x++) {
    const v = valid.slice(0, pos) + String(x) + valid.slice(pos + 1);
    if (v !== valid && !isValidId18(v)) return v;
  }
  throw new Error('no invalid variant');
}

function swap(s: string, i: number): string {
  return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
}

function to15(id18: string): string {
  return id18.slice(0, 6) + id18.slice(8, 17);
}

const A_ID = id('530627', '1990-05-12', '男', 11);
const B_ID = id('530627', '1988-11-03', '女', 22);
const C_ID = id('530621', '1975-01-20', '女', 33);
const D_ID = id('530602', '2001-07-07', '女', 44); // minority name
const E_ID = id('530627', '1966-03-15', '男', 55); // legacy 15-digit holder
const W_ID = id('530627', '1995-09-09', '男', 66); // 王伟 (common name)
const F_ID = id('530623', '1999-12-01', '女', 77); // 王丽 (homophone target)

const REGISTRY: RegistryPersonInput[] = [
  { idNumber: A_ID, name: '张晓明', household: '5306270010010001', regionCode: '530627100200', povertyStatus: '未脱贫' },
  { idNumber: B_ID, name: '刘桂芬', household: '5306270010010002', regionCode: '530627', povertyStatus: '已脱贫' },
  { idNumber: C_ID, name: '黄丽华', household: '5306210020030001', regionCode: '530621', povertyStatus: '监测对象' },
  { idNumber: D_ID, name: '阿依古丽·买买提', household: '5306020030010001', regionCode: '530602', povertyStatus: '未脱贫' },
  { idNumber: E_ID, name: '陈德福', household: '5306270040010001', regionCode: '530627', povertyStatus: '已脱贫' },
  { idNumber: W_ID, name: '王伟', household: '5306270050010001', regionCode: '530627', povertyStatus: '未脱贫' },
  { idNumber: F_ID, name: '王丽', household: '5306230060010001', regionCode: '530623', povertyStatus: '未脱贫' },
];

async function registry(extra: RegistryPersonInput[] = [], config = {}): Promise<RegistryIndex> {
  return buildRegistryIndex([...REGISTRY, ...extra], { today: TODAY, ...config });
}

function expectNotAutoAccepted(r: MatchResult): void {
  expect(r.tier === 'none' || r.needsReview).toBe(true);
}

describe('exact tier', () => {
  it('matches the same valid ID with the same name and returns the registry facts', async () => {
    const index = await registry();
    const r = index.matchRecord({ name: '张晓明', idNumber: A_ID });
    expect(r).toMatchObject({ tier: 'exact', registryId: A_ID, household: '5306270010010001', povertyStatus: '未脱贫', confidence: 1, needsReview: false });
    expect(r.explanation).toContain('一致');
  });

  it('cleans the ID cell first: full-width digits, spaces, lower-case x, zero-width characters', async () => {
    const xId = (() => {
      for (let seq = 0; seq < 500; seq++) {
        const v = makeIdNumber({ region: '530627', birthDate: '1980-02-02', gender: '男', seq });
        if (v.endsWith('X')) return v;
      }
      throw new Error('no X number');
    })();
    const index = await registry([{ idNumber: xId, name: '赵国强', household: 'H', regionCode: '530627', povertyStatus: '已脱贫' }]);
    const fullWidth = A_ID.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    expect(index.matchRecord({ name: '张晓明', idNumber: fullWidth }).tier).toBe('exact');
    expect(index.matchRecord({ name: '张晓明', idNumber: ` ${A_ID.slice(0, 6)} ${A_ID.slice(6, 14)} ${A_ID.slice(14)}\u200b ` }).tier).toBe('exact');
    expect(index.matchRecord({ name: '赵国强', idNumber: xId.toLowerCase() }).tier).toBe('exact');
  });

  it('normalises names the way the registry does (spaces, interpuncts, traditional characters)', async () => {
    const index = await registry();
    expect(index.matchRecord({ name: ' 张 晓明 ', idNumber: A_ID })).toMatchObject({ tier: 'exact', confidence: 1 });
    expect(index.matchRecord({ name: '阿依古丽•买买提', idNumber: D_ID })).toMatchObject({ tier: 'exact', confidence: 1 });
    expect(index.matchRecord({ name: '阿依古丽买买提', idNumber: D_ID })).toMatchObject({ tier: 'exact', confidence: 1 });
    const trad = index.matchRecord({ name: '張曉明', idNumber: A_ID });
    expect(trad).toMatchObject({ tier: 'exact', needsReview: false });
    expect(trad.confidence).toBeGreaterThan(0.9);
    expect(trad.confidence).toBeLessThan(1);
    expect(trad.explanation).toContain('繁简');
    expect(index.matchRecord({ name: '黃麗華', idNumber: C_ID }).tier).toBe('exact');
  });
});

describe('conflict tier', () => {
  it('reports the same ID with a different name as a conflict, never auto-accepted', async () => {
    const index = await registry();
    const r = index.matchRecord({ name: '李四', idNumber: A_ID });
    expect(r).toMatchObject({ tier: 'conflict', registryId: A_ID, needsReview: true });
    expect(r.confidence).toBeLessThan(0.5);
    expect(r.explanation).toContain('姓名不同');
    expectNotAutoAccepted(r);
  });

  it('treats a homophone on the same ID as a conflict too (a different written name), with the reason', async () => {
    const index = await registry();
    const r = index.matchRecord({ name: '王莉', idNumber: F_ID });
    expect(r).toMatchObject({ tier: 'conflict', needsReview: true });
    expect(r.explanation).toContain('读音相同');
  });

  it('reports a missing name on a registry ID as a conflict for review', async () => {
    const index = await registry();
    const r = index.matchRecord({ name: '', idNumber: A_ID });
    expect(r).toMatchObject({ tier: 'conflict', needsReview: true });
  });

  it('catches a conflict on a 15-digit legacy number', async () => {
    const index = await registry();
    expect(index.matchRecord({ name: '刘备', idNumber: to15(E_ID) })).toMatchObject({ tier: 'conflict', registryId: E_ID, needsReview: true });
  });
});

describe('corrected_id tier', () => {
  it('explains a single mistyped digit when exactly one registry person fits and the name agrees', async () => {
    const index = await registry();
    const typo = mistype(A_ID, 6);
    const r = index.matchRecord({ name: '张晓明', idNumber: typo });
    expect(r).toMatchObject({ tier: 'corrected_id', registryId: A_ID, needsReview: false });
    expect(r.confidence).toBeGreaterThanOrEqual(0.9);
    expect(r.explanation).toMatch(/第7位录入错误.*姓名一致/);
  });

  it('explains an adjacent transposition', async () => {
    const index = await registry();
    let i = 14;
    while (A_ID[i] === A_ID[i + 1]) i--;
    const r = index.matchRecord({ name: '张晓明', idNumber: swap(A_ID, i) });
    expect(r).toMatchObject({ tier: 'corrected_id', registryId: A_ID, needsReview: false });
    expect(r.explanation).toContain('颠倒');
  });

  it('explains a wrong check digit', async () => {
    const index = await registry();
    const wrong = A_ID.slice(0, 17) + (A_ID[17] === '1' ? '2' : '1');
    const r = index.matchRecord({ name: '张晓明', idNumber: wrong });
    expect(r).toMatchObject({ tier: 'corrected_id', registryId: A_ID, needsReview: false });
    expect(r.explanation).toContain('校验码错误');
  });

  it('converts a 15-digit legacy number', async () => {
    const index = await registry();
    const r = index.matchRecord({ name: '陈德福', idNumber: to15(E_ID) });
    expect(r).toMatchObject({ tier: 'corrected_id', registryId: E_ID, needsReview: false, household: '5306270040010001', povertyStatus: '已脱贫' });
    expect(r.explanation).toContain('15位');
  });

  it('explains a digit left out or typed twice', async () => {
    const index = await registry();
    const missing = A_ID.slice(0, 9) + A_ID.slice(10);
    expect(index.matchRecord({ name: '张晓明', idNumber: missing })).toMatchObject({ tier: 'corrected_id', registryId: A_ID });
    const noCheck = A_ID.slice(0, 17);
    expect(index.matchRecord({ name: '张晓明', idNumber: noCheck })).toMatchObject({ tier: 'corrected_id', registryId: A_ID });
    const extra = A_ID.slice(0, 9) + '7' + A_ID.slice(9);
    expect(index.matchRecord({ name: '张晓明', idNumber: extra })).toMatchObject({ tier: 'corrected_id', registryId: A_ID });
  });

  it('flags a correction for review when the name agrees only by sound', async () => {
    const index = await registry();
    const r = index.matchRecord({ name: '王莉', idNumber: mistype(F_ID, 10) });
    expect(r).toMatchObject({ tier: 'corrected_id', registryId: F_ID, needsReview: true });
    expect(r.confidence).toBeLessThan(0.9);
  });

  it('flags a correction for review when the record gender or birth date contradicts the registry', async () => {
    const index = await registry();
    const r = index.matchRecord({ name: '张晓明', idNumber: mistype(A_ID, 3), birthDate: '1991-01-01' });
    expect(r).toMatchObject({ tier: 'corrected_id', needsReview: true });
    expect(r.explanation).toContain('出生日期不一致');
  });

  it('does not correct a number towards a person with another name', async () => {
    const index = await registry();
    const r = index.matchRecord({ name: '周杰', idNumber: mistype(A_ID, 8) });
    expect(r.tier).toBe('none');
    expect(r.explanation).toContain('姓名不一致');
  });

  it('never auto-accepts when two registry persons could explain one mistyped number', async () => {
    // A2 differs from A_ID in one order-code digit; X differs from both in one digit each.
    const check = A_ID[17];
    let twin: string | null = null;
    let typo: string | null = null;
    for (let i = 14; i <= 15 && !twin; i++) {
      for (let x = 0; x <= 9 && !twin; x++) {
        const x1 = A_ID.slice(0, i) + String(x) + A_ID.slice(i + 1);
        if (x1 === A_ID || isValidId18(x1)) continue; // x1: A's number with one typo (invalid)
        for (let j = 14; j <= 15 && !twin; j++) {
          if (j === i) continue;
          for (let y = 0; y <= 9; y++) {
            const b = x1.slice(0, j) + String(y) + x1.slice(j + 1);
            if (b !== x1 && b[17] === check && isValidId18(b) && b !== A_ID) {
              twin = b;
              typo = x1;
              break;
            }
          }
        }
      }
    }
    expect(twin).not.toBeNull();
    const t = typo as string;
    // Same name on both: nobody can tell → none.
    const same = await registry([{ idNumber: twin as string, name: '张晓明', household: 'H2', regionCode: '530627', povertyStatus: '未脱贫' }]);
    const r1 = same.matchRecord({ name: '张晓明', idNumber: t });
    expect(r1.tier).toBe('none');
    expect(r1.explanation).toContain('无法确定');
    // Different names: the name points to one, but the number alone does not → review.
    const other = await registry([{ idNumber: twin as string, name: '孙丽娟', household: 'H2', regionCode: '530627', povertyStatus: '未脱贫' }]);
    const r2 = other.matchRecord({ name: '张晓明', idNumber: t });
    expect(r2).toMatchObject({ tier: 'corrected_id', registryId: A_ID, needsReview: true });
    expect(r2.confidence).toBeLessThanOrEqual(0.6);
    expect(r2.explanation).toContain('另有1名');
    expectNotAutoAccepted(r2);
    // Not even with a permissive threshold.
    const permissive = await registry([{ idNumber: twin as string, name: '孙丽娟', household: 'H2', regionCode: '530627', povertyStatus: '未脱贫' }], { autoAcceptThreshold: 0.3 });
    expectNotAutoAccepted(permissive.matchRecord({ name: '张晓明', idNumber: t }));
  });

  it('explains a valid number absent from the registry by one mistyped digit with a recomputed check digit', async () => {
    const index = await registry();
    const first17 = A_ID.slice(0, 15) + String((Number(A_ID[15]) + 2) % 10) + A_ID[16];
    const recomputed = first17 + idCheckDigit(first17);
    const r = index.matchRecord({ name: '张晓明', idNumber: recomputed });
    expect(r).toMatchObject({ tier: 'corrected_id', registryId: A_ID, needsReview: false });
    expect(r.explanation).toContain('第16位录入错误');
  });

  it('offers an invalid number with a mistyped digit and a wrong check digit (two errors) only for review', async () => {
    const index = await registry();
    const first17 = A_ID.slice(0, 15) + String((Number(A_ID[15]) + 2) % 10) + A_ID[16];
    let twoErrors = first17 + idCheckDigit(first17);
    for (const c of '0123456789X') {
      const v = first17 + c;
      if (c !== A_ID[17] && !isValidId18(v)) {
        twoErrors = v;
        break;
      }
    }
    const r = index.matchRecord({ name: '张晓明', idNumber: twoErrors });
    expect(r).toMatchObject({ tier: 'corrected_id', registryId: A_ID, needsReview: true });
    expect(r.confidence).toBeLessThan(0.9);
  });
});

describe('fuzzy tier', () => {
  it('matches without an ID on name, birth date, gender and county, always for review', async () => {
    const index = await registry();
    const r = index.matchRecord({ name: '张晓明', idNumber: '', gender: '男', birthDate: '1990-05-12', regionCode: '530627' });
    expect(r).toMatchObject({ tier: 'fuzzy', registryId: A_ID, needsReview: true, household: '5306270010010001' });
    expect(r.confidence).toBeGreaterThanOrEqual(0.5);
    expect(r.confidence).toBeLessThan(0.9);
  });

  it('accepts homophones, traditional characters and other date spellings', async () => {
    const index = await registry();
    expect(index.matchRecord({ name: '张小明', idNumber: '', birthDate: '1990/5/12', regionCode: '530627000000' })).toMatchObject({ tier: 'fuzzy', registryId: A_ID });
    expect(index.matchRecord({ name: '劉桂芬', idNumber: '无', birthDate: '1988年11月3日', regionCode: '530627' })).toMatchObject({ tier: 'fuzzy', registryId: B_ID });
    expect(index.matchRecord({ name: '黄丽华', idNumber: '', birthDate: '19750120', regionCode: '530621' })).toMatchObject({ tier: 'fuzzy', registryId: C_ID });
  });

  it('uses the birth digits and area code of a badly damaged ID number', async () => {
    const index = await registry();
    // Two digits wrong in the order code: no single-error explanation, but area + birth date survive.
    const damaged = A_ID.slice(0, 14) + String((Number(A_ID[14]) + 3) % 10) + String((Number(A_ID[15]) + 4) % 10) + A_ID.slice(16);
    const r = index.matchRecord({ name: '张晓明', idNumber: damaged });
    expect(r).toMatchObject({ tier: 'fuzzy', registryId: A_ID, needsReview: true });
  });

  it('returns none for the same name with a different birth date', async () => {
    const index = await registry();
    const r = index.matchRecord({ name: '张晓明', idNumber: '', gender: '男', birthDate: '1990-05-13', regionCode: '530627' });
    expect(r.tier).toBe('none');
    expect(r.registryId).toBeNull();
  });

  it('returns none for the same name and birth date in another county or of the other gender', async () => {
    const index = await registry();
    expect(index.matchRecord({ name: '张晓明', idNumber: '', birthDate: '1990-05-12', regionCode: '530621' }).tier).toBe('none');
    expect(index.matchRecord({ name: '张晓明', idNumber: '', gender: '女', birthDate: '1990-05-12', regionCode: '530627' }).tier).toBe('none');
  });

  it('never matches a common name on name, birth date and region alone', async () => {
    const index = await registry();
    const r = index.matchRecord({ name: '王伟', idNumber: '', gender: '男', birthDate: '1995-09-09', regionCode: '530627' });
    expect(r.tier).toBe('none');
    expect(r.explanation).toContain('常见姓名');
    // A homophone of a common name is just as ambiguous.
    expect(index.matchRecord({ name: '王玮', idNumber: '', birthDate: '1995-09-09', regionCode: '530627' }).tier).toBe('none');
  });

  it('treats names frequent in the registry as common', async () => {
    const many: RegistryPersonInput[] = [];
    for (let i = 0; i < 25; i++) {
      many.push({ idNumber: id('530627', `19${70 + i}-01-01`, '男', 100 + i), name: '杨家宝', household: `X${i}`, regionCode: '530627', povertyStatus: '未脱贫' });
    }
    const index = await registry(many);
    const r = index.matchRecord({ name: '杨家宝', idNumber: '', birthDate: '1975-01-01', regionCode: '530627' });
    expect(r.tier).toBe('none');
    expect(r.explanation).toContain('常见姓名');
  });

  it('returns none when two registry persons fit equally', async () => {
    const twin = id('530627', '1990-05-12', '男', 300);
    const index = await registry([{ idNumber: twin, name: '张晓明', household: 'H9', regionCode: '530627', povertyStatus: '未脱贫' }]);
    const r = index.matchRecord({ name: '张晓明', idNumber: '', birthDate: '1990-05-12', regionCode: '530627' });
    expect(r.tier).toBe('none');
    expect(r.explanation).toContain('无法确定');
  });

  it('needs a birth date and a region', async () => {
    const index = await registry();
    expect(index.matchRecord({ name: '张晓明', idNumber: '', regionCode: '530627' }).tier).toBe('none');
    expect(index.matchRecord({ name: '张晓明', idNumber: '', birthDate: '1990-05-12' }).tier).toBe('none');
  });
});

describe('none tier and garbage', () => {
  it('returns none for a valid number of someone not in the registry', async () => {
    const index = await registry();
    const r = index.matchRecord({ name: '欧阳修文', idNumber: id('110101', '2000-01-01', '男', 1) });
    expect(r).toMatchObject({ tier: 'none', registryId: null, confidence: 0, needsReview: false });
    expect(r.explanation).toContain('不在登记库中');
  });

  it('returns none with an explanation for garbage', async () => {
    const index = await registry();
    for (const rec of [
      { name: '###', idNumber: 'abc' },
      { name: '', idNumber: '' },
      { name: '张晓明', idNumber: '12345' },
      { name: '12', idNumber: '=1+1' },
    ]) {
      const r = index.matchRecord(rec);
      expect(r.tier).toBe('none');
      expect(r.explanation.length).toBeGreaterThan(0);
    }
  });
});

describe('scores and thresholds', () => {
  it('keeps confidences in [0, 1] and review flags as the contract says', async () => {
    const index = await registry();
    const recs = [
      { name: '张晓明', idNumber: A_ID },
      { name: '李四', idNumber: A_ID },
      { name: '张晓明', idNumber: mistype(A_ID, 4) },
      { name: '张晓明', idNumber: '', birthDate: '1990-05-12', regionCode: '530627' },
      { name: '无名', idNumber: '' },
    ];
    for (const rec of recs) {
      const r = index.matchRecord(rec);
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
      if (r.tier === 'fuzzy' || r.tier === 'conflict') expect(r.needsReview).toBe(true);
      if (r.tier === 'exact') expect(r.needsReview).toBe(false);
      if (r.tier === 'corrected_id') expect(r.needsReview).toBe(r.confidence < 0.9);
    }
  });

  it('reads the auto-accept threshold from configuration', async () => {
    const strict = await registry([], { autoAcceptThreshold: 0.99 });
    const r = strict.matchRecord({ name: '张晓明', idNumber: mistype(A_ID, 6) });
    expect(r).toMatchObject({ tier: 'corrected_id', needsReview: true });
    const loose = await registry([], { fuzzyThreshold: 0.95 });
    expect(loose.matchRecord({ name: '张晓明', idNumber: '', birthDate: '1990-05-12', regionCode: '530627' }).tier).toBe('none');
  });
});

describe('registry builder', () => {
  it('skips invalid ID numbers, keeps the first of duplicates and converts 15-digit numbers', () => {
    const b = createRegistryIndex({ today: TODAY });
    expect(b.add({ idNumber: A_ID, name: '张晓明' })).toBe('added');
    expect(b.add({ idNumber: A_ID, name: '张三丰' })).toBe('added'); // duplicate: resolved in finish(), first wins
    expect(b.add({ idNumber: mistype(B_ID, 5), name: '刘桂芬' })).toBe('invalid_id');
    expect(b.add({ idNumber: '', name: '无号' })).toBe('invalid_id');
    expect(b.add({ idNumber: to15(E_ID), name: '陈德福' })).toBe('added');
    const index = b.finish();
    expect(index.stats).toMatchObject({ rows: 5, added: 2, duplicates: 1, invalidIds: 2, legacy15: 1 });
    expect(index.size).toBe(2);
    expect(index.matchRecord({ name: '陈德福', idNumber: E_ID }).tier).toBe('exact');
    expect(index.matchRecord({ name: '张晓明', idNumber: A_ID }).tier).toBe('exact');
    expect(index.matchRecord({ name: '张三丰', idNumber: A_ID }).tier).toBe('conflict');
    // The dropped duplicate is not a fuzzy candidate either.
    expect(index.matchRecord({ name: '张三丰', idNumber: '', birthDate: '1990-05-12', regionCode: '530627' }).tier).toBe('none');
    expect(() => b.add({ idNumber: C_ID, name: '黄丽华' })).toThrow();
  });

  it('grows its typed arrays and hash table past the size hint', () => {
    const b = createRegistryIndex({ today: TODAY }, 16);
    const r = makeRng(7);
    const ids: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const v = makeIdNumber({}, r);
      if (b.add({ idNumber: v, name: `测试${'甲乙丙丁戊己庚辛壬癸'[i % 10]}`, household: `户${i}`, regionCode: v.slice(0, 6), povertyStatus: '未脱贫' }) === 'added') ids.push(v);
    }
    const index = b.finish();
    expect(index.size).toBe(ids.length);
    for (const v of ids.slice(0, 2000)) expect(index.idOf(index.lookup(Number(v.slice(0, 9)), Number(v.slice(9, 17))))).toBe(v);
    expect(index.householdOf(0)).toBe('户0');
  });
});

describe('streaming API', () => {
  it('matches async batches and single records in input order', async () => {
    const index = await registry();
    async function* source(): AsyncGenerator<{ name: string; idNumber: string } | { name: string; idNumber: string }[]> {
      yield [
        { name: '张晓明', idNumber: A_ID },
        { name: '李四', idNumber: B_ID },
      ];
      yield { name: '黄丽华', idNumber: C_ID };
    }
    const out: MatchResult[] = [];
    for await (const batch of matchRecords(index, source())) out.push(...batch);
    expect(out.map((r) => r.tier)).toEqual(['exact', 'conflict', 'exact']);
  });
});
