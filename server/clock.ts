/**
 * The one time authority: every "now", "today" and "this year" comes from here so that
 * tests can move time (session expiry, lockouts, yearly caps) without sleeping.
 */
import { cstDate, cstYear } from '../common/dates.ts';

let offsetMs = 0;
let frozen: number | null = null;

/** Current instant. */
export function now(): Date {
  return new Date(frozen ?? Date.now() + offsetMs);
}

/** Today's date 'YYYY-MM-DD' in Asia/Shanghai. */
export function today(): string {
  return cstDate(now());
}

/** This calendar year in Asia/Shanghai. */
export function thisYear(): number {
  return cstYear(now());
}

/** Test support: move the clock forward (or back) by ms. */
export function advanceClock(ms: number): void {
  if (frozen !== null) frozen += ms;
  else offsetMs += ms;
}

/** Test support: freeze the clock at an instant (null unfreezes and resets). */
export function setClock(at: Date | null): void {
  if (at === null) {
    frozen = null;
    offsetMs = 0;
  } else {
    frozen = at.getTime();
  }
}
