/**
 * Money and ratio arithmetic of the evaluator: integer fen throughout, rates as integer basis
 * points, rounding half-up to the fen (contracts.md §3: "amount is yuan, rounded half-up to
 * the fen (computed in integer fen)").
 */

/** Largest yuan figure the input may carry: keeps fen × basis points below 2^53. */
export const MAX_YUAN = 100_000_000;

/**
 * Yuan (as written in the input) → integer fen, half-up. The decimal the user wrote is taken
 * exactly (`1.005` is 100.5 fen → 101), not its binary approximation (`1.005 * 100` is
 * 100.49999…): figures with more than 2 decimals are rounded on reading, and all later
 * arithmetic is exact.
 */
export function yuanToFen(yuan: number): number {
  const f = yuan * 100;
  const n = Math.round(f);
  // Fast path: the figure has at most 2 decimals (f is an integer up to binary noise).
  if (Math.abs(f - n) < 1e-7) return n;
  const s = String(yuan);
  if (s.includes('e')) return n; // below 1e-6 yuan: far from any half-fen
  const dot = s.indexOf('.');
  const frac = s.slice(dot + 1);
  const fen = Number(s.slice(0, dot)) * 100 + Number(frac.slice(0, 2).padEnd(2, '0'));
  return frac.charCodeAt(2) - 48 >= 5 ? fen + 1 : fen;
}

/** Integer fen → yuan number with at most 2 decimals (the JSON figure). */
export function fenToYuan(fen: number): number {
  return fen / 100;
}

/** A decimal rate in [0, 10] with at most 4 decimals → integer basis points (0.7 → 7000). */
export function rateToBasisPoints(rate: number): number {
  return Math.round(rate * 10_000);
}

/** fen × basis points ÷ 10,000, rounded half-up to the fen (both arguments non-negative). */
export function applyBasisPoints(fen: number, basisPoints: number): number {
  return Math.floor((fen * basisPoints + 5_000) / 10_000);
}

/** Exact test `numerator ÷ denominator ≥ basisPoints ÷ 10,000` (denominator > 0). */
export function ratioAtLeast(numerator: number, denominator: number, basisPoints: number): boolean {
  return numerator * 10_000 >= basisPoints * denominator;
}

/** Percentage for Chinese explanations: 2 decimals, trailing zeros kept off ("28.57%", "30%"). */
export function percent(numerator: number, denominator: number): string {
  return `${Number(((numerator / denominator) * 100).toFixed(2))}%`;
}

/** Yuan for Chinese explanations ("1,200.5元" → "1200.50元"). */
export function yuanText(fen: number): string {
  return `${(fen / 100).toFixed(2)}元`;
}
