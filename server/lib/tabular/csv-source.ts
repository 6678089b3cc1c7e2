/**
 * CSV/TSV row source: reads the file in 1 MiB chunks, decodes them with the detected
 * encoding and parses them with DelimitedParser. One batch of rows per chunk.
 */
import type { FileHandle } from 'node:fs/promises';
import { DelimitedParser } from './delimited-parser.ts';
import { createStreamDecoder, isValidUtf8, sniffEncoding, type SniffResult } from './encoding.ts';
import { TableError } from './table-error.ts';
import type { RawRow, RowSource } from './types.ts';

/**
 * 64 KiB per read: measured fastest. With 1 MiB chunks each batch kept ≈ 7,000 rows alive
 * across young-generation collections and the whole read ran ≈ 40 % slower (GC-bound).
 */
const CHUNK_BYTES = 64 * 1024;

export type DelimiterChoice = ',' | '\t' | 'auto';

/** Opens a delimited text file; `auto` picks tab or comma from the first line (.txt files). */
export async function openDelimited(fh: FileHandle, fileSize: number, delimiter: DelimiterChoice): Promise<RowSource> {
  const head = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, fileSize));
  const { bytesRead } = await fh.read(head, 0, head.length, 0);
  const first = head.subarray(0, bytesRead);
  rejectBinary(first);

  const { encoding, bomLength } = await probeEncoding(fh, first, fileSize);
  const decoder = createStreamDecoder(encoding);
  const firstText = decoder.write(first.subarray(bomLength));

  let delim: ',' | '\t' = delimiter === 'auto' ? ',' : delimiter;
  if (delimiter === 'auto') {
    const nl = firstText.search(/[\r\n]/);
    const line = nl === -1 ? firstText : firstText.slice(0, nl);
    const tabs = line.split('\t').length - 1;
    const commas = line.split(',').length - 1;
    if (tabs > 0 && tabs >= commas) delim = '\t';
  }

  const parser = new DelimitedParser(delim);
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await fh.close();
  };

  async function* batches(): AsyncGenerator<RawRow[], void, undefined> {
    try {
      let out: RawRow[] = [];
      parser.push(firstText, out);
      if (out.length > 0) yield out;
      let pos = bytesRead;
      // One buffer for every read: all decoders copy what they keep between chunks.
      const buf = Buffer.allocUnsafe(CHUNK_BYTES);
      for (;;) {
        let n: number;
        try {
          n = (await fh.read(buf, 0, CHUNK_BYTES, pos)).bytesRead;
        } catch (err) {
          throw new TableError('table.unreadable', '读取文件时出错', { cause: err });
        }
        if (n === 0) break;
        pos += n;
        out = [];
        parser.push(decoder.write(buf.subarray(0, n)), out);
        if (out.length > 0) yield out;
      }
      out = [];
      const tail = decoder.end();
      if (tail) parser.push(tail, out);
      parser.finish(out);
      if (out.length > 0) yield out;
    } finally {
      await close();
    }
  }

  return { format: delim === '\t' ? 'tsv' : 'csv', encoding, batches: batches(), close };
}

/** Files scanned at most for a first non-ASCII byte when the first chunk is pure ASCII. */
const MAX_PROBE_BYTES = 16 * 1024 * 1024;

function firstNonAscii(b: Uint8Array): number {
  for (let i = 0; i < b.length; i++) if (b[i] >= 0x80) return i;
  return -1;
}

/**
 * sniffEncoding on the first chunk; when that chunk is pure ASCII (English header, numbers
 * first), reads ahead (up to 16 MiB) to the first non-ASCII byte and decides there.
 */
async function probeEncoding(fh: FileHandle, first: Uint8Array, fileSize: number): Promise<SniffResult> {
  const whole = first.length >= fileSize;
  if (whole || firstNonAscii(first) !== -1) return sniffEncoding(first, whole);
  const guess = sniffEncoding(first, false);
  if (guess.encoding !== 'utf-8') return guess; // BOM-less UTF-16
  const buf = Buffer.allocUnsafe(CHUNK_BYTES);
  for (let pos = first.length; pos < Math.min(fileSize, MAX_PROBE_BYTES); ) {
    const n = (await fh.read(buf, 0, CHUNK_BYTES, pos)).bytesRead;
    if (n === 0) break;
    const at = firstNonAscii(buf.subarray(0, n));
    if (at !== -1) {
      const end = pos + n >= fileSize;
      return { encoding: isValidUtf8(buf.subarray(at, n), !end) ? 'utf-8' : 'gb18030', bomLength: 0 };
    }
    pos += n;
  }
  return guess;
}

/** Spreadsheet or binary content under a text extension: say what it is. */
function rejectBinary(b: Uint8Array): void {
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) {
    throw new TableError('table.unsupported_format', '文件内容是 xlsx 工作簿，但扩展名不是 .xlsx，请改正扩展名后重新上传');
  }
  if (b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) {
    throw new TableError('table.unsupported_format', '文件内容是旧版 Excel（.xls）工作簿，请在 Excel 中另存为 .xlsx 或 CSV 后重新上传');
  }
  // NUL bytes outside UTF-16 text: a binary file.
  const probe = Math.min(b.length, 4096);
  let nul = 0;
  for (let i = 0; i < probe; i++) if (b[i] === 0) nul++;
  const utf16 =
    (b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff) || nul > probe * 0.2;
  if (nul > 0 && !utf16) {
    throw new TableError('table.unsupported_format', '文件不是文本格式的 CSV/TSV 文件');
  }
}
