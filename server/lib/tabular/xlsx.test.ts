import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { makeChineseName, makeIdNumber, makeRng } from '../../test/fake-people.ts';
import { openTable, TableError, writeTable, type TableReader, type TableRow } from './index.ts';
import { buildXlsx, buildZip } from './test-support.ts';

const here = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'jineng-xlsx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let seq = 0;
function file(content: Buffer, ext = '.xlsx'): string {
  const p = join(dir, `w${seq++}${ext}`);
  writeFileSync(p, content);
  return p;
}

async function readAll(t: TableReader): Promise<TableRow[]> {
  const all: TableRow[] = [];
  for await (const batch of t.rows()) for (const r of batch) all.push(r);
  return all;
}

async function tableError(p: Promise<unknown>): Promise<TableError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TableError);
  expect((err as TableError).message).toMatch(/[\u4e00-\u9fff]/);
  return err as TableError;
}

/** Fictional people with rare characters, surrogate pairs and minority names. */
function people(n: number, seed: number): string[][] {
  const rng = makeRng(seed);
  const rows: string[][] = [];
  const rare = ['吉𠮷', '李彧', '王玥', '张喆', '阿依古丽·买买提', '扎西·次仁', '𪚥', '赵𬌗𬱖'];
  for (let i = 0; i < n; i++) {
    const name = i < rare.length ? rare[i] : makeChineseName(rng);
    rows.push([name, makeIdNumber({}, rng), `云南省昭通市镇雄县${name}村${i}号`]);
  }
  return rows;
}

describe('openTable on XLSX written by ExcelJS (regression test for exceljs #2063/#2084)', () => {
  it('reads back 200,000 Chinese names from shared strings with zero differences', { timeout: 180_000 }, async () => {
    const rows = people(200_000, 2063);
    const path = join(dir, 'exceljs-shared.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: false });
    const ws = wb.addWorksheet('登记表');
    ws.addRow(['姓名', '身份证号', '家庭详细地址']).commit();
    for (const r of rows) ws.addRow(r).commit();
    ws.commit();
    await wb.commit();

    const t = await openTable(path);
    expect(t.format).toBe('xlsx');
    expect(t.header).toEqual(['姓名', '身份证号', '家庭详细地址']);
    let i = 0;
    const diffs: string[] = [];
    for await (const batch of t.rows()) {
      for (const r of batch) {
        const want = rows[i];
        if (r.rowNumber !== i + 2 || r.cells.join('\u0001') !== want.join('\u0001')) {
          if (diffs.length < 10) diffs.push(`row ${r.rowNumber}: ${JSON.stringify(r.cells)} ≠ ${JSON.stringify(want)}`);
        }
        i++;
      }
    }
    expect(diffs).toEqual([]);
    expect(i).toBe(rows.length);
  });

  it('reads back inline (t="str") strings written by writeTable with zero differences', { timeout: 120_000 }, async () => {
    const rows = people(30_000, 2084);
    const path = join(dir, 'write-table.xlsx');
    expect(await writeTable(path, ['姓名', '身份证号', '家庭详细地址'], rows)).toBe(rows.length);
    const t = await openTable(path);
    const got = await readAll(t);
    expect(got.map((r) => r.cells)).toEqual(rows);
    expect(got[0].rowNumber).toBe(2);
  });
});

describe('openTable on a workbook saved by LibreOffice Calc', () => {
  it('reads the committed fixture exactly (rich-text runs, formula, multi-line, empty row)', async () => {
    const expected = JSON.parse(readFileSync(join(here, 'fixtures/libreoffice.expected.json'), 'utf8')) as {
      header: string[];
      rows: TableRow[];
    };
    const t = await openTable(join(here, 'fixtures/libreoffice.xlsx'));
    expect(t.header).toEqual(expected.header);
    expect(t.headerRowNumber).toBe(1);
    expect(await readAll(t)).toEqual(expected.rows);
  });
});

describe('openTable on hand-built XLSX parts', () => {
  it('resolves shared strings with rich-text runs, phonetic runs, entities and _x escapes', async () => {
    const sst = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
      <si><t>姓名</t></si>
      <si><t>备注</t></si>
      <si><r><rPr><b/></rPr><t>阿依古丽</t></r><r><t xml:space="preserve">·</t></r><r><t>买买提</t></r></si>
      <si><t>张</t><rPh sb="0" eb="1"><t>ちょう</t></rPh><phoneticPr fontId="1"/></si>
      <si><t xml:space="preserve">  a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#x20BB7;&#21513; </t></si>
      <si><t>第一行_x000D_
第二行_x005F_x0041_</t></si>
      <si/>
      <si><t><![CDATA[<raw> & text]]></t></si>
    </sst>`;
    const sheet = `
      <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>
      <row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>4</v></c></row>
      <row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3" t="s"><v>5</v></c></row>
      <row r="4"><c r="A4" t="s"><v>6</v></c><c r="B4" t="s"><v>7</v></c></row>`;
    const t = await openTable(file(buildXlsx({ sheet, sharedStrings: sst })));
    expect(t.header).toEqual(['姓名', '备注']);
    expect(await readAll(t)).toEqual([
      { rowNumber: 2, cells: ['阿依古丽·买买提', `  a & b <c> "d" 'e' 𠮷吉 `] },
      { rowNumber: 3, cells: ['张', '第一行\r\n第二行_x0041_'] },
      { rowNumber: 4, cells: ['', '<raw> & text'] },
    ]);
  });

  it('reads inline strings, formula cached values, numbers as written, booleans and errors', async () => {
    const sheet = `
      <row r="1"><c r="A1" t="inlineStr"><is><t>身份证号</t></is></c><c r="B1" t="inlineStr"><is><r><t>姓</t></r><r><t>名</t></r></is></c><c r="C1" t="inlineStr"><is><t>值</t></is></c></row>
      <row r="2"><c r="A2"><v>5.30627199001011E+17</v></c><c r="B2" t="str"><f>CONCATENATE("张","三")</f><v>张三</v></c><c r="C2"><f>1+1</f><v>2</v></c></row>
      <row r="3"><c r="A3" t="b"><v>1</v></c><c r="B3" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="C3" t="str"><f>A1&amp;"="</f><v>=cmd|' /C calc'!A0</v></c></row>
      <row r="4"><c r="A4"><f>NOW()</f></c><c r="B4" t="inlineStr"><is><t>李四</t></is></c></row>`;
    const t = await openTable(file(buildXlsx({ sheet })));
    expect(t.header).toEqual(['身份证号', '姓名', '值']);
    expect(await readAll(t)).toEqual([
      { rowNumber: 2, cells: ['5.30627199001011E+17', '张三', '2'] },
      { rowNumber: 3, cells: ['TRUE', '#DIV/0!', "=cmd|' /C calc'!A0"] },
      { rowNumber: 4, cells: ['', '李四', ''] },
    ]);
  });

  it('places cells by reference, fills gaps, skips empty rows and handles missing references', async () => {
    const sheet = `
      <row r="3" spans="1:3"><c r="A3" t="inlineStr"><is><t>a</t></is></c><c r="C3" t="inlineStr"><is><t>c</t></is></c></row>
      <row r="5"><c r="B5" s="1"/><c r="C5" t="inlineStr"><is><t>x</t></is></c></row>
      <row r="6"><c r="A6" s="3"/></row>
      <row r="7"/>
      <row><c t="inlineStr"><is><t>p</t></is></c><c t="inlineStr"><is><t>q</t></is></c></row>
      <row r="10"><c r="AA10" t="inlineStr"><is><t>far</t></is></c><c r="A10" t="inlineStr"><is><t>near</t></is></c></row>`;
    const t = await openTable(file(buildXlsx({ sheet })));
    expect(t.headerRowNumber).toBe(3);
    expect(t.header).toEqual(['a', '', 'c']);
    expect(await readAll(t)).toEqual([
      { rowNumber: 5, cells: ['', '', 'x'] },
      { rowNumber: 8, cells: ['p', 'q', ''] },
      { rowNumber: 10, cells: ['near', '', ''] },
    ]);
  });

  it('accepts namespace prefixes (x:row, x:c) as written by the OpenXML SDK', async () => {
    const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const sheet = `<?xml version="1.0" encoding="utf-8"?><x:worksheet xmlns:x="${ns}"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>姓名</x:t></x:is></x:c></x:row><x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>王五</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`;
    const t = await openTable(file(buildXlsx({ sheet })));
    expect(t.header).toEqual(['姓名']);
    expect(await readAll(t)).toEqual([{ rowNumber: 2, cells: ['王五'] }]);
  });

  it('enforces the row cap', async () => {
    const rows = Array.from({ length: 6 }, (_v, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`).join('');
    const path = file(buildXlsx({ sheet: rows }));
    const err = await tableError(readAll(await openTable(path, { maxRows: 4 })));
    expect(err.code).toBe('table.too_many_rows');
    expect(err.message).toContain('4');
    expect(await readAll(await openTable(path, { maxRows: 5 }))).toHaveLength(5);
  });

  it('rejects a workbook whose sheet is empty', async () => {
    const err = await tableError(openTable(file(buildXlsx({ sheet: '<row r="1"><c r="A1" s="1"/></row>' }))));
    expect(err.code).toBe('table.empty');
  });

  it('rejects a zip without the workbook parts, and a sheet index that does not exist', async () => {
    const noWorkbook = buildZip([{ name: 'hello.txt', data: 'hi' }]);
    expect((await tableError(openTable(file(noWorkbook)))).code).toBe('table.bad_xlsx');
    const ok = buildXlsx({ sheet: '<row r="1"><c r="A1"><v>1</v></c></row>' });
    expect((await tableError(openTable(file(ok), { sheet: 1 }))).code).toBe('table.bad_xlsx');
  });

  it('rejects files that are not zips', async () => {
    expect((await tableError(openTable(file(Buffer.from('姓名,身份证号\n'))))).code).toBe('table.bad_zip');
    const ok = buildXlsx({ sheet: '<row r="1"><c r="A1"><v>1</v></c></row>' });
    expect((await tableError(openTable(file(ok.subarray(0, ok.length - 30))))).code).toBe('table.bad_zip');
  });

  it('rejects a DOCTYPE (no entity expansion attacks)', async () => {
    const sheet = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol;</t></is></c></row></sheetData></worksheet>`;
    expect((await tableError(openTable(file(buildXlsx({ sheet }))))).code).toBe('table.bad_xlsx');
  });

  it('reads the sheet chosen by index through the workbook relationships', async () => {
    const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const sheetXml = (v: string): string =>
      `<worksheet xmlns="${ns}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>${v}</t></is></c></row></sheetData></worksheet>`;
    const zip = buildZip([
      { name: '_rels/.rels', data: `<Relationships><Relationship Id="r1" Type="${rel}/officeDocument" Target="/xl/book.xml"/></Relationships>` },
      { name: 'xl/book.xml', data: `<workbook xmlns:r="${rel}"><sheets><sheet name="二" sheetId="2" r:id="b"/><sheet name="一" sheetId="1" r:id="a"/></sheets></workbook>` },
      { name: 'xl/_rels/book.xml.rels', data: `<Relationships><Relationship Id="a" Type="${rel}/worksheet" Target="worksheets/one.xml"/><Relationship Id="b" Type="${rel}/worksheet" Target="../xl/worksheets/two.xml"/></Relationships>` },
      { name: 'xl/worksheets/one.xml', data: sheetXml('第一') },
      { name: 'xl/worksheets/two.xml', data: sheetXml('第二') },
    ]);
    const p = file(zip);
    expect((await openTable(p)).header).toEqual(['第二']);
    expect((await openTable(p, { sheet: 1 })).header).toEqual(['第一']);
  });
});
