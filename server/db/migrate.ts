/** Forward-only SQL migrations from server/db/migrations, run at start and by `jineng db migrate`. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './database.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Lists migration files in order. */
export function listMigrations(): string[] {
  return fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
}

/** Applies pending migrations; returns the names applied. Safe to run concurrently (advisory lock). */
export async function migrate(database: Database): Promise<string[]> {
  await database.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: string[] = [];
  for (const name of listMigrations()) {
    const text = fs.readFileSync(path.join(MIGRATIONS_DIR, name), 'utf8');
    // One transaction per migration, guarded by an advisory lock so two processes
    // starting at once against PostgreSQL do not both apply it.
    const script = `BEGIN;
SELECT pg_advisory_xact_lock(727274);
DO $mig$ BEGIN
  IF EXISTS (SELECT 1 FROM schema_migrations WHERE name = '${name}') THEN
    RAISE EXCEPTION 'jineng-migration-already-applied';
  END IF;
END $mig$;
${text}
;
INSERT INTO schema_migrations (name) VALUES ('${name}');
COMMIT;`;
    const done = await sql<{ n: number }>`SELECT count(*)::int AS n FROM schema_migrations WHERE name = ${name}`.execute(
      database.db,
    );
    if (done.rows[0].n > 0) continue;
    try {
      await database.exec(script);
      applied.push(name);
    } catch (err) {
      await database.exec('ROLLBACK').catch(() => {});
      if (String((err as Error).message).includes('jineng-migration-already-applied')) continue;
      throw new Error(`迁移 ${name} 执行失败: ${(err as Error).message}`);
    }
  }
  return applied;
}
