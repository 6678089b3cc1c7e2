/**
 * Contract test of `jineng import persons` / `jineng export persons` (contracts.md §1): the
 * real CLI (`node bin/jineng.js`) in a child process against a temporary JINENG_DATA
 * directory, exactly as the outside acceptance checks drive it — exit codes, the summary as
 * the last stdout line, the report file, and what the registry holds afterwards (read back
 * through `export persons --unmasked`).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { openDatabase } from '../../db/database.ts';
import { openTable } from '../../lib/tabular/index.ts';
import { buildXlsx, buildZip } from '../../lib/tabular/test-support.ts';
import { makeIdNumber, makeRng } from '../../test/fake-people.ts';
import { testDbKinds } from '../../test/databases.ts';
import { officialRegionCode } from '../../../common/region.ts';
import {
  contractRows,
  delimitedText,
  expectedReport,
  expectedSummary,
  FULL_HEADER,
  groupReport,
  isGbkSafe,
  MESSY_LAYOUT,
  OFFICIAL_LAYOUT,
  writeDelimited,
  writeExcelJs,
  type ContractRow,
  type Layout,
  type StoredPerson,
} from '../../modules/registry/fixtures/contract-dataset.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const bin = join(root, 'bin', 'jineng.js');
const work = mkdtempSync(join(tmpdir(), 'jineng-cli-import-'));
const template = join(work, 'template-data');

const SUMMARY_KEYS = ['total', 'imported', 'updated', 'unchanged', 'rejected', 'report'];
const REPORT_HEADER = ['行号', '列', '值', '错误', '代码'];
const ROWS = contractRows();
const CLI_TIMEOUT = 120_000;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The last stdout line, parsed. */
  last: Record<string, unknown>;
}

/** Runs `node bin/jineng.js …` with JINENG_DATA=dataDir (and no DATABASE_URL unless given). */
async function cli(args: string[], dataDir: string, env: Record<string, string> = {}): Promise<CliResult> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, JINENG_DATA: dataDir, ...env };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  delete childEnv.JINENG_SECRET_KEY;
  delete childEnv.JINENG_IMPORT_MAX_ROWS;
  if (env.JINENG_IMPORT_MAX_ROWS) childEnv.JINENG_IMPORT_MAX_ROWS = env.JINENG_IMPORT_MAX_ROWS;
  const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const [code] = (await once(child, 'close')) as [number];
  const lines = stdout.trim().split('\n');
  let last: Record<string, unknown> = {};
  try {
    last = JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
  } catch {
    throw new Error(`last stdout line is not JSON (exit ${code}):\n${stdout}\n${stderr}`);
  }
  return { code, stdout, stderr, last };
}

let dirs = 0;
/**
 * A fresh, migrated data directory (a copy of the template: migrating takes seconds), removed
 * when the test ends (concurrent tests pass their own context's onTestFinished).
 */
function freshData(finished: (fn: () => void) => void = onTestFinished): string {
  const d = join(work, `data-${dirs++}`);
  cpSync(template, d, { recursive: true });
  finished(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

/** At most `n` holders at a time (the concurrent format tests run two CLI pipelines at once). */
function semaphore(n: number): () => Promise<() => void> {
  let free = n;
  const waiting: (() => void)[] = [];
  return async () => {
    if (free > 0) free--;
    else await new Promise<void>((r) => waiting.push(r));
    return () => {
      const next = waiting.shift();
      if (next) next();
      else free++;
    };
  };
}
const formatSlot = semaphore(2);

let files = 0;
function file(name: string): string {
  return join(work, `${files++}-${name}`);
}

async function readTable(path: string): Promise<{ header: string[]; rows: string[][] }> {
  const t = await openTable(path);
  const rows: string[][] = [];
  for await (const b of t.rows()) for (const r of b) rows.push(r.cells);
  return { header: t.header, rows };
}

/** Export (CSV or XLSX) → rows keyed by template column. */
async function exportPersons(dataDir: string, opts: { unmasked?: boolean; region?: string; ext?: '.csv' | '.xlsx' } = {}): Promise<{ out: string; rows: Record<string, string>[]; result: CliResult }> {
  const out = file(`export${opts.ext ?? '.csv'}`);
  const args = ['export', 'persons', '--out', out];
  if (opts.unmasked) args.push('--unmasked');
  if (opts.region) args.push('--region', opts.region);
  const result = await cli(args, dataDir);
  expect(result.code, result.stderr).toBe(0);
  const t = await readTable(out);
  expect(t.header).toEqual([...FULL_HEADER]);
  return { out, result, rows: t.rows.map((cells) => Object.fromEntries(t.header.map((h, i) => [h, cells[i] ?? '']))) };
}

/** What export --unmasked must show for a stored person (formula-like cells get a leading '). */
function exportedView(p: StoredPerson): Record<string, string> {
  const esc = (s: string | null): string => (s === null ? '' : /^[=+\-@]/.test(s) ? `'${s}` : s);
  return {
    姓名: p.name,
    性别: p.gender,
    民族: p.nationality,
    扶贫卡编号: esc(p.povertyCardNo),
    身份证号: p.idNumber,
    联系电话: esc(p.phone),
    家庭详细地址: esc(p.address),
    拟就读技工院校: esc(p.schoolWish),
    户编号: esc(p.householdNo),
    所在地区代码: p.regionCode === '' ? '' : officialRegionCode(p.regionCode),
    备注: esc(p.remark),
  };
}

function pick(row: Record<string, string>, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [k, row[k]]));
}

beforeAll(async () => {
  const r = await cli(['db', 'migrate'], template);
  if (r.code !== 0) throw new Error(`db migrate failed: ${r.stderr}`);
}, CLI_TIMEOUT);
afterAll(() => rmSync(work, { recursive: true, force: true }), CLI_TIMEOUT);

interface FormatCase {
  name: string;
  ext: string;
  layout: Layout;
  rows: ContractRow[];
  write(path: string): Promise<void>;
}

const GBK_ROWS = ROWS.filter(isGbkSafe);
const GBK_LAYOUT: Layout = { ...MESSY_LAYOUT, header: MESSY_LAYOUT.header.map((h) => h.replace('\u00a0', ' ')) };
const FORMATS: FormatCase[] = [
  { name: 'CSV UTF-8 with BOM (official header as is)', ext: '.csv', layout: OFFICIAL_LAYOUT, rows: ROWS, write: async (p) => writeDelimited(p, delimitedText(ROWS, OFFICIAL_LAYOUT, ','), 'utf8-bom') },
  { name: 'CSV UTF-8 without BOM (shuffled, spaced and full-width header; blank rows before it)', ext: '.csv', layout: MESSY_LAYOUT, rows: ROWS, write: async (p) => writeDelimited(p, delimitedText(ROWS, MESSY_LAYOUT, ','), 'utf8') },
  { name: 'CSV GB18030', ext: '.csv', layout: OFFICIAL_LAYOUT, rows: ROWS, write: async (p) => writeDelimited(p, delimitedText(ROWS, OFFICIAL_LAYOUT, ','), 'gb18030') },
  { name: 'CSV GBK (messy header)', ext: '.csv', layout: GBK_LAYOUT, rows: GBK_ROWS, write: async (p) => writeDelimited(p, delimitedText(GBK_ROWS, GBK_LAYOUT, ','), 'gbk') },
  { name: 'TSV (messy header)', ext: '.tsv', layout: MESSY_LAYOUT, rows: ROWS, write: async (p) => writeDelimited(p, delimitedText(ROWS, MESSY_LAYOUT, '\t'), 'utf8') },
  { name: 'XLSX written by ExcelJS (formula cell with a cached value, blank rows before the header)', ext: '.xlsx', layout: MESSY_LAYOUT, rows: ROWS, write: (p) => writeExcelJs(p, ROWS, MESSY_LAYOUT) },
  {
    name: 'XLSX written by LibreOffice Calc',
    ext: '.xlsx',
    layout: OFFICIAL_LAYOUT,
    rows: ROWS,
    write: async (p) => copyFileSync(join(root, 'server', 'modules', 'registry', 'fixtures', 'registry-libreoffice.xlsx'), p),
  },
];

describe('jineng import persons (contracts.md §1)', () => {
  // Formats run two at a time: each is three CLI processes on its own data directory.
  describe.concurrent('in every accepted format', () => {
    for (const f of FORMATS) {
      it(`imports ${f.name}: every row rule, the report, the stored values, and an unchanged re-import`, { timeout: CLI_TIMEOUT * 8 }, async ({ expect, onTestFinished: finished }) => {
        const release = await formatSlot();
        finished(release);
        const data = freshData(finished);
        const input = file(`contract${f.ext}`);
        await f.write(input);
        const report = file('report.csv');
        const res = await cli(['import', 'persons', input, '--report', report], data);
        expect(res.code, res.stderr).toBe(3);
        expect(Object.keys(res.last)).toEqual(SUMMARY_KEYS);
        expect(res.last).toEqual({ ...expectedSummary(f.rows), report });
        expect(res.stderr).toMatch(/[\u4e00-\u9fff]/); // human progress on stderr

        const rep = await readTable(report);
        expect(rep.header).toEqual(REPORT_HEADER);
        expect(groupReport(rep.rows)).toEqual(expectedReport(f.rows, f.layout));

        // Stored values, read back through the unmasked export.
        const exp = await exportPersons(data, { unmasked: true });
        const accepted = f.rows.filter((r) => r.stored);
        expect(exp.rows).toHaveLength(accepted.length);
        const byId = new Map(exp.rows.map((r) => [r['身份证号'], r]));
        for (const r of accepted) {
          const want = exportedView(r.stored!);
          const got = byId.get(r.stored!.idNumber);
          expect(got && pick(got, Object.keys(want)), r.label).toEqual(want);
        }

        const again = await cli(['import', 'persons', input, '--report', file('report2.csv')], data);
        const s = expectedSummary(f.rows);
        expect({ ...again.last, report: null }).toEqual({ ...s, imported: 0, unchanged: s.imported, report: null });
      });
    }
  });

  it('writes the report to FILE.errors.xlsx by default, with the spreadsheet row numbers', { timeout: CLI_TIMEOUT }, async () => {
    const data = freshData();
    const input = file('default-report.xlsx');
    await writeExcelJs(input, ROWS, MESSY_LAYOUT);
    const res = await cli(['import', 'persons', input], data);
    expect(res.code).toBe(3);
    expect(res.last.report).toBe(`${input}.errors.xlsx`);
    const rep = await readTable(`${input}.errors.xlsx`);
    expect(rep.header).toEqual(REPORT_HEADER);
    // Header on row 3 (two blank rows above it): the first data row is row 4.
    expect(groupReport(rep.rows)).toEqual(expectedReport(ROWS, MESSY_LAYOUT));
    expect(Math.min(...rep.rows.map((r) => Number(r[0])))).toBeGreaterThanOrEqual(4);
  });

  it('exits 0 with report null for a clean file, and 0 with the warning reported for a 15-digit number', { timeout: CLI_TIMEOUT }, async () => {
    const data = freshData();
    const good = ROWS.filter((r) => r.codes.length === 0 && !r.warnings);
    const input = file('clean.csv');
    writeDelimited(input, delimitedText(good, { ...OFFICIAL_LAYOUT, blankAfter: -1 }, ','), 'utf8');
    const res = await cli(['import', 'persons', input], data);
    expect(res.code, res.stderr).toBe(0);
    expect(res.last).toEqual({ total: good.length, imported: good.length, updated: 0, unchanged: 0, rejected: 0, report: null });
    expect(existsSync(`${input}.errors.xlsx`)).toBe(false);

    // A 15-digit number only warns: imported, exit 0, the warning in the report.
    const legacy = ROWS.filter((r) => r.warnings && r.codes.length === 0);
    const warnFile = file('warn.csv');
    writeDelimited(warnFile, delimitedText(legacy, { ...OFFICIAL_LAYOUT, blankAfter: -1 }, ','), 'utf8');
    const warn = await cli(['import', 'persons', warnFile, '--report', file('warn-report.csv')], data);
    expect(warn.code).toBe(0);
    expect(warn.last).toMatchObject({ total: legacy.length, imported: legacy.length, rejected: 0 });
    const rep = await readTable(String(warn.last.report));
    expect(rep.rows.map((r) => r[4])).toEqual(legacy.map(() => 'id.legacy15'));
  });

  it('writes nothing with --all-or-nothing when a row fails', { timeout: CLI_TIMEOUT }, async () => {
    const data = freshData();
    const input = file('aon.csv');
    writeDelimited(input, delimitedText(ROWS, OFFICIAL_LAYOUT, ','), 'utf8');
    const res = await cli(['import', 'persons', input, '--all-or-nothing', '--report', file('aon.csv')], data);
    expect(res.code).toBe(3);
    const s = expectedSummary(ROWS);
    expect(res.last).toMatchObject({ total: s.total, imported: 0, updated: 0, unchanged: 0, rejected: s.rejected });
    expect((await exportPersons(data)).rows).toEqual([]);
  });

  it('upserts by ID number with a change-log entry, never a second person', { timeout: CLI_TIMEOUT * 2 }, async () => {
    const data = freshData();
    const rng = makeRng(99);
    const id = makeIdNumber({ region: '530627', gender: '男', birthDate: '1985-06-01' }, rng);
    const first = file('v1.csv');
    writeDelimited(first, `姓名,性别,民族,身份证号,家庭详细地址,联系电话\n杨建国,男,汉,${id},镇雄县旧址,13812345678\n`, 'utf8');
    expect((await cli(['import', 'persons', first], data)).last).toMatchObject({ imported: 1 });
    const second = file('v2.csv');
    writeDelimited(second, `身份证号,姓名,性别,民族,家庭详细地址\n${id},杨建国,1,汉族,镇雄县新址\n`, 'utf8');
    const res = await cli(['import', 'persons', second], data);
    expect(res.code).toBe(0);
    expect(res.last).toEqual({ total: 1, imported: 0, updated: 1, unchanged: 0, rejected: 0, report: null });
    const exp = await exportPersons(data, { unmasked: true });
    expect(exp.rows.map((r) => pick(r, ['身份证号', '家庭详细地址', '联系电话']))).toEqual([{ 身份证号: id, 家庭详细地址: '镇雄县新址', 联系电话: '13812345678' }]);

    const database = await openDatabase({ dataDir: data, lock: true });
    try {
      const changes = await database.db.selectFrom('person_changes').selectAll().execute();
      expect(changes).toHaveLength(1);
      expect(changes[0].changes).toEqual({ address: ['镇雄县旧址', '镇雄县新址'] });
      expect(changes[0].source).toBe('import');
      const persons = await database.db.selectFrom('persons').select('id').execute();
      expect(persons).toHaveLength(1);
    } finally {
      await database.close();
    }
  });

  it('exits 2 and writes nothing for files it cannot import', { timeout: CLI_TIMEOUT * 4 }, async () => {
    const data = freshData();
    const expectRefused = async (path: string, pattern: RegExp, env: Record<string, string> = {}): Promise<void> => {
      const res = await cli(['import', 'persons', path], data, env);
      expect(res.code, `${path}: ${res.stderr}`).toBe(2);
      expect(res.last).toHaveProperty('error');
      expect(res.stderr).toMatch(pattern);
    };
    await expectRefused(join(work, 'does-not-exist.csv'), /不存在/);
    const xls = file('old.xls');
    writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    await expectRefused(xls, /\.xls/);
    const pdf = file('form.pdf');
    writeFileSync(pdf, '%PDF-1.4');
    await expectRefused(pdf, /不支持/);
    const garbage = file('broken.xlsx');
    writeFileSync(garbage, 'this is not a zip archive, just text with an xlsx name');
    await expectRefused(garbage, /xlsx/);
    const missing = file('missing-column.csv');
    writeDelimited(missing, '姓名,性别,民族,家庭详细地址\n张三,男,汉,地址\n', 'utf8');
    await expectRefused(missing, /身份证号/);

    // The row cap (JINENG_IMPORT_MAX_ROWS): refused up front with a clear message.
    const capped = file('capped.csv');
    writeDelimited(capped, delimitedText(ROWS, OFFICIAL_LAYOUT, ','), 'utf8');
    await expectRefused(capped, /上限/, { JINENG_IMPORT_MAX_ROWS: '10' });

    // A zip bomb: a 64 MiB sheet of spaces deflates ~1000:1.
    const bomb = file('bomb.xlsx');
    writeFileSync(bomb, buildXlsx({ sheet: `<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>${' '.repeat(64 << 20)}` }));
    await expectRefused(bomb, /压缩/);
    // Zip slip: an entry escaping the extraction directory.
    const slip = file('slip.xlsx');
    writeFileSync(slip, buildZip([{ name: '../../etc/evil.xml', data: '<x/>' }, { name: 'xl/workbook.xml', data: '<workbook/>' }]));
    await expectRefused(slip, /路径/);

    expect((await exportPersons(data)).rows).toEqual([]);
  });
});

describe('jineng export persons (contracts.md §1)', () => {
  let data: string;
  beforeAll(async () => {
    data = freshData(() => undefined); // shared by the tests below; removed with the work directory
    const input = file('registry.csv');
    writeDelimited(input, delimitedText(ROWS, OFFICIAL_LAYOUT, ','), 'utf8');
    const res = await cli(['import', 'persons', input, '--report', file('r.csv')], data);
    expect(res.code).toBe(3);
  }, CLI_TIMEOUT);

  it('masks ID numbers unless --unmasked, and audits the unmasked export', { timeout: CLI_TIMEOUT * 2 }, async () => {
    const masked = await exportPersons(data);
    const accepted = ROWS.filter((r) => r.stored);
    expect(masked.rows).toHaveLength(accepted.length);
    for (const r of masked.rows) expect(r['身份证号']).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    const ids = new Set(accepted.map((r) => `${r.stored!.idNumber.slice(0, 6)}********${r.stored!.idNumber.slice(14)}`));
    expect(new Set(masked.rows.map((r) => r['身份证号']))).toEqual(ids);
    const text = (await readTable(masked.out)).rows.flat().join('\n');
    for (const r of accepted) expect(text).not.toContain(r.stored!.idNumber);

    const unmasked = await exportPersons(data, { unmasked: true, ext: '.xlsx' });
    expect(new Set(unmasked.rows.map((r) => r['身份证号']))).toEqual(new Set(accepted.map((r) => r.stored!.idNumber)));

    const database = await openDatabase({ dataDir: data, lock: true });
    try {
      const audit = await database.db.selectFrom('audit_log').select(['action']).execute();
      const actions = audit.map((a) => a.action);
      expect(actions.filter((a) => a === 'registry.export_unmasked')).toHaveLength(1);
      expect(actions).toContain('registry.export');
    } finally {
      await database.close();
    }
  });

  it('filters by --region and writes the normalised values', { timeout: CLI_TIMEOUT * 2 }, async () => {
    const zx = await exportPersons(data, { unmasked: true, region: '530627' });
    const want = ROWS.filter((r) => r.stored && r.stored.regionCode.startsWith('530627')).map((r) => r.stored!.idNumber);
    expect(want.length).toBeGreaterThan(5);
    expect(zx.rows.map((r) => r['身份证号']).sort()).toEqual(want.sort());
    for (const r of zx.rows) expect(r['所在地区代码'].startsWith('530627')).toBe(true);
    const ld = await exportPersons(data, { region: '530621' });
    expect(ld.rows.length).toBe(ROWS.filter((r) => r.stored && r.stored.regionCode.startsWith('530621')).length);
    // Normalised: X upper case, 15 digits converted, · in names, half-width digits.
    const all = (await exportPersons(data, { unmasked: true })).rows;
    const ids = all.map((r) => r['身份证号']);
    for (const id of ids) expect(id).toMatch(/^\d{17}[\dX]$/);
    expect(all.map((r) => r['姓名'])).toEqual(expect.arrayContaining(['阿依古丽·买买提', '热合曼·艾则孜', '古丽娜尔·吾斯曼', '帕提古丽·托合提', '赵大勇']));
    // Formula-like cells are exported with a leading apostrophe.
    const f = all.find((r) => r['姓名'] === '公式人')!;
    expect(pick(f, ['备注', '扶贫卡编号', '拟就读技工院校', '家庭详细地址'])).toEqual({ 备注: "'=SUM(1,2)", 扶贫卡编号: "'-KP7", 拟就读技工院校: "'+昭通技师学院", 家庭详细地址: "'@镇雄县某村" });
  });

  for (const ext of ['.csv', '.xlsx'] as const) {
    it(`re-imports its own unmasked ${ext} export with every row unchanged`, { timeout: CLI_TIMEOUT * 2 }, async () => {
      const exp = await exportPersons(data, { unmasked: true, ext });
      const res = await cli(['import', 'persons', exp.out], data);
      expect(res.code, res.stderr).toBe(0);
      expect(res.last).toEqual({ total: exp.rows.length, imported: 0, updated: 0, unchanged: exp.rows.length, rejected: 0, report: null });
    });
  }
});

// testDbKinds() fails in CI without TEST_DATABASE_URL and warns loudly elsewhere.
describe.runIf(testDbKinds().includes('postgres'))('jineng import/export persons on PostgreSQL (DATABASE_URL)', () => {
  it('imports, reports, re-imports unchanged and round-trips an export', { timeout: CLI_TIMEOUT * 4 }, async () => {
    const pg = await import('pg');
    const admin = new pg.default.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    const name = `jineng_cli_${Date.now().toString(36)}`;
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
    const url = new URL(process.env.TEST_DATABASE_URL as string);
    url.pathname = `/${name}`;
    const env = { DATABASE_URL: url.toString() };
    const data = mkdtempSync(join(work, 'pg-key-'));
    try {
      const input = file('pg.xlsx');
      await writeExcelJs(input, ROWS, MESSY_LAYOUT);
      const report = file('pg-report.csv');
      const res = await cli(['import', 'persons', input, '--report', report], data, env);
      expect(res.code, res.stderr).toBe(3);
      expect(res.last).toEqual({ ...expectedSummary(ROWS), report });
      expect(groupReport((await readTable(report)).rows)).toEqual(expectedReport(ROWS, MESSY_LAYOUT));
      const out = file('pg-export.csv');
      const exp = await cli(['export', 'persons', '--out', out, '--unmasked'], data, env);
      expect(exp.code, exp.stderr).toBe(0);
      const again = await cli(['import', 'persons', out], data, env);
      const accepted = ROWS.filter((r) => r.stored).length;
      expect(again.last).toEqual({ total: accepted, imported: 0, updated: 0, unchanged: accepted, rejected: 0, report: null });
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
