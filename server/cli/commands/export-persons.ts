/** `jineng export persons --out FILE.xlsx|.csv [--region CODE] [--unmasked]` (contracts.md §1). */
import type { CliCommand } from '../cli-support.ts';
import { CliInputError, EXIT, progress, stringOption } from '../cli-support.ts';
import { DB_OPTION, openCliDatabase } from '../cli-db.ts';
import { systemActor } from '../../http/actor.ts';
import { createPiiCipher, loadMasterKey } from '../../lib/pii-crypto.ts';
import { exportPersons } from '../../modules/registry/export.service.ts';
import { AppError } from '../../../common/errors.ts';

export const command: CliCommand = {
  options: { ...DB_OPTION, out: { type: 'string' }, region: { type: 'string' }, unmasked: { type: 'boolean' } },
  async run(args) {
    const out = stringOption(args, 'out', true);
    if (!/\.(xlsx|csv)$/i.test(out)) throw new CliInputError('--out 的文件名应以 .xlsx 或 .csv 结尾');
    const { database, config } = await openCliDatabase(args);
    try {
      const pii = createPiiCipher(loadMasterKey(config.secretKey, config.dataDir));
      const unmasked = args.options.unmasked === true;
      const rows = await exportPersons({ db: database.db, pii, actor: systemActor('cli'), outPath: out, region: stringOption(args, 'region'), unmasked });
      progress(`已导出 ${rows} 人到 ${out}${unmasked ? '（完整身份证号，已记入审计日志）' : '（身份证号已脱敏）'}`);
      return { exitCode: EXIT.OK, stdout: JSON.stringify({ exported: rows, out, unmasked }) };
    } catch (err) {
      if (err instanceof AppError && err.status < 500) throw new CliInputError(err.message, err.code);
      throw err;
    } finally {
      await database.close();
    }
  },
};
