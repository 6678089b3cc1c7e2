/**
 * GB/T 2260 region codes. We keep every code in canonical prefix form:
 * province 2 digits, city 4, county 6, town 9, village 12 (a 6-digit "530600" city code is
 * canonicalised to "5306"). Scope checks compare fixed-length prefixes only, so a scope can
 * never match a code by accident of string length.
 */

export type RegionLevel = 1 | 2 | 3 | 4 | 5;

const LEVEL_BY_LENGTH: Record<number, RegionLevel> = { 2: 1, 4: 2, 6: 3, 9: 4, 12: 5 };
export const LEVEL_LENGTH: Record<RegionLevel, number> = { 1: 2, 2: 4, 3: 6, 4: 9, 5: 12 };
export const LEVEL_NAME: Record<RegionLevel, string> = { 1: '省', 2: '市', 3: '县', 4: '乡镇', 5: '村' };

/** Level of a canonical code, or null when the length is not a level length. */
export function regionLevel(code: string): RegionLevel | null {
  if (!/^\d+$/.test(code)) return null;
  return LEVEL_BY_LENGTH[code.length] ?? null;
}

/**
 * Canonical prefix form of a GB/T 2260 code as people write it: 6-digit codes with trailing
 * "00" pairs (530000 → 53, 530600 → 5306), 12-digit codes with trailing zero groups
 * (530627000000 → 530627, 530627100000 → 530627100). Returns null for anything else.
 */
export function canonicalRegionCode(raw: string): string | null {
  const code = raw.trim();
  if (!/^\d+$/.test(code)) return null;
  if (code.length === 2 || code.length === 4 || code.length === 9) return code;
  if (code.length === 6) {
    if (code.endsWith('0000')) return code.slice(0, 2) === '00' ? null : code.slice(0, 2);
    if (code.endsWith('00')) return code.slice(0, 4);
    return code;
  }
  if (code.length === 12) {
    if (code.endsWith('000000')) return canonicalRegionCode(code.slice(0, 6));
    if (code.endsWith('000')) return code.slice(0, 9);
    return code;
  }
  return null;
}

/** True when `code` lies inside `scope` (both canonical). A malformed scope contains nothing. */
export function regionInScope(scope: string, code: string): boolean {
  if (regionLevel(scope) === null || regionLevel(code) === null) return false;
  return code.length >= scope.length && code.startsWith(scope);
}

/** Ancestors of a canonical code, top-down, including itself: 530627100 → [53, 5306, 530627, 530627100]. */
export function regionAncestors(code: string): string[] {
  const out: string[] = [];
  for (const len of [2, 4, 6, 9, 12]) if (code.length >= len) out.push(code.slice(0, len));
  return out;
}

/**
 * The code as officials write it, padded to the GB/T 2260 length of its level: 53 → 530000,
 * 5306 → 530600, 530627 → 530627, 530627100 → 530627100000, 12 digits unchanged. The
 * inverse of canonicalRegionCode, used wherever a code leaves the system (exports).
 */
export function officialRegionCode(code: string): string {
  if (code.length === 2) return `${code}0000`;
  if (code.length === 4) return `${code}00`;
  if (code.length === 9) return `${code}000`;
  return code;
}

/** Province part of a canonical code. */
export function provinceOf(code: string): string {
  return code.slice(0, 2);
}
