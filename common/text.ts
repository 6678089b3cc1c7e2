/**
 * Cell text cleaning shared by every importer (isomorphic: no Node or DOM APIs).
 *
 * Contract §1: "Full-width letters and digits, zero-width characters, non-breaking spaces
 * and surrounding white space are cleaned in every cell before checking."
 */

/** True for a UTF-16 code unit that cleanCell rewrites or removes (never true below U+00A0). */
function needsCleaning(c: number): boolean {
  return (
    c === 0x00a0 || // NBSP → space
    (c >= 0x200b && c <= 0x200d) || // zero-width space / non-joiner / joiner
    c === 0x2060 || // word joiner
    c === 0xfeff || // zero-width no-break space (BOM)
    c === 0x3000 || // ideographic space → space
    (c >= 0xff01 && c <= 0xff5e) // full-width ASCII → half-width
  );
}

/**
 * Cleans one spreadsheet cell: converts to string, folds full-width ASCII
 * (U+FF01–U+FF5E) to half-width and U+3000 / U+00A0 to a space, removes zero-width
 * characters (U+200B–U+200D, U+2060, U+FEFF) and trims.
 *
 * Hot path (millions of cells): a plain scan decides first; strings without special
 * characters only pay for `trim()`.
 */
export function cleanCell(raw: unknown): string {
  let s: string;
  if (typeof raw === 'string') s = raw;
  else if (raw === null || raw === undefined) return '';
  else if (typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'bigint') s = String(raw);
  else if (raw instanceof Date) s = raw.toISOString();
  else s = JSON.stringify(raw) ?? '';

  const n = s.length;
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xa0 && needsCleaning(c)) break;
  }
  if (i === n) return s.trim();

  // Slow path: copy unchanged runs, rewrite special characters.
  let out = '';
  let runStart = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xa0 || !needsCleaning(c)) continue;
    if (i > runStart) out += s.slice(runStart, i);
    runStart = i + 1;
    if (c === 0x00a0 || c === 0x3000) out += ' ';
    else if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    // zero-width characters: dropped
  }
  if (runStart < n) out += s.slice(runStart);
  return out.trim();
}

/** True when the string is empty after cleanCell, computed without allocating. */
export function isBlankCell(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) continue;
    if (c === 0x00a0 || c === 0x3000 || c === 0x2060 || c === 0xfeff) continue;
    if (c >= 0x200b && c <= 0x200d) continue;
    if (c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f) continue;
    return false;
  }
  return true;
}
