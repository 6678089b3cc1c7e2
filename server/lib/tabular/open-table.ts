/**
 * openTable: one streaming reader for CSV, TSV and XLSX uploads.
 *
 * The first non-empty row is the header (contract §1); its cells are cleaned. Data rows
 * are returned raw (the import validates and cleans each column itself), aligned with the
 * header, in batches, with the row numbers a spreadsheet user sees.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { extname } from 'node:path';
import { cleanCell, isBlankCell } from '../../../common/text.ts';
import { openDelimited } from './csv-source.ts';
import { TableError } from './table-error.ts';
import type { OpenTableOptions, RawRow, RowSource, TableReader, TableRow } from './types.ts';
import { openXlsx } from './xlsx-source.ts';

function isBlankRow(cells: string[], width: number): boolean {
  const n = Math.min(cells.length, width);
  for (let i = 0; i < n; i++) if (!isBlankCell(cells[i])) return false;
  return true;
}

async function openSource(fh: FileHandle, size: number, ext: string, opts: OpenTableOptions): Promise<RowSource> {
  switch (ext) {
    case '.csv':
      return openDelimited(fh, size, ',');
    case '.tsv':
      return openDelimited(fh, size, '\t');
    case '.txt':
      return openDelimited(fh, size, 'auto');
    case '.xlsx':
      return openXlsx(fh, size, opts.sheet ?? 0);
    default:
      throw new TableError('table.unsupported_format', unsupportedMessage(ext));
  }
}

function unsupportedMessage(ext: string): string {
  if (ext === '.xls' || ext === '.et' || ext === '.wps') {
    return `不支持 ${ext} 格式，请在 Excel/WPS 中另存为 .xlsx 或 CSV 后重新上传`;
  }
  return `不支持的文件类型“${ext || '无扩展名'}”，请上传 .xlsx、.csv 或 .tsv 文件`;
}

/**
 * Opens a table file for streaming. Throws TableError for an unreadable file, an
 * unsupported extension, a bad or dangerous zip, a file without any non-empty row.
 * The row cap (`maxRows`, data rows after the header) is enforced while iterating rows().
 */
export async function openTable(path: string, opts: OpenTableOptions = {}): Promise<TableReader> {
  const ext = extname(path).toLowerCase();
  if (!['.csv', '.tsv', '.txt', '.xlsx'].includes(ext)) {
    throw new TableError('table.unsupported_format', unsupportedMessage(ext));
  }

  let fh: FileHandle;
  let size: number;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? '文件不存在' : code === 'EACCES' || code === 'EPERM' ? '没有读取权限' : '无法打开';
    throw new TableError('table.unreadable', `无法读取文件：${why}`, { cause: err });
  }
  let source: RowSource;
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new TableError('table.unreadable', '无法读取文件：不是普通文件');
    size = st.size;
    if (size === 0) throw new TableError('table.empty', '文件为空');
    source = await openSource(fh, size, ext, opts);
  } catch (err) {
    await fh.close().catch(() => undefined);
    if (err instanceof TableError) throw err;
    throw new TableError('table.unreadable', '无法读取文件', { cause: err });
  }

  // Find the header: the first non-empty row.
  const it = source.batches;
  let header: string[] | null = null;
  let headerRowNumber = 0;
  let pending: RawRow[] = [];
  try {
    while (header === null) {
      const next = await it.next();
      if (next.done) break;
      const batch = next.value;
      for (let k = 0; k < batch.length; k++) {
        const row = batch[k];
        if (isBlankRow(row.cells, row.cells.length)) continue;
        const cleaned = row.cells.map(cleanCell);
        while (cleaned.length > 0 && cleaned[cleaned.length - 1] === '') cleaned.pop();
        header = cleaned;
        headerRowNumber = row.rowNumber;
        pending = batch.slice(k + 1);
        break;
      }
    }
  } catch (err) {
    await source.close().catch(() => undefined);
    throw err;
  }
  if (header === null) {
    await source.close();
    throw new TableError('table.empty', '文件中没有数据（找不到表头行）');
  }

  const width = header.length;
  const maxRows = opts.maxRows ?? Infinity;
  let iterated = false;

  /** Keeps non-empty rows, aligned to the header width; counts them against maxRows. */
  let count = 0;
  const shape = (batch: RawRow[]): TableRow[] => {
    const out: TableRow[] = [];
    for (let k = 0; k < batch.length; k++) {
      const row = batch[k];
      const cells = row.cells;
      if (isBlankRow(cells, width)) continue;
      if (++count > maxRows) {
        throw new TableError('table.too_many_rows', `文件超过 ${maxRows} 行数据的上限，请拆分后分批上传`);
      }
      if (cells.length > width) cells.length = width;
      else while (cells.length < width) cells.push('');
      out.push(row);
    }
    return out;
  };

  async function* rows(): AsyncGenerator<TableRow[], void, undefined> {
    if (iterated) throw new Error('TableReader.rows() can only be iterated once');
    iterated = true;
    try {
      const first = shape(pending);
      pending = [];
      if (first.length > 0) yield first;
      for (;;) {
        const next = await it.next();
        if (next.done) break;
        const shaped = shape(next.value);
        if (shaped.length > 0) yield shaped;
      }
    } finally {
      await it.return(undefined);
      await source.close();
    }
  }

  return {
    format: source.format,
    encoding: source.encoding,
    header,
    headerRowNumber,
    rows,
    async close() {
      await it.return(undefined).catch(() => undefined);
      await source.close();
    },
  };
}
