import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeQr, qrSvgPath, type QrMatrix } from './qr.ts';

/** Reads the 15 format bits around the top-left finder (ISO 18004 §7.9), unmasked. */
function formatBits(q: QrMatrix): number {
  const m = q.modules;
  const at = (x: number, y: number) => (m[y][x] ? 1 : 0);
  const bits = [at(8, 0), at(8, 1), at(8, 2), at(8, 3), at(8, 4), at(8, 5), at(8, 7), at(8, 8), at(7, 8), at(5, 8), at(4, 8), at(3, 8), at(2, 8), at(1, 8), at(0, 8)];
  return bits.reduce((acc, b, i) => acc | (b << i), 0) ^ 0x5412;
}

/** The same bits from the second copy (bottom-left column and top-right row). */
function formatBitsCopy(q: QrMatrix): number {
  const m = q.modules;
  const s = q.size;
  let v = 0;
  for (let i = 0; i < 8; i++) v |= (m[8][s - 1 - i] ? 1 : 0) << i;
  for (let i = 8; i < 15; i++) v |= (m[s - 15 + i][8] ? 1 : 0) << i;
  return v ^ 0x5412;
}

function finderAt(q: QrMatrix, x0: number, y0: number): boolean {
  for (let dy = 0; dy < 7; dy++) {
    for (let dx = 0; dx < 7; dx++) {
      const ring = Math.max(Math.abs(dx - 3), Math.abs(dy - 3));
      if (q.modules[y0 + dy][x0 + dx] !== (ring !== 2)) return false;
    }
  }
  return true;
}

describe('QR encoder', () => {
  it('picks the smallest version that holds the bytes at level M', () => {
    expect(encodeQr('x'.repeat(14)).version).toBe(1);
    expect(encodeQr('x'.repeat(15)).version).toBe(2);
    expect(encodeQr('x'.repeat(213)).version).toBe(10);
    expect(() => encodeQr('x'.repeat(214))).toThrow(/exceed/);
  });

  it('draws the three finder patterns and the timing patterns', () => {
    const q = encodeQr('http://127.0.0.1:3000/sign-in?session=1&code=ABCDEFGH');
    expect(q.size).toBe(q.version * 4 + 17);
    expect(finderAt(q, 0, 0)).toBe(true);
    expect(finderAt(q, q.size - 7, 0)).toBe(true);
    expect(finderAt(q, 0, q.size - 7)).toBe(true);
    for (let i = 8; i < q.size - 8; i++) {
      expect(q.modules[6][i]).toBe(i % 2 === 0);
      expect(q.modules[i][6]).toBe(i % 2 === 0);
    }
    expect(q.modules[q.size - 8][8]).toBe(true); // the dark module
  });

  it('writes level M and the chosen mask into both copies of the format information', () => {
    for (let mask = 0; mask < 8; mask++) {
      const q = encodeQr('签到 ABC', mask);
      expect(q.mask).toBe(mask);
      // data bits: level M = 00, then the 3 mask bits; 10 BCH bits below them
      expect(formatBits(q) >>> 10).toBe(mask);
      expect(formatBitsCopy(q)).toBe(formatBits(q));
    }
  });

  it('produces the symbol that a reference decoder (zbarimg) read back', () => {
    // Verified when written: rendered at 6 px/module, zbarimg decoded it to the same URL.
    const q = encodeQr('http://127.0.0.1:3000/sign-in?session=42&code=ABCDEFGH');
    const text = q.modules.map((r) => r.map((c) => (c ? '#' : '.')).join('')).join('\n');
    expect([q.version, q.mask]).toEqual([4, 4]);
    expect(createHash('sha256').update(text).digest('hex')).toBe('4317a5204998f4e091d2fea98dc1d797914dc7c1619d6d4b0c2f9ca16d84b797');
  });

  it('draws one unit square per dark module, offset by the quiet zone', () => {
    const q = encodeQr('A');
    const dark = q.modules.flat().filter(Boolean).length;
    const path = qrSvgPath(q, 4);
    expect(path.match(/M/g)?.length).toBe(dark);
    expect(path.startsWith('M4,4h1v1h-1z')).toBe(true);
  });
});
