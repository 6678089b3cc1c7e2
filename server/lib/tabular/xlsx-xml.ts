/**
 * Streaming scanners for the two big XLSX parts: `xl/sharedStrings.xml` and a worksheet.
 *
 * Why not ExcelJS's streaming reader: it garbled 15 of 200,000 Chinese names here
 * (exceljs #2063/#2084 — multi-byte UTF-8 split across chunk boundaries). These scanners
 * receive text that a streaming TextDecoder has already decoded (so a character split
 * across chunks is reassembled before it reaches us) and keep their own state across
 * string chunks: a tag, an entity or a text node may be cut anywhere.
 *
 * They are tag scanners, not XML parsers: they look at the local names they need (`si`,
 * `t`, `rPh`, `row`, `c`, `v`, `is`), ignore namespaces and everything else, never expand
 * DTD entities (a DOCTYPE is rejected: OOXML has none) and decode the five predefined
 * entities, numeric character references and OOXML `_xHHHH_` escapes.
 */
import { TableError } from './table-error.ts';
import type { RawRow } from './types.ts';

const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QMARK = 0x3f;
const COLON = 0x3a;
const DQ = 0x22;
const SQ = 0x27;

/** A single tag longer than this is malformed (or an attack); the carry would grow forever. */
const MAX_TAG_CHARS = 1 << 20;

function badXml(detail: string): TableError {
  return new TableError('table.bad_xlsx', `xlsx 文件内容损坏（${detail}）`);
}

// --- text decoding -------------------------------------------------------------------

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the predefined XML entities and numeric character references; unknown ones stay. */
export function decodeXmlEntities(s: string): string {
  let amp = s.indexOf('&');
  if (amp === -1) return s;
  let out = '';
  let last = 0;
  while (amp !== -1) {
    const semi = s.indexOf(';', amp + 1);
    if (semi === -1) break;
    if (semi - amp <= 10) {
      const ent = s.slice(amp + 1, semi);
      let rep: string | undefined;
      if (ent.charCodeAt(0) === 0x23 /* # */) {
        let cp = NaN;
        if (/^#[xX][0-9a-fA-F]{1,6}$/.test(ent)) cp = parseInt(ent.slice(2), 16);
        else if (/^#[0-9]{1,7}$/.test(ent)) cp = parseInt(ent.slice(1), 10);
        if (cp >= 0 && cp <= 0x10ffff) rep = String.fromCodePoint(cp);
      } else {
        rep = NAMED_ENTITIES[ent];
      }
      if (rep !== undefined) {
        out += s.slice(last, amp) + rep;
        last = semi + 1;
        amp = s.indexOf('&', last);
        continue;
      }
    }
    amp = s.indexOf('&', amp + 1);
  }
  return last === 0 ? s : out + s.slice(last);
}

/**
 * Decodes OOXML ST_Xstring escapes: `_xHHHH_` is the UTF-16 code unit HHHH (Excel writes
 * control characters such as CR as `_x000D_`, and a literal `_x` as `_x005F_x`).
 */
export function decodeOoxmlEscapes(s: string): string {
  if (s.indexOf('_x') === -1) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

// --- low-level scanning helpers --------------------------------------------------------

/** Index of the `>` closing the tag that starts at `lt`, honouring quoted attributes; -1 if not in buf. */
function findTagEnd(buf: string, lt: number): number {
  const n = buf.length;
  let quote = 0;
  for (let i = lt + 1; i < n; i++) {
    const c = buf.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === GT) {
      return i;
    } else if (c === DQ || c === SQ) {
      quote = c;
    }
  }
  return -1;
}

function isNameEnd(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === SLASH || c === GT;
}

/** Set by findAttr: end index (exclusive) of the value found. */
let attrValueEnd = -1;

/**
 * Finds the unprefixed attribute `name` in buf[start, end) and returns the index where its
 * value starts (attrValueEnd is set to where it ends), or -1.
 */
function findAttr(buf: string, start: number, end: number, name: string): number {
  let i = start;
  while (i < end) {
    let c = buf.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === SLASH) {
      i++;
      continue;
    }
    const ns = i;
    while (i < end) {
      c = buf.charCodeAt(i);
      if (c === 0x3d /* = */ || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) break;
      i++;
    }
    const ne = i;
    while (i < end && buf.charCodeAt(i) !== 0x3d) i++;
    i++; // '='
    while (i < end) {
      c = buf.charCodeAt(i);
      if (c === DQ || c === SQ) break;
      i++;
    }
    if (i >= end) return -1;
    const q = c;
    const vs = i + 1;
    const ve = buf.indexOf(q === DQ ? '"' : "'", vs);
    if (ve === -1 || ve > end) return -1;
    if (ne - ns === name.length && buf.startsWith(name, ns)) {
      attrValueEnd = ve;
      return vs;
    }
    i = ve + 1;
  }
  return -1;
}

/**
 * Base of both scanners: splits the incoming text into tags and text runs and calls
 * onTag / onText. Keeps an incomplete tag (or the tail of a text run that may end inside
 * an entity) for the next chunk.
 */
abstract class TagScanner {
  private carry = '';
  /** Whether text runs are currently wanted (between `<t>`/`<v>` and their end tag). */
  protected capturing = false;
  /** Captured text, entities decoded, CDATA appended verbatim. */
  protected text = '';

  /** A tag: local name in buf[nameStart, nameEnd); attributes in buf[nameEnd, tagEnd). */
  protected abstract onTag(
    buf: string,
    closing: boolean,
    nameStart: number,
    nameEnd: number,
    tagEnd: number,
    selfClosing: boolean,
  ): void;

  /**
   * Optional shortcut for the most frequent element shapes (a whole `<c>…</c>` or
   * `<si>…</si>` present in the buffer). Returns the position after it, or -1 to take the
   * generic path. Must not change any state when it returns -1.
   */
  protected fastPath(_buf: string, _lt: number): number {
    return -1;
  }

  push(chunk: string): void {
    const buf = this.carry === '' ? chunk : this.carry + chunk;
    this.carry = '';
    const n = buf.length;
    let pos = 0;
    for (;;) {
      const lt = buf.indexOf('<', pos);
      if (lt === -1) {
        if (this.capturing && pos < n) {
          // Keep a possibly incomplete entity (`&am`) for the next chunk.
          const amp = buf.lastIndexOf('&');
          if (amp >= pos && buf.indexOf(';', amp) === -1) {
            if (amp > pos) this.text += decodeXmlEntities(buf.slice(pos, amp));
            pos = amp;
            if (n - pos > 16) throw badXml('无效的实体引用');
          } else {
            this.text += decodeXmlEntities(buf.slice(pos));
            pos = n;
          }
        } else {
          pos = n;
        }
        break;
      }
      if (this.capturing && lt > pos) this.text += decodeXmlEntities(buf.slice(pos, lt));
      if (lt + 1 >= n) {
        pos = lt;
        break;
      }
      const c1 = buf.charCodeAt(lt + 1);
      if (c1 === BANG) {
        if (buf.startsWith('<![CDATA[', lt)) {
          const e = buf.indexOf(']]>', lt + 9);
          if (e === -1) {
            pos = lt;
            break;
          }
          if (this.capturing) this.text += buf.slice(lt + 9, e);
          pos = e + 3;
          continue;
        }
        if (buf.startsWith('<!--', lt)) {
          const e = buf.indexOf('-->', lt + 4);
          if (e === -1) {
            pos = lt;
            break;
          }
          pos = e + 3;
          continue;
        }
        if (n - lt < 9) {
          pos = lt;
          break;
        }
        throw badXml('不支持 DTD 声明');
      }
      if (c1 === QMARK) {
        const e = buf.indexOf('?>', lt + 2);
        if (e === -1) {
          pos = lt;
          break;
        }
        pos = e + 2;
        continue;
      }
      if (!this.capturing) {
        const next = this.fastPath(buf, lt);
        if (next !== -1) {
          pos = next;
          continue;
        }
      }
      const gt = findTagEnd(buf, lt);
      if (gt === -1) {
        pos = lt;
        break;
      }
      const closing = c1 === SLASH;
      let nameStart = closing ? lt + 2 : lt + 1;
      let nameEnd = nameStart;
      while (nameEnd < gt && !isNameEnd(buf.charCodeAt(nameEnd))) {
        if (buf.charCodeAt(nameEnd) === COLON) nameStart = nameEnd + 1; // drop the namespace prefix
        nameEnd++;
      }
      const selfClosing = !closing && buf.charCodeAt(gt - 1) === SLASH;
      this.onTag(buf, closing, nameStart, nameEnd, gt, selfClosing);
      pos = gt + 1;
    }
    if (pos < n) {
      if (n - pos > MAX_TAG_CHARS) throw badXml('标签过长');
      this.carry = buf.slice(pos);
    }
  }

  /** True when nothing but white space is left over. */
  protected carryIsBlank(): boolean {
    return this.carry.trim() === '';
  }
}

/** Results of scanCellTag (module-level to avoid allocating a result object per cell). */
let tagEnd = -1;
let rStart = -1;
let rEnd = -1;
let tStart = -1;
let tEnd = -1;

/**
 * One pass over the attributes of a tag starting at `from` (just after its name): records
 * the unprefixed `r` and `t` values and the index of the closing `>` (tagEnd). Returns
 * false when the tag is not complete in `buf` or is malformed (caller takes the slow path).
 */
function scanCellTag(buf: string, from: number): boolean {
  const n = buf.length;
  rStart = rEnd = tStart = tEnd = -1;
  let i = from;
  for (;;) {
    if (i >= n) return false;
    let c = buf.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      i++;
      continue;
    }
    if (c === GT) {
      tagEnd = i;
      return true;
    }
    if (c === SLASH) {
      if (i + 1 < n && buf.charCodeAt(i + 1) === GT) {
        tagEnd = i + 1;
        return true;
      }
      return false;
    }
    const ns = i;
    while (i < n) {
      c = buf.charCodeAt(i);
      if (c === 0x3d /* = */) break;
      if (c === GT || c === 0x20 || c === SLASH || c === DQ || c === SQ) return false;
      i++;
    }
    if (i + 1 >= n) return false;
    const q = buf.charCodeAt(i + 1);
    if (q !== DQ && q !== SQ) return false;
    const vs = i + 2;
    const ve = buf.indexOf(q === DQ ? '"' : "'", vs);
    if (ve === -1) return false;
    if (i - ns === 1) {
      const a = buf.charCodeAt(ns);
      if (a === 0x72 /* r */) {
        rStart = vs;
        rEnd = ve;
      } else if (a === 0x74 /* t */) {
        tStart = vs;
        tEnd = ve;
      }
    }
    i = ve + 1;
  }
}

function nameIs(buf: string, start: number, end: number, name: string): boolean {
  return end - start === name.length && buf.startsWith(name, start);
}

// --- shared strings ----------------------------------------------------------------------

/**
 * The shared string table, stored compactly as UTF-8 in one growing buffer plus offsets:
 * a 1M-row workbook has ≈ 5M unique strings, which as separate JS strings would cost about
 * twice the memory (quality.md §2: import RSS ≤ 400 MB).
 */
export class SharedStringTable {
  private bytes: Buffer;
  private used = 0;
  private offsets: Uint32Array = new Uint32Array(1024);
  private n = 0;

  /**
   * @param byteCapacity expected UTF-8 bytes; pass the size of the sharedStrings part (the
   * decoded text of a UTF-8 part is never longer than its XML) so that the buffer does not
   * have to grow (it still can). Pages that are never written never become resident.
   */
  constructor(byteCapacity = 1 << 16) {
    this.bytes = Buffer.allocUnsafe(Math.max(1024, Math.min(byteCapacity, 2 ** 31 - 1)));
  }

  get count(): number {
    return this.n;
  }

  add(s: string): void {
    if (this.n + 2 > this.offsets.length) {
      const next = new Uint32Array(this.offsets.length * 2);
      next.set(this.offsets);
      this.offsets = next;
    }
    const need = this.used + s.length * 3;
    if (need > this.bytes.length) {
      const next = Buffer.allocUnsafe(Math.max(need, this.bytes.length * 2));
      this.bytes.copy(next, 0, 0, this.used);
      this.bytes = next;
    }
    this.offsets[this.n] = this.used;
    this.used += this.bytes.write(s, this.used, 'utf8');
    this.n++;
    this.offsets[this.n] = this.used;
  }

  /** Direct-mapped cache of decoded strings: repeated values (男, 汉族, a school) stay hot. */
  private readonly cacheKeys = new Int32Array(4096).fill(-1);
  private readonly cacheValues: string[] = new Array<string>(4096).fill('');

  /** The i-th string, or '' when the index is out of range. */
  get(i: number): string {
    if (!(i >= 0 && i < this.n) || (i | 0) !== i) return '';
    const slot = i & 4095;
    if (this.cacheKeys[slot] === i) return this.cacheValues[slot];
    const s = this.bytes.toString('utf8', this.offsets[i], this.offsets[i + 1]);
    this.cacheKeys[slot] = i;
    this.cacheValues[slot] = s;
    return s;
  }
}

/** Scanner for `xl/sharedStrings.xml`: `<si>` items of `<t>` or rich-text runs `<r><t>`. */
export class SharedStringsParser extends TagScanner {
  readonly table: SharedStringTable;

  constructor(byteCapacity?: number) {
    super();
    this.table = new SharedStringTable(byteCapacity);
  }

  private inSi = false;
  private inRPh = false;
  private current = '';

  protected onTag(buf: string, closing: boolean, ns: number, ne: number, _end: number, selfClosing: boolean): void {
    const len = ne - ns;
    if (len === 1 && buf.charCodeAt(ns) === 0x74 /* t */) {
      if (closing) {
        if (this.capturing) {
          this.current += this.text;
          this.capturing = false;
        }
      } else if (!selfClosing && this.inSi && !this.inRPh) {
        this.capturing = true;
        this.text = '';
      }
    } else if (len === 2 && nameIs(buf, ns, ne, 'si')) {
      if (closing) {
        this.table.add(decodeOoxmlEscapes(this.current));
        this.inSi = false;
      } else if (selfClosing) {
        this.table.add('');
      } else {
        this.inSi = true;
        this.inRPh = false;
        this.current = '';
      }
    } else if (len === 3 && nameIs(buf, ns, ne, 'rPh')) {
      // Phonetic guide runs (furigana) are not part of the cell text.
      if (!selfClosing) this.inRPh = !closing;
    }
  }

  /**
   * Next positions of `<rPh` and `<!` in the current buffer, cached so that each buffer is
   * searched once per pass (a fresh search per item would make the scan quadratic).
   */
  private markBuf = '';
  private rphPos = -1;
  private bangPos = -1;

  /**
   * A whole `<si>…</si>` in one step: plain (`<si><t>…</t></si>`) or rich text runs
   * (`<si><r><rPr>…</rPr><t xml:space="preserve">…</t></r>…</si>`, which LibreOffice writes
   * for every cell mixing scripts). Phonetic runs, CDATA, comments, prefixes and elements
   * cut by the chunk end go the generic way.
   */
  protected override fastPath(buf: string, lt: number): number {
    if (this.inSi || !buf.startsWith('<si>', lt)) return -1;
    // Plain item: <si><t>text</t></si> or <si><t xml:space="preserve">text</t></si>.
    if (buf.startsWith('<t', lt + 4)) {
      const c = buf.charCodeAt(lt + 6);
      const textStart = c === GT ? lt + 7 : c === 0x20 && buf.startsWith(' xml:space="preserve">', lt + 6) ? lt + 28 : -1;
      if (textStart !== -1) {
        const textEnd = buf.indexOf('<', textStart);
        if (textEnd !== -1 && buf.startsWith('</t></si>', textEnd)) {
          this.table.add(decodeOoxmlEscapes(decodeXmlEntities(buf.slice(textStart, textEnd))));
          return textEnd + 9;
        }
      }
    }
    // Rich text runs.
    const end = buf.indexOf('</si>', lt + 4);
    if (end === -1) return -1;
    if (this.markBuf !== buf) {
      this.markBuf = buf;
      this.rphPos = buf.indexOf('<rPh', lt);
      this.bangPos = buf.indexOf('<!', lt);
    }
    if (this.rphPos !== -1 && this.rphPos < lt) this.rphPos = buf.indexOf('<rPh', lt);
    if (this.bangPos !== -1 && this.bangPos < lt) this.bangPos = buf.indexOf('<!', lt);
    // Phonetic runs, CDATA and comments inside the item: generic path.
    if (this.rphPos !== -1 && this.rphPos < end) return -1;
    if (this.bangPos !== -1 && this.bangPos < end) return -1;

    let text = '';
    let i = lt + 4;
    for (;;) {
      const k = buf.indexOf('<t', i);
      if (k === -1 || k >= end) break;
      const c = buf.charCodeAt(k + 2);
      let textStart: number;
      if (c === GT) {
        textStart = k + 3;
      } else if (c === 0x20) {
        const gt = buf.indexOf('>', k);
        if (gt === -1 || gt > end) return -1;
        if (buf.charCodeAt(gt - 1) === SLASH) {
          i = gt + 1; // <t xml:space="preserve"/>
          continue;
        }
        textStart = gt + 1;
      } else if (c === SLASH) {
        i = k + 3; // <t/>
        continue;
      } else {
        i = k + 2; // another element whose name starts with t
        continue;
      }
      const te = buf.indexOf('<', textStart);
      if (te === -1 || !buf.startsWith('</t>', te)) return -1;
      if (te > textStart) text += decodeXmlEntities(buf.slice(textStart, te));
      i = te + 4;
    }
    this.table.add(decodeOoxmlEscapes(text));
    return end + 5;
  }

  finish(): SharedStringTable {
    if (this.inSi || !this.carryIsBlank()) throw badXml('共享字符串表不完整');
    return this.table;
  }
}

// --- worksheet ---------------------------------------------------------------------------

/** Cell types of the `t` attribute (numbers, not strings: compared per cell). */
const CellType = { Number: 0, Shared: 1, Str: 2, Inline: 3, Bool: 4, Error: 5, Date: 6 } as const;
type CellType = (typeof CellType)[keyof typeof CellType];

/** Excel's last column is XFD (16,384 columns). */
const MAX_COLUMNS = 16384;

/** 0-based column of a cell reference in buf[start, end) (`B3` → 1), or -1 without letters. */
function columnOf(buf: string, start: number, end: number): number {
  let acc = 0;
  let i = start;
  for (; i < end; i++) {
    let c = buf.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) c -= 0x20;
    if (c < 0x41 || c > 0x5a) break;
    acc = acc * 26 + (c - 0x40);
    if (acc > MAX_COLUMNS) throw badXml('单元格列号超出范围');
  }
  return i > start ? acc - 1 : -1;
}

/** Cell type of a `t` attribute value in buf[start, end). */
function cellTypeOf(buf: string, start: number, end: number): CellType {
  const len = end - start;
  const t0 = buf.charCodeAt(start);
  if (len === 1) {
    return t0 === 0x73 ? CellType.Shared : t0 === 0x62 ? CellType.Bool : t0 === 0x65 ? CellType.Error : t0 === 0x64 ? CellType.Date : CellType.Number;
  }
  if (len === 3 && t0 === 0x73) return CellType.Str;
  if (len === 9 && t0 === 0x69) return CellType.Inline;
  return CellType.Number;
}

/** Non-negative integer in buf[start, end), or -1. */
function intOf(buf: string, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const d = buf.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * Scanner for a worksheet part: emits one RawRow per `<row>` that has a non-empty cell.
 * Cell values: shared string (`t="s"`), inline string (`t="inlineStr"`, rich runs
 * concatenated), formula string (`t="str"`) and every other type as the text of `<v>`
 * (numbers as written, `TRUE`/`FALSE` for booleans, `#N/A` for errors). Formulas (`<f>`)
 * are never evaluated: their cached `<v>` is the value.
 */
export class SheetParser extends TagScanner {
  private rows: RawRow[] = [];
  private cells: string[] | null = null;
  private rowNumber = 0;
  private lastRow = 0;
  private lastCol = -1;
  private inCell = false;
  private col = 0;
  private type: CellType = CellType.Number;
  private v: string | null = null;
  private inlineText = '';
  private hasInline = false;
  private inIs = false;
  private inRPh = false;
  /** 1 = capturing `<v>`, 2 = capturing `<t>` of an inline string. */
  private captureKind = 0;

  constructor(private readonly sst: SharedStringTable | null) {
    super();
  }

  /** Parses a chunk; returns the rows completed by it. */
  pushRows(chunk: string): RawRow[] {
    this.push(chunk);
    const out = this.rows;
    this.rows = [];
    return out;
  }

  protected onTag(buf: string, closing: boolean, ns: number, ne: number, end: number, selfClosing: boolean): void {
    const len = ne - ns;
    const c0 = buf.charCodeAt(ns);
    if (len === 1) {
      if (c0 === 0x63 /* c */) {
        if (closing) this.endCell();
        else this.startCell(buf, ne, end, selfClosing);
      } else if (c0 === 0x76 /* v */) {
        if (!this.inCell) return;
        if (closing) {
          if (this.captureKind === 1) {
            this.v = this.text;
            this.capturing = false;
            this.captureKind = 0;
          }
        } else if (selfClosing) {
          this.v = '';
        } else {
          this.capturing = true;
          this.captureKind = 1;
          this.text = '';
        }
      } else if (c0 === 0x74 /* t */) {
        if (!this.inIs) return;
        if (closing) {
          if (this.captureKind === 2) {
            this.inlineText += this.text;
            this.capturing = false;
            this.captureKind = 0;
          }
        } else if (!selfClosing && !this.inRPh) {
          this.capturing = true;
          this.captureKind = 2;
          this.text = '';
        }
      }
    } else if (len === 3 && c0 === 0x72 /* r */) {
      if (nameIs(buf, ns, ne, 'row')) {
        if (closing) this.endRow();
        else this.startRow(buf, ne, end, selfClosing);
      } else if (nameIs(buf, ns, ne, 'rPh')) {
        if (!selfClosing) this.inRPh = !closing;
      }
    } else if (len === 2 && c0 === 0x69 /* i */ && buf.charCodeAt(ns + 1) === 0x73 /* s */) {
      if (!this.inCell) return;
      if (closing) this.inIs = false;
      else {
        this.hasInline = true;
        if (!selfClosing) this.inIs = true;
      }
    }
  }

  private startRow(buf: string, attrStart: number, end: number, selfClosing: boolean): void {
    if (this.cells !== null) this.endRow(); // unclosed row: be lenient
    let r = 0;
    const vs = findAttr(buf, attrStart, end, 'r');
    if (vs !== -1) {
      for (let i = vs; i < attrValueEnd; i++) {
        const d = buf.charCodeAt(i) - 48;
        if (d < 0 || d > 9) {
          r = 0;
          break;
        }
        r = r * 10 + d;
      }
    }
    this.rowNumber = r > 0 ? r : this.lastRow + 1;
    this.lastCol = -1;
    if (selfClosing) {
      this.lastRow = this.rowNumber;
      return;
    }
    this.cells = [];
  }

  private endRow(): void {
    if (this.cells === null) return;
    if (this.cells.length > 0) this.rows.push({ rowNumber: this.rowNumber, cells: this.cells });
    this.lastRow = this.rowNumber;
    this.cells = null;
  }

  private startCell(buf: string, attrStart: number, end: number, selfClosing: boolean): void {
    // Column from the reference (B3 → 1); without one, the next column.
    const rs = findAttr(buf, attrStart, end, 'r');
    let col = rs === -1 ? -1 : columnOf(buf, rs, attrValueEnd);
    if (col < 0) col = this.lastCol + 1;
    if (col >= MAX_COLUMNS) throw badXml('单元格列号超出范围');
    this.lastCol = col;
    if (selfClosing) return; // <c r="A1" s="1"/>: empty (styled) cell

    const ts = findAttr(buf, attrStart, end, 't');
    const type: CellType = ts === -1 ? CellType.Number : cellTypeOf(buf, ts, attrValueEnd);
    this.inCell = true;
    this.col = col;
    this.type = type;
    this.v = null;
    this.inlineText = '';
    this.hasInline = false;
    this.inIs = false;
    this.inRPh = false;
  }

  private endCell(): void {
    if (!this.inCell) return;
    this.inCell = false;
    this.inIs = false;
    if (this.capturing) {
      this.capturing = false;
      this.captureKind = 0;
    }
    let value: string;
    const v = this.v;
    switch (this.type) {
      case CellType.Shared:
        value = v === null || v === '' || this.sst === null ? '' : this.sst.get(Number(v));
        break;
      case CellType.Inline:
        value = decodeOoxmlEscapes(this.hasInline ? this.inlineText : (v ?? ''));
        break;
      case CellType.Str:
        value = decodeOoxmlEscapes(v ?? '');
        break;
      case CellType.Bool:
        value = v === '1' ? 'TRUE' : v === '0' ? 'FALSE' : (v ?? '');
        break;
      default:
        value = this.hasInline ? decodeOoxmlEscapes(this.inlineText) : (v ?? '');
    }
    this.setCell(this.col, value);
  }

  private setCell(col: number, value: string): void {
    if (value === '' || this.cells === null) return;
    const cells = this.cells;
    while (cells.length < col) cells.push('');
    cells[col] = value;
  }

  /**
   * The common cell shapes in one step: `<c r="B3" t="s"><v>12</v></c>` and `<c r="B3"/>`
   * (as written by Excel, LibreOffice, ExcelJS). Anything else (formula, inline string,
   * white space between tags, a cell cut by the chunk end) takes the generic path.
   */
  protected override fastPath(buf: string, lt: number): number {
    if (this.cells === null || this.inCell || buf.charCodeAt(lt + 1) !== 0x63 /* c */) return -1;
    const c2 = buf.charCodeAt(lt + 2);
    if (c2 !== 0x20 && c2 !== GT && c2 !== SLASH && c2 !== 0x0a && c2 !== 0x0d && c2 !== 0x09) return -1;
    if (!scanCellTag(buf, lt + 2)) return -1;
    let col = rStart === -1 ? -1 : columnOf(buf, rStart, rEnd);
    if (col < 0) col = this.lastCol + 1;
    if (col >= MAX_COLUMNS) throw badXml('单元格列号超出范围');
    if (buf.charCodeAt(tagEnd - 1) === SLASH) {
      this.lastCol = col;
      return tagEnd + 1;
    }
    const p = tagEnd + 1;
    if (!buf.startsWith('<v>', p)) return -1;
    const vs = p + 3;
    const ve = buf.indexOf('<', vs);
    if (ve === -1 || !buf.startsWith('</v></c>', ve)) return -1;
    const type: CellType = tStart === -1 ? CellType.Number : cellTypeOf(buf, tStart, tEnd);
    let value: string;
    if (ve === vs) {
      value = '';
    } else if (type === CellType.Shared) {
      const idx = intOf(buf, vs, ve);
      value = this.sst === null ? '' : this.sst.get(idx === -1 ? Number(decodeXmlEntities(buf.slice(vs, ve))) : idx);
    } else {
      const raw = decodeXmlEntities(buf.slice(vs, ve));
      if (type === CellType.Str || type === CellType.Inline) value = decodeOoxmlEscapes(raw);
      else if (type === CellType.Bool) value = raw === '1' ? 'TRUE' : raw === '0' ? 'FALSE' : raw;
      else value = raw;
    }
    this.lastCol = col;
    this.setCell(col, value);
    return ve + 8;
  }

  /** Call after the last chunk; returns the rows still pending. */
  finish(): RawRow[] {
    if (this.cells !== null || this.inCell) throw badXml('工作表内容不完整');
    if (!this.carryIsBlank()) throw badXml('工作表内容不完整');
    const out = this.rows;
    this.rows = [];
    return out;
  }
}
