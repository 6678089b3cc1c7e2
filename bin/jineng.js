#!/usr/bin/env node
// The `jineng` command: runs the TypeScript sources through tsx (no build step needed).
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../server/cli/main.ts');
const code = await main(process.argv.slice(2));
process.exitCode = code;
