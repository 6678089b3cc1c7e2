/**
 * 出生日期 cells of training / school records as people write them, to a day number
 * (days since 1900-01-01) for the birth-date blocking of the fuzzy tier.
 */
import { cleanCell } from '../../../../common/text.ts';
import { dayNumber, isRealDate } from './id-key.ts';

const SEPARATED = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const EXCEL_SERIAL = /^\d{4,5}(?:\.\d+)?$/;

/**
 * Day number of a birth-date cell, or -1 when it is empty or not a real date between 1900
 * and 2099. Accepts `YYYY-MM-DD`, `YYYY/M/D`, `YYYY.M.D`, `YYYY年M月D日` (optionally
 * followed by a time), `YYYYMMDD`, and an Excel date serial (a date cell read as a number).
 */
export function parseBirthDay(raw: string | null | undefined): number {
  if (raw === null || raw === undefined) return -1;
  const s = cleanCell(raw);
  if (s === '') return -1;
  const m = SEPARATED.exec(s) ?? COMPACT.exec(s);
  if (m) return toDay(Number(m[1]), Number(m[2]), Number(m[3]));
  if (EXCEL_SERIAL.test(s)) {
    // Excel serial: day 1 = 1900-01-01 with the fictitious 1900-02-29 (so epoch 1899-12-30 from day 61 on).
    const serial = Math.floor(Number(s));
    if (serial > 60 && serial < 73051) return serial - 2;
    return -1;
  }
  return -1;
}

function toDay(y: number, m: number, d: number): number {
  if (y < 1900 || y > 2099 || !isRealDate(y, m, d)) return -1;
  return dayNumber(y, m, d);
}
