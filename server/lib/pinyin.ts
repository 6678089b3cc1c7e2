/**
 * Pinyin of person names for sorting and initial-letter search (PGlite has no Chinese
 * collation). Uses pinyin-pro per character with two caches: the first character is read
 * as a surname (单 → shan, 曾 → zeng), the rest as ordinary characters. Per-character caching
 * keeps bulk imports fast (names draw on a few thousand characters).
 */
import { pinyin } from 'pinyin-pro';

const surnameCache = new Map<string, string>();
const charCache = new Map<string, string>();

function charPinyin(ch: string, surname: boolean): string {
  const cache = surname ? surnameCache : charCache;
  let p = cache.get(ch);
  if (p === undefined) {
    p = /[\u3400-\u9fff\u{20000}-\u{2ffff}]/u.test(ch) ? pinyin(ch, { toneType: 'none', surname: surname ? 'head' : 'off' }).replace(/\s+/g, '').toLowerCase() : '';
    if (!/^[a-zü]*$/.test(p)) p = '';
    p = p.replace(/ü/g, 'v');
    cache.set(ch, p);
  }
  return p;
}

/** Full pinyin (no tones, no spaces) and initials of a name: 张三 → { full: 'zhangsan', initials: 'zs' }. */
export function namePinyin(name: string): { full: string; initials: string } {
  let full = '';
  let initials = '';
  let first = true;
  for (const ch of name) {
    if (ch === '·') continue;
    const p = charPinyin(ch, first);
    first = false;
    full += p;
    if (p) initials += p[0];
  }
  return { full, initials };
}
