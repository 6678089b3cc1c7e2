/**
 * In-memory registry index for matching, built from a stream of registry persons.
 *
 * Node's Map/Set stop at ≈ 16.7M entries (architecture.md), and 10M persons as objects
 * would need gigabytes, so every field lives in typed arrays (≈ 70 bytes per person):
 * - ID number: first 17 digits as two Uint32 (hi = digits 1–9, lo = digits 10–17); the
 *   check digit is implied. Open-addressing hash table (Int32Array, linear probing) on them.
 * - Name: UTF-16 code units in one pool with Uint32 offsets; a typed hash counter of name
 *   frequencies for the common-name rule.
 * - 户编号: UTF-8 bytes in one pool with Uint32 offsets.
 * - 所在地区代码 as a 6-digit integer plus its precision (2/4/6 digits), birth day
 *   (days since 1900) as Uint16, 贫困状态 as Uint8.
 * - A counting sort of persons by birth day: the blocking index of the fuzzy tier.
 */
import { checkIdNumber, todayCstInt } from '../../../../common/id-number.ts';
import { cleanCell } from '../../../../common/text.ts';
import { DEFAULT_COMMON_NAMES } from './common-names.ts';
import { BLOCK_BITS, CHECK_VALUE_BY_RESIDUE, ID_WEIGHTS, blockBit, dayNumber, idFromKey, isProvince, isRealDate, type CandidateFilter } from './id-key.ts';
import { IdTable } from './id-table.ts';
import { hash53, hashNameKey, hashNameUnits, nameKey, simplifyName } from './names.ts';
import { matchRecordAgainst } from './match-record.ts';
import type { AddOutcome, MatchConfig, MatchRecordInput, MatchResult, PovertyStatus, RegistryBuildStats, RegistryPersonInput } from './types.ts';

/** Default thresholds (documented in the matching module README-level comments of match-record.ts). */
export const DEFAULT_MATCH_CONFIG: MatchConfig = {
  autoAcceptThreshold: 0.9,
  fuzzyThreshold: 0.5,
  commonNames: DEFAULT_COMMON_NAMES,
  commonNameMinCount: 20,
  commonNameFraction: 1e-4,
};

/** dayMeta bit for a male person (low bits: region precision 0/2/4/6). */
export const DAY_META_MALE = 0x80;

/** Words per person in the day-ordered blocking data. */
export const DAY_STRIDE = 4;

/** A day block of the fuzzy tier (see RegistryIndex.dayBlock). */
export interface DayBlock {
  start: number;
  end: number;
  data: Uint32Array;
}

const POVERTY_BY_CODE: readonly (PovertyStatus | null)[] = [null, '未脱贫', '已脱贫', '监测对象'];
/** UTF-8 bytes of each status, same order (index 0 unused). */
const POVERTY_BYTES: readonly Buffer[] = POVERTY_BY_CODE.map((s) => Buffer.from(s ?? '', 'utf8'));

/** 贫困状态 cell → one of the three statuses (also 贫困户/脱贫户/监测户 and the three 监测对象 types), else null. */
export function normalizePovertyStatus(raw: string | null | undefined): PovertyStatus | null {
  if (!raw) return null;
  if (raw === '未脱贫' || raw === '已脱贫' || raw === '监测对象') return raw;
  const s = cleanCell(raw).replace(/\s+/g, '');
  switch (s) {
    case '未脱贫':
    case '未脱贫户':
    case '贫困户':
    case '贫困人口':
      return '未脱贫';
    case '已脱贫':
    case '脱贫':
    case '脱贫户':
    case '已脱贫户':
    case '脱贫人口':
      return '已脱贫';
    case '监测对象':
    case '监测户':
    case '防返贫监测对象':
    case '脱贫不稳定户':
    case '边缘易致贫户':
    case '突发严重困难户':
      return '监测对象';
    default:
      return null;
  }
}

function povertyCode(s: PovertyStatus | null): number {
  return s === null ? 0 : POVERTY_BY_CODE.indexOf(s);
}

/** Today's date as YYYYMMDD from 'YYYY-MM-DD', or today in China Standard Time. */
function todayInt(today: string | undefined): number {
  if (!today) return todayCstInt();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today);
  if (!m) throw new Error(`today must be YYYY-MM-DD: ${today}`);
  return Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3]);
}

/** Region cell → [6-digit integer, precision 2/4/6] (0, 0 when empty or malformed). */
function parseRegion(raw: string | null | undefined, out: Uint32Array): void {
  out[0] = 0;
  out[1] = 0;
  if (!raw) return;
  const s = raw.length === 6 || raw.length === 12 ? raw : cleanCell(raw);
  const n = s.length;
  if (n !== 2 && n !== 4 && n !== 6 && n !== 9 && n !== 12) return;
  let v = 0;
  for (let i = 0; i < Math.min(n, 6); i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return;
    v = v * 10 + d;
  }
  for (let i = 6; i < n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return;
  }
  if (n === 2) {
    out[0] = v * 10000;
    out[1] = 2;
  } else if (n === 4) {
    out[0] = v * 100;
    out[1] = 4;
  } else if (v % 10000 === 0) {
    out[0] = v;
    out[1] = 2;
  } else if (v % 100 === 0) {
    out[0] = v;
    out[1] = 4;
  } else {
    out[0] = v;
    out[1] = 6;
  }
  if (!isProvince(Math.floor(out[0] / 100000), Math.floor(out[0] / 10000) % 10)) {
    out[0] = 0;
    out[1] = 0;
  }
}

/** Scratch output of regionOfCell (the matcher is single-threaded and copies the values out). */
const regionScratch = new Uint32Array(2);

/** Region cell → { code, precision } (see parseRegion); exported for the matcher. */
export function regionOfCell(raw: string | null | undefined): { code: number; precision: number } {
  parseRegion(raw, regionScratch);
  return { code: regionScratch[0], precision: regionScratch[1] };
}

function grown<T extends Uint32Array | Uint16Array | Uint8Array | Float64Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/**
 * Streaming builder: `add` each registry person, then `finish` once. Rows with an ID number
 * that is not valid (after 15 → 18 conversion) are skipped and counted: an invalid number
 * can never be an `exact` match ("same valid ID") and the registry system is the authority
 * that must fix it. A repeated ID keeps the first row (counted as duplicate).
 */
export class RegistryIndexBuilder {
  readonly stats: RegistryBuildStats = { rows: 0, added: 0, duplicates: 0, invalidIds: 0, legacy15: 0, invalidNames: 0 };
  private readonly config: MatchConfig;
  private readonly todayInt: number;
  private n = 0;
  private cap: number;
  private idHi: Uint32Array;
  private idLo: Uint32Array;
  private birthDay: Uint16Array;
  private region: Uint32Array;
  private regionLen: Uint8Array;
  private poverty: Uint8Array;
  private nameEnd: Uint32Array;
  private namePool: Uint16Array;
  private namePoolLen = 0;
  private hhEnd: Uint32Array;
  private hhPool: Buffer;
  private hhPoolLen = 0;
  /** areaSeen[code] = 1 for every 6-digit area code of a registry ID (prunes correction candidates). */
  private readonly areaSeen = new Uint8Array(1_000_000);
  /** 53-bit hash of each person's name (-1: none), sorted and counted in finish(). */
  private nameHashes: Float64Array;
  private readonly hashOut = new Uint32Array(2);
  private readonly regionOut = new Uint32Array(2);
  private finished = false;
  // Scratch results of parseId (avoids an object per row).
  private pHi = 0;
  private pLo = 0;
  private pDay = 0;

  constructor(config: Partial<MatchConfig> = {}, sizeHint = 1 << 16) {
    this.config = { ...DEFAULT_MATCH_CONFIG, ...config };
    this.todayInt = todayInt(this.config.today);
    const cap = Math.max(16, sizeHint);
    this.cap = cap;
    this.idHi = new Uint32Array(cap);
    this.idLo = new Uint32Array(cap);
    this.birthDay = new Uint16Array(cap);
    this.region = new Uint32Array(cap);
    this.regionLen = new Uint8Array(cap);
    this.poverty = new Uint8Array(cap);
    this.nameEnd = new Uint32Array(cap);
    this.namePool = new Uint16Array(cap * 3);
    this.hhEnd = new Uint32Array(cap);
    this.hhPool = Buffer.allocUnsafe(cap * 16);
    this.nameHashes = new Float64Array(cap);
  }

  /** Number of persons added so far. */
  get size(): number {
    return this.n;
  }

  /** Parses an 18-character valid ID into pHi/pLo/pDay; false when not valid. */
  private parseId18(s: string): boolean {
    let hi = 0;
    let lo = 0;
    let sum = 0;
    for (let i = 0; i < 17; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return false;
      sum += d * ID_WEIGHTS[i];
      if (i < 9) hi = hi * 10 + d;
      else lo = lo * 10 + d;
    }
    const c = s.charCodeAt(17);
    const check = c === 0x58 || c === 0x78 ? 10 : c - 48;
    if (check !== CHECK_VALUE_BY_RESIDUE[sum % 11]) return false;
    const d0 = s.charCodeAt(0) - 48;
    const d1 = s.charCodeAt(1) - 48;
    if (!isProvince(d0, d1)) return false;
    const y = ((hi % 1000) * 10) + Math.floor(lo / 10_000_000);
    const m = Math.floor(lo / 100_000) % 100;
    const day = Math.floor(lo / 1000) % 100;
    if (y < 1900 || !isRealDate(y, m, day) || y * 10000 + m * 100 + day > this.todayInt) return false;
    this.pHi = hi;
    this.pLo = lo;
    this.pDay = dayNumber(y, m, day);
    return true;
  }

  private growRows(): void {
    const cap = this.cap * 2;
    this.cap = cap;
    this.idHi = grown(this.idHi, cap);
    this.idLo = grown(this.idLo, cap);
    this.birthDay = grown(this.birthDay, cap);
    this.region = grown(this.region, cap);
    this.regionLen = grown(this.regionLen, cap);
    this.poverty = grown(this.poverty, cap);
    this.nameEnd = grown(this.nameEnd, cap);
    this.hhEnd = grown(this.hhEnd, cap);
    this.nameHashes = grown(this.nameHashes, cap);
  }

  /** Parses an ID cell (any spelling checkIdNumber accepts) into pHi/pLo/pDay; false when invalid. */
  private parseIdCell(raw: string): boolean {
    if (raw.length === 18 && this.parseId18(raw)) return true;
    const r = checkIdNumber(raw, this.config.today);
    if (!r.ok || !this.parseId18(r.id)) return false;
    if (r.converted15) this.stats.legacy15++;
    return true;
  }

  /** Appends the row for pHi/pLo (duplicates are resolved in finish()) and returns its index. */
  private insertParsedId(): number {
    const p = this.n;
    if (p === this.cap) this.growRows();
    this.idHi[p] = this.pHi;
    this.idLo[p] = this.pLo;
    this.birthDay[p] = this.pDay;
    this.areaSeen[Math.floor(this.pHi / 1000)] = 1;
    return p;
  }

  private ensureNamePool(extra: number): void {
    if (this.namePoolLen + extra > this.namePool.length) {
      this.namePool = grown(this.namePool, Math.max(this.namePool.length * 2, this.namePoolLen + extra));
    }
  }

  private ensureHouseholdPool(extra: number): void {
    if (this.hhPoolLen + extra > this.hhPool.length) {
      const next = Buffer.allocUnsafe(Math.max(this.hhPool.length * 2, this.hhPoolLen + extra));
      this.hhPool.copy(next, 0, 0, this.hhPoolLen);
      this.hhPool = next;
    }
  }

  /** Closes the name of row p that ends at namePoolLen (counts it for the common-name rule). */
  private endName(p: number, start: number): void {
    this.nameEnd[p] = this.namePoolLen;
    if (this.namePoolLen > start) {
      hashNameUnits(this.namePool, start, this.namePoolLen, this.hashOut);
      this.nameHashes[p] = hash53(this.hashOut[0], this.hashOut[1]);
    } else this.nameHashes[p] = -1;
  }

  /** Name (display form with interpuncts; compared without them). */
  private storeName(p: number, raw: string): void {
    const nk = nameKey(raw);
    if (!nk.valid) this.stats.invalidNames++;
    const display = nk.display;
    this.ensureNamePool(display.length);
    const start = this.namePoolLen;
    for (let i = 0; i < display.length; i++) this.namePool[start + i] = display.charCodeAt(i);
    this.namePoolLen += display.length;
    this.endName(p, start);
  }

  /** 户编号 */
  private storeHousehold(p: number, raw: string | null | undefined): void {
    const hh = raw ? cleanCell(raw) : '';
    if (hh.length > 0) {
      this.ensureHouseholdPool(hh.length * 3);
      this.hhPoolLen += this.hhPool.write(hh, this.hhPoolLen, 'utf8');
    }
    this.hhEnd[p] = this.hhPoolLen;
  }

  private storeRegion(p: number, raw: string | null | undefined): void {
    parseRegion(raw, this.regionOut);
    this.region[p] = this.regionOut[0];
    this.regionLen[p] = this.regionOut[1];
  }

  private added(): AddOutcome {
    this.n++;
    this.stats.added++;
    return 'added';
  }

  /** Adds one registry person. */
  add(person: RegistryPersonInput): AddOutcome {
    if (this.finished) throw new Error('RegistryIndexBuilder: add after finish');
    this.stats.rows++;
    if (!this.parseIdCell(person.idNumber ?? '')) {
      this.stats.invalidIds++;
      return 'invalid_id';
    }
    const p = this.insertParsedId();
    this.storeName(p, person.name ?? '');
    this.storeHousehold(p, person.household);
    this.storeRegion(p, person.regionCode);
    this.poverty[p] = povertyCode(normalizePovertyStatus(person.povertyStatus));
    return this.added();
  }

  /**
   * Adds one registry person given as UTF-8 byte ranges [start, end) of `buf` (a start of -1
   * means the column is absent): the CLI's fast path for 10M-row files, with no string per
   * cell in the common case (plain 18-character ID, Han-only name, ASCII household number,
   * digit region code, standard status). Any other cell goes through the string path, so the
   * outcome is the same as add().
   */
  addUtf8(buf: Buffer, idS: number, idE: number, nameS: number, nameE: number, hhS: number, hhE: number, rgS: number, rgE: number, pvS: number, pvE: number): AddOutcome {
    if (this.finished) throw new Error('RegistryIndexBuilder: add after finish');
    this.stats.rows++;
    const ok = idE - idS === 18 && idS >= 0 ? this.parseId18Bytes(buf, idS) || this.parseIdCell(buf.toString('utf8', idS, idE)) : this.parseIdCell(idS >= 0 ? buf.toString('utf8', idS, idE) : '');
    if (!ok) {
      this.stats.invalidIds++;
      return 'invalid_id';
    }
    const p = this.insertParsedId();

    // Name: Han characters of the basic block only (3-byte UTF-8 sequences E4–E9), ≤ 30.
    let fast = nameS >= 0 && nameE > nameS && (nameE - nameS) % 3 === 0 && nameE - nameS <= 90;
    if (fast) {
      this.ensureNamePool((nameE - nameS) / 3);
      let k = this.namePoolLen;
      for (let i = nameS; i < nameE; i += 3) {
        const b0 = buf[i];
        const b1 = buf[i + 1];
        const b2 = buf[i + 2];
        const cp = ((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
        if (b0 < 0xe4 || b0 > 0xe9 || (b1 & 0xc0) !== 0x80 || (b2 & 0xc0) !== 0x80 || cp < 0x4e00) {
          fast = false;
          break;
        }
        this.namePool[k++] = cp;
      }
      if (fast) {
        const start = this.namePoolLen;
        this.namePoolLen = k;
        this.endName(p, start);
      }
    }
    if (!fast) this.storeName(p, nameS >= 0 ? buf.toString('utf8', nameS, nameE) : '');

    // 户编号: printable ASCII copied as is.
    let hhFast = hhS >= 0;
    if (hhFast) {
      for (let i = hhS; i < hhE; i++) {
        const b = buf[i];
        if (b < 0x21 || b > 0x7e) {
          hhFast = false;
          break;
        }
      }
    }
    if (hhFast) {
      // A byte loop: Buffer.copy's argument checks cost more than the copy for short cells.
      this.ensureHouseholdPool(hhE - hhS);
      const pool = this.hhPool;
      let k = this.hhPoolLen;
      for (let i = hhS; i < hhE; i++) pool[k++] = buf[i];
      this.hhPoolLen = k;
      this.hhEnd[p] = k;
    } else this.storeHousehold(p, hhS >= 0 ? buf.toString('utf8', hhS, hhE) : null);

    // 所在地区代码: digits; anything else through the string path.
    if (rgS >= 0 && (rgE - rgS === 12 || rgE - rgS === 6) && this.regionDigits(buf, rgS, rgE)) {
      this.region[p] = this.regionOut[0];
      this.regionLen[p] = this.regionOut[1];
    } else this.storeRegion(p, rgS >= 0 ? buf.toString('utf8', rgS, rgE) : null);

    // 贫困状态
    let code = -1;
    if (pvS >= 0) {
      for (let c = 1; c < POVERTY_BYTES.length && code < 0; c++) {
        const pat = POVERTY_BYTES[c];
        if (pvE - pvS !== pat.length) continue;
        let k = 0;
        while (k < pat.length && buf[pvS + k] === pat[k]) k++;
        if (k === pat.length) code = c;
      }
      if (code < 0) code = povertyCode(normalizePovertyStatus(buf.toString('utf8', pvS, pvE)));
    }
    this.poverty[p] = code < 0 ? 0 : code;
    return this.added();
  }

  /** parseId18 on 18 bytes of a buffer. */
  private parseId18Bytes(buf: Buffer, s: number): boolean {
    let hi = 0;
    let lo = 0;
    let sum = 0;
    for (let i = 0; i < 17; i++) {
      const d = buf[s + i] - 48;
      if (d < 0 || d > 9) return false;
      sum += d * ID_WEIGHTS[i];
      if (i < 9) hi = hi * 10 + d;
      else lo = lo * 10 + d;
    }
    const c = buf[s + 17];
    const check = c === 0x58 || c === 0x78 ? 10 : c - 48;
    if (check !== CHECK_VALUE_BY_RESIDUE[sum % 11]) return false;
    if (!isProvince(buf[s] - 48, buf[s + 1] - 48)) return false;
    const y = (hi % 1000) * 10 + Math.floor(lo / 10_000_000);
    const m = Math.floor(lo / 100_000) % 100;
    const day = Math.floor(lo / 1000) % 100;
    if (y < 1900 || !isRealDate(y, m, day) || y * 10000 + m * 100 + day > this.todayInt) return false;
    this.pHi = hi;
    this.pLo = lo;
    this.pDay = dayNumber(y, m, day);
    return true;
  }

  /** A 6- or 12-digit region code in bytes → regionOut; false when not all digits. */
  private regionDigits(buf: Buffer, s: number, e: number): boolean {
    let v = 0;
    for (let i = s; i < e; i++) {
      const d = buf[i] - 48;
      if (d < 0 || d > 9) return false;
      if (i < s + 6) v = v * 10 + d;
    }
    this.regionFromCounty(v);
    return true;
  }

  private regionFromCounty(v: number): void {
    const out = this.regionOut;
    out[0] = v;
    out[1] = v % 10000 === 0 ? 2 : v % 100 === 0 ? 4 : 6;
    if (!isProvince(Math.floor(v / 100000), Math.floor(v / 10000) % 10)) {
      out[0] = 0;
      out[1] = 0;
    }
  }

  /** Builds the blocking index and returns the read-only index. The builder cannot be used afterwards. */
  finish(): RegistryIndex {
    if (this.finished) throw new Error('RegistryIndexBuilder: finish called twice');
    this.finished = true;
    const rows = this.n;

    // ID table, built in bulk; a repeated ID keeps its first row (later ones are dead).
    const dead = new Uint8Array(rows);
    const built = IdTable.build(this.idHi, this.idLo, rows, dead);
    this.stats.duplicates = built.duplicates;
    this.stats.added = rows - built.duplicates;

    let maxDay = 0;
    for (let p = 0; p < rows; p++) if (this.birthDay[p] > maxDay) maxDay = this.birthDay[p];
    const dayStart = new Uint32Array(maxDay + 2);
    for (let p = 0; p < rows; p++) if (dead[p] === 0) dayStart[this.birthDay[p] + 1]++;
    for (let d = 1; d < dayStart.length; d++) dayStart[d] += dayStart[d - 1];
    const fill = dayStart.slice(0, maxDay + 1);
    // Blocking fields copied in day order: a fuzzy probe then scans its day sequentially
    // instead of hopping through the per-person arrays (several cache misses per person at
    // 10M). Filled in person order: sequential reads, scattered writes.
    const alive = this.stats.added;
    const dayData = new Uint32Array(alive * DAY_STRIDE);
    const blockSeen = new Uint32Array(2 ** (BLOCK_BITS - 5));
    for (let p = 0; p < rows; p++) {
      if (dead[p] === 1) continue;
      const day = this.birthDay[p];
      const o = fill[day]++ * DAY_STRIDE;
      const area = Math.floor(this.idHi[p] / 1000);
      dayData[o] = p;
      dayData[o + 1] = this.region[p];
      dayData[o + 2] = area;
      dayData[o + 3] = this.regionLen[p] | (this.idLo[p] % 2 === 1 ? DAY_META_MALE : 0);
      const bit = blockBit(area, day);
      blockSeen[bit >>> 5] |= 1 << (bit & 31);
    }

    // Name frequencies for the common-name rule: sort the 53-bit hashes (native sort) and
    // keep the names at or above the threshold. Above 2M persons a systematic sample of
    // ≈ 1M names is counted and scaled: common names (≥ 1 in 10 000) are estimated within a
    // few per cent, and sorting 10M hashes would cost a second.
    const commonCount = Math.max(this.config.commonNameMinCount, Math.ceil(this.config.commonNameFraction * alive));
    const step = alive > 2_000_000 ? Math.ceil(alive / 1_000_000) : 1;
    const sample = new Float64Array(Math.ceil(rows / step));
    let m = 0;
    for (let p = 0; p < rows; p += step) if (dead[p] === 0 && this.nameHashes[p] >= 0) sample[m++] = this.nameHashes[p];
    const hashes = sample.subarray(0, m).sort();
    const freqHash: number[] = [];
    const freqCount: number[] = [];
    for (let i = 0; i < m; ) {
      let j = i + 1;
      while (j < m && hashes[j] === hashes[i]) j++;
      const estimate = (j - i) * step;
      if (estimate >= commonCount) {
        freqHash.push(hashes[i]);
        freqCount.push(estimate);
      }
      i = j;
    }
    this.nameHashes = new Float64Array(0);

    return new RegistryIndex({
      config: this.config,
      todayInt: this.todayInt,
      n: alive,
      idHi: this.idHi,
      idLo: this.idLo,
      birthDay: this.birthDay,
      region: this.region,
      regionLen: this.regionLen,
      poverty: this.poverty,
      nameEnd: this.nameEnd,
      namePool: this.namePool,
      hhEnd: this.hhEnd,
      hhPool: this.hhPool,
      ids: built.table,
      areaSeen: this.areaSeen,
      blockSeen,
      commonCount,
      frequentNameHashes: Float64Array.from(freqHash),
      frequentNameCounts: Uint32Array.from(freqCount),
      dayStart,
      dayData,
      stats: { ...this.stats },
    });
  }
}

interface IndexParts {
  config: MatchConfig;
  todayInt: number;
  n: number;
  idHi: Uint32Array;
  idLo: Uint32Array;
  birthDay: Uint16Array;
  region: Uint32Array;
  regionLen: Uint8Array;
  poverty: Uint8Array;
  nameEnd: Uint32Array;
  namePool: Uint16Array;
  hhEnd: Uint32Array;
  hhPool: Buffer;
  ids: IdTable;
  areaSeen: Uint8Array;
  blockSeen: Uint32Array;
  /** Names counted at least commonCount times: sorted 53-bit hashes and their counts. */
  commonCount: number;
  frequentNameHashes: Float64Array;
  frequentNameCounts: Uint32Array;
  dayStart: Uint32Array;
  /** Persons in birth-day order, DAY_STRIDE words each: person, region, ID area, meta. */
  dayData: Uint32Array;
  stats: RegistryBuildStats;
}

/** Read-only registry index: lookups for the matcher (match-record.ts) and `matchRecord`. */
export class RegistryIndex {
  readonly config: MatchConfig;
  readonly todayInt: number;
  readonly size: number;
  readonly stats: RegistryBuildStats;
  /** Names counted at least this often in the registry are common. */
  readonly commonNameCount: number;
  private readonly p: IndexParts;
  private readonly commonNames: ReadonlySet<string>;
  private readonly hashOut = new Uint32Array(2);
  private readonly filter: CandidateFilter;

  constructor(parts: IndexParts) {
    this.p = parts;
    this.filter = { areaSeen: parts.areaSeen, blockSeen: parts.blockSeen, todayInt: parts.todayInt };
    this.config = parts.config;
    this.todayInt = parts.todayInt;
    this.size = parts.n;
    this.stats = parts.stats;
    this.commonNameCount = parts.commonCount;
    this.commonNames = new Set(parts.config.commonNames.map((s) => simplifyName(nameKey(s).key)));
  }

  /** Person index of the first-17-digit key, or -1. */
  lookup(hi: number, lo: number): number {
    return this.p.ids.get(hi, lo);
  }

  /** Prunes correction candidates that no registry number can be (unknown area, impossible date). */
  get candidateFilter(): CandidateFilter {
    return this.filter;
  }

  /** The person's 18-character ID number. */
  idOf(i: number): string {
    return idFromKey(this.p.idHi[i], this.p.idLo[i]);
  }

  /** Normalised display name (with interpuncts). */
  nameOf(i: number): string {
    const { nameEnd, namePool } = this.p;
    const start = i === 0 ? 0 : nameEnd[i - 1];
    return String.fromCharCode(...namePool.subarray(start, nameEnd[i]));
  }

  /** True when the person's name without interpuncts equals `key` (code-unit comparison, no allocation). */
  nameEqualsKey(i: number, key: string): boolean {
    const { nameEnd, namePool } = this.p;
    let a = i === 0 ? 0 : nameEnd[i - 1];
    const end = nameEnd[i];
    let b = 0;
    for (; a < end; a++) {
      const c = namePool[a];
      if (c === 0xb7) continue;
      if (b >= key.length || key.charCodeAt(b) !== c) return false;
      b++;
    }
    return b === key.length && end > (i === 0 ? 0 : nameEnd[i - 1]);
  }

  /** 户编号, or null. */
  householdOf(i: number): string | null {
    const { hhEnd, hhPool } = this.p;
    const start = i === 0 ? 0 : hhEnd[i - 1];
    return hhEnd[i] === start ? null : hhPool.toString('utf8', start, hhEnd[i]);
  }

  povertyOf(i: number): PovertyStatus | null {
    return POVERTY_BY_CODE[this.p.poverty[i]];
  }

  /** Gender from the ID number's 17th digit. */
  genderOf(i: number): '男' | '女' {
    return this.p.idLo[i] % 2 === 1 ? '男' : '女';
  }

  birthDayOf(i: number): number {
    return this.p.birthDay[i];
  }

  /** First six digits of the ID number (area code at issue). */
  idAreaOf(i: number): number {
    return Math.floor(this.p.idHi[i] / 1000);
  }

  /** 所在地区代码 as a 6-digit integer (0 when unknown) and its precision (2/4/6). */
  regionOf(i: number): number {
    return this.p.region[i];
  }

  regionPrecisionOf(i: number): number {
    return this.p.regionLen[i];
  }

  /**
   * Persons born on a day: entries [start, end) of `data`, DAY_STRIDE words each — person
   * index, 所在地区代码 (6-digit integer), ID area code, meta (region precision | DAY_META_MALE).
   */
  dayBlock(day: number): DayBlock {
    const { dayStart, dayData } = this.p;
    const ok = day >= 0 && day + 1 < dayStart.length;
    return { start: ok ? dayStart[day] : 0, end: ok ? dayStart[day + 1] : 0, data: dayData };
  }

  /**
   * How often a name key (no interpuncts) occurs in the registry, when at least
   * commonNameCount times; 0 otherwise (only frequent names are kept).
   */
  frequentNameCount(key: string): number {
    if (key === '') return 0;
    hashNameKey(key, this.hashOut);
    const h = hash53(this.hashOut[0], this.hashOut[1]);
    const a = this.p.frequentNameHashes;
    let lo = 0;
    let hi = a.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid] === h) return this.p.frequentNameCounts[mid];
      if (a[mid] < h) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }

  /** Common name: in the configured list, or frequent in this registry. */
  isCommonName(key: string): boolean {
    if (key === '') return false;
    const s = simplifyName(key);
    return this.commonNames.has(s) || this.frequentNameCount(s) > 0 || (s !== key && this.frequentNameCount(key) > 0);
  }

  /** Matches one record (see match-record.ts for the tiers). */
  matchRecord(record: MatchRecordInput): MatchResult {
    return matchRecordAgainst(this, record);
  }
}
