import { describe, expect, it } from 'vitest';
import { QR_WINDOW_MS, qrCodeAt, verifyQrCode } from './qr-code.ts';
import { addMonths, employmentRate } from './employment-rate.ts';

describe('rotating QR sign-in code', () => {
  const secret = 'test-secret';
  const t0 = 1_700_000_010_000; // 10 s into a window

  it('accepts the current code and rejects a code from two windows ago', () => {
    expect(verifyQrCode(secret, qrCodeAt(secret, t0), t0)).toBe(true);
    expect(verifyQrCode(secret, qrCodeAt(secret, t0 - 2 * QR_WINDOW_MS), t0)).toBe(false);
  });

  it('changes every 30 seconds', () => {
    expect(qrCodeAt(secret, t0)).toBe(qrCodeAt(secret, t0 + 15_000));
    expect(qrCodeAt(secret, t0)).not.toBe(qrCodeAt(secret, t0 + QR_WINDOW_MS));
  });

  it('accepts the previous code only during the first 5 seconds of a window', () => {
    const start = Math.floor(t0 / QR_WINDOW_MS) * QR_WINDOW_MS + QR_WINDOW_MS;
    const prev = qrCodeAt(secret, start - 1000);
    expect(verifyQrCode(secret, prev, start + 2000)).toBe(true);
    expect(verifyQrCode(secret, prev, start + 6000)).toBe(false);
  });

  it('is case-insensitive for the scanned code and differs per secret', () => {
    expect(verifyQrCode(secret, qrCodeAt(secret, t0).toLowerCase(), t0)).toBe(true);
    expect(qrCodeAt('other', t0)).not.toBe(qrCodeAt(secret, t0));
  });
});

describe('employment rate', () => {
  const q = (starts: string[], extra: Partial<{ registeredBeforeStart: boolean; completed: boolean; passed: boolean }> = {}) => ({
    registeredBeforeStart: true,
    completed: true,
    passed: true,
    employmentStarts: starts,
    ...extra,
  });

  it('counts employment that starts inside the 6-month window after the class', () => {
    const r = employmentRate([q(['2021-05-01']), q(['2021-10-20']), q(['2021-10-21']), q([])], '2021-04-01', '2021-04-20');
    expect(r.windowEnd).toBe('2021-10-20');
    expect(r).toMatchObject({ qualified: 4, employed: 2, rate: 0.5 });
  });

  it('excludes trainees who were not registered before the start, did not complete or did not pass', () => {
    const r = employmentRate([q(['2021-05-01'], { registeredBeforeStart: false }), q(['2021-05-01'], { passed: false }), q(['2021-05-01'], { completed: false }), q(['2021-05-01'])], '2021-04-01', '2021-04-20');
    expect(r).toMatchObject({ qualified: 1, employed: 1, rate: 1 });
  });

  it('has no rate when nobody qualified', () => {
    expect(employmentRate([], '2021-04-01', '2021-04-20').rate).toBeNull();
  });

  it('adds months with end-of-month clamping', () => {
    expect(addMonths('2021-08-31', 6)).toBe('2022-02-28');
    expect(addMonths('2020-08-31', 6)).toBe('2021-02-28');
    expect(addMonths('2023-08-31', 6)).toBe('2024-02-29');
  });
});
