/** `npm run bench -- <name>`: runs bench/<name>.ts, which exports `run(args)` and prints a table. */
const name = process.argv[2];
const known = ['import', 'match', 'policy'];
if (!name || !known.includes(name)) {
  process.stderr.write(`用法: npm run bench -- <${known.join('|')}> [参数]\n`);
  process.exit(2);
}
const mod = (await import(`./${name}.ts`)) as { run(args: string[]): Promise<void> };
await mod.run(process.argv.slice(3));
