import { describe, expect, it } from 'vitest';
import { cleanCell, isBlankCell } from './text.ts';

describe('cleanCell', () => {
  it('returns plain ASCII and CJK strings trimmed and otherwise unchanged', () => {
    expect(cleanCell('张三')).toBe('张三');
    expect(cleanCell('  530627199001011234 ')).toBe('530627199001011234');
    expect(cleanCell('\t云南省昭通市\r\n')).toBe('云南省昭通市');
  });

  it('converts non-strings to strings and null/undefined to the empty string', () => {
    expect(cleanCell(null)).toBe('');
    expect(cleanCell(undefined)).toBe('');
    expect(cleanCell(42)).toBe('42');
    expect(cleanCell(true)).toBe('true');
  });

  it('folds full-width ASCII letters, digits and punctuation to half-width', () => {
    expect(cleanCell('５３０６２７１９９００１０１１２３４')).toBe('530627199001011234');
    expect(cleanCell('ＡＢＣｘｙｚ！～（）－')).toBe('ABCxyz!~()-');
  });

  it('turns the ideographic space and NBSP into spaces before trimming', () => {
    expect(cleanCell('\u3000张三\u3000')).toBe('张三');
    expect(cleanCell('张\u00a0三')).toBe('张 三');
    expect(cleanCell('\u00a0\u00a0')).toBe('');
  });

  it('removes zero-width characters anywhere', () => {
    expect(cleanCell('\ufeff张\u200b三\u200c\u200d\u2060')).toBe('张三');
    expect(cleanCell('5306\u200b27')).toBe('530627');
  });

  it('keeps characters outside the BMP intact', () => {
    expect(cleanCell(' 𠮷祥 ')).toBe('𠮷祥');
    expect(cleanCell('𠮷\u200b')).toBe('𠮷');
  });
});

describe('isBlankCell', () => {
  it('agrees with cleanCell on blank and non-blank cells', () => {
    for (const s of ['', ' ', '\u3000', '\u200b', '\ufeff \u00a0', '\t\r\n', 'a', '张', '\u0001', ' 0 ']) {
      expect(isBlankCell(s), JSON.stringify(s)).toBe(cleanCell(s) === '');
    }
  });
});
