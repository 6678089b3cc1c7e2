/**
 * `jineng user create --username U --role R --region CODE [--name 姓名] [--org ID] [--password P]`
 * Creates a user (the first administrator outside demo mode). Without --password the password
 * is read from the environment variable JINENG_NEW_PASSWORD or from stdin (never echoed).
 */
import type { CliCommand } from '../cli-support.ts';
import { CliInputError, EXIT, progress, stringOption } from '../cli-support.ts';
import { DB_OPTION, cliConfig } from '../cli-db.ts';
import { bootstrap } from '../../bootstrap.ts';
import { createUser } from '../../modules/users/users.service.ts';
import { systemActor } from '../../http/actor.ts';
import { AppError } from '../../../common/errors.ts';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

export const command: CliCommand = {
  options: { ...DB_OPTION, username: { type: 'string' }, role: { type: 'string' }, region: { type: 'string' }, name: { type: 'string' }, org: { type: 'string' }, password: { type: 'string' } },
  async run(args) {
    const username = stringOption(args, 'username', true);
    const role = stringOption(args, 'role') ?? 'platform_admin';
    const region = stringOption(args, 'region', true);
    const password = stringOption(args, 'password') ?? process.env.JINENG_NEW_PASSWORD ?? (await readStdin());
    if (!password) throw new CliInputError('请通过 --password、环境变量 JINENG_NEW_PASSWORD 或标准输入提供密码');
    const orgRaw = stringOption(args, 'org');
    const config = cliConfig(args);
    const database = await bootstrap(config, { seed: false });
    try {
      const id = await createUser(database.db, {
        actor: systemActor('cli'),
        input: { username, displayName: stringOption(args, 'name') ?? username, password, role, regionCode: region, orgId: orgRaw ? Number(orgRaw) : null },
      });
      progress(`已创建用户 ${username} (id ${id})`);
      return { exitCode: EXIT.OK, stdout: JSON.stringify({ id, username, role }) };
    } catch (err) {
      if (err instanceof AppError && (err.status === 400 || err.status === 409)) throw new CliInputError(err.message, err.code);
      throw err;
    } finally {
      await database.close();
    }
  },
};
