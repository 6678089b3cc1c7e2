/**
 * Incremental RFC 4180 parser for CSV/TSV text that arrives in decoded string chunks.
 *
 * A hand-written state machine (no regex per character): unquoted fields are cut with a
 * char-code scan, quoted fields with indexOf('"'). State survives chunk boundaries at any
 * position (inside a quoted field, between a quote and its escaping twin, between CR and
 * LF), so memory stays flat whatever the file size.
 *
 * Rules:
 * - A field is quoted only when its first character is `"`; `""` inside is one quote;
 *   quoted fields may hold delimiters, CR and LF. Text after the closing quote up to the
 *   next delimiter is appended (lenient, like Excel).
 * - A `"` in the middle of an unquoted field is an ordinary character.
 * - Records end at LF, CRLF or a bare CR (old Mac files).
 * - Row numbers count records, so a quoted field spanning lines is one row, as Excel shows
 *   it; blank lines are records too (with one empty cell) and keep the numbering right.
 */
import type { RawRow } from './types.ts';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export class DelimitedParser {
  private readonly delim: number;
  private fields: string[] = [];
  /** Partial content of the current field (quoted, or split across chunks). */
  private field = '';
  private atFieldStart = true;
  private inQuotes = false;
  /** Inside quotes, the previous chunk ended with `"`: escaped quote or closing quote. */
  private quotePending = false;
  /** The previous record ended with CR: a following LF belongs to it. */
  private skipLF = false;
  private rowNumber = 1;

  constructor(delimiter: string) {
    if (delimiter.length !== 1) throw new Error('delimiter must be one character');
    this.delim = delimiter.charCodeAt(0);
  }

  /** Parses one chunk; complete records are appended to `out`. */
  push(s: string, out: RawRow[]): void {
    const n = s.length;
    const delim = this.delim;
    let fields = this.fields;
    let i = 0;

    while (i < n) {
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (s.charCodeAt(i) === QUOTE) {
            this.field += '"';
            i++;
          } else {
            this.inQuotes = false;
          }
          continue;
        }
        const q = s.indexOf('"', i);
        if (q === -1) {
          this.field += s.slice(i);
          i = n;
          break;
        }
        if (q > i) this.field += s.slice(i, q);
        if (q + 1 === n) {
          this.quotePending = true;
          i = n;
          break;
        }
        if (s.charCodeAt(q + 1) === QUOTE) {
          this.field += '"';
          i = q + 2;
        } else {
          this.inQuotes = false;
          i = q + 1;
        }
        continue;
      }

      if (this.atFieldStart) {
        const c0 = s.charCodeAt(i);
        if (this.skipLF) {
          this.skipLF = false;
          if (c0 === LF) {
            i++;
            continue;
          }
        }
        if (c0 === QUOTE) {
          this.inQuotes = true;
          this.atFieldStart = false;
          i++;
          continue;
        }
      }

      // Unquoted run: up to the delimiter or the end of the line.
      let j = i;
      let c = 0;
      while (j < n) {
        c = s.charCodeAt(j);
        if (c === delim || c === LF || c === CR) break;
        j++;
      }
      if (j === n) {
        this.field += s.slice(i);
        this.atFieldStart = false;
        i = n;
        break;
      }
      const value = this.field === '' ? s.slice(i, j) : this.field + s.slice(i, j);
      this.field = '';
      fields.push(value);
      this.atFieldStart = true;
      i = j + 1;
      if (c !== delim) {
        out.push({ rowNumber: this.rowNumber++, cells: fields });
        fields = [];
        this.fields = fields;
        if (c === CR) this.skipLF = true;
      }
    }
  }

  /** Flushes the last record when the input does not end with a newline. */
  finish(out: RawRow[]): void {
    if (this.quotePending) {
      this.quotePending = false;
      this.inQuotes = false;
    }
    // An unterminated quoted field runs to the end of the file (kept, not dropped).
    if (this.inQuotes || !this.atFieldStart || this.fields.length > 0) {
      this.fields.push(this.field);
      out.push({ rowNumber: this.rowNumber++, cells: this.fields });
    }
    this.fields = [];
    this.field = '';
    this.atFieldStart = true;
    this.inQuotes = false;
  }
}
