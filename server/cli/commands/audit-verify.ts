/** `jineng audit verify`: walks the hash chain; exit 0 when intact, 3 with the first broken link. */
import type { CliCommand } from '../cli-support.ts';
import { EXIT, progress } from '../cli-support.ts';
import { DB_OPTION, cliConfig } from '../cli-db.ts';
import { openDatabase } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { verifyAuditChain } from '../../modules/audit/audit.service.ts';

export const command: CliCommand = {
  options: { ...DB_OPTION },
  async run(args) {
    const config = cliConfig(args);
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, timeoutMs: config.dbTimeoutMs });
    try {
      await migrate(database);
      const r = await verifyAuditChain(database.db);
      if (r.ok) progress(`审计链完整，共校验 ${r.checked} 条记录`);
      else progress(`审计链在序号 ${r.firstBroken?.seq} 处断裂: ${r.firstBroken?.reason}`);
      return { exitCode: r.ok ? EXIT.OK : EXIT.PARTIAL, stdout: JSON.stringify(r) };
    } finally {
      await database.close();
    }
  },
};
