/**
 * `jineng policy evaluate --policy ID FILE` (contracts.md §3): evaluates a batch of subsidy
 * claims against a built-in policy set, with no database. FILE is JSON (`-` = stdin).
 * Prints only the result document on stdout (exit 0). An unknown policy set, an unreadable
 * file, invalid JSON or an invalid batch exits 2 with a Chinese message naming the JSON path;
 * nothing is evaluated.
 */
import { readFile } from 'node:fs/promises';
import type { CliCommand } from '../cli-support.ts';
import { CliInputError, EXIT, progress, stringOption } from '../cli-support.ts';
import { builtinPolicySetIds, getBuiltinPolicySet } from '../../modules/subsidy/policy-sets/index.ts';
import { BatchInputError, evaluateClaims, parseClaimBatch } from '../../modules/subsidy/rules/index.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function readInput(file: string): Promise<string> {
  try {
    return file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? '文件不存在' : code === 'EISDIR' ? '这是一个目录' : code === 'EACCES' ? '没有读取权限' : '无法读取';
    throw new CliInputError(`无法读取输入文件 ${file}：${why}`, 'policy.unreadable');
  }
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    throw new CliInputError(`输入文件 ${file === '-' ? '（标准输入）' : file} 不是有效的 JSON：${(err as Error).message}`, 'policy.invalid_json');
  }
}

export const command: CliCommand = {
  options: { policy: { type: 'string' } },
  async run(args) {
    const policyId = stringOption(args, 'policy', true);
    const policy = getBuiltinPolicySet(policyId);
    if (!policy) {
      throw new CliInputError(`--policy：未知的政策集 "${policyId}"，可用：${builtinPolicySetIds().join('、')}`, 'policy.unknown');
    }
    if (args.positionals.length !== 1) {
      throw new CliInputError('用法: jineng policy evaluate --policy 政策集编号 文件.json（文件为 - 时读取标准输入）', 'cli.bad_arguments');
    }
    const file = args.positionals[0];
    const input = parseJson(await readInput(file), file);
    const started = performance.now();
    let output: string;
    try {
      const result = evaluateClaims(policy, parseClaimBatch(input));
      output = JSON.stringify(result);
      progress(`已按政策集 ${policy.id}（${policy.name}）测算 ${result.results.length} 笔申报，用时 ${((performance.now() - started) / 1000).toFixed(2)} 秒`);
    } catch (err) {
      if (err instanceof BatchInputError) throw new CliInputError(err.message, 'policy.invalid_input');
      throw err;
    }
    return { exitCode: EXIT.OK, stdout: output };
  },
};
