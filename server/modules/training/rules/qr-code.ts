/**
 * Rotating sign-in codes (seed 003 二(三) traceable attendance): the code shown in class
 * changes every 30 s; a scan is accepted for the current window, and for the previous one
 * only during a short grace period (a phone that scanned just before the change).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const QR_WINDOW_MS = 30_000;
export const QR_GRACE_MS = 5_000;

/** The 8-character code of a session secret for the window containing `atMs`. */
export function qrCodeAt(secret: string, atMs: number): string {
  const window = Math.floor(atMs / QR_WINDOW_MS);
  const mac = createHmac('sha256', secret).update(String(window)).digest();
  // Crockford-style alphabet without look-alikes.
  const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
  let out = '';
  for (let i = 0; i < 8; i++) out += alphabet[mac[i] % alphabet.length];
  return out;
}

/** Seconds until the current code changes. */
export function qrSecondsLeft(atMs: number): number {
  return Math.ceil((QR_WINDOW_MS - (atMs % QR_WINDOW_MS)) / 1000);
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a.toUpperCase());
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** True when `code` is valid at `atMs`. */
export function verifyQrCode(secret: string, code: string, atMs: number): boolean {
  if (same(code, qrCodeAt(secret, atMs))) return true;
  const intoWindow = atMs % QR_WINDOW_MS;
  return intoWindow < QR_GRACE_MS && same(code, qrCodeAt(secret, atMs - QR_WINDOW_MS));
}
