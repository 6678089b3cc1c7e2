import { describe, expect, it } from 'vitest';
import { DelimitedParser } from './delimited-parser.ts';
import type { RawRow } from './types.ts';

function parse(text: string, delim = ',', chunkSizes?: number[]): RawRow[] {
  const p = new DelimitedParser(delim);
  const out: RawRow[] = [];
  if (!chunkSizes) p.push(text, out);
  else {
    let pos = 0;
    let k = 0;
    while (pos < text.length) {
      const size = chunkSizes[k++ % chunkSizes.length];
      p.push(text.slice(pos, pos + size), out);
      pos += size;
    }
  }
  p.finish(out);
  return out;
}

const cells = (rows: RawRow[]): string[][] => rows.map((r) => r.cells);

describe('DelimitedParser', () => {
  it('splits simple records on LF and CRLF', () => {
    expect(cells(parse('a,b,c\n1,2,3\n'))).toEqual([['a', 'b', 'c'], ['1', '2', '3']]);
    expect(cells(parse('a,b\r\n1,2\r\n'))).toEqual([['a', 'b'], ['1', '2']]);
    expect(cells(parse('a,b\r1,2\r'))).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('keeps the last record without a trailing newline and empty fields', () => {
    expect(cells(parse('a,,c\n,,'))).toEqual([['a', '', 'c'], ['', '', '']]);
  });

  it('handles quoted fields with delimiters, newlines and doubled quotes', () => {
    const rows = parse('name,note\r\n"张三","住址：云南省,昭通市\r\n镇雄县"\r\n"李""四",""\r\n');
    expect(cells(rows)).toEqual([
      ['name', 'note'],
      ['张三', '住址：云南省,昭通市\r\n镇雄县'],
      ['李"四', ''],
    ]);
  });

  it('numbers records as a spreadsheet shows them: multi-line fields are one row, blank lines count', () => {
    const rows = parse('h\n"a\nb"\n\nc\n');
    expect(rows.map((r) => r.rowNumber)).toEqual([1, 2, 3, 4]);
    expect(cells(rows)).toEqual([['h'], ['a\nb'], [''], ['c']]);
  });

  it('treats a quote inside an unquoted field literally and appends text after a closing quote', () => {
    expect(cells(parse('ab"c,"x"y,z\n'))).toEqual([['ab"c', 'xy', 'z']]);
  });

  it('keeps an unterminated quoted field up to the end of input', () => {
    expect(cells(parse('a,"bc\nd'))).toEqual([['a', 'bc\nd']]);
  });

  it('parses tab-separated text', () => {
    expect(cells(parse('a\tb,c\t"d\te"\n', '\t'))).toEqual([['a', 'b,c', 'd\te']]);
  });

  it('gives the same result for every way of cutting the input into chunks', () => {
    const text = 'h1,h2,h3\r\n"a,""b""\r\nc",d,\r\n\r\n"",e,"f"\r\nx\r"y"\r\n𠮷,张,"三"';
    const expected = parse(text);
    for (let size = 1; size <= 8; size++) {
      expect(parse(text, ',', [size])).toEqual(expected);
    }
    for (let cut = 1; cut < text.length; cut++) {
      expect(parse(text, ',', [cut, text.length])).toEqual(expected);
    }
  });
});
