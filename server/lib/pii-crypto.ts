/**
 * Encryption of ID numbers: AES-256-GCM ciphertext plus an HMAC-SHA256 blind index for
 * lookup and uniqueness. Sub-keys are derived (HKDF) from one master key held in
 * configuration (JINENG_SECRET_KEY) or, when none is configured, in `<data dir>/secret.key`
 * (generated once, mode 0600) — never in the database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, randomFillSync } from 'node:crypto';

export interface PiiCipher {
  blindIndex(id: string): string;
  encrypt(id: string): string;
  decrypt(blob: string): string;
}

/** Builds the cipher from a 64-hex-character master key. */
export function createPiiCipher(masterHex: string): PiiCipher {
  if (!/^[0-9a-fA-F]{64}$/.test(masterHex)) throw new Error('密钥格式错误: 应为 64 位十六进制');
  const master = Buffer.from(masterHex, 'hex');
  const encKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'jineng-id-enc', 32));
  const macKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'jineng-id-index', 32));
  // Random 96-bit IVs drawn from one CSPRNG buffer refilled every 4,096 encryptions: the same
  // randomness as randomBytes(12) per call (each IV is used once and copied into the output
  // before the buffer is refilled), without a system call per ID number on bulk imports.
  const IV_BYTES = 12;
  const pool = Buffer.alloc(IV_BYTES * 4096);
  let poolOffset = pool.length;
  const nextIv = (): Buffer => {
    if (poolOffset === pool.length) {
      randomFillSync(pool);
      poolOffset = 0;
    }
    const iv = pool.subarray(poolOffset, poolOffset + IV_BYTES);
    poolOffset += IV_BYTES;
    return iv;
  };
  return {
    blindIndex(id) {
      return createHmac('sha256', macKey).update(id).digest('base64url').slice(0, 32);
    },
    encrypt(id) {
      const iv = nextIv();
      const c = createCipheriv('aes-256-gcm', encKey, iv);
      const ct = Buffer.concat([c.update(id, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64url');
    },
    decrypt(blob) {
      const buf = Buffer.from(blob, 'base64url');
      const d = createDecipheriv('aes-256-gcm', encKey, buf.subarray(0, 12));
      d.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

/** The master key from configuration, or the data directory's key file (created when absent). */
export function loadMasterKey(configured: string | undefined, dataDir: string): string {
  if (configured) return configured;
  const file = path.join(dataDir, 'secret.key');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('hex');
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}
