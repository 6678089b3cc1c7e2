import { describe, expect, it } from 'vitest';
import { confidenceText, diffPositionsText, disagrees, idSegments, runPercent, snapshotFileProblem, tierColor, tierLabel, toCsv } from './matching-helpers.ts';

describe('matching helpers', () => {
  it('labels every tier of contracts.md §2 in Chinese and keeps unknown tiers verbatim', () => {
    expect(['exact', 'corrected_id', 'fuzzy', 'conflict', 'none'].map(tierLabel)).toEqual(['精确', '纠错', '模糊', '冲突', '未匹配']);
    expect(tierLabel('later')).toBe('later');
    expect(tierColor('conflict')).toBe('red');
    expect(tierColor('later')).toBe('default');
  });

  it('highlights the differing positions the server reports, even inside the mask', () => {
    expect(idSegments('530627********0677', [15, 16, 18])).toEqual([
      { text: '530627********', differs: false },
      { text: '06', differs: true },
      { text: '7', differs: false },
      { text: '7', differs: true },
    ]);
    expect(idSegments('530627********0677', [7])).toEqual([
      { text: '530627', differs: false },
      { text: '*', differs: true },
      { text: '*******0677', differs: false },
    ]);
  });

  it('falls back to comparing the visible digits of two masked numbers', () => {
    expect(idSegments('530627********1234', [], '530621********1239')).toEqual([
      { text: '53062', differs: false },
      { text: '7', differs: true },
      { text: '********123', differs: false },
      { text: '4', differs: true },
    ]);
    expect(idSegments('530627********1234', null, null)).toEqual([{ text: '530627********1234', differs: false }]);
    expect(idSegments('', [3])).toEqual([]);
  });

  it('describes positions, confidence and progress for people', () => {
    expect(diffPositionsText([7, 15])).toBe('第 7、15 位');
    expect(diffPositionsText([])).toBe('');
    expect(confidenceText(0.873)).toBe('87%');
    expect(confidenceText(1.2)).toBe('100%');
    expect(runPercent({ status: 'running', total: 0, done: 0 })).toBe(0);
    expect(runPercent({ status: 'running', total: 3, done: 1 })).toBe(33);
    expect(runPercent({ status: 'succeeded', total: 0, done: 0 })).toBe(100);
  });

  it('flags a field only when both sides are known and differ', () => {
    expect(disagrees('男', '女')).toBe(true);
    expect(disagrees('男', '男 ')).toBe(false);
    expect(disagrees('男', null)).toBe(false);
  });

  it('writes an Excel-friendly CSV with quoting', () => {
    expect(toCsv(['姓名', '说明'], [['张三', '含,逗号'], ['李四', '含"引号"']])).toBe('\ufeff姓名,说明\r\n张三,"含,逗号"\r\n李四,"含""引号"""\r\n');
  });
});

describe('registry extract files', () => {
  it('accepts spreadsheets up to 200 MB and explains any other file in Chinese', () => {
    expect(snapshotFileProblem({ name: '建档立卡2025.XLSX', size: 10 })).toBeNull();
    expect(snapshotFileProblem({ name: 'reg.pdf', size: 10 })).toContain('.pdf');
    expect(snapshotFileProblem({ name: 'reg', size: 10 })).toContain('无扩展名');
    expect(snapshotFileProblem({ name: 'reg.csv', size: 0 })).toBe('文件为空');
    expect(snapshotFileProblem({ name: 'reg.csv', size: 201 * 1024 * 1024 })).toContain('200 MB');
  });
});
