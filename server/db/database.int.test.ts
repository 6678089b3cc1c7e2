import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { lockDataDir, openDatabase } from './database.ts';
import { listMigrations, migrate } from './migrate.ts';
import { openTestDatabase, testDbKinds } from '../test/databases.ts';

describe.each(testDbKinds())('migrations on %s', (kind) => {
  it('applies every migration once and nothing on a second run', async () => {
    const d = await openTestDatabase(kind);
    try {
      const rows = await sql<{ name: string }>`SELECT name FROM schema_migrations ORDER BY name`.execute(d.db);
      expect(rows.rows.map((r) => r.name)).toEqual(listMigrations());
      expect(await migrate(d)).toEqual([]);
      const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM regions WHERE level = 3`.execute(d.db);
      expect(r.rows[0].n).toBeGreaterThan(2800);
    } finally {
      await d.dispose();
    }
  });

  it('returns the same value types on both engines', async () => {
    const d = await openTestDatabase(kind);
    try {
      const r = await sql<{ d: string; n: number; t: Date; j: { a: number } }>`SELECT date '2021-05-10' AS d, 12345678901::int8 AS n, now() AS t, '{"a":1}'::jsonb AS j`.execute(d.db);
      expect(r.rows[0].d).toBe('2021-05-10');
      expect(r.rows[0].n).toBe(12345678901);
      expect(r.rows[0].t).toBeInstanceOf(Date);
      expect(r.rows[0].j).toEqual({ a: 1 });
    } finally {
      await d.dispose();
    }
  });
});

describe('PGlite data directory lock', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });
  const tmp = (): string => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-lock-'));
    dirs.push(d);
    return d;
  };

  it('refuses a data directory held by another live process', async () => {
    const dir = tmp();
    const holder = spawn('sleep', ['30']);
    try {
      fs.writeFileSync(path.join(dir, 'jineng.lock'), String(holder.pid));
      expect(() => lockDataDir(dir)).toThrow(/正被另一个进程/);
      await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/正被另一个进程/);
    } finally {
      holder.kill();
    }
  });

  it('takes over the lock of a dead process', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'jineng.lock'), '999999');
    const release = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, 'jineng.lock'), 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(path.join(dir, 'jineng.lock'))).toBe(false);
  });

  it('makes a second server process on the same directory refuse to start', async () => {
    const dir = tmp();
    const d = await openDatabase({ dataDir: dir });
    try {
      const child = spawn(process.execPath, ['bin/jineng.js', 'db', 'migrate'], { env: { ...process.env, JINENG_DATA: dir, DATABASE_URL: '' } });
      let out = '';
      child.stdout.on('data', (b: Buffer) => (out += b.toString()));
      child.stderr.on('data', (b: Buffer) => (out += b.toString()));
      const code = await new Promise<number | null>((r) => child.on('close', r));
      expect(code).not.toBe(0);
      expect(out).toMatch(/正被另一个进程/);
    } finally {
      await d.close();
    }
  });
});
