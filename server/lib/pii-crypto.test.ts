import { describe, expect, it } from 'vitest';
import { createPiiCipher } from './pii-crypto.ts';

const KEY = 'a1'.repeat(32);
const ID = '53062719900307123X';

describe('PII cipher', () => {
  it('round-trips ID numbers and never repeats an IV, across refills of the IV pool', () => {
    const c = createPiiCipher(KEY);
    const ivs = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const blob = c.encrypt(ID);
      expect(c.decrypt(blob)).toBe(ID);
      ivs.add(Buffer.from(blob, 'base64url').subarray(0, 12).toString('hex'));
    }
    expect(ivs.size).toBe(10_000);
  });

  it('refuses a tampered ciphertext and a ciphertext of another key', () => {
    const c = createPiiCipher(KEY);
    const blob = Buffer.from(c.encrypt(ID), 'base64url');
    blob[blob.length - 1] ^= 1;
    expect(() => c.decrypt(blob.toString('base64url'))).toThrow();
    const other = createPiiCipher('b2'.repeat(32));
    expect(() => other.decrypt(c.encrypt(ID))).toThrow();
  });

  it('keys the blind index deterministically by the master key', () => {
    const a = createPiiCipher(KEY);
    expect(a.blindIndex(ID)).toBe(createPiiCipher(KEY).blindIndex(ID));
    expect(a.blindIndex(ID)).not.toBe(createPiiCipher('b2'.repeat(32)).blindIndex(ID));
    expect(a.blindIndex(ID)).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('rejects a malformed master key', () => {
    expect(() => createPiiCipher('short')).toThrow('密钥格式错误');
  });
});
