import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { openTable, TableError, type TableReader, type TableRow } from './index.ts';
import { isValidUtf8, sniffEncoding } from './encoding.ts';

const dir = mkdtempSync(join(tmpdir(), 'jineng-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let seq = 0;
function file(ext: string, content: string | Buffer): string {
  const p = join(dir, `f${seq++}${ext}`);
  writeFileSync(p, content);
  return p;
}

async function readAll(t: TableReader): Promise<TableRow[]> {
  const all: TableRow[] = [];
  for await (const batch of t.rows()) for (const r of batch) all.push(r);
  return all;
}

async function expectTableError(p: Promise<unknown>, code: string): Promise<TableError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TableError);
  expect((err as TableError).code).toBe(code);
  expect((err as TableError).message).toMatch(/[\u4e00-\u9fff]/);
  return err as TableError;
}

const HEADER = '序号,姓名,性别,民族,扶贫卡编号,身份证号,联系电话,家庭详细地址,拟就读技工院校';
const ROW = '1,张三,男,汉族,KP001,530627199001011234,13812345678,云南省昭通市镇雄县,昭通技师学院';

describe('openTable on CSV', () => {
  it('reads UTF-8 with a BOM', async () => {
    const t = await openTable(file('.csv', `\ufeff${HEADER}\r\n${ROW}\r\n`));
    expect(t.format).toBe('csv');
    expect(t.encoding).toBe('utf-8');
    expect(t.header).toEqual(HEADER.split(','));
    expect(t.headerRowNumber).toBe(1);
    expect(await readAll(t)).toEqual([{ rowNumber: 2, cells: ROW.split(',') }]);
  });

  it('reads UTF-8 without a BOM', async () => {
    const t = await openTable(file('.csv', `${HEADER}\n${ROW}\n`));
    expect(t.encoding).toBe('utf-8');
    expect(t.header[1]).toBe('姓名');
    expect((await readAll(t))[0].cells[7]).toBe('云南省昭通市镇雄县');
  });

  it('detects GBK (saved by Excel as "CSV (comma delimited)" on Chinese Windows)', async () => {
    const text = `${HEADER}\r\n${ROW}\r\n2,李彧,女,彝族,KP002,530627199202021221,,"云南省昭通市鲁甸县,龙头山镇",\r\n`;
    const t = await openTable(file('.csv', iconv.encode(text, 'gbk')));
    expect(t.encoding).toBe('gb18030');
    expect(t.header).toEqual(HEADER.split(','));
    const rows = await readAll(t);
    expect(rows[1].cells[1]).toBe('李彧');
    expect(rows[1].cells[7]).toBe('云南省昭通市鲁甸县,龙头山镇');
  });

  it('detects GB18030 characters outside GBK (four-byte sequences)', async () => {
    const t = await openTable(file('.csv', iconv.encode(`姓名\r\n吉𠮷\r\n`, 'gb18030')));
    expect(t.encoding).toBe('gb18030');
    expect((await readAll(t))[0].cells[0]).toBe('吉𠮷');
  });

  it('reads UTF-16LE with a BOM (Excel "Unicode text", tab-separated)', async () => {
    const buf = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('姓名\t身份证号\r\n张三\t530627199001011234\r\n', 'utf16le')]);
    const t = await openTable(file('.txt', buf));
    expect(t.format).toBe('tsv');
    expect(t.encoding).toBe('utf-16le');
    expect(await readAll(t)).toEqual([{ rowNumber: 2, cells: ['张三', '530627199001011234'] }]);
  });

  it('reads quoted fields with commas, doubled quotes and newlines', async () => {
    const t = await openTable(file('.csv', '姓名,地址,备注\r\n"张三","云南省,昭通市","第一行\r\n第二行 ""引号"""\r\n李四,昭通,\r\n'));
    const rows = await readAll(t);
    expect(rows).toEqual([
      { rowNumber: 2, cells: ['张三', '云南省,昭通市', '第一行\r\n第二行 "引号"'] },
      { rowNumber: 3, cells: ['李四', '昭通', ''] },
    ]);
  });

  it('reads TSV by extension', async () => {
    const t = await openTable(file('.tsv', '姓名\t地址\n张三\t云南省,昭通市\n'));
    expect(t.format).toBe('tsv');
    expect(await readAll(t)).toEqual([{ rowNumber: 2, cells: ['张三', '云南省,昭通市'] }]);
  });

  it('takes the first non-empty row as the header, cleans it, and skips empty rows', async () => {
    const t = await openTable(file('.csv', '\r\n,,\r\n\u3000序号 ,＃姓名\u200b,,\r\n1,张三,,\r\n,,,\r\n \t, \r\n2,李四,x\r\n'));
    expect(t.headerRowNumber).toBe(3);
    expect(t.header).toEqual(['序号', '#姓名']);
    const rows = await readAll(t);
    expect(rows.map((r) => r.rowNumber)).toEqual([4, 7]);
    // Aligned with the header: cells past the header are dropped, missing ones are ''.
    expect(rows[1].cells).toEqual(['2', '李四']);
  });

  it('returns raw, uncleaned data cells padded to the header width', async () => {
    const t = await openTable(file('.csv', 'a,b,c\n 张三\u200b ,５\n'));
    expect(await readAll(t)).toEqual([{ rowNumber: 2, cells: [' 张三\u200b ', '５', ''] }]);
  });

  it('streams large files in several batches with continuous row numbers', async () => {
    const lines = ['序号,姓名,地址'];
    for (let i = 1; i <= 60_000; i++) lines.push(`${i},"张${i}","云南省昭通市镇雄县第${i}号"`);
    const t = await openTable(file('.csv', lines.join('\r\n')));
    let count = 0;
    let batches = 0;
    for await (const batch of t.rows()) {
      batches++;
      for (const r of batch) {
        count++;
        expect(r.rowNumber).toBe(count + 1);
        expect(r.cells[0]).toBe(String(count));
      }
    }
    expect(count).toBe(60_000);
    expect(batches).toBeGreaterThan(1);
  });

  it('enforces the row cap while reading', async () => {
    const t = await openTable(file('.csv', 'a\n1\n2\n3\n'), { maxRows: 2 });
    const err = await expectTableError(readAll(t), 'table.too_many_rows');
    expect(err.message).toContain('2');
    const ok = await openTable(file('.csv', 'a\n1\n\n2\n'), { maxRows: 2 });
    expect(await readAll(ok)).toHaveLength(2);
  });

  it('rejects empty files and files without any non-empty row', async () => {
    await expectTableError(openTable(file('.csv', '')), 'table.empty');
    await expectTableError(openTable(file('.csv', '\ufeff\r\n,,\r\n  \r\n')), 'table.empty');
  });

  it('rejects missing files, unsupported extensions and disguised workbooks', async () => {
    await expectTableError(openTable(join(dir, 'missing.csv')), 'table.unreadable');
    await expectTableError(openTable(dir + '/'), 'table.unsupported_format');
    await expectTableError(openTable(file('.xls', 'x')), 'table.unsupported_format');
    await expectTableError(openTable(file('.pdf', 'x')), 'table.unsupported_format');
    await expectTableError(openTable(file('.csv', Buffer.from('PK\x03\x04rest'))), 'table.unsupported_format');
  });

  it('rejects a directory named like a CSV', async () => {
    const sub = join(dir, 'folder.csv');
    (await import('node:fs')).mkdirSync(sub);
    await expectTableError(openTable(sub), 'table.unreadable');
  });

  it('fails with table.encoding when a UTF-8 file turns invalid after the first chunks', async () => {
    const head = Buffer.from('姓名\n' + '张三\n'.repeat(150_000), 'utf8');
    const t = await openTable(file('.csv', Buffer.concat([head, iconv.encode('李四\n', 'gbk')])));
    await expectTableError(readAll(t), 'table.encoding');
  });

  it('detects GBK whose first non-ASCII byte comes after a long ASCII start', async () => {
    const ascii = 'id,name\n' + '1,a\n'.repeat(100_000); // ≈ 400 KB of ASCII
    const t = await openTable(file('.csv', Buffer.concat([Buffer.from(ascii), iconv.encode('2,张三\n', 'gbk')])));
    expect(t.encoding).toBe('gb18030');
    const rows = await readAll(t);
    expect(rows[rows.length - 1].cells).toEqual(['2', '张三']);
  });

  it('can be closed early without reading every row', async () => {
    const t = await openTable(file('.csv', 'a\n' + '1\n'.repeat(3_000_000)));
    for await (const batch of t.rows()) {
      expect(batch.length).toBeGreaterThan(0);
      break;
    }
    await t.close();
  });
});

describe('encoding detection', () => {
  it('validates UTF-8 and accepts a sequence cut at the end of a chunk', () => {
    const b = Buffer.from('张三𠮷', 'utf8');
    expect(isValidUtf8(b, false)).toBe(true);
    expect(isValidUtf8(b.subarray(0, b.length - 1), true)).toBe(true);
    expect(isValidUtf8(b.subarray(0, b.length - 1), false)).toBe(false);
    expect(isValidUtf8(Buffer.from([0xc0, 0x80]), false)).toBe(false); // overlong
    expect(isValidUtf8(Buffer.from([0xed, 0xa0, 0x80]), false)).toBe(false); // surrogate
    expect(isValidUtf8(iconv.encode('张三', 'gbk'), true)).toBe(false);
  });

  it('recognises BOMs and BOM-less UTF-16', () => {
    expect(sniffEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x41]), true)).toEqual({ encoding: 'utf-8', bomLength: 3 });
    expect(sniffEncoding(Buffer.from([0xfe, 0xff, 0, 0x41]), true)).toEqual({ encoding: 'utf-16be', bomLength: 2 });
    expect(sniffEncoding(Buffer.from('name,id\r\n', 'utf16le'), true)).toEqual({ encoding: 'utf-16le', bomLength: 0 });
    expect(sniffEncoding(iconv.encode('姓名', 'gbk'), true).encoding).toBe('gb18030');
  });
});
