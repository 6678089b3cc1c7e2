/**
 * The registry import contract (contracts.md §1) at service level, on PGlite and PostgreSQL:
 * every rule in every accepted format, upserts with a change log, idempotent re-imports,
 * all-or-nothing, the row cap, and resuming an interrupted job.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, testDbKinds, type TestDatabase } from '../../test/databases.ts';
import { TEST_PII } from '../../test/test-app.ts';
import { makeChineseName, makeIdNumber, makeRng } from '../../test/fake-people.ts';
import { systemActor, type Actor } from '../../http/actor.ts';
import { openTable } from '../../lib/tabular/index.ts';
import { importPersons, ImportInputError, REPORT_HEADER, type ImportOptions } from './import.service.ts';
import {
  CODE_COLUMN,
  contractRows,
  delimitedText,
  expectedReport,
  expectedSummary,
  groupReport,
  isGbkSafe,
  MESSY_LAYOUT,
  OFFICIAL_LAYOUT,
  writeDelimited,
  writeExcelJs,
  type ContractRow,
  type Layout,
  type StoredPerson,
  type TextFormat,
} from './fixtures/contract-dataset.ts';

const here = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'jineng-import-int-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROWS = contractRows();

interface FormatCase {
  name: string;
  layout: Layout;
  rows: ContractRow[];
  write(path: string): Promise<void>;
  ext: string;
}

function textCase(name: string, format: TextFormat, layout: Layout, delim: ',' | '\t', rows = ROWS): FormatCase {
  return {
    name,
    layout,
    rows,
    ext: delim === ',' ? '.csv' : '.tsv',
    write: async (p) => writeDelimited(p, delimitedText(rows, layout, delim), format),
  };
}

const GBK_ROWS = ROWS.filter(isGbkSafe);
/** NBSP has no GBK code: the GBK file's messy header uses plain and ideographic spaces only. */
const GBK_LAYOUT: Layout = { ...MESSY_LAYOUT, header: MESSY_LAYOUT.header.map((h) => h.replace('\u00a0', ' ')) };
const FORMATS: FormatCase[] = [
  textCase('CSV UTF-8 with BOM, official header', 'utf8-bom', OFFICIAL_LAYOUT, ','),
  textCase('CSV UTF-8 without BOM, messy header', 'utf8', MESSY_LAYOUT, ','),
  textCase('CSV GB18030, official header', 'gb18030', OFFICIAL_LAYOUT, ','),
  textCase('CSV GBK, messy header', 'gbk', GBK_LAYOUT, ',', GBK_ROWS),
  textCase('TSV UTF-8, messy header', 'utf8', MESSY_LAYOUT, '\t'),
  { name: 'XLSX written by ExcelJS, messy header', layout: MESSY_LAYOUT, rows: ROWS, ext: '.xlsx', write: (p) => writeExcelJs(p, ROWS, MESSY_LAYOUT) },
  {
    name: 'XLSX written by LibreOffice, official header',
    layout: OFFICIAL_LAYOUT,
    rows: ROWS,
    ext: '.xlsx',
    write: async (p) => copyFileSync(join(here, 'fixtures', 'registry-libreoffice.xlsx'), p),
  },
];

let seq = 0;
function tmp(ext: string): string {
  return join(dir, `f${seq++}${ext}`);
}

async function readTable(path: string): Promise<{ header: string[]; rows: string[][] }> {
  const t = await openTable(path);
  const rows: string[][] = [];
  for await (const b of t.rows()) for (const r of b) rows.push(r.cells);
  return { header: t.header, rows };
}

/** Persons as stored, keyed by ID number (decrypted). */
async function storedPersons(database: TestDatabase): Promise<Map<string, StoredPerson & { id: number; version: number }>> {
  const rows = await database.db
    .selectFrom('persons as p')
    .leftJoin('households as h', 'h.id', 'p.household_id')
    .selectAll('p')
    .select('h.household_no')
    .orderBy('p.id')
    .execute();
  const out = new Map<string, StoredPerson & { id: number; version: number }>();
  for (const r of rows) {
    const idNumber = TEST_PII.decrypt(r.id_enc);
    if (out.has(idNumber)) throw new Error(`duplicate person ${idNumber}`);
    out.set(idNumber, {
      id: r.id,
      version: r.version,
      idNumber,
      name: r.name,
      gender: r.gender as '男' | '女',
      nationality: r.nationality,
      phone: r.phone,
      address: r.address,
      povertyCardNo: r.poverty_card_no,
      schoolWish: r.school_wish,
      regionCode: r.region_code,
      remark: r.remark,
      householdNo: r.household_no,
    });
  }
  return out;
}

async function resetRegistry(database: TestDatabase): Promise<void> {
  await sql`DELETE FROM import_problems`.execute(database.db);
  await sql`DELETE FROM person_changes`.execute(database.db);
  await sql`DELETE FROM persons`.execute(database.db);
  await sql`DELETE FROM households`.execute(database.db);
}

describe.each(testDbKinds())('registry import contract on %s', (kind) => {
  let database: TestDatabase;
  const opts = (filePath: string, extra: Partial<ImportOptions> = {}): ImportOptions => ({
    db: database.db,
    pii: TEST_PII,
    actor: systemActor('test'),
    filePath,
    maxRows: 200_000,
    ...extra,
  });

  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.dispose();
  });
  beforeEach(async () => {
    await resetRegistry(database);
  });

  for (const f of FORMATS) {
    it(`applies every row rule to ${f.name}`, async () => {
      const file = tmp(f.ext);
      await f.write(file);
      const report = tmp('.csv');
      const res = await importPersons(opts(file, { reportPath: report }));
      const { jobId, ...summary } = res;
      expect(jobId).toBeGreaterThan(0);
      expect(summary).toEqual({ ...expectedSummary(f.rows), report });

      const rep = await readTable(report);
      expect(rep.header).toEqual(REPORT_HEADER);
      expect(groupReport(rep.rows)).toEqual(expectedReport(f.rows, f.layout));
      for (const [, col, , message, code] of rep.rows) {
        if (CODE_COLUMN[code]) expect(col).toBe(CODE_COLUMN[code]);
        expect(message).toMatch(/[\u4e00-\u9fff]/);
      }

      const stored = await storedPersons(database);
      const accepted = f.rows.filter((r) => r.stored);
      expect(stored.size).toBe(accepted.length);
      for (const r of accepted) {
        const { id: _id, version: _v, ...p } = stored.get(r.stored!.idNumber) ?? ({ id: 0, version: 0 } as StoredPerson & { id: number; version: number });
        expect(p, r.label).toEqual(r.stored);
      }

      // Re-importing the same file changes nothing.
      const before = await database.db.selectFrom('persons').select(['id', 'version', 'updated_at']).orderBy('id').execute();
      const again = await importPersons(opts(file, { reportPath: tmp('.csv') }));
      const expected = expectedSummary(f.rows);
      expect({ ...again, jobId: 0, report: null }).toEqual({ ...expected, imported: 0, unchanged: expected.imported, jobId: 0, report: null });
      expect(await database.db.selectFrom('persons').select(['id', 'version', 'updated_at']).orderBy('id').execute()).toEqual(before);
      const changes = await database.db.selectFrom('person_changes').select('id').execute();
      expect(changes).toEqual([]);
    });
  }

  it('updates a person already in the registry with a change-log entry, never a second person', async () => {
    const rng = makeRng(7);
    const idNumber = makeIdNumber({ region: '530627', gender: '女' }, rng);
    const first = tmp('.csv');
    writeDelimited(first, `姓名,性别,民族,身份证号,家庭详细地址,联系电话\n李梅,女,汉,${idNumber},旧地址,13800000000\n`, 'utf8');
    expect((await importPersons(opts(first))).imported).toBe(1);
    const second = tmp('.csv');
    writeDelimited(second, `姓名,性别,民族,身份证号,家庭详细地址,联系电话\n李梅,女,汉,${idNumber.toLowerCase()},新地址,\n`, 'utf8');
    const res = await importPersons(opts(second));
    expect(res).toMatchObject({ total: 1, imported: 0, updated: 1, unchanged: 0, rejected: 0, report: null });
    const stored = await storedPersons(database);
    expect(stored.size).toBe(1);
    const p = stored.get(idNumber)!;
    // An empty cell never erases a stored value.
    expect(p).toMatchObject({ address: '新地址', phone: '13800000000' });
    expect(p.version).toBe(2);
    const changes = await database.db.selectFrom('person_changes').selectAll().execute();
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ person_id: p.id, source: 'import', job_id: res.jobId });
    expect(changes[0].changes).toEqual({ address: ['旧地址', '新地址'] });
  });

  it('retries an optimistic chunk that meets a person already in the registry as updates', async () => {
    const rng = makeRng(21);
    const people = Array.from({ length: 6 }, (_v, i) => ({ id: makeIdNumber({ region: '530621', gender: '男' }, rng), name: makeChineseName(rng), i }));
    const line = (p: (typeof people)[number], address: string): string => `${p.name},男,汉,${p.id},${address}`;
    const known = tmp('.csv');
    writeDelimited(known, ['姓名,性别,民族,身份证号,家庭详细地址', ...people.slice(4).map((p) => line(p, '旧址'))].join('\n'), 'utf8');
    await importPersons(opts(known));
    // Chunks of two: the first two chunks are all new (the writer turns optimistic), the third meets known persons.
    const file = tmp('.csv');
    writeDelimited(file, ['姓名,性别,民族,身份证号,家庭详细地址', ...people.map((p) => line(p, '新址'))].join('\n'), 'utf8');
    const res = await importPersons(opts(file, { chunkSize: 2 }));
    expect(res).toMatchObject({ total: 6, imported: 4, updated: 2, unchanged: 0, rejected: 0 });
    const stored = await storedPersons(database);
    expect(stored.size).toBe(6);
    for (const p of people) expect(stored.get(p.id)?.address).toBe('新址');
    expect(await database.db.selectFrom('person_changes').select('person_id').execute()).toHaveLength(2);
  });

  it('lets two imports of the same file run at once without a second person', async () => {
    const rng = makeRng(5);
    const lines = ['姓名,性别,民族,身份证号,家庭详细地址'];
    for (let i = 0; i < 3000; i++) lines.push(`${makeChineseName(rng)},女,汉,${makeIdNumber({ gender: '女' }, rng)},地址${i}`);
    const file = tmp('.csv');
    writeDelimited(file, lines.join('\n'), 'utf8');
    const [a, b] = await Promise.all([importPersons(opts(file, { chunkSize: 250 })), importPersons(opts(file, { chunkSize: 250 }))]);
    for (const r of [a, b]) expect(r.imported + r.updated + r.unchanged + r.rejected).toBe(3000);
    const valid = 3000 - a.rejected;
    expect(a.imported + b.imported).toBe(valid);
    expect(a.updated + b.updated).toBe(0);
    expect((await storedPersons(database)).size).toBe(valid);
  });

  it('writes nothing with allOrNothing when any row fails, and everything when none does', async () => {
    const file = tmp('.csv');
    writeDelimited(file, delimitedText(ROWS, OFFICIAL_LAYOUT, ','), 'utf8');
    const report = tmp('.xlsx');
    const res = await importPersons(opts(file, { allOrNothing: true, reportPath: report }));
    const exp = expectedSummary(ROWS);
    expect(res).toMatchObject({ total: exp.total, imported: 0, updated: 0, unchanged: 0, rejected: exp.rejected, report });
    expect((await storedPersons(database)).size).toBe(0);
    expect(groupReport((await readTable(report)).rows)).toEqual(expectedReport(ROWS, OFFICIAL_LAYOUT));

    const good = ROWS.filter((r) => r.codes.length === 0);
    const clean = tmp('.csv');
    writeDelimited(clean, delimitedText(good, { ...OFFICIAL_LAYOUT, blankAfter: -1 }, ','), 'utf8');
    const ok = await importPersons(opts(clean, { allOrNothing: true }));
    expect(ok).toMatchObject({ total: good.length, imported: good.length, rejected: 0 });
    expect((await storedPersons(database)).size).toBe(good.length);
  });

  it('keeps a county user inside the county, also with allOrNothing', async () => {
    const rng = makeRng(33);
    const foreign = makeIdNumber({ region: '530627', gender: '男' }, rng);
    const seed = tmp('.csv');
    writeDelimited(seed, `姓名,性别,民族,身份证号,家庭详细地址\n镇雄人,男,汉,${foreign},镇雄县\n`, 'utf8');
    await importPersons(opts(seed));
    const ludian: Actor = { userId: null, username: 'ld', displayName: '鲁甸县人社局', role: 'hr_county', regionCode: '530621', orgId: null, personId: null, ip: null };
    const mine = makeIdNumber({ region: '530621', gender: '女' }, rng);
    const other = makeIdNumber({ region: '530602', gender: '女' }, rng);
    const file = tmp('.csv');
    writeDelimited(
      file,
      ['姓名,性别,民族,身份证号,家庭详细地址,所在地区代码', `镇雄人,男,汉,${foreign},改到鲁甸,`, `鲁甸人,女,汉,${mine},鲁甸县,`, `昭阳人,女,汉,${other},昭阳区,530602`].join('\n'),
      'utf8',
    );
    const aon = await importPersons(opts(file, { actor: ludian, allOrNothing: true, reportPath: tmp('.csv') }));
    expect(aon).toMatchObject({ total: 3, imported: 0, rejected: 2 });
    expect(groupReport((await readTable(aon.report!)).rows)).toEqual(
      new Map([
        [2, ['row.out_of_scope']],
        [4, ['region.out_of_scope']],
      ]),
    );
    expect((await storedPersons(database)).size).toBe(1);

    const res = await importPersons(opts(file, { actor: ludian, reportPath: null }));
    expect(res).toMatchObject({ total: 3, imported: 1, updated: 0, rejected: 2 });
    const stored = await storedPersons(database);
    expect(stored.get(foreign)?.address).toBe('镇雄县');
    expect(stored.get(mine)?.regionCode).toBe('530621');
    expect(stored.has(other)).toBe(false);
  });

  it('refuses a file over the row cap before writing anything', async () => {
    const rng = makeRng(11);
    const lines = ['姓名,性别,民族,身份证号,家庭详细地址'];
    for (let i = 0; i < 5000; i++) {
      lines.push(`${makeChineseName(rng)},男,汉,${makeIdNumber({ gender: '男' }, rng)},地址${i}`);
    }
    const file = tmp('.csv');
    writeDelimited(file, lines.join('\n'), 'utf8');
    const err = await importPersons(opts(file, { maxRows: 4999 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportInputError);
    expect((err as Error).message).toMatch(/4999/);
    expect((await storedPersons(database)).size).toBe(0);
    const ok = await importPersons(opts(file, { maxRows: 5000 }));
    expect(ok.imported + ok.rejected).toBe(5000);
  });

  it('refuses files it cannot import with ImportInputError', async () => {
    const missing = tmp('.csv');
    writeDelimited(missing, '姓名,性别,民族,家庭详细地址\n张三,男,汉,地址\n', 'utf8');
    await expect(importPersons(opts(missing))).rejects.toThrow(/身份证号/);
    await expect(importPersons(opts(join(dir, 'nope.csv')))).rejects.toBeInstanceOf(ImportInputError);
    await expect(importPersons(opts(join(dir, 'x.xls')))).rejects.toBeInstanceOf(ImportInputError);
    const notZip = tmp('.xlsx');
    writeDelimited(notZip, 'this is not a zip file at all', 'utf8');
    await expect(importPersons(opts(notZip))).rejects.toBeInstanceOf(ImportInputError);
    expect(await database.db.selectFrom('persons').select('id').execute()).toEqual([]);
  });
});
