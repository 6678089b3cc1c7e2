import { describe, expect, it } from 'vitest';
import { decodeOoxmlEscapes, decodeXmlEntities, SharedStringsParser, SharedStringTable, SheetParser } from './xlsx-xml.ts';
import type { RawRow } from './types.ts';

/** Encodes to UTF-8, cuts the bytes into pieces of `size`, decodes them as a stream would. */
function byteChunks(xml: string, size: number): string[] {
  const bytes = Buffer.from(xml, 'utf8');
  const td = new TextDecoder('utf-8', { fatal: true });
  const out: string[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(td.decode(bytes.subarray(i, i + size), { stream: true }));
  out.push(td.decode());
  return out;
}

function parseSst(chunks: string[]): string[] {
  const p = new SharedStringsParser();
  for (const c of chunks) p.push(c);
  const t = p.finish();
  return Array.from({ length: t.count }, (_v, i) => t.get(i));
}

function parseSheet(chunks: string[], sst: SharedStringTable | null = null): RawRow[] {
  const p = new SheetParser(sst);
  const rows: RawRow[] = [];
  for (const c of chunks) rows.push(...p.pushRows(c));
  rows.push(...p.finish());
  return rows;
}

const SST = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="x"><si><t>吉𠮷</t></si><si><r><t>阿依古丽</t></r><r><rPr><b/></rPr><t xml:space="preserve">·买买提</t></r></si><si><t>a&amp;b&#x4E2D;&#22269;</t></si><si><t>李彧玥喆</t></si><si><t xml:space="preserve"> 空 格 </t></si><si><r><rPr><sz val="10"/><rFont val="Arial"/></rPr><t xml:space="preserve">云南省</t></r><r><t/></r><r><t xml:space="preserve"/></r><r><rPr><b/></rPr><t>1&lt;2</t></r></si><si><r><t>张</t></r><rPh sb="0" eb="1"><t>ちょう</t></rPh></si><si><r><t><![CDATA[<x>]]></t></r></si>
<si>
  <r><t>多</t></r>
  <r><t>行</t></r>
</si></sst>`;
const SST_VALUES = ['吉𠮷', '阿依古丽·买买提', 'a&b中国', '李彧玥喆', ' 空 格 ', '云南省1<2', '张', '<x>', '多行'];

describe('SharedStringsParser', () => {
  it('decodes every item whatever the chunking, down to single bytes', () => {
    expect(parseSst([SST])).toEqual(SST_VALUES);
    for (let size = 1; size <= 13; size++) expect(parseSst(byteChunks(SST, size)), `chunk ${size}`).toEqual(SST_VALUES);
  });

  it('decodes every item for every single cut position of the string', () => {
    for (let cut = 1; cut < SST.length; cut++) expect(parseSst([SST.slice(0, cut), SST.slice(cut)])).toEqual(SST_VALUES);
  });

  it('rejects a truncated table', () => {
    expect(() => parseSst([SST.slice(0, 60)])).toThrow(/共享字符串/);
  });
});

describe('SheetParser', () => {
  const SHEET = `<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>张&amp;三</t></is></c></row><row r="2"><c r="C2" t="str"><f>X</f><v>𠮷</v></c><c r="D2"><v>1.5</v></c></row></sheetData></worksheet>`;
  const sst = new SharedStringTable();
  sst.add('姓名');
  const expected = [
    { rowNumber: 1, cells: ['姓名', '张&三'] },
    { rowNumber: 2, cells: ['', '', '𠮷', '1.5'] },
  ];

  it('gives the same rows for every chunking, down to single bytes', () => {
    expect(parseSheet([SHEET], sst)).toEqual(expected);
    for (let size = 1; size <= 9; size++) expect(parseSheet(byteChunks(SHEET, size), sst)).toEqual(expected);
    for (let cut = 1; cut < SHEET.length; cut++) expect(parseSheet([SHEET.slice(0, cut), SHEET.slice(cut)], sst)).toEqual(expected);
  });

  it('reads an empty <v> of a shared-string cell as an empty cell, not string 0', () => {
    const xml = '<row r="1"><c r="A1" t="s"><v></v></c><c r="B1" t="s"><v/></c><c r="C1" t="s"><v>0</v></c></row>';
    expect(parseSheet([xml], sst)).toEqual([{ rowNumber: 1, cells: ['', '', '姓名'] }]);
  });

  it('honours quoted attribute values containing >', () => {
    const xml = `<worksheet><sheetData><row r="1" x:note="a>b"><c r="A1" t="inlineStr" z='>'><is><t>ok</t></is></c></row></sheetData></worksheet>`;
    expect(parseSheet([xml])).toEqual([{ rowNumber: 1, cells: ['ok'] }]);
  });

  it('rejects references beyond column XFD and truncated sheets', () => {
    expect(() => parseSheet(['<row r="1"><c r="ZZZZ1"><v>1</v></c></row>'])).toThrow();
    expect(() => parseSheet(['<sheetData><row r="1"><c r="A1"><v>1</v>'])).toThrow(/不完整/);
  });
});

describe('SharedStringTable', () => {
  it('stores and returns strings exactly, including astral characters and empty strings', () => {
    const t = new SharedStringTable();
    const values = ['', '张三', '𠮷'.repeat(1000), 'abc', '阿依古丽·买买提'];
    for (let k = 0; k < 2000; k++) for (const v of values) t.add(v);
    expect(t.count).toBe(10_000);
    for (let i = 0; i < t.count; i++) expect(t.get(i)).toBe(values[i % values.length]);
    expect(t.get(-1)).toBe('');
    expect(t.get(10_000)).toBe('');
    expect(t.get(Number.NaN)).toBe('');
    expect(t.get(1.5)).toBe('');
  });
});

describe('text decoding helpers', () => {
  it('decodes predefined and numeric entities and leaves unknown ones', () => {
    expect(decodeXmlEntities('a &lt; b &gt; c &amp; &quot;&apos; &#65;&#x42;&#x20bb7; &nbsp; &#xZZ; & x')).toBe(`a < b > c & "' AB𠮷 &nbsp; &#xZZ; & x`);
  });
  it('decodes _xHHHH_ escapes, with _x005F_ protecting a literal', () => {
    expect(decodeOoxmlEscapes('a_x000D_b_x005F_x000D_')).toBe('a\rb_x000D_');
    expect(decodeOoxmlEscapes('_xD842__xDFB7_')).toBe('𠮷');
  });
});
