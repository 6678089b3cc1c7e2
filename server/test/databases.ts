/**
 * Test support: every integration suite runs on PGlite and, when TEST_DATABASE_URL is set,
 * on a fresh PostgreSQL database created for the suite. In CI (CI=true) PostgreSQL is required.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database, type DbKind } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { ensureBaseRegions } from '../modules/regions/regions.service.ts';

const PG_URL = process.env.TEST_DATABASE_URL;
let warned = false;

/** The engines this run covers. */
export function testDbKinds(): DbKind[] {
  if (!PG_URL) {
    if (process.env.CI === 'true') throw new Error('CI 需要 TEST_DATABASE_URL (PostgreSQL 15)');
    if (!warned) {
      warned = true;
      process.stderr.write('\n!!! TEST_DATABASE_URL 未设置: 集成测试只在 PGlite 上运行，PostgreSQL 部分跳过 !!!\n\n');
    }
    return ['pglite'];
  }
  return ['pglite', 'postgres'];
}

export interface TestDatabase extends Database {
  /** Drops the per-suite PostgreSQL database (no-op for PGlite). */
  dispose(): Promise<void>;
}

/** A fresh, migrated database with base regions loaded. */
export async function openTestDatabase(kind: DbKind, opts: { dataDir?: string } = {}): Promise<TestDatabase> {
  let database: Database;
  let drop: (() => Promise<void>) | undefined;
  if (kind === 'postgres') {
    if (!PG_URL) throw new Error('TEST_DATABASE_URL not set');
    const name = `jineng_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
    await admin.end();
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    database = await openDatabase({ databaseUrl: url.toString(), timeoutMs: 20_000 });
    drop = async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  } else {
    database = await openDatabase({ dataDir: opts.dataDir, timeoutMs: 20_000, lock: opts.dataDir !== undefined });
  }
  await migrate(database);
  await ensureBaseRegions(database.db);
  return {
    ...database,
    dispose: async () => {
      await database.close();
      await drop?.();
    },
  };
}
