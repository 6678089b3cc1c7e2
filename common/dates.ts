/** Calendar helpers in China Standard Time (Asia/Shanghai, UTC+8, no DST). */

const CST_OFFSET_MS = 8 * 3600 * 1000;

/** 'YYYY-MM-DD' of the instant in China Standard Time. */
export function cstDate(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** Calendar year of the instant in China Standard Time. */
export function cstYear(at: Date): number {
  return new Date(at.getTime() + CST_OFFSET_MS).getUTCFullYear();
}

/** 'YYYY-MM-DD HH:mm:ss' in China Standard Time, for display and reports. */
export function cstDateTime(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** Midnight CST of a 'YYYY-MM-DD' date as an instant. */
export function cstMidnight(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00+08:00`));
}
