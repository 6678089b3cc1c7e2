import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { escapeFormulaCell, openTable, TableError, writeTable } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'jineng-write-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('escapeFormulaCell', () => {
  it('prefixes a quote to cells a spreadsheet would run as formulas', () => {
    for (const s of ['=1+1', '+86', '-2', '@SUM(A1)', '\tx', '\rx']) expect(escapeFormulaCell(s)).toBe(`'${s}`);
  });
  it('leaves every other cell alone', () => {
    for (const s of ['', '张三', '530627199001011234', "'quoted", ' =x', 'a=b']) expect(escapeFormulaCell(s)).toBe(s);
  });
});

describe('writeTable', () => {
  const header = ['姓名', '身份证号', '备注'];
  const rows = [
    ['张三', '530627199001011234', '=HYPERLINK("http://x")'],
    ['李"四"', '53062719900101123X', '第一行\n第二行, 逗号'],
    ['吉𠮷', '', '-5'],
  ];

  it('writes CSV with a UTF-8 BOM, CRLF, RFC 4180 quoting and escaped formulas', async () => {
    const path = join(dir, 'out.csv');
    expect(await writeTable(path, header, rows)).toBe(3);
    const text = readFileSync(path, 'utf8');
    expect(text).toBe(
      '\ufeff姓名,身份证号,备注\r\n' +
        `张三,530627199001011234,"'=HYPERLINK(""http://x"")"\r\n` +
        '"李""四""",53062719900101123X,"第一行\n第二行, 逗号"\r\n' +
        "吉𠮷,,'-5\r\n",
    );
  });

  it('writes CSV without BOM on request, from an async iterable', async () => {
    const path = join(dir, 'nobom.csv');
    async function* gen(): AsyncGenerator<string[]> {
      yield ['a', 'b'];
    }
    expect(await writeTable(path, ['x', 'y'], gen(), { bom: false })).toBe(1);
    expect(readFileSync(path, 'utf8')).toBe('x,y\r\na,b\r\n');
  });

  it('round-trips CSV through openTable', async () => {
    const path = join(dir, 'round.csv');
    await writeTable(path, header, rows);
    const t = await openTable(path);
    expect(t.header).toEqual(header);
    const got: string[][] = [];
    for await (const b of t.rows()) for (const r of b) got.push(r.cells);
    expect(got).toEqual(rows.map((r) => r.map(escapeFormulaCell)));
  });

  it('writes XLSX with string cells only, a bold header, text-formatted columns and widths', async () => {
    const path = join(dir, 'out.xlsx');
    expect(await writeTable(path, header, rows, { sheetName: '登记表' })).toBe(3);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path); // a trusted file we just wrote: the whole-file reader is fine here
    const ws = wb.getWorksheet('登记表');
    expect(ws).toBeDefined();
    if (!ws) return;
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.getCell('B2').value).toBe('530627199001011234');
    expect(typeof ws.getCell('B2').value).toBe('string');
    expect(ws.getCell('B2').numFmt).toBe('@');
    expect(ws.getCell('C2').value).toBe(`'=HYPERLINK("http://x")`);
    expect(ws.getColumn(2).width).toBeGreaterThanOrEqual(18);

    const t = await openTable(path);
    const got: string[][] = [];
    for await (const b of t.rows()) for (const r of b) got.push(r.cells);
    expect(got).toEqual(rows.map((r) => r.map(escapeFormulaCell)));
  });

  it('rejects other extensions', async () => {
    await expect(writeTable(join(dir, 'x.xls'), ['a'], [])).rejects.toBeInstanceOf(TableError);
  });
});
