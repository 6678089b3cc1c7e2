/** Shared CLI plumbing: exit codes, argument parsing, bad-input errors. */

export const EXIT = { OK: 0, INTERNAL: 1, BAD_INPUT: 2, PARTIAL: 3 } as const;

export interface OptionSpec {
  /** Option takes a value (`--out FILE`) or is a flag (`--unmasked`). */
  type: 'string' | 'boolean';
  /** Allowed to appear several times (values collected in order). */
  multiple?: boolean;
}

export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string | boolean | string[] | undefined>;
}

export interface CliResult {
  exitCode: number;
  /** Last stdout output: normally the one-line JSON summary. */
  stdout?: string;
}

export interface CliCommand {
  options: Record<string, OptionSpec>;
  run(args: ParsedArgs): Promise<CliResult>;
}

/** Error that makes the CLI exit 2 (nothing done) with a Chinese message. */
export class CliInputError extends Error {
  readonly exitCode = EXIT.BAD_INPUT;
  constructor(
    message: string,
    readonly code = 'cli.bad_input',
  ) {
    super(message);
  }
}

/** Parses `--name value`, `--name=value` and `--flag`; unknown options are bad input. */
export function parseArgs(argv: string[], spec: Record<string, OptionSpec>): ParsedArgs {
  const positionals: string[] = [];
  const options: ParsedArgs['options'] = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-' || !a.startsWith('--')) {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    const s = spec[name];
    if (!s) throw new CliInputError(`未知参数 --${name}`, 'cli.unknown_option');
    let value: string | boolean;
    if (s.type === 'boolean') {
      value = true;
    } else if (eq > 0) {
      value = a.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined) throw new CliInputError(`参数 --${name} 缺少取值`, 'cli.missing_value');
      value = next;
      i++;
    }
    if (s.multiple) {
      const prev = options[name];
      options[name] = [...(Array.isArray(prev) ? prev : []), String(value)];
    } else {
      options[name] = value;
    }
  }
  return { positionals, options };
}

/** Reads a string option; throws CliInputError when required and absent. */
export function stringOption(args: ParsedArgs, name: string, required: true): string;
export function stringOption(args: ParsedArgs, name: string, required?: false): string | undefined;
export function stringOption(args: ParsedArgs, name: string, required = false): string | undefined {
  const v = args.options[name];
  if (typeof v === 'string') return v;
  if (required) throw new CliInputError(`缺少参数 --${name}`, 'cli.missing_option');
  return undefined;
}

/** Writes human-readable progress to stderr. */
export function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}
