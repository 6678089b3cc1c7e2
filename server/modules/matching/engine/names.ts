/**
 * Person-name comparison for matching: the registry's normalisation (normalizePersonName),
 * then traditional → simplified (opencc-js), pinyin homophones (pinyin-pro, every reading of
 * polyphonic characters), near-homophones of southern accents, and one differing character
 * in longer names. pg_trgm found a quarter of true matches on Chinese names (quality.md §1);
 * names are short, so character- and syllable-level comparison is what works.
 */
import * as opencc from 'opencc-js';
import { pinyin } from 'pinyin-pro';
import { normalizePersonName } from '../../../../common/person-name.ts';
import { cleanCell } from '../../../../common/text.ts';

/** How two names agree, strongest first. */
export type NameAgreement = 'same' | 'script' | 'homophone' | 'near_homophone' | 'one_char' | 'different';

/** Score of each agreement level in [0, 1] (part of the confidence). */
export const NAME_SCORE: Record<NameAgreement, number> = {
  same: 1,
  script: 0.98,
  homophone: 0.9,
  near_homophone: 0.8,
  one_char: 0.7,
  different: 0,
};

/** Agreement levels strong enough for exact / auto-accepted corrected_id ("names agree after normalisation"). */
export function isStrongAgreement(a: NameAgreement): boolean {
  return a === 'same' || a === 'script';
}

const NAME_DOT = 0xb7;

/**
 * A name reduced for matching: `display` is the registry normalisation, `key` the same
 * without interpuncts; `valid` is false when normalizePersonName rejected the cell.
 */
export interface NameKey {
  key: string;
  display: string;
  valid: boolean;
}

function isBasicHan(c: number): boolean {
  return c >= 0x4e00 && c <= 0x9fff;
}

/**
 * Matching key of a name cell: the registry normalisation (normalizePersonName: cleaning,
 * spaces removed, interpuncts unified) with the interpunct then dropped, so that
 * `阿依古丽·买买提` and `阿依古丽买买提` agree. A name the registry would reject (digits,
 * letters, symbols) keeps only its Han characters and is marked invalid.
 */
export function nameKey(raw: string): NameKey {
  const n = raw.length;
  if (n > 0 && n <= 30) {
    let plain = true;
    for (let i = 0; i < n; i++) {
      if (!isBasicHan(raw.charCodeAt(i))) {
        plain = false;
        break;
      }
    }
    if (plain) return { key: raw, display: raw, valid: true };
  }
  const r = normalizePersonName(raw);
  if (r.ok) return { key: stripDots(r.name), display: r.name, valid: true };
  let lenient = '';
  for (const ch of cleanCell(raw)) {
    const cp = ch.codePointAt(0) as number;
    if ((cp >= 0x3400 && cp <= 0x9fff) || (cp >= 0x20000 && cp <= 0x323af) || (cp >= 0xf900 && cp <= 0xfaff)) lenient += ch;
  }
  return { key: lenient, display: lenient, valid: false };
}

function stripDots(s: string): string {
  return s.indexOf('·') === -1 ? s : s.replace(/·/g, '');
}

// --- traditional → simplified -----------------------------------------------------------

/**
 * opencc-js's bundled .d.ts uses extension-less relative imports that NodeNext resolution
 * cannot follow (skipLibCheck hides it), so its types arrive as `any`: pin the signature used.
 */
export type ConverterFactory = (options: { from: string; to: string }) => (text: string) => string;
export const makeConverter = (opencc as unknown as { Converter: ConverterFactory }).Converter;

let converters: { t2cn: (s: string) => string; hk2cn: (s: string) => string } | null = null;
const simplifiedCache = new Map<string, string>();
const CACHE_LIMIT = 200_000;

/** Simplified form of a name (OpenCC t→cn, then hk→cn for Hong Kong variants such as 衞). Cached per name. */
export function simplifyName(s: string): string {
  let out = simplifiedCache.get(s);
  if (out !== undefined) return out;
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 0x3400) {
      ascii = false;
      break;
    }
  }
  if (ascii) return s;
  converters ??= { t2cn: makeConverter({ from: 't', to: 'cn' }), hk2cn: makeConverter({ from: 'hk', to: 'cn' }) };
  out = converters.hk2cn(converters.t2cn(s));
  if (simplifiedCache.size >= CACHE_LIMIT) simplifiedCache.clear();
  simplifiedCache.set(s, out);
  return out;
}

// --- pinyin -----------------------------------------------------------------------------

/** Toneless readings of one character (every reading of a polyphonic one), plus accent-folded forms. */
interface Readings {
  exact: readonly string[];
  near: readonly string[];
}

const readingsCache = new Map<string, Readings>();

/**
 * Accent folding for near-homophones (平翘舌 zh/z ch/c sh/s, 前后鼻音 -ng/-n, n/l): the
 * confusions that dominate mis-heard names in south-western counties.
 */
function foldSyllable(s: string): string {
  let out = s;
  if (out.startsWith('zh') || out.startsWith('ch') || out.startsWith('sh')) out = out[0] + out.slice(2);
  else if (out.startsWith('n')) out = 'l' + out.slice(1);
  if (out.endsWith('ng') && out.length > 2 && out !== 'ng') out = out.slice(0, -1);
  return out;
}

function charReadings(ch: string): Readings {
  let r = readingsCache.get(ch);
  if (r) return r;
  const cp = ch.codePointAt(0) as number;
  let exact: string[];
  if (cp < 0x3400) exact = [ch];
  else {
    const list = pinyin(ch, { toneType: 'none', multiple: true, type: 'array', v: true });
    exact = list.length > 0 && /^[a-z]+$/.test(list[0]) ? Array.from(new Set(list)) : [ch];
  }
  const near = Array.from(new Set(exact.map(foldSyllable)));
  r = { exact, near };
  readingsCache.set(ch, r);
  return r;
}

function intersects(a: readonly string[], b: readonly string[]): boolean {
  for (const x of a) if (b.includes(x)) return true;
  return false;
}

// --- comparison --------------------------------------------------------------------------

/**
 * Compares two matching keys (see nameKey). Order of tests: identical → same simplified
 * form → every character a homophone (some reading in common) → every character an
 * accent-folded homophone → one character substituted, inserted or deleted in a name of at
 * least three characters whose first character (the surname) agrees.
 */
export function compareNameKeys(a: string, b: string): NameAgreement {
  if (a === b) return a === '' ? 'different' : 'same';
  if (a === '' || b === '') return 'different';
  const sa = simplifyName(a);
  const sb = simplifyName(b);
  if (sa === sb) return 'script';
  const ca = Array.from(sa);
  const cb = Array.from(sb);
  if (ca.length === cb.length) {
    let homophone = true;
    let near = true;
    for (let i = 0; i < ca.length && near; i++) {
      if (ca[i] === cb[i]) continue;
      const ra = charReadings(ca[i]);
      const rb = charReadings(cb[i]);
      if (homophone && !intersects(ra.exact, rb.exact)) homophone = false;
      if (!homophone && !intersects(ra.near, rb.near)) near = false;
    }
    if (homophone) return 'homophone';
    if (near) return 'near_homophone';
  }
  if (oneEditApart(ca, cb)) return 'one_char';
  return 'different';
}

function sameSurname(x: string, y: string): boolean {
  return x === y || intersects(charReadings(x).exact, charReadings(y).exact);
}

/** Edit distance exactly 1 between names of ≥ 3 characters (the shorter one when lengths differ), same surname. */
function oneEditApart(a: string[], b: string[]): boolean {
  const la = a.length;
  const lb = b.length;
  if (Math.min(la, lb) < 3 || Math.abs(la - lb) > 1) return false;
  if (!sameSurname(a[0], b[0])) return false;
  if (la === lb) {
    let diff = 0;
    for (let i = 0; i < la; i++) if (a[i] !== b[i] && ++diff > 1) return false;
    return diff === 1;
  }
  const [s, l] = la < lb ? [a, b] : [b, a];
  let i = 0;
  let j = 0;
  let skipped = false;
  while (i < s.length && j < l.length) {
    if (s[i] === l[j]) {
      i++;
      j++;
    } else if (skipped) return false;
    else {
      skipped = true;
      j++;
    }
  }
  return true;
}

/** Short Chinese phrase for an agreement level, used in explanations. */
export function describeAgreement(a: NameAgreement, recordName: string, registryName: string): string {
  switch (a) {
    case 'same':
      return '姓名一致';
    case 'script':
      return `姓名繁简写法不同（记录“${recordName}”，登记“${registryName}”）`;
    case 'homophone':
      return `姓名读音相同、用字不同（记录“${recordName}”，登记“${registryName}”）`;
    case 'near_homophone':
      return `姓名读音相近（记录“${recordName}”，登记“${registryName}”）`;
    case 'one_char':
      return `姓名有一字不同（记录“${recordName}”，登记“${registryName}”）`;
    case 'different':
      return `姓名不一致（记录“${recordName}”，登记“${registryName}”）`;
  }
}

// --- hashing (registry name counts) ----------------------------------------------------

/** Two independent 32-bit hashes of a name key (interpuncts skipped), written to out[0], out[1]. */
export function hashNameKey(s: string, out: Uint32Array): void {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === NAME_DOT) continue;
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  out[0] = h1 >>> 0;
  out[1] = h2 >>> 0;
}

/** Same hashes over code units pool[start, end) (the registry's name pool). */
export function hashNameUnits(pool: Uint16Array, start: number, end: number, out: Uint32Array): void {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let i = start; i < end; i++) {
    const c = pool[i];
    if (c === NAME_DOT) continue;
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  out[0] = h1 >>> 0;
  out[1] = h2 >>> 0;
}

/** The two hashes as one exact float64 key (53 bits: all of h1, 21 bits of h2). */
export function hash53(h1: number, h2: number): number {
  return h1 * 2097152 + (h2 >>> 11);
}
