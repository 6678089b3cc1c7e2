/**
 * Minimal read-only zip reader for uploaded .xlsx files, with the pre-checks of
 * quality.md §4 ("zip pre-check: declared sizes, entry count, ratio, no `..`").
 *
 * Only the central directory is trusted for names and sizes (local headers of streamed
 * zips carry zeros). Everything is checked before any byte is inflated:
 *
 * | limit | value | why |
 * | --- | --- | --- |
 * | entries | ≤ 10,000 | a workbook has a dozen parts; thousands of entries are an attack on the central directory parser |
 * | declared size of one entry | ≤ 2 GiB | a 1M-row sheet is ≈ 150–250 MB of XML; 2 GiB is ten times the largest plausible upload |
 * | declared total | ≤ 4 GiB | same margin for sheet + shared strings + styles |
 * | compression ratio per entry | ≤ 200 (entries above 1 MiB) | real sheet XML deflates 5–30×, very repetitive sheets up to ≈ 100×; bombs are 1,000× and more. Small entries cannot hurt, whatever their ratio |
 * | names | no `..`, no leading `/` or `\`, no drive letter, no NUL | zip-slip: we never extract, but such a name only appears in crafted files |
 *
 * While inflating, the output is counted and compared with the declared size (a lying
 * header cannot make us inflate more), and the CRC-32 is verified where zlib offers it.
 */
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { TableError } from './table-error.ts';

export interface ZipLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  maxRatio: number;
  /** Entries at or below this uncompressed size are exempt from the ratio check. */
  ratioFloorBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 10_000,
  maxEntryBytes: 2 * 1024 ** 3,
  maxTotalBytes: 4 * 1024 ** 3,
  maxRatio: 200,
  ratioFloorBytes: 1024 ** 2,
};

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;

const crc32: ((data: Uint8Array, value?: number) => number) | undefined = (
  zlib as unknown as { crc32?: (data: Uint8Array, value?: number) => number }
).crc32;

function badZip(detail: string, cause?: unknown): TableError {
  return new TableError('table.bad_zip', `文件不是有效的 xlsx 文件（${detail}）`, { cause });
}

function bomb(detail: string): TableError {
  return new TableError('table.zip_bomb', `文件被拒绝：${detail}，疑似压缩炸弹`);
}

function readU64(buf: Buffer, off: number): number {
  const v = buf.readBigUInt64LE(off);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw badZip('zip64 字段超出范围');
  return Number(v);
}

/** True when a zip entry name could escape an extraction directory (zip-slip). */
export function isUnsafeEntryName(name: string): boolean {
  const n = name.replace(/\\/g, '/');
  return n.includes('..') || n.startsWith('/') || /^[A-Za-z]:/.test(n) || n.includes('\0');
}

export class ZipArchive {
  readonly entries: ReadonlyMap<string, ZipEntry>;
  private readonly lowerCaseIndex: Map<string, ZipEntry>;

  private constructor(
    private readonly fh: FileHandle,
    private readonly fileSize: number,
    entries: Map<string, ZipEntry>,
  ) {
    this.entries = entries;
    this.lowerCaseIndex = new Map();
    for (const [name, e] of entries) {
      const key = name.toLowerCase();
      if (!this.lowerCaseIndex.has(key)) this.lowerCaseIndex.set(key, e);
    }
  }

  /** Reads the central directory and applies every pre-check. Does not close `fh` on error. */
  static async open(fh: FileHandle, fileSize: number, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<ZipArchive> {
    if (fileSize < 22) throw badZip('文件过短');
    const tailLen = Math.min(fileSize, 22 + 0xffff + 20);
    const tail = Buffer.alloc(tailLen);
    await readExactly(fh, tail, fileSize - tailLen);

    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === SIG_EOCD) {
        eocd = i;
        break;
      }
    }
    if (eocd === -1) throw badZip('找不到 zip 目录');

    let entryCount = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    if (entryCount === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      // zip64: the locator sits right before the EOCD record.
      const loc = eocd - 20;
      if (loc < 0 || tail.readUInt32LE(loc) !== SIG_ZIP64_LOCATOR) throw badZip('zip64 目录损坏');
      const z64Offset = readU64(tail, loc + 8);
      const z64 = Buffer.alloc(56);
      if (z64Offset + 56 > fileSize) throw badZip('zip64 目录损坏');
      await readExactly(fh, z64, z64Offset);
      if (z64.readUInt32LE(0) !== SIG_ZIP64_EOCD) throw badZip('zip64 目录损坏');
      entryCount = readU64(z64, 32);
      cdSize = readU64(z64, 40);
      cdOffset = readU64(z64, 48);
    }
    if (entryCount > limits.maxEntries) {
      throw bomb(`压缩包内有 ${entryCount} 个文件，超过 ${limits.maxEntries} 个的上限`);
    }
    // 46 bytes minimum per record, names ≤ 64 KiB + extra + comment: a generous bound.
    if (cdOffset + cdSize > fileSize || cdSize > entryCount * (46 + 3 * 0xffff) + 46) throw badZip('zip 目录损坏');

    const cd = Buffer.alloc(cdSize);
    await readExactly(fh, cd, cdOffset);

    const entries = new Map<string, ZipEntry>();
    let total = 0;
    let p = 0;
    for (let k = 0; k < entryCount; k++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== SIG_CENTRAL) throw badZip('zip 目录损坏');
      const flags = cd.readUInt16LE(p + 8);
      const method = cd.readUInt16LE(p + 10);
      const crc = cd.readUInt32LE(p + 16);
      let compressedSize = cd.readUInt32LE(p + 20);
      let uncompressedSize = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      let localHeaderOffset = cd.readUInt32LE(p + 42);
      const nameStart = p + 46;
      const extraStart = nameStart + nameLen;
      const next = extraStart + extraLen + commentLen;
      if (next > cd.length) throw badZip('zip 目录损坏');
      const name = cd.toString(flags & 0x800 ? 'utf8' : 'latin1', nameStart, extraStart);

      // zip64 extended information extra field (0x0001).
      if (uncompressedSize === 0xffffffff || compressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
        let e = extraStart;
        const extraEnd = extraStart + extraLen;
        while (e + 4 <= extraEnd) {
          const id = cd.readUInt16LE(e);
          const size = cd.readUInt16LE(e + 2);
          if (id === 0x0001) {
            let f = e + 4;
            const fEnd = Math.min(f + size, extraEnd);
            if (uncompressedSize === 0xffffffff && f + 8 <= fEnd) {
              uncompressedSize = readU64(cd, f);
              f += 8;
            }
            if (compressedSize === 0xffffffff && f + 8 <= fEnd) {
              compressedSize = readU64(cd, f);
              f += 8;
            }
            if (localHeaderOffset === 0xffffffff && f + 8 <= fEnd) {
              localHeaderOffset = readU64(cd, f);
            }
            break;
          }
          e += 4 + size;
        }
      }
      p = next;

      if (isUnsafeEntryName(name)) {
        throw new TableError('table.zip_unsafe_path', `文件被拒绝：压缩包内含有不安全的路径“${name.slice(0, 100)}”`);
      }
      if (uncompressedSize > limits.maxEntryBytes) {
        throw bomb(`“${name}”解压后 ${formatBytes(uncompressedSize)}，超过单个部件 ${formatBytes(limits.maxEntryBytes)} 的上限`);
      }
      total += uncompressedSize;
      if (total > limits.maxTotalBytes) {
        throw bomb(`解压后总大小超过 ${formatBytes(limits.maxTotalBytes)} 的上限`);
      }
      if (uncompressedSize > limits.ratioFloorBytes && uncompressedSize > compressedSize * limits.maxRatio) {
        const ratio = compressedSize === 0 ? '∞' : Math.round(uncompressedSize / compressedSize).toString();
        throw bomb(`“${name}”的压缩比为 ${ratio}:1，超过 ${limits.maxRatio}:1 的上限`);
      }
      if (!entries.has(name)) {
        entries.set(name, { name, method, flags, crc32: crc, compressedSize, uncompressedSize, localHeaderOffset });
      }
    }
    return new ZipArchive(fh, fileSize, entries);
  }

  /** The entry with this name; falls back to a case-insensitive match. */
  find(name: string): ZipEntry | undefined {
    return this.entries.get(name) ?? this.lowerCaseIndex.get(name.toLowerCase());
  }

  /** Streams the inflated bytes of an entry, enforcing the declared size and the CRC. */
  async *stream(entry: ZipEntry): AsyncGenerator<Buffer, void, undefined> {
    if (entry.flags & 0x1) throw badZip(`“${entry.name}”已加密`);
    if (entry.method !== 0 && entry.method !== 8) throw badZip(`“${entry.name}”使用了不支持的压缩方法 ${entry.method}`);

    const lh = Buffer.alloc(30);
    if (entry.localHeaderOffset + 30 > this.fileSize) throw badZip('文件被截断');
    await readExactly(this.fh, lh, entry.localHeaderOffset);
    if (lh.readUInt32LE(0) !== SIG_LOCAL) throw badZip('文件头损坏');
    const dataStart = entry.localHeaderOffset + 30 + lh.readUInt16LE(26) + lh.readUInt16LE(28);
    const dataEnd = dataStart + entry.compressedSize;
    if (dataEnd > this.fileSize) throw badZip('文件被截断');

    let produced = 0;
    let crc = 0;
    const check = (out: Buffer): void => {
      produced += out.length;
      if (produced > entry.uncompressedSize) {
        throw bomb(`“${entry.name}”实际解压大小超过声明的 ${formatBytes(entry.uncompressedSize)}`);
      }
      if (crc32) crc = crc32(out, crc);
    };

    if (entry.compressedSize === 0) {
      if (entry.uncompressedSize !== 0) throw badZip(`“${entry.name}”的大小与目录不符`);
      return;
    }
    // Streams, so that reading and inflating (zlib runs on the thread pool) overlap with
    // the caller's parsing; the read-ahead is bounded by the high-water marks (≈ 1 MiB).
    // (Not fh.createReadStream: destroying that stream closes the shared file handle.)
    const fh = this.fh;
    async function* compressed(): AsyncGenerator<Buffer, void, undefined> {
      for (let pos = dataStart; pos < dataEnd; ) {
        const buf = Buffer.allocUnsafe(Math.min(256 * 1024, dataEnd - pos));
        await readExactly(fh, buf, pos);
        pos += buf.length;
        yield buf;
      }
    }
    const src = Readable.from(compressed(), { objectMode: false, highWaterMark: 256 * 1024 });
    let output: NodeJS.ReadableStream & { destroy(err?: Error): void } = src;
    if (entry.method === 8) {
      const inflate = zlib.createInflateRaw({ chunkSize: 64 * 1024 });
      src.on('error', (err) => inflate.destroy(err));
      src.pipe(inflate);
      output = inflate;
    }
    try {
      for await (const chunk of output) {
        const out = chunk as Buffer;
        check(out);
        yield out;
      }
    } catch (err) {
      if (err instanceof TableError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      if (typeof code === 'string' && code.startsWith('Z_')) throw badZip(`“${entry.name}”解压失败`, err);
      throw new TableError('table.unreadable', '读取文件时出错', { cause: err });
    } finally {
      src.destroy();
      output.destroy();
    }
    if (produced !== entry.uncompressedSize) throw badZip(`“${entry.name}”的大小与目录不符`);
    if (crc32 && (crc >>> 0) !== entry.crc32) throw badZip(`“${entry.name}”的 CRC 校验失败`);
  }

  /** Reads a small entry completely as text (workbook, rels). */
  async readText(entry: ZipEntry, maxBytes = 16 * 1024 * 1024): Promise<string> {
    if (entry.uncompressedSize > maxBytes) throw badZip(`“${entry.name}”过大`);
    const parts: Buffer[] = [];
    for await (const b of this.stream(entry)) parts.push(b);
    return decodeXmlBytes(Buffer.concat(parts));
  }
}

/** Decodes a whole XML part: UTF-8 (BOM optional) or UTF-16 with BOM. */
export function decodeXmlBytes(b: Buffer): string {
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return new TextDecoder('utf-16le').decode(b);
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b);
  return new TextDecoder('utf-8').decode(b);
}

async function readExactly(fh: FileHandle, buf: Buffer, position: number): Promise<void> {
  let off = 0;
  while (off < buf.length) {
    let n: number;
    try {
      n = (await fh.read(buf, off, buf.length - off, position + off)).bytesRead;
    } catch (err) {
      throw new TableError('table.unreadable', '读取文件时出错', { cause: err });
    }
    if (n === 0) throw badZip('文件被截断');
    off += n;
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(n % 1024 ** 3 === 0 ? 0 : 1)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(0)} MB`;
  return `${n} 字节`;
}
