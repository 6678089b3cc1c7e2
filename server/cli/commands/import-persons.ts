/** `jineng import persons FILE [--report OUT] [--all-or-nothing]` (contracts.md §1). */
import fs from 'node:fs';
import path from 'node:path';
import type { CliCommand } from '../cli-support.ts';
import { CliInputError, EXIT, progress, stringOption } from '../cli-support.ts';
import { DB_OPTION, openCliDatabase } from '../cli-db.ts';
import { systemActor } from '../../http/actor.ts';
import { createPiiCipher, loadMasterKey } from '../../lib/pii-crypto.ts';
import { importPersons, ImportInputError } from '../../modules/registry/import.service.ts';

export const command: CliCommand = {
  options: { ...DB_OPTION, report: { type: 'string' }, 'all-or-nothing': { type: 'boolean' } },
  async run(args) {
    const file = args.positionals[0];
    if (!file) throw new CliInputError('用法: jineng import persons 文件 [--report 输出] [--all-or-nothing]');
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new CliInputError(`文件不存在或无法读取: ${file}`, 'file.unreadable');
    const report = stringOption(args, 'report');
    if (report && !/\.(xlsx|csv)$/i.test(report)) throw new CliInputError('--report 的文件名应以 .xlsx 或 .csv 结尾');
    const { database, config } = await openCliDatabase(args);
    try {
      const pii = createPiiCipher(loadMasterKey(config.secretKey, config.dataDir));
      const started = Date.now();
      let last = 0;
      const result = await importPersons({
        db: database.db,
        pii,
        actor: systemActor('cli'),
        filePath: file,
        fileName: path.basename(file),
        allOrNothing: args.options['all-or-nothing'] === true,
        reportPath: report,
        maxRows: config.importMaxRows,
        onProgress: ({ rows, summary }) => {
          if (Date.now() - last > 1000) {
            last = Date.now();
            progress(`已处理 ${rows} 行（新增 ${summary.imported}，更新 ${summary.updated}，未变 ${summary.unchanged}，拒绝 ${summary.rejected}）`);
          }
        },
      });
      const secs = (Date.now() - started) / 1000;
      progress(`完成: 共 ${result.total} 行，新增 ${result.imported}，更新 ${result.updated}，未变 ${result.unchanged}，拒绝 ${result.rejected}，用时 ${secs.toFixed(1)} 秒${result.report ? `；错误报告: ${result.report}` : ''}`);
      const summary = { total: result.total, imported: result.imported, updated: result.updated, unchanged: result.unchanged, rejected: result.rejected, report: result.report };
      return { exitCode: result.rejected > 0 ? EXIT.PARTIAL : EXIT.OK, stdout: JSON.stringify(summary) };
    } catch (err) {
      if (err instanceof ImportInputError) throw new CliInputError(err.message, 'import.unreadable');
      throw err;
    } finally {
      await database.close();
    }
  },
};
