import { describe, expect, it } from 'vitest';
import { normalizePersonName } from './person-name.ts';

function name(raw: string): string | null {
  const r = normalizePersonName(raw);
  return r.ok ? r.name : null;
}

describe('normalizePersonName', () => {
  it('accepts ordinary, compound-surname and rare-character names', () => {
    expect(name('张三')).toBe('张三');
    expect(name('欧阳娜娜')).toBe('欧阳娜娜');
    expect(name('王')).toBe('王');
    expect(name('吉𠮷')).toBe('吉𠮷');
    expect(name('李彧玥')).toBe('李彧玥');
    expect(name('〇')).toBe('〇');
  });

  it('trims and cleans the cell and removes inner white space', () => {
    expect(name('  张  三 ')).toBe('张三');
    expect(name('\u3000李四\u200b')).toBe('李四');
  });

  it('normalises every interpunct variant inside minority names to ·', () => {
    for (const dot of ['·', '•', '・', '.', '\u00b7', '\u2022', '\u30fb', '\uff0e', '\u2027', '\uff65']) {
      expect(name(`阿依古丽${dot}买买提`), dot).toBe('阿依古丽·买买提');
    }
    expect(name('阿依古丽 · 买买提')).toBe('阿依古丽·买买提');
    expect(name('阿依古丽··买买提')).toBe('阿依古丽·买买提');
    expect(name('阿卜杜拉·阿不都·热依木')).toBe('阿卜杜拉·阿不都·热依木');
  });

  it('rejects a leading or trailing interpunct', () => {
    expect(name('·买买提')).toBeNull();
    expect(name('买买提·')).toBeNull();
    expect(name(' . 买买提')).toBeNull();
  });

  it('rejects digits and ASCII letters with the name.invalid code', () => {
    const r = normalizePersonName('张3');
    expect(r).toEqual({ ok: false, code: 'name.invalid', message: '姓名不能包含数字或英文字母' });
    expect(name('Zhang San')).toBeNull();
    expect(name('张ｓａｎ')).toBeNull(); // full-width letters fold to ASCII first
    expect(name('李４')).toBeNull();
  });

  it('rejects punctuation, symbols, emoji and empty cells', () => {
    for (const s of ['', '   ', '张三（曾用名）', '张-三', '张三😀', '张,三', '王*', '?']) {
      const r = normalizePersonName(s);
      expect(r.ok, s).toBe(false);
      if (!r.ok) expect(r.code).toBe('name.invalid');
    }
  });

  it('accepts 1 to 30 characters, counting code points', () => {
    expect(name('张'.repeat(30))).toBe('张'.repeat(30));
    expect(name('张'.repeat(31))).toBeNull();
    expect(name('𠮷'.repeat(30))).toBe('𠮷'.repeat(30));
  });
});
