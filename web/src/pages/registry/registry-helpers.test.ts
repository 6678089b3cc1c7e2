import { describe, expect, it } from 'vitest';
import { fileProblem, MAX_IMPORT_BYTES } from './importFile.ts';
import { ageOn, NATIONALITY_OPTIONS, todayCst } from './options.ts';

describe('import file checks', () => {
  it('accepts .xlsx, .csv and .tsv files up to 100 MB, in any letter case', () => {
    expect(fileProblem({ name: '名单.xlsx', size: 10 })).toBeNull();
    expect(fileProblem({ name: 'A.CSV', size: MAX_IMPORT_BYTES })).toBeNull();
    expect(fileProblem({ name: 'b.tsv', size: 1 })).toBeNull();
  });

  it('refuses other types, empty files and files over 100 MB with a Chinese reason', () => {
    expect(fileProblem({ name: '名单.xls', size: 10 })).toMatch(/不支持的文件类型“\.xls”/);
    expect(fileProblem({ name: 'noext', size: 10 })).toMatch(/无扩展名/);
    expect(fileProblem({ name: 'a.csv', size: 0 })).toBe('文件为空');
    expect(fileProblem({ name: 'a.csv', size: MAX_IMPORT_BYTES + 1 })).toMatch(/不能超过 100 MB/);
  });
});

describe('registry form helpers', () => {
  it('computes whole years of age, counting the birthday itself', () => {
    expect(ageOn('1990-06-15', '2026-06-14')).toBe(35);
    expect(ageOn('1990-06-15', '2026-06-15')).toBe(36);
    expect(ageOn('bad', '2026-06-15')).toBeNull();
  });

  it('takes today from China Standard Time, not the browser zone', () => {
    expect(todayCst(new Date('2026-11-23T16:30:00Z'))).toBe('2026-11-24');
    expect(todayCst(new Date('2026-11-23T15:59:59Z'))).toBe('2026-11-23');
  });

  it('offers the 56 nationalities of GB/T 3304 plus 其他 and 外国血统中国籍人士', () => {
    expect(NATIONALITY_OPTIONS).toHaveLength(58);
    expect(NATIONALITY_OPTIONS[0]).toEqual({ value: '汉族', label: '汉族' });
  });
});
