/** Opens the CLI's database: ./data (or --db DIR, or JINENG_DATA), or DATABASE_URL. */
import { loadConfig, type Config } from '../config.ts';
import { bootstrap } from '../bootstrap.ts';
import type { Database } from '../db/database.ts';
import type { ParsedArgs } from './cli-support.ts';
import { progress } from './cli-support.ts';

export const DB_OPTION = { db: { type: 'string' as const } };

export function cliConfig(args: ParsedArgs): Config {
  const env = { ...process.env };
  const dir = args.options.db;
  if (typeof dir === 'string') env.JINENG_DATA = dir;
  return loadConfig(env);
}

/** Opens and migrates the database (demo data is seeded only by `npm start`, never by the CLI). */
export async function openCliDatabase(args: ParsedArgs): Promise<{ database: Database; config: Config }> {
  const config = cliConfig(args);
  const database = await bootstrap(config, { seed: false, log: progress });
  return { database, config };
}
