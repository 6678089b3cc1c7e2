/**
 * `jineng match --registry REG --records REC --out OUT` (contracts.md §2): file-to-file
 * precise matching with the engine in server/modules/matching/engine (no database).
 *
 * REG is streamed into the typed-array registry index, then REC is streamed through the
 * matcher and OUT written as it goes: exactly one output row per REC data row, in order.
 * Exit 2 (nothing done) for unreadable files and missing required columns. REG rows with an
 * invalid ID number are skipped and counted on stderr (they can never be an `exact` match,
 * "same valid ID"); a repeated REG ID keeps its first row.
 *
 * Speed (quality.md §2: 1M × 10M from CSV ≤ 45 s): openTable decodes every cell to a string,
 * ≈ 2.5 s per million rows here, too slow for a 10M-row registry. UTF-8 CSV/TSV files (what
 * openTable detects as such) are therefore scanned at byte level: REG cells go straight into
 * the index's typed arrays (RegistryIndexBuilder.addUtf8), REC cells become strings only for
 * the columns the matcher reads. XLSX and GBK files take the openTable path; both paths
 * skip the same blank rows and see the same header.
 */
import { createWriteStream, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { once } from 'node:events';
import { extname } from 'node:path';
import type { CliCommand } from '../cli-support.ts';
import { CliInputError, EXIT, progress, stringOption } from '../cli-support.ts';
import { cleanCell, isBlankCell } from '../../../common/text.ts';
import { escapeFormulaCell, openTable, TableError, writeTable, type TableReader } from '../../lib/tabular/index.ts';
import {
  createRegistryIndex,
  emptyTierCounts,
  type MatchConfig,
  type MatchRecordInput,
  type MatchResult,
  type RegistryIndex,
  type RegistryIndexBuilder,
} from '../../modules/matching/engine/index.ts';

/** Output columns, exactly as contracts.md §2 lists them. */
export const OUTPUT_COLUMNS = ['记录编号', '匹配结果', '登记身份证号', '户编号', '贫困状态', '置信度', '需人工复核', '说明'] as const;

type RegColumn = '身份证号' | '姓名' | '性别' | '户编号' | '与户主关系' | '所在地区代码' | '贫困状态';
type RecColumn = '记录编号' | '姓名' | '身份证号' | '性别' | '出生日期' | '所在地区代码' | '单位';

const REG_COLUMNS: readonly RegColumn[] = ['身份证号', '姓名', '性别', '户编号', '与户主关系', '所在地区代码', '贫困状态'];
/** Decision: only the columns the match cannot do without are required; others may be absent (empty output). */
const REG_REQUIRED: readonly RegColumn[] = ['身份证号', '姓名'];
const REC_COLUMNS: readonly RecColumn[] = ['记录编号', '姓名', '身份证号', '性别', '出生日期', '所在地区代码', '单位'];
const REC_REQUIRED: readonly RecColumn[] = ['记录编号', '姓名', '身份证号'];

/** Spellings of the same columns seen in county spreadsheets and system extracts. */
const ALIASES: Record<string, string> = {
  身份证号码: '身份证号',
  公民身份号码: '身份证号',
  证件号码: '身份证号',
  身份证: '身份证号',
  户号: '户编号',
  家庭编号: '户编号',
  区划代码: '所在地区代码',
  行政区划代码: '所在地区代码',
  地区代码: '所在地区代码',
  脱贫状态: '贫困状态',
  贫困户状态: '贫困状态',
  出生年月日: '出生日期',
  生日: '出生日期',
  记录号: '记录编号',
};

/** Maps header cells to known columns (first occurrence wins); returns missing required ones. */
export function mapColumns<C extends string>(header: readonly string[], known: readonly C[], required: readonly C[]): { map: Partial<Record<C, number>>; missing: C[] } {
  const map: Partial<Record<C, number>> = {};
  header.forEach((raw, i) => {
    const h = cleanCell(raw).replace(/\s+/g, '').replace(/[*＊]/g, '');
    const name = (known as readonly string[]).includes(h) ? h : ALIASES[h];
    if (name !== undefined && (known as readonly string[]).includes(name) && map[name as C] === undefined) map[name as C] = i;
  });
  return { map, missing: required.filter((c) => map[c] === undefined) };
}

// --- byte-level UTF-8 CSV/TSV scanning -------------------------------------------------------

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const CHUNK = 8 << 20;

/** Cell flags: 0 plain bytes; 1 quoted, with `""` inside; 2 quoted, plain inside; 3 irregular (raw span, re-parsed). */
type CellFlag = 0 | 1 | 2 | 3;

/** One record as byte ranges of `buf` (valid only during the callback). */
export class ByteRecord {
  buf: Buffer = Buffer.alloc(0);
  count = 0;
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  flags = new Uint8Array(64);

  push(s: number, e: number, flag: CellFlag): void {
    if (this.count === this.starts.length) {
      const n = this.count * 2;
      const st = new Int32Array(n);
      st.set(this.starts);
      const en = new Int32Array(n);
      en.set(this.ends);
      const fl = new Uint8Array(n);
      fl.set(this.flags);
      this.starts = st;
      this.ends = en;
      this.flags = fl;
    }
    this.starts[this.count] = s;
    this.ends[this.count] = e;
    this.flags[this.count] = flag;
    this.count++;
  }

  /** Cell i as the same raw string openTable would give ('' when the record is shorter). */
  cell(i: number): string {
    if (i >= this.count) return '';
    const s = this.starts[i];
    const e = this.ends[i];
    switch (this.flags[i] as CellFlag) {
      case 0:
      case 2:
        return this.buf.toString('utf8', s, e);
      case 1:
        return this.buf.toString('utf8', s, e).replace(/""/g, '"');
      case 3:
        return reparseQuoted(this.buf.toString('utf8', s, e));
    }
  }

  /** True when no cell of the first `width` holds anything but white space (openTable skips such rows). */
  isBlank(width: number): boolean {
    const n = Math.min(this.count, width);
    for (let i = 0; i < n; i++) {
      for (let k = this.starts[i]; k < this.ends[i]; k++) {
        const b = this.buf[k];
        if (b === 0x20 || (b >= 0x09 && b <= 0x0d)) continue;
        if (b < 0x80) return false;
        if (!isBlankCell(this.cell(i))) return false;
        break;
      }
    }
    return true;
  }
}

/** A quoted field followed by more text before the delimiter (`"ab"c` → `abc`, as Excel reads it). */
function reparseQuoted(raw: string): string {
  let out = '';
  let i = 1;
  for (; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === '"') {
      if (raw[i + 1] === '"') {
        out += '"';
        i++;
      } else {
        i++;
        break;
      }
    } else out += ch;
  }
  return out + raw.slice(i);
}

/**
 * Parses one record at `i` with the full RFC 4180 state machine (quoted fields with
 * delimiters, `""`, CR/LF inside; records ending at LF, CRLF or a bare CR). Returns the offset
 * after the record, or -1 when the record continues past `len` and the file has more.
 */
function parseRecordGeneral(buf: Buffer, i: number, len: number, fileEnd: boolean, delimiter: number, rec: ByteRecord): number {
  rec.count = 0;
  let fieldStart = i;
  while (i < len) {
    const c = buf[i];
    if (c === QUOTE && i === fieldStart) {
      let j = i + 1;
      let escaped = false;
      let closed = -1;
      while (j < len) {
        const q = buf.indexOf(QUOTE, j);
        if (q === -1 || q >= len) break;
        if (q + 1 < len && buf[q + 1] === QUOTE) {
          escaped = true;
          j = q + 2;
          continue;
        }
        if (q + 1 >= len && !fileEnd) return -1; // `"` or `""`: unknown yet
        closed = q;
        break;
      }
      if (closed < 0) {
        if (!fileEnd) return -1;
        rec.push(i + 1, len, escaped ? 1 : 2); // unterminated quote at end of file
        return len;
      }
      const after = closed + 1 < len ? buf[closed + 1] : -1;
      let k = closed + 1;
      if (after === -1 || after === delimiter || after === LF || after === CR) rec.push(i + 1, closed, escaped ? 1 : 2);
      else {
        // Text after the closing quote: the raw span up to the delimiter, re-parsed later.
        while (k < len && buf[k] !== delimiter && buf[k] !== LF && buf[k] !== CR) k++;
        if (k >= len && !fileEnd) return -1;
        rec.push(i, k, 3);
      }
      i = k;
      if (i >= len) return fileEnd ? len : -1;
      const d = buf[i];
      if (d === delimiter) {
        i++;
        fieldStart = i;
        if (i >= len) {
          if (!fileEnd) return -1;
          rec.push(i, i, 0);
          return len;
        }
        continue;
      }
      if (d === CR && i + 1 >= len && !fileEnd) return -1;
      return i + (d === CR && buf[i + 1] === LF ? 2 : 1);
    }
    if (c === delimiter) {
      rec.push(fieldStart, i, 0);
      i++;
      fieldStart = i;
      continue;
    }
    if (c === LF || c === CR) {
      if (c === CR && i + 1 >= len && !fileEnd) return -1;
      rec.push(fieldStart, i, 0);
      return i + (c === CR && buf[i + 1] === LF ? 2 : 1);
    }
    i++;
  }
  if (!fileEnd) return -1;
  rec.push(fieldStart, len, 0); // last record without a line break
  return len;
}

/**
 * Parses the complete records of buf[start, len) and returns the offset of the first byte
 * not consumed. Fast path: a line without quotes or bare CRs is split on the delimiter in
 * one tight loop (line ends found with the native indexOf); other records take
 * parseRecordGeneral.
 */
function parseChunk(buf: Buffer, start: number, len: number, fileEnd: boolean, delimiter: number, rec: ByteRecord, onRecord: (r: ByteRecord) => void): number {
  let i = start;
  let nextQuote = -2; // -2: not searched yet; -1: none before len
  while (i < len) {
    let nl = buf.indexOf(LF, i);
    if (nl >= len) nl = -1;
    if (nl === -1 && !fileEnd) {
      // Incomplete line, unless the file uses bare CRs (then let the general parser decide).
      const cr = buf.indexOf(CR, i);
      if (cr === -1 || cr >= len) return i;
    }
    if (nextQuote !== -1 && nextQuote < i) {
      nextQuote = buf.indexOf(QUOTE, i);
      if (nextQuote >= len) nextQuote = -1;
    }
    const lineEnd = nl === -1 ? len : nl;
    if (nl !== -1 || fileEnd) {
      if (nextQuote === -1 || nextQuote >= lineEnd) {
        rec.count = 0;
        let fs = i;
        let end = lineEnd;
        let bareCR = false;
        for (let k = i; k < lineEnd; k++) {
          const b = buf[k];
          if (b === delimiter) {
            rec.push(fs, k, 0);
            fs = k + 1;
          } else if (b === CR) {
            if (k + 1 === lineEnd && nl !== -1) end = k;
            else {
              bareCR = true;
              break;
            }
          }
        }
        if (!bareCR) {
          rec.push(fs, end, 0);
          onRecord(rec);
          i = nl === -1 ? len : nl + 1;
          continue;
        }
      }
    }
    const next = parseRecordGeneral(buf, i, len, fileEnd, delimiter, rec);
    if (next < 0) return i;
    onRecord(rec);
    i = next;
  }
  return i;
}

/**
 * Scans a UTF-8 delimited file record by record (RFC 4180; a BOM is skipped). `onRecord`
 * sees each record's byte ranges; `afterChunk` runs after each 8 MB chunk (back-pressure
 * for the output, progress).
 */
export async function scanUtf8Delimited(path: string, delimiter: number, onRecord: (r: ByteRecord) => void, afterChunk?: () => Promise<void>): Promise<void> {
  const fh = await open(path, 'r');
  try {
    let buf = Buffer.allocUnsafe(CHUNK);
    let len = 0;
    let fileEnd = false;
    let first = true;
    const rec = new ByteRecord();
    while (!fileEnd) {
      if (len === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2); // one record longer than the buffer
        buf.copy(bigger, 0, 0, len);
        buf = bigger;
      }
      const { bytesRead } = await fh.read(buf, len, buf.length - len, null);
      if (bytesRead === 0) fileEnd = true;
      len += bytesRead;
      let start = 0;
      if (first && len >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3;
      if (first && (len >= 3 || fileEnd)) first = false;
      else if (first) continue;
      rec.buf = buf;
      const used = parseChunk(buf, start, len, fileEnd, delimiter, rec, onRecord);
      if (used < len) buf.copy(buf, 0, used, len);
      len -= used;
      if (afterChunk) await afterChunk();
    }
  } finally {
    await fh.close();
  }
}

/** Rough row count of a delimited file (bytes per line in its first MB) to pre-size the index. */
async function estimateRows(path: string): Promise<number> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const head = Buffer.allocUnsafe(Math.min(size, 1 << 20));
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    let lines = 0;
    for (let i = head.indexOf(LF); i !== -1 && i < bytesRead; i = head.indexOf(LF, i + 1)) lines++;
    return lines > 0 ? Math.ceil((size / bytesRead) * lines * 1.05) : 1 << 16;
  } finally {
    await fh.close();
  }
}

/** Header row, blank rows skipped: the same header openTable reports. */
export class HeaderGate {
  header: string[] | null = null;
  /** Returns true when the record is a data row to process. */
  accept(r: ByteRecord): boolean {
    if (this.header === null) {
      if (r.isBlank(r.count)) return false;
      const cells: string[] = [];
      for (let i = 0; i < r.count; i++) cells.push(cleanCell(r.cell(i)));
      while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
      this.header = cells;
      return false;
    }
    return !r.isBlank(this.header.length);
  }
}

// --- inputs -----------------------------------------------------------------------------------

async function openInput(path: string, what: string): Promise<TableReader> {
  try {
    return await openTable(path);
  } catch (err) {
    if (err instanceof TableError) throw new CliInputError(`${what}文件无法读取（${path}）：${err.message}`, err.code);
    throw err;
  }
}

/** Delimiter byte for the byte-level path, or null when openTable must read the file. */
function fastDelimiter(reader: TableReader, path: string): number | null {
  if (reader.format === 'xlsx' || reader.encoding !== 'utf-8') return null;
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 0x2c;
  if (ext === '.tsv') return 0x09;
  return null; // .txt: delimiter sniffed by openTable; keep its reading
}

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new CliInputError(`参数 --${name} 应为 0 到 1 之间的数`);
  return n;
}

/** Streams REG into the index (byte-level path for UTF-8 CSV/TSV). */
async function loadRegistry(reader: TableReader, path: string, map: Partial<Record<RegColumn, number>>, config: Partial<MatchConfig>): Promise<RegistryIndex> {
  const delim = fastDelimiter(reader, path);
  const builder: RegistryIndexBuilder = createRegistryIndex(config, delim !== null ? await estimateRows(path) : 1 << 20);
  const iId = map['身份证号'] as number;
  const iName = map['姓名'] as number;
  const iHh = map['户编号'] ?? -1;
  const iRegion = map['所在地区代码'] ?? -1;
  const iStatus = map['贫困状态'] ?? -1;
  let next = 1_000_000;
  const report = (): void => {
    if (builder.stats.rows >= next) {
      progress(`登记库已读取 ${builder.stats.rows} 行…`);
      next += 1_000_000;
    }
  };
  if (delim !== null) {
    await reader.close();
    const gate = new HeaderGate();
    const cols = [iId, iName, iHh, iRegion, iStatus];
    await scanUtf8Delimited(
      path,
      delim,
      (r) => {
        if (!gate.accept(r)) return;
        let plain = true;
        for (const c of cols) if (c >= 0 && c < r.count && r.flags[c] !== 0 && r.flags[c] !== 2) plain = false;
        if (!plain) {
          builder.add({ idNumber: r.cell(iId), name: r.cell(iName), household: iHh >= 0 ? r.cell(iHh) : null, regionCode: iRegion >= 0 ? r.cell(iRegion) : null, povertyStatus: iStatus >= 0 ? r.cell(iStatus) : null });
          return;
        }
        // (No closures per row: tsx wraps named ones with __name, which costs ≈ 0.2 µs each.)
        const n = r.count;
        const st = r.starts;
        const en = r.ends;
        builder.addUtf8(
          r.buf,
          iId < n ? st[iId] : -1,
          iId < n ? en[iId] : -1,
          iName < n ? st[iName] : -1,
          iName < n ? en[iName] : -1,
          iHh >= 0 && iHh < n ? st[iHh] : -1,
          iHh >= 0 && iHh < n ? en[iHh] : -1,
          iRegion >= 0 && iRegion < n ? st[iRegion] : -1,
          iRegion >= 0 && iRegion < n ? en[iRegion] : -1,
          iStatus >= 0 && iStatus < n ? st[iStatus] : -1,
          iStatus >= 0 && iStatus < n ? en[iStatus] : -1,
        );
      },
      async () => report(),
    );
  } else {
    for await (const batch of reader.rows()) {
      for (const row of batch) {
        const c = row.cells;
        builder.add({
          idNumber: c[iId],
          name: c[iName],
          household: iHh >= 0 ? c[iHh] : null,
          regionCode: iRegion >= 0 ? c[iRegion] : null,
          povertyStatus: iStatus >= 0 ? c[iStatus] : null,
        });
      }
      report();
    }
  }
  return builder.finish();
}

// --- output -----------------------------------------------------------------------------------

function outputRow(recordId: string, r: MatchResult): string[] {
  return [recordId, r.tier, r.registryId ?? '', r.household ?? '', r.povertyStatus ?? '', String(r.confidence), r.needsReview ? '是' : '否', r.explanation];
}

/** One CSV field: formula-leading cells get a leading `'`, quoted when needed (RFC 4180). */
function csvField(raw: string): string {
  const s = escapeFormulaCell(raw);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2c || c === 0x22 || c === 0x0a || c === 0x0d) return `"${s.replace(/"/g, '""')}"`;
  }
  return s;
}

/** Receives output rows in order. */
interface OutputSink {
  push(row: string[]): void;
  /** Called between input chunks: writes what is buffered, honouring back-pressure. */
  drain(): Promise<void>;
  close(): Promise<void>;
  abort(): void;
}

/** Resolves on 'drain', rejects on 'error'; removes both listeners either way. */
function drained(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = (): void => {
      stream.removeListener('error', onError);
      resolve();
    };
    const onError = (err: Error): void => {
      stream.removeListener('drain', onDrain);
      reject(err);
    };
    stream.once('drain', onDrain);
    stream.once('error', onError);
  });
}

/** CSV output: UTF-8 BOM (so that Excel opens it), CRLF, ≈ 1 MB writes. */
function csvSink(path: string, header: readonly string[]): OutputSink {
  const stream = createWriteStream(path);
  let failure: Error | null = null;
  stream.on('error', (err) => {
    failure = err;
  });
  let buf = `\ufeff${header.join(',')}\r\n`;
  const write = async (): Promise<void> => {
    if (failure) throw failure;
    if (buf === '') return;
    const ok = stream.write(buf);
    buf = '';
    if (!ok) await drained(stream);
    if (failure) throw failure;
  };
  return {
    push(row) {
      let line = csvField(row[0]);
      for (let i = 1; i < row.length; i++) line += ',' + csvField(row[i]);
      buf += line + '\r\n';
    },
    async drain() {
      if (buf.length >= 1 << 20) await write();
    },
    async close() {
      await write();
      stream.end();
      await Promise.race([once(stream, 'finish'), once(stream, 'error')]);
      if (failure) throw failure;
    },
    abort() {
      stream.destroy();
    },
  };
}

/** XLSX output through writeTable (fed by a queue). */
function xlsxSink(path: string, header: readonly string[]): OutputSink {
  let queue: string[][] = [];
  let wake: (() => void) | null = null;
  let done = false;
  async function* rows(): AsyncGenerator<string[]> {
    for (;;) {
      if (queue.length > 0) {
        const q = queue;
        queue = [];
        yield* q;
        continue;
      }
      if (done) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  }
  const writing = writeTable(path, [...header], rows());
  const poke = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  return {
    push(row) {
      queue.push(row);
    },
    async drain() {
      poke();
      await new Promise((r) => setImmediate(r));
    },
    async close() {
      done = true;
      poke();
      await writing;
    },
    abort() {
      done = true;
      poke();
    },
  };
}

// --- the command ------------------------------------------------------------------------------

export const command: CliCommand = {
  options: {
    registry: { type: 'string' },
    records: { type: 'string' },
    out: { type: 'string' },
    'auto-accept-threshold': { type: 'string' },
    'fuzzy-threshold': { type: 'string' },
  },
  async run(args) {
    const started = process.hrtime.bigint();
    const elapsed = (): number => Math.round(Number(process.hrtime.bigint() - started) / 1e7) / 100;
    const regPath = stringOption(args, 'registry', true);
    const recPath = stringOption(args, 'records', true);
    const outPath = stringOption(args, 'out', true);
    if (args.positionals.length > 0) throw new CliInputError(`多余的参数：${args.positionals.join(' ')}`);
    const config: Partial<MatchConfig> = {};
    const auto = numberOption(stringOption(args, 'auto-accept-threshold'), 'auto-accept-threshold');
    const fuzzy = numberOption(stringOption(args, 'fuzzy-threshold'), 'fuzzy-threshold');
    if (auto !== undefined) config.autoAcceptThreshold = auto;
    if (fuzzy !== undefined) config.fuzzyThreshold = fuzzy;

    // Open both inputs and check their headers before any work (exit 2 = nothing done).
    const reg = await openInput(regPath, '登记库');
    let rec: TableReader;
    try {
      rec = await openInput(recPath, '待比对记录');
    } catch (err) {
      await reg.close();
      throw err;
    }
    const regCols = mapColumns(reg.header, REG_COLUMNS, REG_REQUIRED);
    const recCols = mapColumns(rec.header, REC_COLUMNS, REC_REQUIRED);
    if (regCols.missing.length > 0 || recCols.missing.length > 0) {
      await reg.close();
      await rec.close();
      const parts: string[] = [];
      if (regCols.missing.length > 0) parts.push(`登记库文件缺少必需的列：${regCols.missing.join('、')}`);
      if (recCols.missing.length > 0) parts.push(`待比对记录文件缺少必需的列：${recCols.missing.join('、')}`);
      throw new CliInputError(parts.join('；'), 'match.missing_columns');
    }
    const absent = (['户编号', '所在地区代码', '贫困状态'] as const).filter((c) => regCols.map[c] === undefined);
    if (absent.length > 0) progress(`提示：登记库文件没有“${absent.join('”“')}”列，输出中相应内容为空`);

    let out: OutputSink | null = null;
    try {
      progress(`正在读取登记库 ${regPath} …`);
      const index = await loadRegistry(reg, regPath, regCols.map, config);
      const s = index.stats;
      progress(
        `登记库：共 ${s.rows} 行，收录 ${s.added} 人；身份证号无效 ${s.invalidIds} 行（已跳过）；重复身份证号 ${s.duplicates} 行（保留首行）；15位旧号已转换 ${s.legacy15} 行` +
          (s.invalidNames > 0 ? `；姓名不规范 ${s.invalidNames} 行` : '') +
          `（${elapsed()} 秒）`,
      );

      const m = recCols.map;
      const iRecId = m['记录编号'] as number;
      const iName = m['姓名'] as number;
      const iId = m['身份证号'] as number;
      const iGender = m['性别'] ?? -1;
      const iBirth = m['出生日期'] ?? -1;
      const iRegion = m['所在地区代码'] ?? -1;
      const counts = emptyTierCounts();
      let records = 0;
      let next = 100_000;
      const sink: OutputSink = extname(outPath).toLowerCase() === '.xlsx' ? xlsxSink(outPath, OUTPUT_COLUMNS) : csvSink(outPath, OUTPUT_COLUMNS);
      out = sink;
      const matchOne = (get: (i: number) => string): void => {
        const input: MatchRecordInput = {
          name: get(iName),
          idNumber: get(iId),
          gender: iGender >= 0 ? get(iGender) : null,
          birthDate: iBirth >= 0 ? get(iBirth) : null,
          regionCode: iRegion >= 0 ? get(iRegion) : null,
        };
        const r = index.matchRecord(input);
        counts[r.tier]++;
        sink.push(outputRow(cleanCell(get(iRecId)), r));
        records++;
      };
      const report = (): void => {
        if (records >= next) {
          progress(`已比对 ${records} 条记录…`);
          next += 100_000;
        }
      };
      progress(`正在比对 ${recPath} …`);
      const delim = fastDelimiter(rec, recPath);
      if (delim !== null) {
        await rec.close();
        const gate = new HeaderGate();
        await scanUtf8Delimited(
          recPath,
          delim,
          (r) => {
            if (gate.accept(r)) matchOne((i) => r.cell(i));
          },
          async () => {
            report();
            await sink.drain();
          },
        );
      } else {
        for await (const batch of rec.rows()) {
          for (const row of batch) matchOne((i) => row.cells[i] ?? '');
          report();
          await sink.drain();
        }
      }
      await sink.close();
      out = null;
      const seconds = elapsed();
      progress(
        `完成：${records} 条记录，exact ${counts.exact}，corrected_id ${counts.corrected_id}，fuzzy ${counts.fuzzy}，conflict ${counts.conflict}，none ${counts.none}；用时 ${seconds} 秒；结果：${outPath}`,
      );
      return { exitCode: EXIT.OK, stdout: JSON.stringify({ records, ...counts, seconds }) };
    } catch (err) {
      out?.abort();
      await reg.close().catch(() => undefined);
      await rec.close().catch(() => undefined);
      if (err instanceof TableError) {
        rmSync(outPath, { force: true });
        throw new CliInputError(`输入文件读取失败：${err.message}`, err.code);
      }
      throw err;
    }
  },
};
