#!/usr/bin/env node
// `npm start`: builds the web bundle when it is missing or older than its sources, then runs
// the server (TypeScript sources through tsx). `--dev` skips the build (use `npx vite` beside it).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev');

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of fs.readdirSync(p)) m = Math.max(m, newestMtime(path.join(p, e)));
  return m;
}

if (!dev) {
  const built = path.join(root, 'dist', 'web', 'index.html');
  const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
  const sourcesAt = Math.max(
    newestMtime(path.join(root, 'web')),
    newestMtime(path.join(root, 'common')),
    newestMtime(path.join(root, 'vite.config.ts')),
  );
  if (fs.existsSync(path.join(root, 'web', 'index.html')) && sourcesAt > builtAt) {
    process.stderr.write('正在构建前端（首次启动或源码已更新）…\n');
    const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
    // Always a production bundle, whatever NODE_ENV the caller (e.g. a test runner) has set.
    const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    if (r.status !== 0) {
      process.stderr.write('前端构建失败\n');
      process.exit(1);
    }
  }
}

const { register } = await import('tsx/esm/api');
register();
await import('../server/main.ts');
