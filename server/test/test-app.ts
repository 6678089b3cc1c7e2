/** createTestApp(kind) and loginAs(): the real app on a real database, driven with app.inject. */
import type { DbKind } from '../db/database.ts';
import { buildApp, type BuiltApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { openTestDatabase, type TestDatabase } from './databases.ts';
import { DEMO_PASSWORD, seedDemo } from '../db/seeds/demo.ts';
import { createPiiCipher } from '../lib/pii-crypto.ts';

/** Fixed test key (tests only). */
export const TEST_PII = createPiiCipher('7'.repeat(64));

export interface TestApp extends BuiltApp {
  database: TestDatabase;
  close(): Promise<void>;
}

export async function createTestApp(kind: DbKind, opts: { demo?: boolean; env?: Record<string, string> } = {}): Promise<TestApp> {
  const database = await openTestDatabase(kind);
  if (opts.demo !== false) await seedDemo(database.db, TEST_PII);
  const config = loadConfig({ JINENG_LOG_LEVEL: 'silent', ...opts.env });
  const built = await buildApp({ database, config, version: 'test', pii: TEST_PII }, { logger: false });
  await built.app.ready();
  return {
    ...built,
    database,
    close: async () => {
      await built.app.close();
      await database.dispose();
    },
  };
}

export interface Session {
  cookie: string;
  csrf: string;
  headers: { cookie: string; 'x-csrf-token': string };
}

/** Logs in through the real endpoint; throws when it fails. */
export async function loginAs(t: TestApp, username: string, password = DEMO_PASSWORD): Promise<Session> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const setCookie = res.cookies.find((c) => c.name === 'jineng_session');
  if (!setCookie) throw new Error('no session cookie');
  const cookie = `jineng_session=${setCookie.value}`;
  const csrf = (res.json() as { csrfToken: string }).csrfToken;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}
