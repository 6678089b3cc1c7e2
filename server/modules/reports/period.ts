/** Reporting periods: a calendar year or one of its halves (1 = Jan–Jun, 2 = Jul–Dec), in CST. */
import { AppError } from '../../../common/errors.ts';
import { cstMidnight } from '../../../common/dates.ts';
import { MAX_REPORT_YEAR, MIN_REPORT_YEAR } from '../../../common/schemas/reports.ts';
import { thisYear } from '../../clock.ts';

export interface ReportPeriod {
  year: number;
  half: 1 | 2 | null;
  /** First day, 'YYYY-MM-DD' (inclusive). */
  from: string;
  /** Day after the last day, 'YYYY-MM-DD' (exclusive). */
  to: string;
  /** The same bounds as instants (midnight CST), for timestamp columns. */
  fromAt: Date;
  toAt: Date;
  label: string;
}

/** Validates year/half (defaults: this year in Asia/Shanghai, whole year). */
export function reportPeriod(year: number | undefined, half: number | undefined): ReportPeriod {
  const y = year ?? thisYear();
  if (!Number.isInteger(y) || y < MIN_REPORT_YEAR || y > MAX_REPORT_YEAR) {
    throw new AppError('validation.failed', `年度 ${String(year)} 无效，应为 ${MIN_REPORT_YEAR}–${MAX_REPORT_YEAR} 之间的整数`);
  }
  if (half !== undefined && half !== 1 && half !== 2) {
    throw new AppError('validation.failed', '半年度应为 1（上半年）或 2（下半年）');
  }
  const h = half ?? null;
  const from = h === 2 ? `${y}-07-01` : `${y}-01-01`;
  const to = h === 1 ? `${y}-07-01` : `${y + 1}-01-01`;
  const label = h === null ? `${y}年` : `${y}年${h === 1 ? '上半年' : '下半年'}`;
  return { year: y, half: h, from, to, fromAt: cstMidnight(from), toAt: cstMidnight(to), label };
}
