/**
 * Gender cells (性别) (isomorphic). Contract §1: `男`/`女`, also `M/F` and `1/2`
 * (GB/T 2261.1: 1 = 男, 2 = 女).
 */
import { cleanCell } from './text.ts';

const GENDERS: ReadonlyMap<string, '男' | '女'> = new Map([
  ['男', '男'], ['女', '女'],
  ['男性', '男'], ['女性', '女'],
  ['m', '男'], ['f', '女'],
  ['male', '男'], ['female', '女'],
  ['1', '男'], ['2', '女'],
]);

/** `男` / `女` for an accepted spelling (男/女/男性/女性/M/F/m/f/male/female/1/2), else null. */
export function normalizeGender(raw: string): '男' | '女' | null {
  const s = cleanCell(raw);
  if (s === '男' || s === '女') return s;
  return GENDERS.get(s.toLowerCase()) ?? null;
}
