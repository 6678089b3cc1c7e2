#!/usr/bin/env node
// `npm test`: unit, integration (PGlite, plus PostgreSQL when TEST_DATABASE_URL is set) and
// end-to-end (Debian Chromium) suites, in that order. Exit code is non-zero if any fails.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const extra = process.argv.slice(2);
let failed = false;
for (const project of ['unit', 'integration', 'e2e']) {
  process.stderr.write(`\n=== ${project} ===\n`);
  const r = spawnSync(process.execPath, [vitest, 'run', '--project', project, ...extra], { cwd: root, stdio: 'inherit', env: process.env });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
