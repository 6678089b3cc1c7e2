/**
 * Resident identity card numbers (公民身份号码), GB 11643-1999 (isomorphic).
 *
 * Layout of the 18 characters: 6-digit area code (GB/T 2260) + 8-digit birth date
 * (YYYYMMDD) + 3-digit order code (odd 17th digit = male) + check digit (ISO 7064
 * MOD 11-2, `X` stands for 10). Legacy 15-digit numbers (before 1999) lack the century
 * and the check digit.
 *
 * The validator is on the import hot path (millions of rows): it works on char codes,
 * uses lookup tables and allocates only the result object.
 */
import { cleanCell } from './text.ts';

/** GB 11643-1999 weights W_i = 2^(17-i) mod 11 for positions 1..17. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check characters indexed by (Σ a_i·W_i) mod 11. */
const CHECK_CHARS = '10X98765432';
/** The check character codes, same order as CHECK_CHARS. */
const CHECK_CODES = Array.from(CHECK_CHARS, (ch) => ch.charCodeAt(0));

/** Province-level codes (first two digits) of GB/T 2260, incl. 71 台湾, 81 香港, 82 澳门. */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

/** PROVINCE_TABLE[tens*10+units] === 1 for a province code (no string allocation). */
const PROVINCE_TABLE = new Uint8Array(100);
for (const code of PROVINCE_CODES) PROVINCE_TABLE[Number(code)] = 1;

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Machine codes of the registry import contract (contracts.md §1). */
export type IdCheckCode = 'id.format' | 'id.checksum' | 'id.birthdate' | 'id.region';

export type IdCheckResult =
  | { ok: true; id: string; converted15: boolean; birthDate: string; gender: '男' | '女' }
  | { ok: false; code: IdCheckCode; message: string };

/**
 * The GB 11643-1999 check character ('0'–'9' or 'X') for the first 17 digits.
 * Throws when the input is not 17 ASCII digits.
 */
export function idCheckDigit(first17: string): string {
  if (first17.length !== 17) throw new Error('idCheckDigit expects 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const d = first17.charCodeAt(i) - 48;
    if (d < 0 || d > 9) throw new Error('idCheckDigit expects 17 digits');
    sum += d * WEIGHTS[i];
  }
  return CHECK_CHARS[sum % 11];
}

/**
 * Converts a legacy 15-digit number to 18 digits: inserts the century '19' before the
 * 2-digit birth year and appends the check digit. Throws when the input is not 15 digits.
 */
export function convertId15To18(id15: string): string {
  if (!/^\d{15}$/.test(id15)) throw new Error('convertId15To18 expects 15 digits');
  const first17 = id15.slice(0, 6) + '19' + id15.slice(6);
  return first17 + idCheckDigit(first17);
}

/** Gender from an 18-digit number: odd 17th digit = 男, even = 女. */
export function genderFromId(id18: string): '男' | '女' {
  return (id18.charCodeAt(16) - 48) % 2 === 1 ? '男' : '女';
}

/** Birth date 'YYYY-MM-DD' from an 18-digit number (not validated here). */
export function birthDateFromId(id18: string): string {
  return `${id18.slice(6, 10)}-${id18.slice(10, 12)}-${id18.slice(12, 14)}`;
}

// --- "today" in China Standard Time, as an integer YYYYMMDD -------------------------

const CST_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;
let cachedTodayInt = 0;
let cachedTodayUntil = 0; // epoch ms at which cachedTodayInt expires (next CST midnight)

/** Today in CST; the Date object is only built once per day (bulk callers can pass `today`). */
function todayIntCst(): number {
  const now = Date.now();
  if (now >= cachedTodayUntil) {
    const shifted = now + CST_OFFSET_MS; // UTC fields of the shifted instant = CST wall clock
    const d = new Date(shifted);
    cachedTodayInt = d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
    cachedTodayUntil = Math.floor(shifted / DAY_MS) * DAY_MS + DAY_MS - CST_OFFSET_MS;
  }
  return cachedTodayInt;
}

let lastTodayArg = '';
let lastTodayArgInt = 0;

function parseTodayArg(today: string): number {
  if (today === lastTodayArg) return lastTodayArgInt;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today);
  if (!m) throw new Error(`checkIdNumber: today must be YYYY-MM-DD, got ${today}`);
  lastTodayArg = today;
  lastTodayArgInt = Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3]);
  return lastTodayArgInt;
}

// --- the validator --------------------------------------------------------------------

function fail(code: IdCheckCode, message: string): IdCheckResult {
  return { ok: false, code, message };
}

/**
 * Weighted digit sum of positions 1..17, or -1 when one of them is not an ASCII digit.
 * Unrolled: this is the hot loop of every import and match.
 */
function weightedSum(s: string): number {
  if (s.length < 17) return -1;
  const d0 = s.charCodeAt(0) - 48, d1 = s.charCodeAt(1) - 48, d2 = s.charCodeAt(2) - 48;
  const d3 = s.charCodeAt(3) - 48, d4 = s.charCodeAt(4) - 48, d5 = s.charCodeAt(5) - 48;
  const d6 = s.charCodeAt(6) - 48, d7 = s.charCodeAt(7) - 48, d8 = s.charCodeAt(8) - 48;
  const d9 = s.charCodeAt(9) - 48, d10 = s.charCodeAt(10) - 48, d11 = s.charCodeAt(11) - 48;
  const d12 = s.charCodeAt(12) - 48, d13 = s.charCodeAt(13) - 48, d14 = s.charCodeAt(14) - 48;
  const d15 = s.charCodeAt(15) - 48, d16 = s.charCodeAt(16) - 48;
  // Unsigned compares: characters below '0' wrap to large values and fail too.
  if (
    d0 >>> 0 > 9 || d1 >>> 0 > 9 || d2 >>> 0 > 9 || d3 >>> 0 > 9 || d4 >>> 0 > 9 ||
    d5 >>> 0 > 9 || d6 >>> 0 > 9 || d7 >>> 0 > 9 || d8 >>> 0 > 9 || d9 >>> 0 > 9 ||
    d10 >>> 0 > 9 || d11 >>> 0 > 9 || d12 >>> 0 > 9 || d13 >>> 0 > 9 || d14 >>> 0 > 9 ||
    d15 >>> 0 > 9 || d16 >>> 0 > 9
  ) {
    return -1;
  }
  return (
    d0 * 7 + d1 * 9 + d2 * 10 + d3 * 5 + d4 * 8 + d5 * 4 + d6 * 2 + d7 + d8 * 6 +
    d9 * 3 + d10 * 7 + d11 * 9 + d12 * 10 + d13 * 5 + d14 * 8 + d15 * 4 + d16 * 2
  );
}

/** Reasons an 18-character candidate (17 digits + digit/X already ensured) is invalid. */
type Defect = 'none' | 'region' | 'date.invalid' | 'date.too_early' | 'date.future' | 'checksum';

/** Region, birth date and check digit of a candidate whose first 17 chars are digits. */
function defectOf(s: string, sum: number, todayInt: number): Defect {
  if (PROVINCE_TABLE[(s.charCodeAt(0) - 48) * 10 + (s.charCodeAt(1) - 48)] !== 1) return 'region';
  const year =
    (s.charCodeAt(6) - 48) * 1000 + (s.charCodeAt(7) - 48) * 100 + (s.charCodeAt(8) - 48) * 10 + (s.charCodeAt(9) - 48);
  const month = (s.charCodeAt(10) - 48) * 10 + (s.charCodeAt(11) - 48);
  const day = (s.charCodeAt(12) - 48) * 10 + (s.charCodeAt(13) - 48);
  if (month < 1 || month > 12 || day < 1) return 'date.invalid';
  if (day > DAYS_IN_MONTH[month]) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    if (!(month === 2 && day === 29 && leap)) return 'date.invalid';
  }
  if (year < 1900) return 'date.too_early';
  if (year * 10000 + month * 100 + day > todayInt) return 'date.future';
  if (s.charCodeAt(17) !== CHECK_CODES[sum % 11]) return 'checksum';
  return 'none';
}

/**
 * 'YYYY-MM-DD' strings are few (≈ 45,000 dates over 125 years) but asked for millions of
 * times: memoise them in a flat table indexed by (year − 1900) × 372 + month × 31 + day.
 */
const BIRTH_DATE_CACHE: (string | undefined)[] = new Array<string | undefined>(200 * 372).fill(undefined);

function cachedBirthDate(s: string): string {
  const year =
    (s.charCodeAt(6) - 48) * 1000 + (s.charCodeAt(7) - 48) * 100 + (s.charCodeAt(8) - 48) * 10 + (s.charCodeAt(9) - 48);
  const key = (year - 1900) * 372 + ((s.charCodeAt(10) - 48) * 10 + (s.charCodeAt(11) - 48)) * 31 + (s.charCodeAt(12) - 48) * 10 + (s.charCodeAt(13) - 48);
  if (key < 0 || key >= 200 * 372) return birthDateFromId(s);
  let v = BIRTH_DATE_CACHE[key];
  if (v === undefined) {
    v = birthDateFromId(s);
    BIRTH_DATE_CACHE[key] = v;
  }
  return v;
}

/**
 * Validates an ID number cell and returns the normalised 18-character number.
 *
 * Steps, in this order (the first failure is reported):
 * 1. cleanCell (full-width digits, zero-width characters, spaces around), lower-case x → X.
 * 2. `id.format` — length must be 18, or 15 for a legacy number (all digits); an 18-character
 *    number must be 17 digits followed by a digit or X. A valid 15-digit number is converted
 *    (`converted15: true`, a warning for the caller, not a rejection).
 * 3. `id.region` — the first two digits must be a province code (PROVINCE_CODES). The other
 *    four area digits are not checked: abolished counties keep their people's numbers.
 * 4. `id.birthdate` — digits 7–14 must be a real calendar date, not before 1900-01-01 and
 *    not after `today` (China Standard Time).
 * 5. `id.checksum` — the GB 11643-1999 check digit.
 *
 * Structural checks run before the checksum so that a number built with a wrong region or
 * an impossible date is reported for what is wrong with it, not as a mere checksum error.
 *
 * Fast path: an 18-character string of 17 digits + digit/X is never changed by cleaning,
 * so it is validated as it is, with no allocation besides the result.
 *
 * @param today 'YYYY-MM-DD' (CST); default: the current date in Asia/Shanghai.
 */
export function checkIdNumber(raw: string, today?: string): IdCheckResult {
  let s = raw;
  let converted15 = false;
  let sum = typeof s === 'string' && s.length === 18 ? weightedSum(s) : -1;
  const last = sum < 0 ? 0 : s.charCodeAt(17);
  if (sum < 0 || !((last >= 48 && last <= 57) || last === 0x58)) {
    // Slow path: clean, then decide on the format.
    s = cleanCell(raw);
    const len = s.length;
    if (len === 18) {
      sum = weightedSum(s);
      if (sum < 0) return fail('id.format', '身份证号只能由数字和末位的 X 组成');
      const c = s.charCodeAt(17);
      if (c === 0x78 /* x */) s = s.slice(0, 17) + 'X';
      else if (!((c >= 48 && c <= 57) || c === 0x58)) return fail('id.format', '身份证号只能由数字和末位的 X 组成');
    } else if (len === 15) {
      if (!/^\d{15}$/.test(s)) return fail('id.format', '15 位旧身份证号只能由数字组成');
      // Legacy numbers carry no check digit: validate region and date on the converted form.
      s = convertId15To18(s);
      sum = weightedSum(s);
      converted15 = true;
    } else if (len === 0) {
      return fail('id.format', '身份证号为空');
    } else {
      return fail('id.format', `身份证号应为 18 位（或 15 位旧号码），实际为 ${len} 位`);
    }
  }

  const todayInt = today === undefined ? todayIntCst() : parseTodayArg(today);
  switch (defectOf(s, sum, todayInt)) {
    case 'none':
      return {
        ok: true,
        id: s,
        converted15,
        birthDate: cachedBirthDate(s),
        gender: (s.charCodeAt(16) & 1) === 1 ? '男' : '女',
      };
    case 'region':
      return fail('id.region', `身份证号前两位“${s.slice(0, 2)}”不是有效的省级行政区划代码`);
    case 'date.invalid':
      return fail('id.birthdate', `身份证号中的出生日期“${s.slice(6, 14)}”不是有效日期`);
    case 'date.too_early':
      return fail('id.birthdate', `身份证号中的出生日期“${s.slice(6, 14)}”早于 1900 年`);
    case 'date.future':
      return fail('id.birthdate', `身份证号中的出生日期“${s.slice(6, 14)}”晚于今天`);
    case 'checksum':
      return fail('id.checksum', '身份证号校验码错误（可能有数字录入错误）');
  }
}

/**
 * Allocation-free validity test for an already normalised 18-character number (upper-case
 * X). Same rules as checkIdNumber; for bulk matching where only a yes/no is needed.
 */
export function isValidId18(s: string, todayInt: number = todayIntCst()): boolean {
  if (s.length !== 18) return false;
  const sum = weightedSum(s);
  return sum >= 0 && defectOf(s, sum, todayInt) === 'none';
}

/** Today's date in China Standard Time as the integer YYYYMMDD (for isValidId18). */
export function todayCstInt(): number {
  return todayIntCst();
}
