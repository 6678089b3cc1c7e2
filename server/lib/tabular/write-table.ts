/**
 * writeTable: streaming export to .csv (UTF-8 with BOM so that Excel opens it, RFC 4180
 * quoting, CRLF) or .xlsx (ExcelJS's streaming WorkbookWriter; every cell a string in a
 * text-formatted column so that ID numbers never turn into numbers).
 *
 * Every data cell goes through escapeFormulaCell (OWASP CSV injection; contract §1: a cell
 * beginning with `=`, `+`, `-`, `@` is exported with a leading `'`).
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { extname } from 'node:path';
import ExcelJS from 'exceljs';
import { TableError } from './table-error.ts';

export interface WriteTableOptions {
  /** CSV only: write a UTF-8 BOM (default true: Excel needs it to read UTF-8). */
  bom?: boolean;
  /** XLSX only: 0-based columns given the text number format `@` (default: all columns). */
  textColumns?: number[];
  /** XLSX only: worksheet name (default 'Sheet1'). */
  sheetName?: string;
  /** XLSX only: 0-based columns whose decimal cells are written as numbers (never text-formatted). */
  numberColumns?: number[];
}

/**
 * Prefixes `'` to a cell that a spreadsheet would read as a formula: one starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return (OWASP "CSV Injection").
 */
export function escapeFormulaCell(s: string): string {
  if (s.length === 0) return s;
  const c = s.charCodeAt(0);
  if (c === 0x3d || c === 0x2b || c === 0x2d || c === 0x40 || c === 0x09 || c === 0x0d) return `'${s}`;
  return s;
}

/** One CSV field, quoted when it holds a comma, a quote, CR or LF. */
function csvField(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2c || c === 0x22 || c === 0x0a || c === 0x0d) return `"${s.replace(/"/g, '""')}"`;
  }
  return s;
}

function csvLine(cells: readonly string[], width: number, escape: boolean): string {
  let line = '';
  const n = Math.max(cells.length, width);
  for (let i = 0; i < n; i++) {
    if (i > 0) line += ',';
    const v = cells[i] ?? '';
    line += csvField(escape ? escapeFormulaCell(v) : v);
  }
  return line + '\r\n';
}

/**
 * Writes the header and rows to `path` as .csv or .xlsx (by extension) and returns the
 * number of data rows written.
 */
export async function writeTable(
  path: string,
  header: string[],
  rows: AsyncIterable<string[]> | Iterable<string[]>,
  opts: WriteTableOptions = {},
): Promise<number> {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return writeCsv(path, header, rows, opts);
  if (ext === '.xlsx') return writeXlsx(path, header, rows, opts);
  throw new TableError('table.unsupported_format', `不支持导出为“${ext || '无扩展名'}”，请使用 .xlsx 或 .csv`);
}

async function writeCsv(
  path: string,
  header: string[],
  rows: AsyncIterable<string[]> | Iterable<string[]>,
  opts: WriteTableOptions,
): Promise<number> {
  const out = createWriteStream(path);
  let failure: unknown = null;
  out.on('error', (err) => {
    failure = err;
  });
  const width = header.length;
  let buf = (opts.bom ?? true ? '\ufeff' : '') + csvLine(header, width, false);
  let count = 0;
  try {
    for await (const row of rows) {
      buf += csvLine(row, width, true);
      count++;
      if (buf.length >= 1 << 16) {
        if (failure) throw failure;
        const ok = out.write(buf);
        buf = '';
        if (!ok) await Promise.race([once(out, 'drain'), once(out, 'error')]);
      }
    }
    if (failure) throw failure;
    out.end(buf);
    await Promise.race([once(out, 'finish'), once(out, 'error')]);
    if (failure) throw failure;
  } catch (err) {
    out.destroy();
    throw err;
  }
  return count;
}

/** Display width of a string: CJK and other wide characters count 2. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += (ch.codePointAt(0) as number) > 0x2e80 ? 2 : 1;
  return w;
}

async function writeXlsx(
  path: string,
  header: string[],
  rows: AsyncIterable<string[]> | Iterable<string[]>,
  opts: WriteTableOptions,
): Promise<number> {
  // Peek at the first rows to size the columns (they must be set before any row is written).
  const iterator =
    Symbol.asyncIterator in rows
      ? (rows as AsyncIterable<string[]>)[Symbol.asyncIterator]()
      : (rows as Iterable<string[]>)[Symbol.iterator]();
  const head: string[][] = [];
  let done = false;
  while (head.length < 200) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
  }

  const widths = header.map((h) => displayWidth(h));
  for (const row of head) {
    for (let i = 0; i < header.length; i++) widths[i] = Math.max(widths[i], displayWidth(row[i] ?? ''));
  }
  const numberColumns = new Set(opts.numberColumns ?? []);
  const textColumns = new Set((opts.textColumns ?? header.map((_h, i) => i)).filter((i) => !numberColumns.has(i)));

  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(opts.sheetName ?? 'Sheet1', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = header.map((_h, i) => ({
    key: `c${i}`,
    width: Math.min(60, Math.max(8, widths[i] + 2)),
    style: textColumns.has(i) ? { numFmt: '@' } : {},
  }));

  const headerRow = sheet.addRow(header);
  headerRow.font = { bold: true };
  headerRow.commit();

  let count = 0;
  const addRow = (row: string[]): void => {
    const values: (string | number | null)[] = [];
    const n = Math.max(row.length, header.length);
    for (let i = 0; i < n; i++) {
      const v = row[i] ?? '';
      if (numberColumns.has(i) && /^-?\d{1,15}(\.\d+)?$/.test(v)) values.push(Number(v));
      else values.push(v === '' ? null : escapeFormulaCell(v));
    }
    sheet.addRow(values).commit();
    count++;
  };
  for (const row of head) addRow(row);
  if (!done) {
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      addRow(next.value);
    }
  }
  sheet.commit();
  await workbook.commit();
  return count;
}
