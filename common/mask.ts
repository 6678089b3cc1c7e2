/**
 * Display masks for personal data (isomorphic). quality.md §4: ID numbers and phones are
 * masked by default in API, UI, exports and logs (`530627********1234`, `138****1234`).
 */

/**
 * Masks an ID number: 18 characters → first 6 + 8 stars + last 4
 * (`530627********1234`); 15-digit legacy numbers → first 6 + 5 stars + last 4. Any other
 * length (malformed input that still must not leak) keeps at most a quarter at the front
 * and a quarter at the end, so that at least half the characters are hidden.
 */
export function maskIdNumber(id: string): string {
  const s = (id ?? '').trim();
  const n = s.length;
  if (n === 0) return '';
  let head: number;
  let tail: number;
  if (n >= 15) {
    head = 6;
    tail = 4;
  } else {
    head = Math.floor(n / 4);
    tail = Math.floor(n / 4);
  }
  return s.slice(0, head) + '*'.repeat(n - head - tail) + s.slice(n - tail);
}

/**
 * Masks a phone number. A mainland mobile keeps the first 3 and last 4 digits
 * (`138****1234`, also with a +86 prefix); a landline keeps its area code and the last 4
 * digits of the number (`0871-****5678`; an extension is masked too). Anything else hides
 * all but the last 4 characters (at least half of the string stays hidden).
 */
export function maskPhone(p: string): string {
  const s = (p ?? '').trim();
  if (s === '') return '';

  const mobile = /^(\+?86[- ]?)?(1\d{2})[- ]?(\d{4})[- ]?(\d{4})$/.exec(s);
  if (mobile) return `${mobile[1] ?? ''}${mobile[2]}****${mobile[4]}`;

  const landline = /^(0\d{2,3})-(\d{3,8})(?:-(\d{1,6}))?$/.exec(s);
  if (landline) {
    const num = landline[2];
    const keep = num.length >= 7 ? 4 : Math.floor(num.length / 2);
    const ext = landline[3] ? '-' + '*'.repeat(landline[3].length) : '';
    return `${landline[1]}-${'*'.repeat(num.length - keep)}${num.slice(num.length - keep)}${ext}`;
  }

  const keep = Math.min(4, Math.floor(s.length / 2));
  return '*'.repeat(s.length - keep) + s.slice(s.length - keep);
}
