/**
 * Text encoding detection and streaming decoders for CSV/TSV uploads.
 *
 * Chinese users save CSV from Excel as UTF-8 (with BOM), as "ANSI" (= GBK on a Chinese
 * Windows) or as "Unicode text" (UTF-16LE with BOM, tab-separated). Detection:
 * 1. a BOM decides (UTF-8, UTF-16LE, UTF-16BE);
 * 2. otherwise the first chunk is validated as UTF-8 (a sequence cut by the end of the
 *    chunk is fine); valid → UTF-8, invalid → GB18030, the superset of GBK and GB2312;
 * 3. a chunk full of NUL bytes at even/odd positions is UTF-16 without BOM.
 * The UTF-8 decoder is fatal: a file that turns out not to be UTF-8 after the first chunk
 * fails with table.encoding instead of importing garbled text.
 */
import iconv from 'iconv-lite';
import { TableError } from './table-error.ts';

export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

export interface StreamDecoder {
  /** Decodes a chunk; an incomplete multi-byte sequence at its end is kept for the next. */
  write(chunk: Uint8Array): string;
  /** Flushes what is left. */
  end(): string;
}

/**
 * True when `b` is valid UTF-8. With `allowTruncatedEnd`, a multi-byte sequence cut off by
 * the end of the buffer is accepted (the rest is in the next chunk).
 */
export function isValidUtf8(b: Uint8Array, allowTruncatedEnd: boolean): boolean {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return false;
    }
    if (i + need >= n) {
      // Not enough bytes left: check the ones we have.
      for (let k = i + 1; k < n; k++) if ((b[k] & 0xc0) !== 0x80) return false;
      return allowTruncatedEnd;
    }
    let cp = c & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const cc = b[i + k];
      if ((cc & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += need + 1;
  }
  return true;
}

export interface SniffResult {
  encoding: TextEncoding;
  /** BOM bytes to skip. */
  bomLength: number;
}

/** Guesses the encoding of a text file from its first bytes (see the module comment). */
export function sniffEncoding(head: Uint8Array, isWholeFile: boolean): SniffResult {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    return { encoding: 'utf-8', bomLength: 3 };
  }
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };

  // UTF-16 without BOM: ASCII-heavy text has a NUL in every other byte.
  const probe = Math.min(head.length, 4096) & ~1;
  if (probe >= 4) {
    let evenNul = 0;
    let oddNul = 0;
    for (let i = 0; i < probe; i += 2) {
      if (head[i] === 0) evenNul++;
      if (head[i + 1] === 0) oddNul++;
    }
    const pairs = probe / 2;
    if (oddNul > pairs * 0.3 && evenNul === 0) return { encoding: 'utf-16le', bomLength: 0 };
    if (evenNul > pairs * 0.3 && oddNul === 0) return { encoding: 'utf-16be', bomLength: 0 };
  }

  return { encoding: isValidUtf8(head, !isWholeFile) ? 'utf-8' : 'gb18030', bomLength: 0 };
}

/** A streaming decoder for the encoding; the BOM (if any) must be skipped by the caller. */
export function createStreamDecoder(encoding: TextEncoding): StreamDecoder {
  if (encoding === 'utf-8' || encoding === 'utf-16le') {
    const td = new TextDecoder(encoding, { fatal: encoding === 'utf-8', ignoreBOM: true });
    return {
      write(chunk) {
        try {
          return td.decode(chunk, { stream: true });
        } catch (err) {
          throw encodingError(err);
        }
      },
      end() {
        try {
          return td.decode();
        } catch (err) {
          throw encodingError(err);
        }
      },
    };
  }
  const dec = iconv.getDecoder(encoding === 'utf-16be' ? 'utf-16be' : 'gb18030');
  return {
    write: (chunk) => dec.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)),
    end: () => dec.end() ?? '',
  };
}

function encodingError(cause: unknown): TableError {
  return new TableError(
    'table.encoding',
    '文件编码无法识别：文件开头是 UTF-8 编码，后面却出现了无效的 UTF-8 字节。请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后重新上传',
    { cause },
  );
}
