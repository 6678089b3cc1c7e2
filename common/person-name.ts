/**
 * Person names (姓名) as written on Chinese identity cards (isomorphic).
 *
 * Contract §1: 1–30 characters after trimming; the interpuncts `·•・.` inside minority
 * names are normalised to `·`; digits or ASCII letters in a name reject the row.
 *
 * Decisions:
 * - White space inside a name is removed: Chinese names have no spaces, but two-character
 *   names are often padded for alignment (`张  三`) and spaces creep in around the dot of
 *   minority names (`阿依古丽 · 买买提`).
 * - Every dot-like character (U+002E, U+00B7, U+2022, U+30FB, U+FF0E, U+2027, U+FF65, and
 *   the look-alikes U+0387, U+2219, U+22C5, U+2E31, U+2024) becomes U+00B7 `·`; a run of
 *   dots collapses to one; a dot at either end rejects the name.
 * - Allowed characters: Han ideographs (basic, extensions A–I, compatibility), 〇, and `·`.
 *   Everything else (punctuation, symbols, emoji, other scripts) rejects the name.
 * - Length counts Unicode code points (𠮷 is one character).
 */
import { cleanCell } from './text.ts';

export type PersonNameResult =
  | { ok: true; name: string }
  | { ok: false; code: 'name.invalid'; message: string };

export const NAME_DOT = '·';
const MAX_NAME_LENGTH = 30;

function isInterpunct(cp: number): boolean {
  return (
    cp === 0x2e || cp === 0xb7 || cp === 0x2022 || cp === 0x30fb || cp === 0xff0e ||
    cp === 0x2027 || cp === 0xff65 || cp === 0x0387 || cp === 0x2219 || cp === 0x22c5 ||
    cp === 0x2e31 || cp === 0x2024
  );
}

/** Han ideograph code points accepted in names (CJK unified, extensions, compatibility). */
export function isHanCodePoint(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2fa1f) ||
    (cp >= 0x30000 && cp <= 0x323af) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    cp === 0x3007
  );
}

function isWhiteSpace(cp: number): boolean {
  return (
    cp === 0x20 || (cp >= 0x09 && cp <= 0x0d) || cp === 0xa0 || cp === 0x3000 ||
    (cp >= 0x2000 && cp <= 0x200a) || cp === 0x202f || cp === 0x205f || cp === 0x1680 ||
    cp === 0x2028 || cp === 0x2029
  );
}

function invalid(message: string): PersonNameResult {
  return { ok: false, code: 'name.invalid', message };
}

/** Normalises a name cell; see the module comment for the rules. */
export function normalizePersonName(raw: string): PersonNameResult {
  const s = cleanCell(raw);
  if (s === '') return invalid('姓名为空');

  let out = '';
  let count = 0; // code points in `out`
  let lastWasDot = false;
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (isHanCodePoint(cp)) {
      out += ch;
      count++;
      lastWasDot = false;
    } else if (isInterpunct(cp)) {
      if (count === 0) return invalid('姓名不能以间隔号“·”开头');
      if (!lastWasDot) {
        out += NAME_DOT;
        count++;
        lastWasDot = true;
      }
    } else if (isWhiteSpace(cp)) {
      continue;
    } else if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) {
      return invalid('姓名不能包含数字或英文字母');
    } else {
      return invalid(`姓名含有不允许的字符“${ch}”`);
    }
  }
  if (count === 0) return invalid('姓名为空');
  if (lastWasDot) return invalid('姓名不能以间隔号“·”结尾');
  if (count > MAX_NAME_LENGTH) return invalid(`姓名超过 ${MAX_NAME_LENGTH} 个字`);
  return { ok: true, name: out };
}
