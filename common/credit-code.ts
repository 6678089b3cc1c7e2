/** 统一社会信用代码 (GB 32100-2015): 18 characters with a mod-31 check character. */

const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters, or null when a character is not allowed. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CHARS.indexOf(first17[i]);
    if (v < 0) return null;
    sum += v * WEIGHTS[i];
  }
  const c = 31 - (sum % 31);
  return CHARS[c === 31 ? 0 : c];
}

/** True for a well-formed code with a correct check character (upper-case input expected). */
export function isValidCreditCode(raw: string): boolean {
  const s = raw.trim().toUpperCase();
  return /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(s) && creditCodeCheckChar(s.slice(0, 17)) === s[17];
}
