/**
 * Calendar dates of the evaluator. Input dates are CST calendar dates 'YYYY-MM-DD' (validated
 * by the batch schema); inside the evaluator they are integers yyyymmdd (20210405), which
 * compare like the dates and give the calendar year by division — no Date objects, no time
 * zones, no allocation.
 */

/** 'YYYY-MM-DD' → yyyymmdd. The string must already be a valid date. */
export function dateKey(date: string): number {
  return (
    (date.charCodeAt(0) - 48) * 10_000_000 +
    (date.charCodeAt(1) - 48) * 1_000_000 +
    (date.charCodeAt(2) - 48) * 100_000 +
    (date.charCodeAt(3) - 48) * 10_000 +
    (date.charCodeAt(5) - 48) * 1_000 +
    (date.charCodeAt(6) - 48) * 100 +
    (date.charCodeAt(8) - 48) * 10 +
    (date.charCodeAt(9) - 48)
  );
}

/** Calendar year of a yyyymmdd key. */
export function yearOfKey(key: number): number {
  return Math.floor(key / 10_000);
}

/** yyyymmdd → 'YYYY-MM-DD' (for explanations). */
export function keyToDate(key: number): string {
  const s = String(key);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}
