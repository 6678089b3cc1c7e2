/**
 * `jineng report NAME [--year Y] [--half 1|2] [--region CODE] --out FILE.xlsx|.csv [--unmasked]`
 * (contracts.md §4): writes one official report table; the summary names the file, the
 * period, the region and the number of rows.
 */
import type { CliCommand } from '../cli-support.ts';
import { CliInputError, EXIT, progress, stringOption } from '../cli-support.ts';
import { DB_OPTION, openCliDatabase } from '../cli-db.ts';
import { systemActor } from '../../http/actor.ts';
import { createPiiCipher, loadMasterKey } from '../../lib/pii-crypto.ts';
import { isReportName, writeReport } from '../../modules/reports/reports.service.ts';
import { reportPeriod } from '../../modules/reports/period.ts';
import { canonicalRegionCode } from '../../../common/region.ts';
import { REPORT_NAMES } from '../../../common/schemas/reports.ts';
import { AppError } from '../../../common/errors.ts';

/** Parses an integer option strictly ("2024", not "2024x" or "20.5"). */
function intOption(value: string | undefined, name: string, message: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new CliInputError(`--${name} ${message}`);
  return Number(value.trim());
}

export const command: CliCommand = {
  options: {
    ...DB_OPTION,
    out: { type: 'string' },
    year: { type: 'string' },
    half: { type: 'string' },
    region: { type: 'string' },
    unmasked: { type: 'boolean' },
  },
  async run(args) {
    const name = args.positionals[0];
    if (args.positionals.length !== 1 || name === undefined) throw new CliInputError(`请指定一个报表名称：${REPORT_NAMES.join('、')}`, 'report.unknown');
    if (!isReportName(name)) throw new CliInputError(`未知的报表名称“${name}”，可选：${REPORT_NAMES.join('、')}`, 'report.unknown');
    const out = stringOption(args, 'out', true);
    if (!/\.(xlsx|csv)$/i.test(out)) throw new CliInputError('--out 的文件名应以 .xlsx 或 .csv 结尾');
    const year = intOption(stringOption(args, 'year'), 'year', '应为四位年份，如 2024');
    const half = intOption(stringOption(args, 'half'), 'half', '应为 1（上半年）或 2（下半年）');
    const region = stringOption(args, 'region');
    // Validate everything before opening the database: bad arguments change nothing.
    try {
      reportPeriod(year, half);
    } catch (err) {
      if (err instanceof AppError) throw new CliInputError(err.message, err.code);
      throw err;
    }
    if (region !== undefined && !canonicalRegionCode(region)) throw new CliInputError(`区划代码 ${region} 无效（应为 GB/T 2260 代码，如 530627 或 530600）`);
    const unmasked = args.options.unmasked === true;
    if (unmasked && name !== 'registration-summary') throw new CliInputError('--unmasked 只适用于 registration-summary');

    const { database, config } = await openCliDatabase(args);
    try {
      const pii = createPiiCipher(loadMasterKey(config.secretKey, config.dataDir));
      const report = await writeReport({ db: database.db, pii, actor: systemActor('cli') }, { name, year, half, region, unmasked }, out);
      progress(
        `已生成《${report.title}》（${report.periodLabel}，${report.region.name}）${report.rows.length} 行 → ${out}` +
          (name === 'registration-summary' ? (unmasked ? '（完整身份证号，已记入审计日志）' : '（身份证号已脱敏）') : ''),
      );
      if (report.noSource.length > 0) progress(`暂无数据来源的列（填 0 或留空）：${report.noSource.join('、')}`);
      return {
        exitCode: EXIT.OK,
        stdout: JSON.stringify({ report: name, out, year: report.year, half: report.half, region: report.region.code, rows: report.rows.length, unmasked }),
      };
    } catch (err) {
      if (err instanceof AppError && err.status < 500) throw new CliInputError(err.message, err.code);
      throw err;
    } finally {
      await database.close();
    }
  },
};
