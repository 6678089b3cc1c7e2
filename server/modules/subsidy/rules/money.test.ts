import { describe, expect, it } from 'vitest';
import { applyBasisPoints, fenToYuan, percent, ratioAtLeast, yuanToFen } from './money.ts';
import { dateKey, yearOfKey } from './calendar.ts';

describe('money in integer fen', () => {
  it('reads yuan figures exactly as written', () => {
    expect(yuanToFen(1200)).toBe(120000);
    expect(yuanToFen(19.99)).toBe(1999);
    expect(yuanToFen(0.07)).toBe(7);
    expect(yuanToFen(1234.56)).toBe(123456);
  });

  it('rounds figures with more than 2 decimals half-up on the written decimal', () => {
    expect(yuanToFen(1.005)).toBe(101); // 1.005 * 100 is 100.49999… in binary
    expect(yuanToFen(1.004)).toBe(100);
    expect(yuanToFen(2.675)).toBe(268);
    expect(yuanToFen(0.125)).toBe(13);
  });

  it('applies a rate in basis points with half-up rounding', () => {
    expect(applyBasisPoints(50015, 7000)).toBe(35011); // 35010.5
    expect(applyBasisPoints(10005, 7000)).toBe(7004); // 7003.5
    expect(applyBasisPoints(1, 7000)).toBe(1); // 0.7
    expect(applyBasisPoints(1, 4000)).toBe(0); // 0.4
    expect(applyBasisPoints(50000, 7000)).toBe(35000);
  });

  it('converts fen to yuan numbers that print with at most 2 decimals', () => {
    expect(JSON.stringify(fenToYuan(35011))).toBe('350.11');
    expect(JSON.stringify(fenToYuan(120000))).toBe('1200');
    expect(JSON.stringify(fenToYuan(7))).toBe('0.07');
  });

  it('compares ratios exactly', () => {
    expect(ratioAtLeast(3, 10, 3000)).toBe(true);
    expect(ratioAtLeast(29, 97, 3000)).toBe(false);
    expect(ratioAtLeast(2, 10, 2000)).toBe(true);
    expect(ratioAtLeast(199, 1000, 2000)).toBe(false);
    expect(percent(2, 7)).toBe('28.57%');
    expect(percent(3, 10)).toBe('30%');
  });
});

describe('calendar date keys', () => {
  it('orders dates and yields their calendar year', () => {
    expect(dateKey('2021-12-31')).toBe(20211231);
    expect(dateKey('2021-12-31') < dateKey('2022-01-01')).toBe(true);
    expect(yearOfKey(dateKey('2021-12-31'))).toBe(2021);
    expect(yearOfKey(dateKey('2022-01-01'))).toBe(2022);
  });
});
