/**
 * Contact phone numbers (联系电话) (isomorphic).
 *
 * Contract §1: a mainland mobile (11 digits starting 13–19) or a landline with area code;
 * full-width digits, spaces and dashes are normalised.
 *
 * Stored forms:
 * - mobile: 11 digits, `13812345678` (a `+86` / `0086` / `86` prefix is dropped);
 * - landline: `0871-12345678`, with an extension `0871-12345678-123`.
 *
 * Landline area codes: `010` and `020`–`029` have three digits, every other area code has
 * four (`0871`). That rule splits digit strings without separators (`087112345678`);
 * when the cell has a separator after the area code, the written split is kept (and must
 * still be 3–4 digits). The local number has 7–8 digits and does not start with 0.
 * Extensions (1–6 digits) follow `-`, `转`, `ext`, `x` or `#`.
 *
 * An empty cell is reported as phone.format too: callers treat the column as optional and
 * only call this for non-empty cells.
 */
import { cleanCell } from './text.ts';

export type PhoneResult =
  | { ok: true; phone: string }
  | { ok: false; code: 'phone.format'; message: string };

const SEPARATORS = /[\s\-()（）—–‐.]/g;

function bad(message: string): PhoneResult {
  return { ok: false, code: 'phone.format', message };
}

/** Normalises a phone cell to a mobile or `AREA-NUMBER[-EXT]` landline; see module comment. */
export function normalizePhone(raw: string): PhoneResult {
  let s = cleanCell(raw);
  if (s === '') return bad('联系电话为空');
  if (/[/,，;；、]/.test(s)) return bad('联系电话只能填写一个号码');

  // Extension written with a word or symbol: 0871-12345678转123, ext.123, x123, #123.
  let ext = '';
  const extMatch = /(?:转|分机|ext\.?|x|#)\s*(\d{1,6})$/i.exec(s);
  if (extMatch) {
    ext = extMatch[1];
    s = s.slice(0, extMatch.index);
  }

  // International prefix.
  let intl = false;
  const intlMatch = /^(?:\+|00)\s*86[\s-]*/.exec(s);
  if (intlMatch) {
    intl = true;
    s = s.slice(intlMatch[0].length);
  }

  const digits = s.replace(SEPARATORS, '');
  if (!/^\d+$/.test(digits)) return bad(`联系电话“${cleanCell(raw)}”含有非数字字符`);

  // Mobile (also "86" + 11 digits written without the plus sign).
  if (!ext) {
    if (digits.length === 11 && /^1[3-9]/.test(digits)) return { ok: true, phone: digits };
    if (digits.length === 13 && digits.startsWith('861') && /^1[3-9]/.test(digits.slice(2))) {
      return { ok: true, phone: digits.slice(2) };
    }
  }

  // Landline: split the written groups (only separators that are dashes/spaces/parens matter).
  const groups = s.split(/[\s\-()（）—–‐.]+/).filter((g) => g !== '');
  let area: string;
  let local: string;
  if (groups.length >= 2 && /^0?\d{2,3}$/.test(groups[0]) && (intl || groups[0].startsWith('0'))) {
    area = groups[0].startsWith('0') ? groups[0] : '0' + groups[0];
    local = groups[1];
    if (groups.length === 3 && !ext && /^[1-9]\d{6,7}$/.test(groups[1]) && /^\d{1,6}$/.test(groups[2])) {
      ext = groups[2]; // 0871-12345678-123
    } else if (groups.length > 2) {
      local = groups.slice(1).join(''); // 0871 1234 5678
    }
  } else {
    const d = intl && !digits.startsWith('0') ? '0' + digits : digits;
    if (!d.startsWith('0')) {
      if (/^1\d{10}$/.test(d)) return bad(`手机号“${d}”的号段无效`);
      return bad('联系电话应为 11 位手机号，或带区号的固定电话（如 0871-12345678）');
    }
    const areaLen = d[1] === '1' || d[1] === '2' ? 3 : 4;
    area = d.slice(0, areaLen);
    local = d.slice(areaLen);
  }

  // 3-digit area codes are 010 and 020–029; all others have 4 digits.
  const shortArea = area[1] === '1' || area[1] === '2';
  if (!/^0[1-9]\d{1,2}$/.test(area) || (area.length === 3) !== shortArea) {
    return bad(`固定电话区号“${area}”无效`);
  }
  if (!/^[1-9]\d{6,7}$/.test(local)) {
    return bad('联系电话应为 11 位手机号，或带区号的固定电话（如 0871-12345678）');
  }
  return { ok: true, phone: ext ? `${area}-${local}-${ext}` : `${area}-${local}` };
}
