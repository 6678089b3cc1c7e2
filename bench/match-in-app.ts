/**
 * `npm run bench -- match --in-app [--db postgres|pglite|both] [--scope training|registry] [--registry-size N] [--records N]`
 *
 * The in-app match job (quality.md §2: data already in PostgreSQL ≤ 10 s, PGlite ≤ 20 s for
 * 1M records × 10M registry). For each database kind, in a fresh database:
 *
 * 1. load (not timed, child process "load"): the generated registry extract REG as the
 *    current poverty snapshot (poverty_registry rows as loadSnapshot writes them: blind index,
 *    ciphertext), and the records REC as persons (ID checked and cleaned as the import does;
 *    records whose ID the import would reject, or a second record with an ID already loaded,
 *    are left out and counted) enrolled as trainees in two classes (scope training) — or just
 *    the persons (scope registry); then ANALYZE;
 * 2. time (child process "match", so that its peak RSS is the job's, PGlite included): the
 *    service's runMatch (what startMatchRun runs in the background) with the system actor;
 * 3. score the match_results rows against the truth file like the CLI bench (auto-accepted
 *    precision, recall, conflicts) — per record via persons.remark = record number;
 * 4. time a bare hash join of the same keys (persons.id_hash = poverty_registry.id_hash of the
 *    snapshot, count(*)) in the same database and process.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { createPiiCipher } from '../server/lib/pii-crypto.ts';
import { systemActor } from '../server/http/actor.ts';
import { copyField } from '../server/modules/registry/registry.repo.ts';
import { runMatch } from '../server/modules/matching/matching.service.ts';
import { birthDateFromId, checkIdNumber, genderFromId } from '../common/id-number.ts';
import { cleanCell } from '../common/text.ts';
import { filesFor, MIX, pct, readAll, REGISTRY_CATEGORIES, ROOT, type Files } from './match.ts';

const PG_URL = process.env.JINENG_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:54329/postgres';
const COPY_ROWS = 100_000;
const PROVINCE = '53';

export interface InAppArgs {
  registrySize: number;
  records: number;
  db: 'postgres' | 'pglite' | 'both';
  scope: 'training' | 'registry';
}

/** Where the bench database lives (passed to the child processes as JSON). */
interface Target {
  kind: 'postgres' | 'pglite';
  url?: string;
  dir?: string;
  registrySize: number;
  records: number;
  scope: 'training' | 'registry';
}

interface LoadReport {
  loadSeconds: number;
  snapshotId: number;
  registryRows: number;
  persons: number;
  rejectedInvalid: number;
  rejectedDuplicate: number;
  rejectedByCategory: Record<string, number>;
}

interface CategoryRow {
  n: number;
  exact: number;
  corrected_id: number;
  fuzzy: number;
  conflict: number;
  none: number;
  auto: number;
  correct: number;
  wrongAuto: number;
}

interface MatchReport {
  matchSeconds: number;
  maxRssMb: number;
  counts: Record<string, unknown>;
  results: number;
  hashJoinSeconds: number[];
  hashJoinRows: number;
  auto: number;
  autoCorrect: number;
  truthPersons: number;
  truthPersonsAll: number;
  found: number;
  foundAuto: number;
  conflicts: number;
  conflictsAll: number;
  conflictsCaught: number;
  byCategory: Record<string, CategoryRow>;
}

function log(msg: string): void {
  process.stderr.write(`${msg}\n`);
}

function seconds(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function open(t: Target): Promise<Database> {
  return t.kind === 'postgres' ? openDatabase({ databaseUrl: t.url, timeoutMs: 600_000 }) : openDatabase({ dataDir: t.dir, timeoutMs: 600_000 });
}

// --- child "load" ------------------------------------------------------------------------

async function load(t: Target, key: string): Promise<LoadReport> {
  const t0 = process.hrtime.bigint();
  const files = filesFor(t.registrySize, t.records);
  const pii = createPiiCipher(key);
  const database = await open(t);
  try {
    await migrate(database);
    const { db } = database;
    const snap = await db
      .insertInto('poverty_snapshots')
      .values({ province_code: PROVINCE, source: 'bench', file_name: files.reg, imported_at: new Date(), imported_by: null, is_current: true })
      .returning('id')
      .executeTakeFirstOrThrow();

    // Registry snapshot, as loadSnapshot writes it.
    const regCols = ['snapshot_id', 'row_no', 'province_code', 'id_hash', 'id_enc', 'name', 'household_no', 'relation', 'region_code', 'status_text'];
    let rowNo = 0;
    let invalid = 0;
    let buf: string[] = [];
    const flushReg = async (): Promise<void> => {
      if (buf.length === 0) return;
      await database.copyFrom('poverty_registry', regCols, `${buf.join('\n')}\n`);
      buf = [];
    };
    const pending: string[][] = [];
    await readAll(files.reg, (c) => pending.push(c));
    for (const c of pending) {
      rowNo++;
      const raw = cleanCell(c[0] ?? '');
      const id = checkIdNumber(raw);
      if (!id.ok) invalid++;
      const opt = (s: string | undefined): string => copyField(cleanCell(s ?? '') || null);
      buf.push([String(snap.id), String(rowNo), PROVINCE, id.ok ? pii.blindIndex(id.id) : '\\N', pii.encrypt(id.ok ? id.id : raw), copyField(cleanCell(c[1] ?? '')), opt(c[3]), opt(c[4]), opt(c[5]), opt(c[6])].join('\t'));
      if (buf.length >= COPY_ROWS) await flushReg();
    }
    await flushReg();
    pending.length = 0;
    await db.updateTable('poverty_snapshots').set({ row_count: rowNo, invalid_rows: invalid }).where('id', '=', snap.id).execute();
    log(`  登记库快照已载入 ${rowNo} 行（${seconds(t0).toFixed(1)} 秒）`);

    // Records as persons (what the import would accept), remark = record number.
    const truthCat: string[] = [];
    await readAll(files.truth, (c) => truthCat.push(c[1]));
    const personCols = ['province_code', 'id_hash', 'id_enc', 'id_head', 'id_tail', 'name', 'gender', 'birth_date', 'nationality', 'address', 'region_code', 'remark', 'source'];
    const seen = new Set<string>();
    const rejectedByCategory: Record<string, number> = {};
    let rejectedInvalid = 0;
    let rejectedDuplicate = 0;
    let persons = 0;
    const recRows: string[][] = [];
    await readAll(files.rec, (c) => recRows.push(c));
    for (let i = 0; i < recRows.length; i++) {
      const c = recRows[i];
      const id = checkIdNumber(c[2] ?? '');
      const name = cleanCell(c[1] ?? '');
      const reject = (dup: boolean): void => {
        if (dup) rejectedDuplicate++;
        else rejectedInvalid++;
        rejectedByCategory[truthCat[i]] = (rejectedByCategory[truthCat[i]] ?? 0) + 1;
      };
      if (!id.ok || name === '') {
        reject(false);
        continue;
      }
      if (seen.has(id.id)) {
        reject(true);
        continue;
      }
      seen.add(id.id);
      const rec = cleanCell(c[5] ?? '');
      const region = /^\d{12}$/.test(rec) ? rec : `${id.id.slice(0, 6)}000000`;
      buf.push([region.slice(0, 2), pii.blindIndex(id.id), pii.encrypt(id.id), id.id.slice(0, 6), id.id.slice(14), copyField(name), genderFromId(id.id), birthDateFromId(id.id), '汉族', '', region, c[0], 'import'].join('\t'));
      persons++;
      if (buf.length >= COPY_ROWS) {
        await database.copyFrom('persons', personCols, `${buf.join('\n')}\n`);
        buf = [];
      }
    }
    if (buf.length) await database.copyFrom('persons', personCols, `${buf.join('\n')}\n`);
    buf = [];
    log(`  记录已作为人员载入 ${persons} 人（${seconds(t0).toFixed(1)} 秒）`);

    if (t.scope === 'training') {
      await db.insertInto('regions').values({ code: PROVINCE, name: '云南省', level: 1, parent_code: null, province_code: PROVINCE }).onConflict((oc) => oc.column('code').doNothing()).execute();
      await db.insertInto('occupations').values({ code: 'bench', gbt6565: null, name: '基准测试工种', category: 'bench', key_industry: false }).execute();
      const classIds: number[] = [];
      for (const name of ['昭通技师学院', '镇雄县职业技术学校']) {
        const org = await db.insertInto('organisations').values({ kind: 'school', name, region_code: PROVINCE, province_code: PROVINCE }).returning('id').executeTakeFirstOrThrow();
        const k = await db
          .insertInto('classes')
          .values({ province_code: PROVINCE, region_code: PROVINCE, org_id: org.id, name: `${name}基准班`, occupation_code: 'bench', training_type: 'employment_skills', key_group: false, mode: 'offline', level: null, standard_fen: null, filed_at: null, reviewed_by: null, reviewed_at: null, review_comment: null, start_date: '2025-03-01', end_date: '2025-06-30', venue: '教学楼', teachers: '张老师', planned_size: 1000, status: 'approved' })
          .returning('id')
          .executeTakeFirstOrThrow();
        classIds.push(k.id);
      }
      const traineeCols = ['province_code', 'class_id', 'person_id', 'enrolled_at', 'channel', 'registered_before_start'];
      let after = 0;
      for (;;) {
        const rows = await db.selectFrom('persons').select(['id', 'province_code']).where('id', '>', after).orderBy('id').limit(COPY_ROWS).execute();
        if (rows.length === 0) break;
        const tsv = rows.map((p) => [p.province_code, String(classIds[p.id % 2]), String(p.id), '2025-03-01 08:00:00+08', 'institution', 't'].join('\t'));
        await database.copyFrom('class_trainees', traineeCols, `${tsv.join('\n')}\n`);
        after = rows[rows.length - 1].id;
      }
      log(`  学员已编入 2 个班（${seconds(t0).toFixed(1)} 秒）`);
    }
    await sql`ANALYZE`.execute(db);
    return { loadSeconds: seconds(t0), snapshotId: snap.id, registryRows: rowNo, persons, rejectedInvalid, rejectedDuplicate, rejectedByCategory };
  } finally {
    await database.close();
  }
}

// --- child "match" -----------------------------------------------------------------------

async function hashJoin(database: Database, snapshotId: number): Promise<{ seconds: number; rows: number }> {
  // A bare hash join of the same keys: the persons' blind index against the snapshot's.
  return database.db.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_mergejoin = off`.execute(trx);
    await sql`SET LOCAL enable_nestloop = off`.execute(trx);
    const t0 = process.hrtime.bigint();
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM persons p JOIN poverty_registry r ON r.id_hash = p.id_hash WHERE r.snapshot_id = ${snapshotId}`.execute(trx);
    return { seconds: seconds(t0), rows: r.rows[0].n };
  });
}

async function matchAndScore(t: Target, key: string, snapshotId: number): Promise<MatchReport> {
  const files = filesFor(t.registrySize, t.records);
  const pii = createPiiCipher(key);
  const database = await open(t);
  try {
    const { db } = database;
    const actor = systemActor('bench');
    // What startMatchRun inserts before it hands over to runMatch.
    const run = await db
      .insertInto('match_runs')
      .values({ snapshot_id: snapshotId, scope: t.scope, region_code: actor.regionCode, started_by: actor.userId, started_at: new Date(), finished_at: null, status: 'running', counts: JSON.stringify({}), error: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const t0 = process.hrtime.bigint();
    await runMatch({ database, pii }, actor, run.id);
    const matchSeconds = seconds(t0);
    const maxRssMb = process.resourceUsage().maxRSS / 1024;
    const done = await db.selectFrom('match_runs').select(['status', 'counts', 'total', 'done']).where('id', '=', run.id).executeTakeFirstOrThrow();
    if (done.status !== 'succeeded') throw new Error(`比对任务状态 ${done.status}`);
    log(`  比对任务完成：${matchSeconds.toFixed(1)} 秒，${JSON.stringify(done.counts)}`);

    // Scoring (not timed).
    const truth: { cat: string; id: string }[] = [];
    await readAll(files.truth, (c) => truth.push({ cat: c[1], id: c[2] }));
    const regIds: string[] = [];
    await readAll(files.reg, (c) => regIds.push(c[0]));
    const rep: MatchReport = {
      matchSeconds,
      maxRssMb,
      counts: done.counts as Record<string, unknown>,
      results: 0,
      hashJoinSeconds: [],
      hashJoinRows: 0,
      auto: 0,
      autoCorrect: 0,
      truthPersons: 0,
      truthPersonsAll: truth.filter((x) => x.cat !== 'conflict' && x.id !== '').length,
      found: 0,
      foundAuto: 0,
      conflicts: 0,
      conflictsAll: truth.filter((x) => x.cat === 'conflict').length,
      conflictsCaught: 0,
      byCategory: {},
    };
    let after = 0;
    for (;;) {
      const rows = await db
        .selectFrom('match_results as m')
        .innerJoin('persons as p', 'p.id', 'm.person_id')
        .select(['m.id', 'm.tier', 'm.registry_row_no', 'm.review_status', 'p.remark'])
        .where('m.run_id', '=', run.id)
        .where('m.id', '>', after)
        .orderBy('m.id')
        .limit(50_000)
        .execute();
      if (rows.length === 0) break;
      after = rows[rows.length - 1].id;
      for (const r of rows) {
        rep.results++;
        const tr = truth[Number((r.remark ?? '').slice(1)) - 1];
        const regId = r.registry_row_no !== null ? regIds[r.registry_row_no - 1] : '';
        const auto = r.review_status === 'auto';
        const matched = r.tier === 'exact' || r.tier === 'corrected_id' || r.tier === 'fuzzy';
        const row = (rep.byCategory[tr.cat] ??= { n: 0, exact: 0, corrected_id: 0, fuzzy: 0, conflict: 0, none: 0, auto: 0, correct: 0, wrongAuto: 0 });
        row.n++;
        row[r.tier]++;
        if (auto) {
          row.auto++;
          rep.auto++;
        }
        if (tr.cat === 'conflict') {
          rep.conflicts++;
          if (r.tier === 'conflict') rep.conflictsCaught++;
          if (auto) row.wrongAuto++;
        } else {
          if (auto) {
            if (tr.id !== '' && regId === tr.id) rep.autoCorrect++;
            else row.wrongAuto++;
          }
          if (tr.id !== '') {
            rep.truthPersons++;
            if (matched && regId === tr.id) {
              rep.found++;
              row.correct++;
            }
            if (auto && regId === tr.id) rep.foundAuto++;
          }
        }
      }
    }
    for (let i = 0; i < 2; i++) {
      const h = await hashJoin(database, snapshotId);
      rep.hashJoinSeconds.push(h.seconds);
      rep.hashJoinRows = h.rows;
    }
    return rep;
  } finally {
    await database.close();
  }
}

// --- orchestration -------------------------------------------------------------------------

function child(phase: 'load' | 'match', t: Target, key: string, snapshotId = 0): Promise<string> {
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
  return new Promise((resolve, reject) => {
    const p = spawn(tsx, [fileURLToPath(import.meta.url), phase, JSON.stringify(t), String(snapshotId)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, JINENG_BENCH_KEY: key } });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(out.trim().split('\n').pop() ?? '') : reject(new Error(`${phase} 子进程退出码 ${code}`))));
  });
}

async function withTarget<T>(kind: 'postgres' | 'pglite', a: InAppArgs, fn: (t: Target) => Promise<T>): Promise<T> {
  const base = { registrySize: a.registrySize, records: a.records, scope: a.scope };
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'jineng-bench-match-'));
    try {
      return await fn({ kind, dir, ...base });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const name = `jineng_bench_match_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
  await admin.end();
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  try {
    return await fn({ kind, url: u.toString(), ...base });
  } finally {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  }
}

function table(a: InAppArgs, kind: string, l: LoadReport, m: MatchReport): string {
  const lines: string[] = [];
  const target = kind === 'postgres' ? '≤ 10 s（1M × 10M）' : '≤ 20 s（1M × 10M）';
  const hj = Math.min(...m.hashJoinSeconds);
  lines.push(`## match --in-app (${kind}, scope ${a.scope}): ${a.records} 条记录 × ${a.registrySize} 人登记库`);
  lines.push('');
  lines.push('| 指标 | 数值 | 目标 |');
  lines.push('| --- | --- | --- |');
  lines.push(`| 载入（不计时）：快照行 / 入库人员 / 被拒（身份证号无效）/ 重复 | ${l.registryRows} / ${l.persons} / ${l.rejectedInvalid} / ${l.rejectedDuplicate}（${l.loadSeconds.toFixed(1)} s） | |`);
  lines.push(`| 比对任务墙钟时间（runMatch） | ${m.matchSeconds.toFixed(1)} s | ${target} |`);
  lines.push(`| 记录/秒 | ${Math.round(m.results / m.matchSeconds).toLocaleString('en-US')} | |`);
  lines.push(`| 峰值 RSS（比对子进程，maxRSS） | ${m.maxRssMb.toFixed(0)} MB | |`);
  lines.push(`| 参考：同库裸哈希连接 persons.id_hash = poverty_registry.id_hash（count，2 次取快） | ${hj.toFixed(2)} s（${m.hashJoinSeconds.map((s) => s.toFixed(2)).join(' / ')}；${m.hashJoinRows} 行） | |`);
  lines.push(`| 比对 / 哈希连接 | ${(m.matchSeconds / hj).toFixed(1)} 倍 | |`);
  lines.push(`| 自动采纳准确率（review_status = auto） | ${pct(m.autoCorrect, m.auto)}（${m.auto - m.autoCorrect} 错 / ${m.auto}） | ≥ 99.9 % |`);
  lines.push(`| 召回率（入库记录中找到正确的人） | ${pct(m.found, m.truthPersons)}（${m.found} / ${m.truthPersons}） | ≥ 97 % |`);
  lines.push(`| 召回率（全部 REC 记录，入库被拒计为未找到） | ${pct(m.found, m.truthPersonsAll)}（${m.found} / ${m.truthPersonsAll}） | |`);
  lines.push(`| 自动采纳召回率（入库记录） | ${pct(m.foundAuto, m.truthPersons)} | |`);
  lines.push(`| 冲突检出（入库 / 全部 REC） | ${m.conflictsCaught} / ${m.conflicts}（REC 共 ${m.conflictsAll}） | 全部 |`);
  lines.push(`| 任务计数 | \`${JSON.stringify(m.counts)}\` | |`);
  lines.push('');
  lines.push('| 类别 | 入库 | 入库被拒 | exact | corrected_id | fuzzy | conflict | none | 自动采纳 | 找到正确的人 | 自动采纳错误 |');
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [cat] of MIX) {
    const r = m.byCategory[cat];
    const rej = l.rejectedByCategory[cat] ?? 0;
    if (!r && !rej) continue;
    const truthHasPerson = REGISTRY_CATEGORIES.has(cat) && cat !== 'conflict' && cat !== 'same_name_other_birth';
    if (!r) {
      lines.push(`| ${cat} | 0 | ${rej} | | | | | | | | |`);
      continue;
    }
    lines.push(`| ${cat} | ${r.n} | ${rej} | ${r.exact} | ${r.corrected_id} | ${r.fuzzy} | ${r.conflict} | ${r.none} | ${r.auto} | ${truthHasPerson ? r.correct : '—'} | ${r.wrongAuto} |`);
  }
  return lines.join('\n');
}

/** Entry from bench/match.ts (`--in-app`); the generated files must exist. */
export async function runInApp(a: InAppArgs, files: Files): Promise<void> {
  for (const f of [files.reg, files.rec, files.truth]) if (!existsSync(f)) throw new Error(`缺少 ${f}`);
  const kinds: ('postgres' | 'pglite')[] = a.db === 'both' ? ['postgres', 'pglite'] : [a.db];
  const key = randomBytes(32).toString('hex');
  for (const kind of kinds) {
    log(`${kind}: 载入…`);
    const text = await withTarget(kind, a, async (t) => {
      const l = JSON.parse(await child('load', t, key)) as LoadReport;
      log(`${kind}: 比对…`);
      const m = JSON.parse(await child('match', t, key, l.snapshotId)) as MatchReport;
      return table(a, kind, l, m);
    });
    process.stdout.write(`${text}\n\n`);
  }
}

// Child process entry: tsx bench/match-in-app.ts <load|match> <target JSON> <snapshot id>
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [phase, json, snap] = process.argv.slice(2);
  const t = JSON.parse(json) as Target;
  const key = process.env.JINENG_BENCH_KEY ?? '';
  if (t.kind === 'pglite' && t.dir) mkdirSync(t.dir, { recursive: true });
  const result = phase === 'load' ? await load(t, key) : await matchAndScore(t, key, Number(snap));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
