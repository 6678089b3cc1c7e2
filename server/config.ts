/** The only reader of process.env: validated once, typed, passed down explicitly. */
import path from 'node:path';
import { z } from 'zod';

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  JINENG_DATA: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().optional(),
  JINENG_DEMO: z.enum(['0', '1']).optional(),
  JINENG_DB_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  JINENG_IMPORT_MAX_ROWS: z.coerce.number().int().min(1).default(200_000),
  JINENG_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  JINENG_SECRET_KEY: z.string().optional(),
  JINENG_COOKIE_SECURE: z.enum(['0', '1']).default('0'),
  JINENG_LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  JINENG_CLOCK_OFFSET_MS: z.coerce.number().int().default(0),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Demo seeding: default on for the embedded database, off for PostgreSQL. */
  demo: boolean;
  dbTimeoutMs: number;
  importMaxRows: number;
  logLevel: z.infer<typeof EnvSchema>['JINENG_LOG_LEVEL'];
  /** Hex key for ID-number encryption and blind index; demo mode generates one under dataDir. */
  secretKey: string | undefined;
  cookieSecure: boolean;
  loginRatePerMinute: number;
  /** Demo/e2e only: shifts the application clock (ignored outside demo mode). */
  clockOffsetMs: number;
}

/** Parses the environment; throws with a Chinese message naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`配置错误: 环境变量 ${issue.path.join('.')} 无效 (${issue.message})`);
  }
  const e = parsed.data;
  const databaseUrl = e.DATABASE_URL && e.DATABASE_URL.trim() !== '' ? e.DATABASE_URL : undefined;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.JINENG_DATA),
    databaseUrl,
    demo: e.JINENG_DEMO === undefined ? databaseUrl === undefined : e.JINENG_DEMO === '1',
    dbTimeoutMs: e.JINENG_DB_TIMEOUT_MS,
    importMaxRows: e.JINENG_IMPORT_MAX_ROWS,
    logLevel: e.JINENG_LOG_LEVEL,
    secretKey: e.JINENG_SECRET_KEY,
    cookieSecure: e.JINENG_COOKIE_SECURE === '1',
    loginRatePerMinute: e.JINENG_LOGIN_RATE_PER_MINUTE,
    clockOffsetMs: e.JINENG_CLOCK_OFFSET_MS,
  };
}
