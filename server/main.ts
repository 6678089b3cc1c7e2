/** Process entry: config, database, migrations, demo seed, listen; graceful SIGTERM. */
import { loadConfig } from './config.ts';
import { advanceClock } from './clock.ts';
import { bootstrap } from './bootstrap.ts';
import { buildApp } from './app.ts';
import { VERSION } from './version.ts';
import type { Database } from './db/database.ts';
import { createPiiCipher, loadMasterKey } from './lib/pii-crypto.ts';
import { resumeImportJobs } from './modules/registry/import-jobs.ts';

const started = Date.now();
const config = loadConfig();
// End-to-end tests move a demo server's clock (e.g. to the day a class runs); never in production.
if (config.demo && config.clockOffsetMs !== 0) advanceClock(config.clockOffsetMs);
function log(m: string): void {
  process.stderr.write(`${m}\n`);
}
let database: Database;
try {
  database = await bootstrap(config, { seed: config.demo, log });
} catch (err) {
  log(`启动失败: ${(err as Error).message}`);
  process.exit(1);
}
const pii = createPiiCipher(loadMasterKey(config.secretKey, config.dataDir));
const built = await buildApp({ database, config, version: VERSION, pii });
const { app } = built;
await app.listen({ port: config.port, host: config.host });
const resumed = await resumeImportJobs({ database, config, version: VERSION, pii });
if (resumed > 0) log(`继续执行中断的导入任务 ${resumed} 个`);
log(`jineng ${VERSION} 已启动: http://${config.host}:${config.port} (数据库: ${database.kind}, 用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒)`);
if (config.demo) log('演示模式: 演示账号密码均为 jineng-demo (admin, demo-city, demo-zhenxiong, demo-ludian, demo-fupin, demo-school, demo-institution, demo-enterprise, demo-trainee)');

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`收到 ${signal}，正在停止…`);
  built.beginShutdown();
  try {
    await app.close(); // finishes in-flight requests
    await database.close();
  } finally {
    process.exit(0);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
