/** Opens the configured database, migrates it, loads base regions and (demo mode) seeds demo data. */
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { ensureBaseRegions } from './modules/regions/regions.service.ts';
import { hasNoUsers, seedDemo } from './db/seeds/demo.ts';
import { createPiiCipher, loadMasterKey } from './lib/pii-crypto.ts';

export interface BootstrapOptions {
  /** Seed demo data when the database has no users (server start: config.demo). */
  seed?: boolean;
  log?: (m: string) => void;
}

export async function bootstrap(config: Config, opts: BootstrapOptions = {}): Promise<Database> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, timeoutMs: config.dbTimeoutMs });
  try {
    await migrate(database);
    await ensureBaseRegions(database.db);
    if (opts.seed && (await hasNoUsers(database.db))) {
      await seedDemo(database.db, createPiiCipher(loadMasterKey(config.secretKey, config.dataDir)), opts.log);
    }
  } catch (err) {
    await database.close();
    throw err;
  }
  return database;
}
