/**
 * Crash safety of the registry import (quality.md §3): a CLI import killed with SIGKILL at
 * random points and then run again ends in exactly the state of a clean run; an interrupted
 * job resumes from its last committed chunk (importPersons with the job id, and
 * resumeImportJobs at server start-up).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/database.ts';
import type { DB } from '../../db/tables.ts';
import { openTestDatabase, testDbKinds, type TestDatabase } from '../../test/databases.ts';
import { makeChineseName, makeIdNumber, makeRng } from '../../test/fake-people.ts';
import { systemActor } from '../../http/actor.ts';
import { loadConfig } from '../../config.ts';
import { createPiiCipher, type PiiCipher } from '../../lib/pii-crypto.ts';
import { TEST_PII } from '../../test/test-app.ts';
import { createImportJob, importPersons } from './import.service.ts';
import { resumeImportJobs } from './import-jobs.ts';
import { writeDelimited } from './fixtures/contract-dataset.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const bin = join(root, 'bin', 'jineng.js');
const work = mkdtempSync(join(tmpdir(), 'jineng-import-crash-'));
afterAll(() => rmSync(work, { recursive: true, force: true }), 120_000);

const KEY = 'c'.repeat(64);
const CLI_PII = createPiiCipher(KEY);

/**
 * A registry file of `n` rows: valid people (some in households), ~0.5 % invalid rows and
 * ~0.3 % repeated ID numbers, so that every path of a chunk is taken.
 */
function registryCsv(path: string, n: number, seed: number): void {
  const rng = makeRng(seed);
  const lines = ['序号,姓名,性别,民族,身份证号,联系电话,家庭详细地址,户编号,与户主关系'];
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const gender = rng() < 0.5 ? '男' : '女';
    let id = makeIdNumber({ region: i % 3 ? '530627' : '530621', gender }, rng);
    if (i > 10 && rng() < 0.003) id = ids[Math.floor(rng() * ids.length)];
    ids.push(id);
    if (rng() < 0.005) id = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    const household = i % 4 === 0 ? `HH${Math.floor(i / 8)}` : '';
    lines.push(`${i + 1},${makeChineseName(rng)},${gender},汉,${id},${i % 5 ? `139${String(i).padStart(8, '0')}` : ''},云南省昭通市第${i}号,${household},${household ? '户主' : ''}`);
  }
  writeDelimited(path, `${lines.join('\r\n')}\r\n`, 'utf8');
}

/** Everything an import decides, independent of ids, timestamps and which job wrote it. */
async function registryState(db: Kysely<DB>, pii: PiiCipher): Promise<{ persons: string[]; households: string[]; duplicates: number }> {
  const rows = await db
    .selectFrom('persons as p')
    .leftJoin('households as h', 'h.id', 'p.household_id')
    .select(['p.id_enc', 'p.id_hash', 'p.name', 'p.name_pinyin', 'p.gender', 'p.birth_date', 'p.nationality', 'p.phone', 'p.address', 'p.region_code', 'p.relation_to_head', 'h.household_no'])
    .execute();
  const persons = rows.map((r) => JSON.stringify([pii.decrypt(r.id_enc), r.name, r.name_pinyin, r.gender, r.birth_date, r.nationality, r.phone, r.address, r.region_code, r.relation_to_head, r.household_no])).sort();
  const hh = await db.selectFrom('households').select(['province_code', 'household_no', 'region_code']).execute();
  const dup = await sql<{ n: number }>`SELECT count(*)::int - count(DISTINCT id_hash)::int AS n FROM persons`.execute(db);
  return { persons, households: hh.map((h) => `${h.province_code}|${h.household_no}|${h.region_code}`).sort(), duplicates: dup.rows[0].n };
}

/** Where the CLI writes: a PGlite directory, or a fresh PostgreSQL database. */
interface CliTarget {
  env: Record<string, string>;
  open(): Promise<Database>;
  dispose(): Promise<void>;
}

let targets = 0;
async function cliTarget(kind: 'pglite' | 'postgres'): Promise<CliTarget> {
  const dataDir = join(work, `data-${targets++}`);
  if (kind === 'pglite') {
    return {
      env: { JINENG_DATA: dataDir },
      open: () => openDatabase({ dataDir, lock: true, timeoutMs: 30_000 }),
      dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const base = process.env.TEST_DATABASE_URL as string;
  const name = `jineng_crash_${Date.now().toString(36)}_${targets}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    env: { JINENG_DATA: dataDir, DATABASE_URL: url.toString() },
    open: () => openDatabase({ databaseUrl: url.toString(), timeoutMs: 30_000 }),
    dispose: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `jineng import persons FILE`, optionally SIGKILLing it `afterSpawnMs` after the start or
 * `afterProgressMs` after its first progress line (the first chunk has committed by then).
 * `progressAtMs` tells when that first progress line came.
 */
async function runImport(file: string, target: CliTarget, kill: { afterSpawnMs?: number; afterProgressMs?: number } = {}): Promise<Run & { progressAtMs: number | null; wallMs: number }> {
  const env: NodeJS.ProcessEnv = { ...process.env, JINENG_SECRET_KEY: KEY, ...target.env };
  if (!target.env.DATABASE_URL) delete env.DATABASE_URL;
  const child = spawn(process.execPath, [bin, 'import', 'persons', file, '--report', `${file}.report.csv`], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const started = Date.now();
  let progressAtMs: number | null = null;
  const timers: NodeJS.Timeout[] = [];
  if (kill.afterSpawnMs !== undefined) timers.push(setTimeout(() => child.kill('SIGKILL'), kill.afterSpawnMs));
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    if (progressAtMs === null && stderr.includes('已处理')) {
      progressAtMs = Date.now() - started;
      if (kill.afterProgressMs !== undefined) timers.push(setTimeout(() => child.kill('SIGKILL'), kill.afterProgressMs));
    }
  });
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  for (const t of timers) clearTimeout(t);
  return { code, signal, stdout, stderr, progressAtMs, wallMs: Date.now() - started };
}

function summaryOf(run: Run): { total: number; imported: number; updated: number; unchanged: number; rejected: number } {
  const lines = run.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as { total: number; imported: number; updated: number; unchanged: number; rejected: number };
}

describe.each(testDbKinds())('registry import after kill -9 on %s', (kind) => {
  const file = join(work, `registry-${kind}.csv`);
  const ROWS = 30_000;
  let clean: Awaited<ReturnType<typeof registryState>>;
  let cleanSummary: ReturnType<typeof summaryOf>;
  let cleanRun: Awaited<ReturnType<typeof runImport>>;

  beforeAll(async () => {
    registryCsv(file, ROWS, 4242);
    const target = await cliTarget(kind);
    try {
      const run = await runImport(file, target);
      expect(run.code, run.stderr).toBe(3);
      cleanRun = run;
      cleanSummary = summaryOf(run);
      const database = await target.open();
      try {
        clean = await registryState(database.db, CLI_PII);
      } finally {
        await database.close();
      }
    } finally {
      await target.dispose();
    }
  }, 300_000);

  it('ends in the state of a clean run after being killed three times and run again', { timeout: 600_000 }, async () => {
    expect(cleanSummary.total).toBe(ROWS);
    expect(cleanSummary.imported).toBe(clean.persons.length);
    expect(clean.duplicates).toBe(0);
    const target = await cliTarget(kind);
    const rng = makeRng(Date.now() % 100_000);
    try {
      let killed = 0;
      // First right after the first chunk committed (mid-import for sure), then at random
      // points between start-up and the end of a clean run (start-up and commit included).
      const plans = [
        { afterProgressMs: Math.floor(rng() * 150) },
        { afterSpawnMs: Math.floor(rng() * cleanRun.wallMs * 0.95) },
        { afterSpawnMs: Math.floor((cleanRun.progressAtMs ?? 0) * 0.6 + rng() * cleanRun.wallMs * 0.4) },
      ];
      for (const plan of plans) {
        const run = await runImport(file, target, plan);
        if (run.signal === 'SIGKILL') killed++;
        else expect(run.code, run.stderr).toBe(3); // finished before the kill: fine too
      }
      expect(killed).toBeGreaterThan(0);
      const final = await runImport(file, target);
      expect(final.code, final.stderr).toBe(3);
      const s = summaryOf(final);
      // A new job: what earlier runs committed is now "unchanged", and the counters add up.
      expect(s.total).toBe(ROWS);
      expect(s.imported + s.updated + s.unchanged + s.rejected).toBe(ROWS);
      expect(s.updated).toBe(0);
      expect(s.rejected).toBe(cleanSummary.rejected);
      expect(s.imported + s.unchanged).toBe(cleanSummary.imported);

      const database = await target.open();
      try {
        const state = await registryState(database.db, CLI_PII);
        expect(state.duplicates).toBe(0);
        expect(state.persons.length).toBe(clean.persons.length);
        expect(state.persons).toEqual(clean.persons);
        expect(state.households).toEqual(clean.households);
        // The killed runs' jobs stay "running" with consistent progress: done = rows of committed chunks.
        const jobs = await database.db.selectFrom('jobs').selectAll().where('kind', '=', 'import.persons').orderBy('id').execute();
        for (const j of jobs) {
          const r = (j.result ?? { total: 0, imported: 0, updated: 0, unchanged: 0, rejected: 0 }) as typeof s;
          expect(Number(j.done)).toBe(r.total);
          expect(r.imported + r.updated + r.unchanged + r.rejected).toBe(r.total);
        }
      } finally {
        await database.close();
      }
    } finally {
      await target.dispose();
    }
  });
});

describe.each(testDbKinds())('resuming an interrupted import job on %s', (kind) => {
  let database: TestDatabase;
  const file = join(work, `resume-${kind}.csv`);
  const ROWS = 5_000;
  const crash = (at: number) => ({
    beforeChunkCommit: (i: number) => {
      if (i === at) throw new Error('simulated crash');
    },
  });
  let clean: Awaited<ReturnType<typeof registryState>>;
  let cleanSummary: Awaited<ReturnType<typeof importPersons>>;
  let cleanProblems: { row_no: number; code: string }[];

  beforeAll(async () => {
    registryCsv(file, ROWS, 777);
    database = await openTestDatabase(kind);
    cleanSummary = await importPersons({ db: database.db, pii: TEST_PII, actor: systemActor('test'), filePath: file, maxRows: 200_000, reportPath: null, chunkSize: 700 });
    clean = await registryState(database.db, TEST_PII);
    cleanProblems = await database.db.selectFrom('import_problems').select(['row_no', 'code']).where('job_id', '=', cleanSummary.jobId).orderBy('id').execute();
    expect(cleanProblems.length).toBeGreaterThan(10);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  async function reset(): Promise<void> {
    await sql`DELETE FROM import_problems`.execute(database.db);
    await sql`DELETE FROM person_changes`.execute(database.db);
    await sql`DELETE FROM persons`.execute(database.db);
    await sql`DELETE FROM households`.execute(database.db);
  }

  it('continues with the job id after the last committed chunk and ends like a clean run', async () => {
    await reset();
    const base = { db: database.db, pii: TEST_PII, actor: systemActor('test'), filePath: file, maxRows: 200_000, reportPath: null, chunkSize: 700 } as const;
    const err = await importPersons({ ...base, testHooks: crash(3) }).catch((e: unknown) => e);
    expect(String(err)).toMatch(/simulated crash/);
    const job = await database.db.selectFrom('jobs').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(job.status).toBe('running');
    expect(Number(job.done)).toBe(3 * 700); // chunks 0–2 committed, chunk 3 rolled back
    const persons = await sql<{ n: number }>`SELECT count(*)::int AS n FROM persons`.execute(database.db);
    expect(persons.rows[0].n).toBeLessThan(clean.persons.length);

    const resumed = await importPersons({ ...base, jobId: job.id });
    expect({ ...resumed, jobId: 0 }).toEqual({ ...cleanSummary, jobId: 0 });
    expect(await registryState(database.db, TEST_PII)).toEqual(clean);
    const problems = await database.db.selectFrom('import_problems').select(['row_no', 'code']).where('job_id', '=', job.id).orderBy('id').execute();
    expect(problems).toEqual(cleanProblems);
    const done = await database.db.selectFrom('jobs').selectAll().where('id', '=', job.id).executeTakeFirstOrThrow();
    expect(done.status).toBe('partial');
    expect(Number(done.done)).toBe(ROWS);
  });

  it('is resumed by resumeImportJobs at start-up', async () => {
    await reset();
    const jobId = await createImportJob(database.db, systemActor('test'), { fileName: 'resume.csv', storedPath: file, allOrNothing: false });
    const err = await importPersons({ db: database.db, pii: TEST_PII, actor: systemActor('test'), filePath: file, maxRows: 200_000, reportPath: null, jobId, chunkSize: 700, testHooks: crash(1) }).catch((e: unknown) => e);
    expect(String(err)).toMatch(/simulated crash/);
    const config = loadConfig({ JINENG_LOG_LEVEL: 'silent' });
    expect(await resumeImportJobs({ database, config, version: 'test', pii: TEST_PII })).toBe(1);
    let status = 'running';
    for (let i = 0; i < 600 && (status === 'running' || status === 'queued'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await database.db.selectFrom('jobs').select('status').where('id', '=', jobId).executeTakeFirstOrThrow()).status;
    }
    expect(status).toBe('partial');
    const job = await database.db.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
    expect(job.result).toEqual({ total: cleanSummary.total, imported: cleanSummary.imported, updated: 0, unchanged: 0, rejected: cleanSummary.rejected });
    expect(await registryState(database.db, TEST_PII)).toEqual(clean);
  });
});
