/**
 * `npm run bench -- import [--rows N] [--runs R] [--formats csv,xlsx,lo] [--dbs pglite,postgres] [--keep] [--generate-only]`
 *
 * quality.md §2: registry import of a generated file (default 1M rows) through the real CLI
 * (`node bin/jineng.js import persons`) into a fresh PGlite directory and a fresh PostgreSQL
 * database (BENCH_DATABASE_URL or TEST_DATABASE_URL; skipped with a message when absent),
 * with the unique ID index in place. Each import runs under `/usr/bin/time -v` for the peak
 * RSS. In the same run, a raw COPY of the same rows into a bare table gives the ceiling the
 * import is compared with. Figures are medians over the runs.
 *
 * Files are cached in bench/out/ (gitignored): import-N.csv, import-N.xlsx (ExcelJS streaming
 * writer, shared strings like Excel) and, with `lo` in --formats, import-N-lo.xlsx converted by
 * LibreOffice.
 */
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { PGlite } from '@electric-sql/pglite';
import { makeChineseName, makeIdNumber, makeRng, FAKE_REGIONS } from '../server/test/fake-people.ts';
import { openTable } from '../server/lib/tabular/index.ts';
import { openDatabase, type Database } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { createPiiCipher } from '../server/lib/pii-crypto.ts';
import { mapHeader, parsePersonRow } from '../server/modules/registry/rules/person-row.ts';
import { personCopyLine } from '../server/modules/registry/import.service.ts';
import { PERSON_COPY_COLUMNS } from '../server/modules/registry/registry.repo.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'bench', 'out');
const HEADER = ['序号', '姓名', '性别', '民族', '扶贫卡编号', '身份证号', '联系电话', '家庭详细地址', '拟就读技工院校'];
const NATIONS = ['汉族', '汉族', '汉族', '汉族', '彝族', '苗族', '回族', '汉'];
const SCHOOLS = ['昭通技师学院', '云南技师学院', '昭通市高级技工学校', ''];
const SECRET = 'b'.repeat(64);

interface Args {
  rows: number;
  runs: number;
  formats: string[];
  dbs: string[];
  keep: boolean;
  /** Only generate (cache) the files. */
  generateOnly: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { rows: 1_000_000, runs: 1, formats: ['csv', 'xlsx'], dbs: ['pglite', 'postgres'], keep: false, generateOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1];
    if (k === '--rows') a.rows = Number(v);
    else if (k === '--runs') a.runs = Number(v);
    else if (k === '--formats') a.formats = v.split(',');
    else if (k === '--dbs') a.dbs = v.split(',');
    else if (k === '--keep' || k === '--generate-only') {
      if (k === '--keep') a.keep = true;
      else a.generateOnly = true;
      continue;
    } else throw new Error(`未知参数 ${k}`);
    i++;
  }
  if (!Number.isInteger(a.rows) || a.rows < 1) throw new Error('--rows 应为正整数');
  if (!Number.isInteger(a.runs) || a.runs < 1) throw new Error('--runs 应为正整数');
  for (const d of a.dbs) if (d !== 'pglite' && d !== 'postgres') throw new Error(`--dbs 只能是 pglite、postgres: ${d}`);
  for (const f of a.formats) if (!['csv', 'xlsx', 'lo'].includes(f)) throw new Error(`--formats 只能是 csv、xlsx、lo: ${f}`);
  return a;
}

/**
 * The generated registry: unique valid ID numbers by construction (region × birth date ×
 * sequence), 0.1 % rows with a wrong check digit (rejected: the report path is exercised).
 */
function* people(n: number): Generator<string[]> {
  const rng = makeRng(2024);
  const base = Date.UTC(1950, 0, 1);
  const regions = FAKE_REGIONS.length;
  for (let i = 0; i < n; i++) {
    const male = rng() < 0.5;
    const j = Math.floor(i / regions);
    const birth = new Date(base + (j % 18_000) * 86_400_000).toISOString().slice(0, 10);
    let id = makeIdNumber({ region: FAKE_REGIONS[i % regions], birthDate: birth, gender: male ? '男' : '女', seq: Math.floor(j / 18_000) % 500 }, rng);
    if (i % 1000 === 999) id = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    yield [
      String(i + 1),
      makeChineseName(rng),
      male ? '男' : '女',
      NATIONS[i % NATIONS.length],
      `KP${String(i + 1).padStart(9, '0')}`,
      id,
      i % 5 === 0 ? '' : `1${3 + (i % 7)}${String(Math.floor(rng() * 1e9)).padStart(9, '0')}`,
      `云南省昭通市镇雄县乌峰镇${i % 97}村${i % 13}组${i}号`,
      SCHOOLS[i % SCHOOLS.length],
    ];
  }
}

function csvLine(cells: string[]): string {
  return cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',') + '\r\n';
}

async function writeCsv(path: string, n: number): Promise<void> {
  const tmp = `${path}.tmp`;
  const out = createWriteStream(tmp);
  let buf = '\ufeff' + csvLine(HEADER);
  for (const row of people(n)) {
    buf += csvLine(row);
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
  renameSync(tmp, path);
}

async function writeXlsx(path: string, n: number): Promise<void> {
  const tmp = `${path}.tmp.xlsx`;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useSharedStrings: true, useStyles: false });
  const ws = wb.addWorksheet('登记表');
  ws.addRow(HEADER).commit();
  for (const row of people(n)) ws.addRow([Number(row[0]), ...row.slice(1)]).commit();
  ws.commit();
  await wb.commit();
  renameSync(tmp, path);
}

function writeLibreOffice(csv: string, path: string): void {
  const work = mkdtempSync(join(tmpdir(), 'jineng-bench-lo-'));
  try {
    const types = HEADER.map((_h, i) => `${i + 1}/${i === 0 ? 1 : 2}`).join('/');
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${work}/profile`, `--infilter=CSV:44,34,76,1,${types}`, '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', work, csv], { stdio: 'inherit' });
    const produced = join(work, csv.replace(/^.*\//, '').replace(/\.csv$/, '.xlsx'));
    renameSync(produced, path);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function ensureFiles(a: Args): Promise<Record<string, string>> {
  mkdirSync(outDir, { recursive: true });
  const files: Record<string, string> = {};
  const csv = join(outDir, `import-${a.rows}.csv`);
  if (!existsSync(csv)) {
    const t = Date.now();
    await writeCsv(csv, a.rows);
    log(`生成 ${csv}（${((Date.now() - t) / 1000).toFixed(1)} 秒）`);
  }
  files.csv = csv;
  if (a.formats.includes('xlsx')) {
    const x = join(outDir, `import-${a.rows}.xlsx`);
    if (!existsSync(x)) {
      const t = Date.now();
      await writeXlsx(x, a.rows);
      log(`生成 ${x}（${((Date.now() - t) / 1000).toFixed(1)} 秒）`);
    }
    files.xlsx = x;
  }
  if (a.formats.includes('lo')) {
    const x = join(outDir, `import-${a.rows}-lo.xlsx`);
    if (!existsSync(x)) {
      const t = Date.now();
      writeLibreOffice(csv, x);
      log(`生成 ${x}（LibreOffice，${((Date.now() - t) / 1000).toFixed(1)} 秒）`);
    }
    files.lo = x;
  }
  return files;
}

function log(m: string): void {
  process.stderr.write(`${m}\n`);
}

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  wallS: number;
  maxRssMb: number | null;
}

/** Runs the CLI (under /usr/bin/time -v when present) and collects its figures. */
async function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  const cmd = timeBin ?? process.execPath;
  const argv = timeBin ? ['-v', process.execPath, join(root, 'bin', 'jineng.js'), ...args] : [join(root, 'bin', 'jineng.js'), ...args];
  const started = process.hrtime.bigint();
  const child = spawn(cmd, argv, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const [code] = (await once(child, 'close')) as [number];
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  return { code, stdout, stderr, wallS, maxRssMb: m ? Number(m[1]) / 1024 : null };
}

/** The import's own duration, as the CLI reports it (excludes process start and database open). */
function importSeconds(stderr: string): number | null {
  const m = /用时 ([\d.]+) 秒/.exec(stderr);
  return m ? Number(m[1]) : null;
}

interface Target {
  kind: 'pglite' | 'postgres';
  env: NodeJS.ProcessEnv;
  /** Raw COPY of the rows (TSV chunks) into a bare table; returns seconds. */
  rawCopy(tsvChunks: string[], withIndex: boolean): Promise<number>;
  /** The migrated database of this target (for the persons-table ceiling). */
  open(): Promise<Database>;
  dispose(): Promise<void>;
}

async function pgliteTarget(a: Args): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'jineng-bench-pglite-'));
  return {
    kind: 'pglite',
    env: { JINENG_DATA: dir },
    async rawCopy(chunks, withIndex) {
      const rawDir = mkdtempSync(join(tmpdir(), 'jineng-bench-raw-'));
      const db = await PGlite.create({ dataDir: rawDir, relaxedDurability: true });
      try {
        await db.exec(`CREATE TABLE raw_persons (name text, gender text, nationality text, card text, id_number text COLLATE "C", phone text, address text, school text)`);
        if (withIndex) await db.exec('CREATE UNIQUE INDEX ON raw_persons (id_number)');
        const t = process.hrtime.bigint();
        for (const tsv of chunks) {
          await db.query(`COPY raw_persons FROM '/dev/blob'`, [], { blob: new Blob([tsv]) });
        }
        return Number(process.hrtime.bigint() - t) / 1e9;
      } finally {
        await db.close();
        rmSync(rawDir, { recursive: true, force: true });
      }
    },
    open: () => openDatabase({ dataDir: dir, timeoutMs: 600_000 }),
    async dispose() {
      if (!a.keep) rmSync(dir, { recursive: true, force: true });
      else log(`保留 PGlite 目录 ${dir}`);
    },
  };
}

async function postgresTarget(url: string): Promise<Target> {
  const name = `jineng_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const dbUrl = u.toString();
  const dataDir = mkdtempSync(join(tmpdir(), 'jineng-bench-pgdata-'));
  return {
    kind: 'postgres',
    env: { DATABASE_URL: dbUrl, JINENG_DATA: dataDir },
    async rawCopy(chunks, withIndex) {
      const c = new pg.Client({ connectionString: dbUrl });
      await c.connect();
      try {
        await c.query('DROP TABLE IF EXISTS raw_persons');
        await c.query(`CREATE TABLE raw_persons (name text, gender text, nationality text, card text, id_number text COLLATE "C", phone text, address text, school text)`);
        if (withIndex) await c.query('CREATE UNIQUE INDEX ON raw_persons (id_number)');
        const t = process.hrtime.bigint();
        const stream = c.query(copyFrom('COPY raw_persons FROM STDIN'));
        await pipeline(Readable.from(chunks), stream);
        const s = Number(process.hrtime.bigint() - t) / 1e9;
        await c.query('DROP TABLE raw_persons');
        return s;
      } finally {
        await c.end();
      }
    },
    open: () => openDatabase({ databaseUrl: dbUrl, timeoutMs: 600_000 }),
    async dispose() {
      rmSync(dataDir, { recursive: true, force: true });
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** The CSV's rows as TSV text in chunks of ≈ 32 MB (PGlite wants COPY chunks ≤ 64 MB), built before timing. */
async function tsvChunks(csv: string): Promise<string[]> {
  const out: string[] = [];
  const t = await openTable(csv);
  let buf = '';
  for await (const batch of t.rows()) {
    for (const r of batch) buf += `${r.cells.slice(1).join('\t')}\n`;
    if (buf.length > 16 << 20) {
      out.push(buf);
      buf = '';
    }
  }
  if (buf) out.push(buf);
  return out;
}

/**
 * The rows as the import writes them into persons (validated, blind index, ciphertext, pinyin),
 * as COPY text in chunks of 50,000 rows — prepared before timing.
 */
async function personChunks(csv: string): Promise<{ chunks: string[]; rows: number }> {
  const pii = createPiiCipher(SECRET);
  const t = await openTable(csv);
  const { map } = mapHeader(t.header);
  const seen = new Set<string>();
  const chunks: string[] = [];
  let lines: string[] = [];
  let rows = 0;
  for await (const batch of t.rows()) {
    for (const r of batch) {
      const rec = parsePersonRow(r.cells, map).record;
      if (!rec || seen.has(rec.idNumber)) continue;
      seen.add(rec.idNumber);
      lines.push(personCopyLine(rec, pii.blindIndex(rec.idNumber), pii.encrypt(rec.idNumber), rec.idNumber.slice(0, 6), null, 1));
      rows++;
      if (lines.length === 50_000) {
        chunks.push(`${lines.join('\n')}\n`);
        lines = [];
      }
    }
  }
  if (lines.length) chunks.push(`${lines.join('\n')}\n`);
  return { chunks, rows };
}

/** Ceiling for this schema: COPY of prepared rows into persons (unique blind index and the 4 other indexes). */
async function personsCopy(target: Target, prepared: { chunks: string[]; rows: number }): Promise<number> {
  const database = await target.open();
  try {
    await migrate(database);
    const t = process.hrtime.bigint();
    for (const c of prepared.chunks) await database.copyFrom('persons', [...PERSON_COPY_COLUMNS], c);
    return prepared.rows / (Number(process.hrtime.bigint() - t) / 1e9);
  } finally {
    await database.close();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((p, q) => p - q);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const GOALS: Record<string, string> = {
  'csv/postgres': '≥ 250,000',
  'csv/pglite': '≥ 150,000',
  'xlsx/postgres': '≥ 60,000',
  'xlsx/pglite': '≥ 60,000',
  'lo/postgres': '≥ 60,000',
  'lo/pglite': '≥ 60,000',
};

export async function run(argv: string[]): Promise<void> {
  const a = parseArgs(argv);
  const files = await ensureFiles(a);
  if (a.generateOnly) return;
  const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const dbs = a.dbs.filter((d) => {
    if (d === 'postgres' && !pgUrl) {
      log('未设置 BENCH_DATABASE_URL / TEST_DATABASE_URL：跳过 PostgreSQL');
      return false;
    }
    return true;
  });
  const baseEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    JINENG_SECRET_KEY: SECRET,
    JINENG_IMPORT_MAX_ROWS: String(Math.max(a.rows, 200_000)),
    JINENG_DB_TIMEOUT_MS: '60000',
  };

  const table: string[][] = [];
  for (const db of dbs) {
    // The ceiling: raw COPY of the same rows into a bare table (no index / unique index).
    const probe = db === 'pglite' ? await pgliteTarget(a) : await postgresTarget(pgUrl as string);
    const rawNo: number[] = [];
    const rawIdx: number[] = [];
    const chunks = await tsvChunks(files.csv);
    for (let r = 0; r < a.runs; r++) {
      rawNo.push(a.rows / (await probe.rawCopy(chunks, false)));
      rawIdx.push(a.rows / (await probe.rawCopy(chunks, true)));
    }
    await probe.dispose();
    const raw = median(rawNo);
    table.push(['raw COPY, bare 8-column table (no index / unique index)', db, a.rows.toLocaleString('en'), '', `${Math.round(raw).toLocaleString('en')} / ${Math.round(median(rawIdx)).toLocaleString('en')}`, '1.00', '', '']);
    // The ceiling of this schema: prepared person rows COPYed into persons with all its indexes.
    const prepared = await personChunks(files.csv);
    const ceil: number[] = [];
    for (let r = 0; r < a.runs; r++) {
      const t = db === 'pglite' ? await pgliteTarget(a) : await postgresTarget(pgUrl as string);
      try {
        ceil.push(await personsCopy(t, prepared));
      } finally {
        await t.dispose();
      }
    }
    const persons = median(ceil);
    table.push(['COPY of prepared rows into persons (5 indexes)', db, prepared.rows.toLocaleString('en'), '', Math.round(persons).toLocaleString('en'), (persons / raw).toFixed(2), '', '']);

    for (const fmt of Object.keys(files).filter((f) => a.formats.includes(f))) {
      const rates: number[] = [];
      const walls: number[] = [];
      const rss: number[] = [];
      let summary = '';
      for (let r = 0; r < a.runs; r++) {
        const target = db === 'pglite' ? await pgliteTarget(a) : await postgresTarget(pgUrl as string);
        try {
          const env = { ...baseEnv, ...target.env };
          const mig = await runCli(['db', 'migrate'], env);
          if (mig.code !== 0) throw new Error(`db migrate 失败: ${mig.stderr}`);
          const report = join(tmpdir(), `jineng-bench-report-${randomBytes(3).toString('hex')}.csv`);
          const res = await runCli(['import', 'persons', files[fmt], '--report', report], env);
          rmSync(report, { force: true });
          if (res.code !== 0 && res.code !== 3) throw new Error(`导入失败 (${res.code}): ${res.stderr.slice(-2000)}`);
          summary = res.stdout.trim().split('\n').pop() ?? '';
          const secs = importSeconds(res.stderr) ?? res.wallS;
          rates.push(a.rows / secs);
          walls.push(res.wallS);
          if (res.maxRssMb !== null) rss.push(res.maxRssMb);
          log(`${fmt} → ${db} 第 ${r + 1} 次: ${Math.round(a.rows / secs).toLocaleString('en')} 行/秒（导入 ${secs.toFixed(1)} 秒，进程 ${res.wallS.toFixed(1)} 秒，RSS ${res.maxRssMb?.toFixed(0) ?? '?'} MB） ${summary}`);
        } finally {
          await target.dispose();
        }
      }
      const rate = median(rates);
      table.push([
        `import ${fmt === 'lo' ? 'xlsx (LibreOffice)' : fmt === 'xlsx' ? 'xlsx (ExcelJS)' : 'csv'}`,
        db,
        a.rows.toLocaleString('en'),
        `${median(walls).toFixed(1)}`,
        Math.round(rate).toLocaleString('en'),
        `${(rate / raw).toFixed(2)} (${(rate / persons).toFixed(2)} of persons COPY)`,
        rss.length ? `${Math.round(Math.max(...rss))}` : 'n/a',
        GOALS[`${fmt}/${db}`] ?? '',
      ]);
    }
  }

  const header = ['job', 'db', 'rows', 'process s', 'rows/s (median)', 'vs raw COPY', 'peak RSS MB', 'goal rows/s'];
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  process.stdout.write(`\n${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${table.map(line).join('\n')}\n`);
  process.stdout.write(`\nruns: ${a.runs} (median); files: ${Object.values(files).map((f) => `${f} (${(statSync(f).size / 1e6).toFixed(0)} MB)`).join(', ')}\n`);
}

// Also runnable directly: npx tsx bench/import.ts --rows 100000
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await run(process.argv.slice(2));
}
