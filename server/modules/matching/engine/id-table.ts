/**
 * Open-addressing hash table from an ID key (hi = digits 1–9, lo = digits 10–17) to a row
 * number. Keys and row live interleaved in one Uint32Array (16 bytes per slot), so a probe
 * touches one cache line instead of a slot array plus two key arrays: lookups dominate the
 * corrected_id tier (dozens of candidate keys per damaged number). Linear probing, load ≤ 0.6; built once by IdTable.build.
 */
const STRIDE = 4;
const MAX_LOAD = 0.6;

function hashKey(hi: number, lo: number): number {
  let h = Math.imul(hi, 0x85ebca6b) ^ Math.imul(lo ^ (lo >>> 15), 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

export class IdTable {
  private t: Uint32Array;
  private mask: number;
  private used = 0;

  constructor(expected = 1024) {
    let slots = 16;
    while (slots * MAX_LOAD < expected) slots *= 2;
    this.t = new Uint32Array(slots * STRIDE);
    this.mask = slots - 1;
  }

  get size(): number {
    return this.used;
  }

  /** Row stored for the key, or -1. */
  get(hi: number, lo: number): number {
    const t = this.t;
    const mask = this.mask;
    let i = hashKey(hi, lo) & mask;
    for (;;) {
      const b = i * STRIDE;
      const row = t[b + 2];
      if (row === 0) return -1;
      if (t[b] === hi && t[b + 1] === lo) return row - 1;
      i = (i + 1) & mask;
    }
  }

  /**
   * Builds the table for rows 0..n-1 of (hi, lo) in one go, first row wins: later rows with
   * the same key get dead[row] = 1. Rows are inserted grouped by the table region their hash
   * falls in (a counting sort by the top hash bits; stable, so "first" is kept), which keeps
   * the writes inside a few hundred KB at a time instead of missing the cache on every
   * insert into a 256 MB table. Returns the number of duplicates.
   */
  static build(hi: Uint32Array, lo: Uint32Array, n: number, dead: Uint8Array): { table: IdTable; duplicates: number } {
    const table = new IdTable(n);
    const mask = table.mask;
    let k = 0;
    while (1 << k < mask + 1) k++;
    const partBits = Math.max(0, k - 14); // 2^14 slots × 16 B = 256 KB per region
    const shift = k - partBits;
    const parts = 1 << partBits;
    const hashes = new Uint32Array(n);
    const starts = new Uint32Array(parts + 1);
    for (let r = 0; r < n; r++) {
      const h = hashKey(hi[r], lo[r]);
      hashes[r] = h;
      starts[((h & mask) >>> shift) + 1]++;
    }
    for (let q = 1; q <= parts; q++) starts[q] += starts[q - 1];
    // Scatter (hash, hi, lo, row) into partition order: 2^partBits write streams whose
    // heads stay in cache; the insert pass below then reads sequentially.
    const tmp = new Uint32Array(n * 4);
    for (let r = 0; r < n; r++) {
      const h = hashes[r];
      const o = starts[(h & mask) >>> shift]++ * 4;
      tmp[o] = h;
      tmp[o + 1] = hi[r];
      tmp[o + 2] = lo[r];
      tmp[o + 3] = r;
    }
    const t = table.t;
    let duplicates = 0;
    for (let o = 0; o < n * 4; o += 4) {
      const kh = tmp[o + 1];
      const kl = tmp[o + 2];
      const r = tmp[o + 3];
      let i = tmp[o] & mask;
      for (;;) {
        const b = i * STRIDE;
        if (t[b + 2] === 0) {
          t[b] = kh;
          t[b + 1] = kl;
          t[b + 2] = r + 1;
          table.used++;
          break;
        }
        if (t[b] === kh && t[b + 1] === kl) {
          dead[r] = 1;
          duplicates++;
          break;
        }
        i = (i + 1) & mask;
      }
    }
    return { table, duplicates };
  }
}
