/** `jineng db migrate`: applies pending migrations. */
import type { CliCommand } from '../cli-support.ts';
import { EXIT, progress } from '../cli-support.ts';
import { DB_OPTION, cliConfig } from '../cli-db.ts';
import { openDatabase } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { ensureBaseRegions } from '../../modules/regions/regions.service.ts';

export const command: CliCommand = {
  options: { ...DB_OPTION },
  async run(args) {
    const config = cliConfig(args);
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, timeoutMs: config.dbTimeoutMs });
    try {
      const applied = await migrate(database);
      const regions = await ensureBaseRegions(database.db);
      progress(applied.length ? `已执行迁移: ${applied.join(', ')}` : '数据库已是最新');
      return { exitCode: EXIT.OK, stdout: JSON.stringify({ applied, regionsLoaded: regions, db: database.kind }) };
    } finally {
      await database.close();
    }
  },
};
