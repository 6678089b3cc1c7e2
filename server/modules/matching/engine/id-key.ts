/**
 * ID numbers as numeric keys for typed-array indexes, and the single-error variants that
 * corrected_id looks up.
 *
 * A valid 18-character number is determined by its first 17 digits (the 18th is their
 * GB 11643-1999 check character), so the index key is those 17 digits split in two 32-bit
 * integers: hi = digits 1–9, lo = digits 10–17. Variants are generated arithmetically on the
 * digit array, without building strings.
 */
import { cleanCell } from '../../../../common/text.ts';
import { PROVINCE_CODES } from '../../../../common/id-number.ts';

/** GB 11643-1999 weights for positions 1..17. */
export const ID_WEIGHTS: readonly number[] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** Check value (0–9, 10 for X) for each residue Σ a_i·W_i mod 11. */
export const CHECK_VALUE_BY_RESIDUE: readonly number[] = [1, 0, 10, 9, 8, 7, 6, 5, 4, 3, 2];
/** Digit value used for a character that is not a digit (or X in the last place). */
export const UNKNOWN_DIGIT = -1;
/** Value of the check character X. */
export const X_VALUE = 10;

const PROVINCE_TABLE = new Uint8Array(100);
for (const code of PROVINCE_CODES) PROVINCE_TABLE[Number(code)] = 1;

/** True for a two-digit province code of GB/T 2260. */
export function isProvince(tens: number, units: number): boolean {
  return PROVINCE_TABLE[tens * 10 + units] === 1;
}

/**
 * ID text as people type it, reduced to its characters: cleanCell (full-width digits,
 * zero-width characters), then spaces, dashes and dots between digit groups removed,
 * lower-case x upper-cased.
 */
export function cleanIdText(raw: string): string {
  const n = raw.length;
  // Fast path: already 18 plain characters.
  if (n === 18) {
    let plain = true;
    for (let i = 0; i < 18; i++) {
      const c = raw.charCodeAt(i);
      if (!((c >= 48 && c <= 57) || (i === 17 && c === 0x58))) {
        plain = false;
        break;
      }
    }
    if (plain) return raw;
  }
  const s = cleanCell(raw);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20 || c === 0x2d || c === 0x09 || c === 0x2e || c === 0x2014 || c === 0x2212) continue;
    out += c === 0x78 ? 'X' : s[i];
  }
  return out;
}

/** Digit values of an ID text: 0–9, X_VALUE for X/x, UNKNOWN_DIGIT for anything else. */
export function idDigits(s: string): number[] {
  const out = new Array<number>(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[i] = c >= 48 && c <= 57 ? c - 48 : c === 0x58 || c === 0x78 ? X_VALUE : UNKNOWN_DIGIT;
  }
  return out;
}

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days since 1900-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function dayNumber(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 693901; // 693901 = days_from_civil(1900, 1, 1) relative to 0000-03-01
}

/** True for a real calendar date. */
export function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m]);
}

/** 'YYYY-MM-DD' of a day number. */
export function formatDayNumber(day: number): string {
  const t = Date.UTC(1900, 0, 1) + day * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Birth day number (days since 1900-01-01) from digit values at positions 7–14, or -1 when not a real date from 1900 on. */
export function birthDayFromDigits(d: readonly number[], offset = 6): number {
  for (let i = offset; i < offset + 8; i++) if (d[i] === undefined || d[i] < 0 || d[i] > 9) return -1;
  const y = d[offset] * 1000 + d[offset + 1] * 100 + d[offset + 2] * 10 + d[offset + 3];
  const m = d[offset + 4] * 10 + d[offset + 5];
  const day = d[offset + 6] * 10 + d[offset + 7];
  if (y < 1900 || !isRealDate(y, m, day)) return -1;
  return dayNumber(y, m, day);
}

/** Character of a check value (X for 10). */
export function checkChar(v: number): string {
  return v === X_VALUE ? 'X' : String(v);
}

/** 18-character ID string from hi/lo keys (the check character is recomputed). */
export function idFromKey(hi: number, lo: number): string {
  const first17 = String(hi).padStart(9, '0') + String(lo).padStart(8, '0');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i];
  return first17 + checkChar(CHECK_VALUE_BY_RESIDUE[sum % 11]);
}

/** Kinds of single errors corrected_id explains, with their base confidence. */
export type CorrectionKind =
  | 'legacy15' // 15-digit legacy number, converted
  | 'check_digit' // only the check character is wrong (or missing)
  | 'substitution' // one mistyped (or unreadable) digit among the first 17
  | 'transposition' // two adjacent characters swapped
  | 'missing_digit' // 17 characters: one digit left out
  | 'extra_digit' // 19 characters: one digit typed twice / inserted
  | 'substitution_recomputed' // a valid number absent from the registry: one digit differs, check character recomputed
  | 'substitution_and_check' // an invalid number: one mistyped digit and a wrong check character (two errors)
  | 'legacy15_typo'; // 15-digit number with one mistyped or swapped digit (no check digit to confirm)

/**
 * Base confidence of each correction (× name score × corroboration). Single errors the check
 * digit confirms score ≥ 0.93; errors the check digit cannot confirm stay below the default
 * auto-accept threshold (0.9) so that a reviewer looks at them.
 */
export const CORRECTION_BASE: Record<CorrectionKind, number> = {
  legacy15: 0.99,
  check_digit: 0.97,
  transposition: 0.96,
  substitution: 0.95,
  missing_digit: 0.93,
  extra_digit: 0.93,
  substitution_recomputed: 0.92,
  substitution_and_check: 0.85,
  legacy15_typo: 0.82,
};

/** One way the record's number could be a registry number (materialised only for hits). */
export interface IdCandidateKey {
  hi: number;
  lo: number;
  kind: CorrectionKind;
  /** 0-based position concerned (substitution, transposition, missing/extra digit). */
  pos: number;
  /** For substitutions: the typed and the registry's character. */
  typed?: string;
  actual?: string;
}

/**
 * Receives each candidate key. `typed`/`actual` are digit values for substitutions
 * (typed = UNKNOWN_DIGIT for an unreadable character), -1 otherwise.
 */
export type CandidateSink = (hi: number, lo: number, kind: CorrectionKind, pos: number, typed: number, actual: number) => void;

/**
 * What the registry can contain: candidate numbers with an area code no registry ID has, or
 * an impossible birth date, are dropped before the (cache-missing) hash lookup.
 */
export interface CandidateFilter {
  /** areaSeen[6-digit area] === 1 when some registry ID has that area. */
  areaSeen: Uint8Array;
  /** Bitset over blockBit(area, birth day): set when some registry person has both. */
  blockSeen: Uint32Array;
  /** Today as YYYYMMDD: birth dates after it are impossible. */
  todayInt: number;
}

/** Bits in CandidateFilter.blockSeen: 2^12 area buckets × 2^16 days (32 MB). */
export const BLOCK_BITS = 28;

/**
 * Bit index of an (area, birth day) block in CandidateFilter.blockSeen: the area hashed to
 * 12 bits, then the day. All days of one area lie in one 8 KB stretch, so checking the
 * birth-date variants of one number stays in cache. Collisions only cost a lookup.
 */
export function blockBit(area: number, day: number): number {
  let h = Math.imul(area, 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return ((h >>> 20) << 16) | (day & 0xffff);
}

/** True when blockSeen has the (area, day) bit. */
function blockHas(f: CandidateFilter, area: number, day: number): boolean {
  const bit = blockBit(area, day);
  return (f.blockSeen[bit >>> 5] & (1 << (bit & 31))) !== 0;
}

const POW10: readonly number[] = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];

/** Digit k of `d` with position i set to x and j to y. */
function digitAt(d: Int8Array, k: number, i: number, x: number, j: number, y: number): number {
  return k === i ? x : k === j ? y : d[k];
}

/**
 * True when digits `d` with position i set to x (and j to y, when j ≥ 0) can be a registry
 * number: an area code some registry ID has, a real birth date from 1900 to today, and some
 * registry person with that area and birth day (bitset: no lookup in the large hash table).
 */
function plausible(d: Int8Array, i: number, x: number, j: number, y: number, f: CandidateFilter | null): boolean {
  if (!f) return true;
  let area = 0;
  for (let k = 0; k < 6; k++) area = area * 10 + digitAt(d, k, i, x, j, y);
  if (f.areaSeen[area] !== 1) return false;
  const year = digitAt(d, 6, i, x, j, y) * 1000 + digitAt(d, 7, i, x, j, y) * 100 + digitAt(d, 8, i, x, j, y) * 10 + digitAt(d, 9, i, x, j, y);
  const month = digitAt(d, 10, i, x, j, y) * 10 + digitAt(d, 11, i, x, j, y);
  const day = digitAt(d, 12, i, x, j, y) * 10 + digitAt(d, 13, i, x, j, y);
  if (year < 1900 || !isRealDate(year, month, day) || year * 10000 + month * 100 + day > f.todayInt) return false;
  return blockHas(f, area, dayNumber(year, month, day));
}

// The record's own area and birth date, computed once per record for the substitution checks.
let baseArea = 0;
let baseAreaSeen = false;
let baseDay = -1;
let baseBlock = false;

/** Prepares plausibleSub for digits d (18-digit layout). */
function prepareBase(d: Int8Array, f: CandidateFilter | null): void {
  if (!f) return;
  baseArea = 0;
  for (let k = 0; k < 6; k++) baseArea = baseArea * 10 + d[k];
  baseAreaSeen = baseArea >= 0 && baseArea < 1_000_000 && f.areaSeen[baseArea] === 1;
  const year = d[6] * 1000 + d[7] * 100 + d[8] * 10 + d[9];
  const month = d[10] * 10 + d[11];
  const day = d[12] * 10 + d[13];
  baseDay = year >= 1900 && isRealDate(year, month, day) && year * 10000 + month * 100 + day <= f.todayInt ? dayNumber(year, month, day) : -1;
  baseBlock = baseAreaSeen && baseDay >= 0 && blockHas(f, baseArea, baseDay);
}

/**
 * plausible() for one substitution (position i set to x) after prepareBase: the order-code
 * positions reuse the record's own block check, area positions only recompute the area,
 * birth-date positions only the date.
 */
function plausibleSub(d: Int8Array, i: number, x: number, f: CandidateFilter | null): boolean {
  if (!f) return true;
  if (i >= 14) return baseBlock;
  if (i < 6) {
    if (baseDay < 0) return false;
    const area = baseArea + (x - d[i]) * POW10[5 - i];
    return f.areaSeen[area] === 1 && blockHas(f, area, baseDay);
  }
  if (!baseAreaSeen) return false;
  return plausible(d, i, x, -1, 0, f);
}

/** Place value of position i (0–16) within its key half. */
function place(i: number): number {
  return i < 9 ? POW10[8 - i] : POW10[16 - i];
}

/** Scratch digit array of the record (avoids an allocation per record). */
const scratch = new Int8Array(24);

function loadDigits(s: string): number {
  const n = Math.min(s.length, 24);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    scratch[i] = c >= 48 && c <= 57 ? c - 48 : c === 0x58 || c === 0x78 ? X_VALUE : UNKNOWN_DIGIT;
  }
  return n;
}

function validKeyOf(d: ArrayLike<number>, check: number, sink: CandidateSink, kind: CorrectionKind, pos: number): void {
  let sum = 0;
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 17; i++) {
    const v = d[i];
    if (v < 0 || v > 9) return;
    sum += v * ID_WEIGHTS[i];
    if (i < 9) hi = hi * 10 + v;
    else lo = lo * 10 + v;
  }
  if (CHECK_VALUE_BY_RESIDUE[sum % 11] !== check || !isProvince(d[0], d[1])) return;
  sink(hi, lo, kind, pos, -1, -1);
}

/**
 * Every 18-digit number one single error away from the record's text, each with a correct
 * check digit (so only candidates the check digit confirms):
 * - 18 characters: check character wrong; one digit among the first 17 mistyped or
 *   unreadable (the typed check character decides which digit fits); adjacent swap;
 * - 17 characters: one digit left out anywhere (incl. the check character);
 * - 19 characters: one extra character anywhere.
 * Keys are derived arithmetically from the record's sum and halves: no strings, no arrays.
 */
export function forEachSingleErrorCandidate(text: string, filter: CandidateFilter | null, sink: CandidateSink): void {
  const n = loadDigits(text);
  const d = scratch;
  if (n === 18) {
    const check = d[17];
    let unknown = -1;
    let unknownCount = 0;
    let sum = 0;
    let hi = 0;
    let lo = 0;
    for (let i = 0; i < 17; i++) {
      const v = d[i];
      if (v < 0 || v > 9) {
        unknown = i;
        unknownCount++;
        continue;
      }
      sum += v * ID_WEIGHTS[i];
      if (i < 9) hi += v * POW10[8 - i];
      else lo += v * POW10[16 - i];
    }
    if (unknownCount > 1) return;
    if (unknownCount === 0 && isProvince(d[0], d[1])) sink(hi, lo, 'check_digit', 17, -1, -1);
    if (check < 0) return; // the check character itself is unreadable
    if (unknownCount === 1) {
      const pl = place(unknown);
      for (let x = 0; x <= 9; x++) {
        if (CHECK_VALUE_BY_RESIDUE[(sum + x * ID_WEIGHTS[unknown]) % 11] !== check) continue;
        if (unknown < 2 && !isProvince(unknown === 0 ? x : d[0], unknown === 1 ? x : d[1])) continue;
        if (!plausible(d, unknown, x, -1, 0, filter)) continue; // (the base has an unknown digit)
        if (unknown < 9) sink(hi + x * pl, lo, 'substitution', unknown, UNKNOWN_DIGIT, x);
        else sink(hi, lo + x * pl, 'substitution', unknown, UNKNOWN_DIGIT, x);
      }
      return;
    }
    prepareBase(d, filter);
    for (let i = 0; i < 17; i++) {
      const orig = d[i];
      const w = ID_WEIGHTS[i];
      const pl = place(i);
      for (let x = 0; x <= 9; x++) {
        if (x === orig) continue;
        if (CHECK_VALUE_BY_RESIDUE[(sum + (x - orig) * w + 110) % 11] !== check) continue;
        if (i < 2 && !isProvince(i === 0 ? x : d[0], i === 1 ? x : d[1])) continue;
        if (!plausibleSub(d, i, x, filter)) continue;
        if (i < 9) sink(hi + (x - orig) * pl, lo, 'substitution', i, orig, x);
        else sink(hi, lo + (x - orig) * pl, 'substitution', i, orig, x);
      }
    }
    for (let i = 0; i < 16; i++) {
      const a = d[i];
      const b = d[i + 1];
      if (a === b) continue;
      if (CHECK_VALUE_BY_RESIDUE[(sum + (b - a) * (ID_WEIGHTS[i] - ID_WEIGHTS[i + 1]) + 110) % 11] !== check) continue;
      if (i === 0 && !isProvince(b, a)) continue; // swaps the province digits
      if (i === 1 && !isProvince(d[0], b)) continue; // changes the second province digit
      if (!plausible(d, i, b, i + 1, a, filter)) continue;
      // Position i gets b, position i + 1 gets a (place values from the key halves).
      let nhi = hi;
      let nlo = lo;
      if (i < 9) nhi += (b - a) * place(i);
      else nlo += (b - a) * place(i);
      if (i + 1 < 9) nhi += (a - b) * place(i + 1);
      else nlo += (a - b) * place(i + 1);
      sink(nhi, nlo, 'transposition', i, -1, -1);
    }
    // Swap of the 17th digit and the check character.
    if (check <= 9 && d[16] !== check) {
      const newSum = sum + (check - d[16]) * ID_WEIGHTS[16];
      if (CHECK_VALUE_BY_RESIDUE[(newSum + 110) % 11] === d[16]) sink(hi, lo + (check - d[16]), 'transposition', 16, -1, -1);
    }
  } else if (n === 17) {
    for (let i = 0; i < 16; i++) if (d[i] < 0 || d[i] > 9) return;
    if (d[16] < 0) return;
    // Check character left out: the 17 digits are the key.
    if (d[16] <= 9 && isProvince(d[0], d[1])) {
      let hi = 0;
      let lo = 0;
      for (let i = 0; i < 17; i++) {
        if (i < 9) hi = hi * 10 + d[i];
        else lo = lo * 10 + d[i];
      }
      sink(hi, lo, 'missing_digit', 17, -1, -1);
    }
    // One digit left out before the end: the last typed character is the check character.
    const check = d[16];
    const w = new Int8Array(18);
    for (let k = 0; k < 17; k++) {
      for (let i = 0; i < k; i++) w[i] = d[i];
      for (let i = k; i < 16; i++) w[i + 1] = d[i];
      w[17] = check;
      for (let x = 0; x <= 9; x++) {
        if (k > 0 && w[k - 1] === x) continue; // same number as inserting one position earlier
        w[k] = x;
        validKeyOf(w, check, sink, 'missing_digit', k);
      }
    }
  } else if (n === 19) {
    const w = new Int8Array(18);
    for (let k = 0; k < 19; k++) {
      if (k > 0 && d[k] === d[k - 1]) continue; // same number as deleting the previous one
      for (let i = 0, j = 0; i < 19; i++) if (i !== k) w[j++] = d[i];
      if (w[17] < 0) continue;
      validKeyOf(w, w[17], sink, 'extra_digit', k);
    }
  }
}

/**
 * 18-digit numbers with one digit among the first 17 different and any check character.
 * For a valid number absent from the registry this is a single mistyped digit whose check
 * character was recomputed (typing systems that validate the number make people do that):
 * kind 'substitution_recomputed'. For an invalid number it is two errors (a digit and the
 * check character): kind 'substitution_and_check', below the default auto-accept threshold.
 * Used only when no single-error candidate exists.
 */
export function forEachDoubleErrorCandidate(text: string, filter: CandidateFilter | null, sink: CandidateSink, kind: 'substitution_recomputed' | 'substitution_and_check' = 'substitution_and_check'): void {
  const n = loadDigits(text);
  if (n !== 18) return;
  const d = scratch;
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 17; i++) {
    const v = d[i];
    if (v < 0 || v > 9) return;
    if (i < 9) hi = hi * 10 + v;
    else lo = lo * 10 + v;
  }
  prepareBase(d, filter);
  for (let i = 0; i < 17; i++) {
    const orig = d[i];
    const pl = place(i);
    for (let x = 0; x <= 9; x++) {
      if (x === orig) continue;
      if (i < 2 && !isProvince(i === 0 ? x : d[0], i === 1 ? x : d[1])) continue;
      if (!plausibleSub(d, i, x, filter)) continue;
      if (i < 9) sink(hi + (x - orig) * pl, lo, kind, i, orig, x);
      else sink(hi, lo + (x - orig) * pl, kind, i, orig, x);
    }
  }
}

/** 18-digit key of a 15-digit legacy number (century 19 inserted), or null when not 15 digits. */
export function legacy15Key(text: string): { hi: number; lo: number } | null {
  if (text.length !== 15) return null;
  const n = loadDigits(text);
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 17; i++) {
    const v = i < 6 ? scratch[i] : i === 6 ? 1 : i === 7 ? 9 : scratch[i - 2];
    if (v < 0 || v > 9 || n !== 15) return null;
    if (i < 9) hi = hi * 10 + v;
    else lo = lo * 10 + v;
  }
  return { hi, lo };
}

/** Position in the converted 18-digit number of position i of a 15-digit one. */
function fullPos15(i: number): number {
  return i < 6 ? i : i + 2;
}

/** Converted keys of 15-digit legacy numbers one substitution or adjacent swap away from the text. */
export function forEachLegacy15TypoCandidate(text: string, filter: CandidateFilter | null, sink: CandidateSink): void {
  const base = legacy15Key(text);
  if (!base) return;
  const d = scratch; // loaded by legacy15Key
  // The converted 18-digit layout, for the plausibility checks.
  const full = new Int8Array(18);
  for (let k = 0; k < 17; k++) full[k] = k < 6 ? d[k] : k === 6 ? 1 : k === 7 ? 9 : d[k - 2];
  for (let i = 0; i < 15; i++) {
    const orig = d[i];
    const fp = fullPos15(i);
    const pl = place(fp);
    for (let x = 0; x <= 9; x++) {
      if (x === orig) continue;
      if (i < 2 && !isProvince(i === 0 ? x : d[0], i === 1 ? x : d[1])) continue;
      if (!plausible(full, fp, x, -1, 0, filter)) continue;
      if (fp < 9) sink(base.hi + (x - orig) * pl, base.lo, 'legacy15_typo', i, orig, x);
      else sink(base.hi, base.lo + (x - orig) * pl, 'legacy15_typo', i, orig, x);
    }
  }
  for (let i = 0; i < 14; i++) {
    const a = d[i];
    const b = d[i + 1];
    if (a === b) continue;
    if (i < 2 && !isProvince(i === 0 ? b : d[0], i === 0 ? a : i === 1 ? b : d[1])) continue;
    let hi = base.hi;
    let lo = base.lo;
    const p1 = fullPos15(i);
    const p2 = fullPos15(i + 1);
    if (!plausible(full, p1, b, p2, a, filter)) continue;
    if (p1 < 9) hi += (b - a) * place(p1);
    else lo += (b - a) * place(p1);
    if (p2 < 9) hi += (a - b) * place(p2);
    else lo += (a - b) * place(p2);
    sink(hi, lo, 'legacy15_typo', i, -1, -1);
  }
}
