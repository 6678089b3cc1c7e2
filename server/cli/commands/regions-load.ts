/** `jineng regions load --province 53` (or `--county 530627`): loads towns and villages. */
import type { CliCommand } from '../cli-support.ts';
import { CliInputError, EXIT, progress, stringOption } from '../cli-support.ts';
import { DB_OPTION, cliConfig } from '../cli-db.ts';
import { bootstrap } from '../../bootstrap.ts';
import { loadTownsAndVillages } from '../../modules/regions/regions.service.ts';
import { PROVINCE_CODES } from '../../../common/id-number.ts';

export const command: CliCommand = {
  options: { ...DB_OPTION, province: { type: 'string' }, county: { type: 'string' } },
  async run(args) {
    const province = stringOption(args, 'province');
    const county = stringOption(args, 'county');
    const prefix = province ?? county;
    if (!prefix) throw new CliInputError('请指定 --province 省级代码（如 53）或 --county 县级代码');
    if (province && !(/^\d{2}$/.test(province) && PROVINCE_CODES.has(province))) throw new CliInputError(`省级代码 ${province} 无效`);
    if (county && !/^\d{6}$/.test(county)) throw new CliInputError(`县级代码 ${county} 无效`);
    const database = await bootstrap(cliConfig(args), { seed: false });
    try {
      progress(`正在载入 ${prefix} 的乡镇和村…`);
      const r = await loadTownsAndVillages(database.db, prefix);
      progress(`新增乡镇 ${r.towns} 个，村（社区） ${r.villages} 个`);
      return { exitCode: EXIT.OK, stdout: JSON.stringify(r) };
    } finally {
      await database.close();
    }
  },
};
