/**
 * Employment rate of a class (policy-rules.md §3.1): employed qualified trainees ÷
 * qualified trainees, where qualified = registered before the start, completed and passed,
 * and employed = an employment record starting between the class start and the end of the
 * follow-up window (default 6 months after the class ends).
 */

export interface RateTrainee {
  registeredBeforeStart: boolean;
  completed: boolean;
  passed: boolean;
  /** Start dates ('YYYY-MM-DD') of the trainee's employment records. */
  employmentStarts: string[];
}

/** 'YYYY-MM-DD' plus n calendar months (clamped to the month's last day). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export function isQualified(t: RateTrainee): boolean {
  return t.registeredBeforeStart && t.completed && t.passed;
}

export function employmentRate(trainees: RateTrainee[], classStart: string, classEnd: string, windowMonths = 6): { qualified: number; employed: number; rate: number | null; windowEnd: string } {
  const windowEnd = addMonths(classEnd, windowMonths);
  let qualified = 0;
  let employed = 0;
  for (const t of trainees) {
    if (!isQualified(t)) continue;
    qualified++;
    if (t.employmentStarts.some((s) => s >= classStart && s <= windowEnd)) employed++;
  }
  return { qualified, employed, rate: qualified === 0 ? null : employed / qualified, windowEnd };
}
