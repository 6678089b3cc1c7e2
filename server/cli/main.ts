/** Entry of the `jineng` CLI: parses the command word(s) and dispatches to a command module. */
import { parseArgs, type CliCommand, type CliResult, EXIT } from './cli-support.ts';

type Loader = () => Promise<{ command: CliCommand }>;

/** Command table: "group verb" → lazily loaded module (keeps start-up fast). */
const COMMANDS: Record<string, Loader> = {
  'db migrate': () => import('./commands/db-migrate.ts'),
  'user create': () => import('./commands/user-create.ts'),
  'audit verify': () => import('./commands/audit-verify.ts'),
  'regions load': () => import('./commands/regions-load.ts'),
  'import persons': () => import('./commands/import-persons.ts'),
  'export persons': () => import('./commands/export-persons.ts'),
  'match': () => import('./commands/match.ts'),
  'policy evaluate': () => import('./commands/policy-evaluate.ts'),
  'report': () => import('./commands/report.ts'),
};

function usage(): string {
  return ['用法: jineng <命令> [参数]', '命令:', ...Object.keys(COMMANDS).map((c) => `  ${c}`)].join('\n');
}

/** Runs the CLI and returns the process exit code (0 ok, 3 partial, 2 bad input, 1 internal). */
export async function main(argv: string[]): Promise<number> {
  const two = argv.slice(0, 2).join(' ');
  const one = argv[0] ?? '';
  let key: string | undefined;
  let rest: string[] = [];
  if (COMMANDS[two]) {
    key = two;
    rest = argv.slice(2);
  } else if (COMMANDS[one]) {
    key = one;
    rest = argv.slice(1);
  }
  if (!key) {
    process.stderr.write(`${usage()}\n`);
    process.stdout.write(`${JSON.stringify({ error: { code: 'cli.unknown_command', message: '未知命令' } })}\n`);
    return EXIT.BAD_INPUT;
  }
  let result: CliResult;
  try {
    const mod = await COMMANDS[key]();
    const args = parseArgs(rest, mod.command.options);
    result = await mod.command.run(args);
  } catch (err) {
    const e = err as { exitCode?: number; code?: string; message?: string };
    if (e.exitCode === EXIT.BAD_INPUT) {
      process.stderr.write(`错误: ${e.message ?? ''}\n`);
      process.stdout.write(`${JSON.stringify({ error: { code: e.code ?? 'cli.bad_input', message: e.message } })}\n`);
      return EXIT.BAD_INPUT;
    }
    process.stderr.write(`内部错误: ${(err as Error)?.stack ?? String(err)}\n`);
    process.stdout.write(`${JSON.stringify({ error: { code: 'internal', message: '内部错误' } })}\n`);
    return EXIT.INTERNAL;
  }
  if (result.stdout !== undefined) process.stdout.write(result.stdout.endsWith('\n') ? result.stdout : `${result.stdout}\n`);
  return result.exitCode;
}
