import { describe, expect, it } from 'vitest';
import { compareNameKeys, nameKey, simplifyName } from './names.ts';

describe('nameKey', () => {
  it('normalises like the registry and drops the interpunct', () => {
    expect(nameKey('张三')).toEqual({ key: '张三', display: '张三', valid: true });
    expect(nameKey(' 张  三 ')).toMatchObject({ key: '张三', valid: true });
    expect(nameKey('阿依古丽.买买提')).toEqual({ key: '阿依古丽买买提', display: '阿依古丽·买买提', valid: true });
    expect(nameKey('王小明1')).toEqual({ key: '王小明', display: '王小明', valid: false });
    expect(nameKey('John')).toMatchObject({ key: '', valid: false });
  });
});

describe('compareNameKeys', () => {
  it('grades agreement from identical to different', () => {
    expect(compareNameKeys('张晓明', '张晓明')).toBe('same');
    expect(compareNameKeys('張曉明', '张晓明')).toBe('script');
    expect(compareNameKeys('王丽', '王莉')).toBe('homophone');
    expect(compareNameKeys('曾小贤', '曾晓贤')).toBe('homophone');
    expect(compareNameKeys('张晨', '张岑')).toBe('near_homophone');
    expect(compareNameKeys('李建林', '李建宁')).toBe('near_homophone');
    expect(compareNameKeys('欧阳明华', '欧阳明')).toBe('one_char');
    expect(compareNameKeys('张晓明', '张晓东')).toBe('one_char');
    expect(compareNameKeys('张明', '张东')).toBe('different');
    expect(compareNameKeys('张晓明', '李晓明')).toBe('different');
    expect(compareNameKeys('', '')).toBe('different');
  });

  it('simplifies Hong Kong and Taiwan variants', () => {
    expect(simplifyName('衞國')).toBe('卫国');
    expect(simplifyName('黃麗華')).toBe('黄丽华');
  });
});
