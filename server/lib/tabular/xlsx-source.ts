/**
 * XLSX row source: zip pre-check (zip.ts), then the workbook's relationships to find the
 * sheet and the shared strings, then the shared strings into a compact table, then the
 * sheet streamed through SheetParser. ExcelJS's reader is not used (exceljs #2063/#2084).
 */
import type { FileHandle } from 'node:fs/promises';
import { TableError } from './table-error.ts';
import type { RawRow, RowSource } from './types.ts';
import { SharedStringsParser, SheetParser, type SharedStringTable } from './xlsx-xml.ts';
import { ZipArchive, type ZipEntry } from './zip.ts';

interface Relationship {
  type: string;
  target: string;
}

function badXlsx(detail: string): TableError {
  return new TableError('table.bad_xlsx', `文件不是有效的 xlsx 工作簿（${detail}）`);
}

/** Attributes of every `<name …>` element (any namespace prefix) in a small XML document. */
function elements(xml: string, localName: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  const re = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${localName}\\b([^>]*)>`, 'g');
  for (const m of xml.matchAll(re)) {
    const attrs: Record<string, string> = {};
    for (const a of m[1].matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      const value = a[2] ?? a[3] ?? '';
      attrs[a[1]] = value.replace(/&(lt|gt|amp|quot|apos);/g, (_x, e: string) =>
        e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'amp' ? '&' : e === 'quot' ? '"' : "'",
      );
    }
    out.push(attrs);
  }
  return out;
}

/** Resolves a relationship target against the folder of the part that owns the rels. */
export function resolvePartPath(baseDir: string, target: string): string {
  const raw = target.startsWith('/') ? target.slice(1) : baseDir ? `${baseDir}/${target}` : target;
  const parts: string[] = [];
  for (const seg of raw.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '' : path.slice(0, i);
}

function relsPathOf(partPath: string): string {
  const dir = dirOf(partPath);
  const file = partPath.slice(dir.length ? dir.length + 1 : 0);
  return dir ? `${dir}/_rels/${file}.rels` : `_rels/${file}.rels`;
}

async function readRels(zip: ZipArchive, partPath: string): Promise<Map<string, Relationship>> {
  const map = new Map<string, Relationship>();
  const entry = zip.find(relsPathOf(partPath));
  if (!entry) return map;
  const xml = await zip.readText(entry);
  for (const a of elements(xml, 'Relationship')) {
    if (!a.Id || !a.Target || a.TargetMode === 'External') continue;
    map.set(a.Id, { type: a.Type ?? '', target: resolvePartPath(dirOf(partPath), a.Target) });
  }
  return map;
}

function relOfType(rels: Map<string, Relationship>, suffix: string): Relationship | undefined {
  for (const r of rels.values()) if (r.type.endsWith(suffix)) return r;
  return undefined;
}

async function* decodeEntry(zip: ZipArchive, entry: ZipEntry): AsyncGenerator<string, void, undefined> {
  let decoder: TextDecoder | null = null;
  try {
    for await (const chunk of zip.stream(entry)) {
      if (decoder === null) {
        const utf16 = chunk.length >= 2 && chunk[0] === 0xff && chunk[1] === 0xfe;
        decoder = new TextDecoder(utf16 ? 'utf-16le' : 'utf-8', { fatal: true });
      }
      yield decoder.decode(chunk, { stream: true });
    }
    if (decoder) yield decoder.decode();
  } catch (err) {
    if (err instanceof TableError) throw err;
    throw badXlsx(`“${entry.name}”含有无效的 UTF-8 字节`);
  }
}

/** Reads the shared string table of a workbook (or null when it has none). */
async function loadSharedStrings(zip: ZipArchive, entry: ZipEntry | undefined): Promise<SharedStringTable | null> {
  if (!entry) return null;
  const parser = new SharedStringsParser(entry.uncompressedSize);
  for await (const text of decodeEntry(zip, entry)) parser.push(text);
  return parser.finish();
}

/** Opens an .xlsx file; `sheetIndex` is 0-based in workbook order. */
export async function openXlsx(fh: FileHandle, fileSize: number, sheetIndex: number): Promise<RowSource> {
  const zip = await ZipArchive.open(fh, fileSize);

  // Package relationships → workbook part (normally xl/workbook.xml).
  const rootRels = await readRels(zip, '');
  const workbookPath = relOfType(rootRels, '/officeDocument')?.target ?? 'xl/workbook.xml';
  const workbookEntry = zip.find(workbookPath);
  if (!workbookEntry) throw badXlsx(`缺少 ${workbookPath}`);
  const workbookXml = await zip.readText(workbookEntry);
  const sheets = elements(workbookXml, 'sheet');
  if (sheets.length === 0) throw badXlsx('工作簿中没有工作表');
  if (!Number.isInteger(sheetIndex) || sheetIndex < 0 || sheetIndex >= sheets.length) {
    throw badXlsx(`工作簿只有 ${sheets.length} 个工作表，没有第 ${sheetIndex + 1} 个`);
  }

  const wbRels = await readRels(zip, workbookEntry.name);
  const sheet = sheets[sheetIndex];
  const rid = Object.entries(sheet).find(([k]) => k === 'r:id' || (k.endsWith(':id') && k !== 'xr:id'))?.[1];
  let sheetPath = rid ? wbRels.get(rid)?.target : undefined;
  if (!sheetPath) {
    // No relationship: fall back to the conventional name.
    sheetPath = `${dirOf(workbookEntry.name) || 'xl'}/worksheets/sheet${sheetIndex + 1}.xml`;
  }
  const sheetEntry = zip.find(sheetPath);
  if (!sheetEntry) throw badXlsx(`缺少工作表 ${sheetPath}`);

  const sstRel = relOfType(wbRels, '/sharedStrings');
  const sstEntry = zip.find(sstRel?.target ?? `${dirOf(workbookEntry.name) || 'xl'}/sharedStrings.xml`);
  const sst = await loadSharedStrings(zip, sstEntry);

  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await fh.close();
  };

  async function* batches(): AsyncGenerator<RawRow[], void, undefined> {
    try {
      const parser = new SheetParser(sst);
      for await (const text of decodeEntry(zip, sheetEntry as ZipEntry)) {
        const rows = parser.pushRows(text);
        if (rows.length > 0) yield rows;
      }
      const rest = parser.finish();
      if (rest.length > 0) yield rest;
    } finally {
      await close();
    }
  }

  return { format: 'xlsx', encoding: 'utf-8', batches: batches(), close };
}
