import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTable, TableError } from './index.ts';
import { buildXlsx, buildZip, type ZipSpecEntry } from './test-support.ts';
import { isUnsafeEntryName, ZipArchive } from './zip.ts';

const dir = mkdtempSync(join(tmpdir(), 'jineng-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let seq = 0;
function file(content: Buffer): string {
  const p = join(dir, `z${seq++}.xlsx`);
  writeFileSync(p, content);
  return p;
}

const SHEET = '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>张三</t></is></c></row>';

async function errorOf(p: Promise<unknown>): Promise<TableError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TableError);
  expect((err as TableError).message).toMatch(/[\u4e00-\u9fff]/);
  return err as TableError;
}

async function readEverything(path: string): Promise<number> {
  const t = await openTable(path);
  let n = 0;
  for await (const b of t.rows()) n += b.length;
  return n;
}

function xlsxWith(extra: ZipSpecEntry[]): Buffer {
  return buildXlsx({ sheet: SHEET, extraEntries: extra });
}

describe('zip pre-checks of uploaded .xlsx files', () => {
  it('accepts a well-formed workbook, deflated or stored', async () => {
    expect(await readEverything(file(buildXlsx({ sheet: SHEET })))).toBe(1);
    const stored = buildZip([
      { name: '_rels/.rels', data: '<Relationships/>', method: 0 },
      { name: 'xl/workbook.xml', data: '<workbook><sheets><sheet name="a" sheetId="1"/></sheets></workbook>', method: 0 },
      { name: 'xl/worksheets/sheet1.xml', data: `<worksheet><sheetData>${SHEET}</sheetData></worksheet>`, method: 0 },
    ]);
    expect(await readEverything(file(stored))).toBe(1);
  });

  it('rejects zip-slip entry names', async () => {
    for (const name of ['../evil.xml', 'xl/../../evil.xml', '/etc/passwd', '\\windows\\evil', 'C:/evil.xml', 'xl/..\\evil']) {
      const err = await errorOf(openTable(file(xlsxWith([{ name, data: 'x' }]))));
      expect(err.code, name).toBe('table.zip_unsafe_path');
    }
    expect(isUnsafeEntryName('xl/worksheets/sheet1.xml')).toBe(false);
  });

  it('rejects an entry whose compression ratio exceeds 200:1 (zip bomb)', async () => {
    const zeros = Buffer.alloc(20 * 1024 * 1024); // deflates ≈ 1000:1
    const err = await errorOf(openTable(file(xlsxWith([{ name: 'xl/media/bomb.bin', data: zeros }]))));
    expect(err.code).toBe('table.zip_bomb');
    expect(err.message).toContain('压缩比');
  });

  it('does not apply the ratio check to small entries', async () => {
    const smallButRepetitive = Buffer.alloc(512 * 1024, 0x41);
    expect(await readEverything(file(xlsxWith([{ name: 'xl/media/a.bin', data: smallButRepetitive }])))).toBe(1);
  });

  it('rejects declared sizes over 2 GB per entry or 4 GB in total before inflating anything', async () => {
    const big = await errorOf(openTable(file(xlsxWith([{ name: 'xl/big.bin', data: 'x', declaredSize: 2 ** 31 + 1 }]))));
    expect(big.code).toBe('table.zip_bomb');
    const parts: ZipSpecEntry[] = [1, 2, 3].map((i) => ({ name: `xl/p${i}.bin`, data: 'x', declaredSize: 1.5 * 2 ** 30 }));
    const total = await errorOf(openTable(file(xlsxWith(parts))));
    expect(total.code).toBe('table.zip_bomb');
  });

  it('stops inflating when an entry produces more than its declared size', async () => {
    // The sheet claims 100 bytes but inflates to ≈ 1.5 MB of rows.
    const rows = Array.from({ length: 20_000 }, (_v, i) => `<row r="${i + 2}"><c r="A${i + 2}"><v>${i}</v></c></row>`).join('');
    const sheet = `<worksheet><sheetData>${SHEET}${rows}</sheetData></worksheet>`;
    const zip = buildZip([
      { name: 'xl/workbook.xml', data: '<workbook><sheets><sheet name="a" sheetId="1"/></sheets></workbook>' },
      { name: 'xl/worksheets/sheet1.xml', data: sheet, declaredSize: 100 },
    ]);
    const err = await errorOf(readEverything(file(zip)));
    expect(err.code).toBe('table.zip_bomb');
  });

  it('rejects more than 10,000 entries', async () => {
    const many: ZipSpecEntry[] = Array.from({ length: 10_001 }, (_v, i) => ({ name: `xl/m/${i}.xml`, data: '', method: 0 }));
    const err = await errorOf(openTable(file(xlsxWith(many))));
    expect(err.code).toBe('table.zip_bomb');
  });

  it('detects corrupted data through the CRC or the inflater', async () => {
    const good = buildZip([
      { name: 'xl/workbook.xml', data: '<workbook><sheets><sheet name="a" sheetId="1"/></sheets></workbook>', method: 0 },
      { name: 'xl/worksheets/sheet1.xml', data: `<worksheet><sheetData>${SHEET}</sheetData></worksheet>`, method: 0 },
    ]);
    const bad = Buffer.from(good);
    const at = bad.indexOf('张三');
    bad[at] ^= 0x01;
    const err = await errorOf(readEverything(file(bad)));
    expect(['table.bad_zip', 'table.bad_xlsx']).toContain(err.code);
  });

  it('lists entries with their sizes', async () => {
    const p = file(buildXlsx({ sheet: SHEET }));
    const fh = await open(p, 'r');
    try {
      const zip = await ZipArchive.open(fh, (await fh.stat()).size);
      const sheet = zip.find('XL/WORKSHEETS/SHEET1.XML');
      expect(sheet?.name).toBe('xl/worksheets/sheet1.xml');
      expect(sheet?.uncompressedSize).toBeGreaterThan(100);
    } finally {
      await fh.close();
    }
  });
});
