/**
 * Registry import (contracts.md §1), shared by the CLI, the API and the web wizard.
 *
 * Pipeline: the file is streamed (openTable); each row is validated (parsePersonRow), checked
 * for duplicates within the file and given its blind index; valid rows gather into chunks.
 * Each chunk is written in ONE transaction together with its problems and the job's progress
 * (`jobs.done`): new persons by COPY, changed persons by one set-based UPDATE plus their
 * change-log entries. A crash therefore loses nothing and re-running the job resumes after
 * the last committed chunk. While a chunk is being written the next one is prepared, so that
 * with PostgreSQL the database and Node work at the same time.
 *
 * Re-importing the same file changes nothing (upsert by blind index, diffed field by field).
 * Files over the row cap are refused before anything is written.
 */
import fs from 'node:fs';
import { extname } from 'node:path';
import type { Kysely, Transaction } from 'kysely';
import type { DB, PersonRow } from '../../db/tables.ts';
import { AppError } from '../../../common/errors.ts';
import { canonicalRegionCode, regionInScope } from '../../../common/region.ts';
import type { Actor } from '../../http/actor.ts';
import { actorRegionScope } from '../../db/scope.ts';
import { now, today } from '../../clock.ts';
import { openTable, writeTable, TableError, type TableReader, type TableRow } from '../../lib/tabular/index.ts';
import { ZipArchive } from '../../lib/tabular/zip.ts';
import type { PiiCipher } from '../../lib/pii-crypto.ts';
import { namePinyin } from '../../lib/pinyin.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { mapHeader, parsePersonRow, type ColumnMap, type PersonRecord, type RowProblem } from './rules/person-row.ts';
import { checkIdNumber } from '../../../common/id-number.ts';
import { diffPerson } from './person-fields.ts';
import {
  copyField,
  copyRows,
  insertImportProblems,
  insertPersonChanges,
  personsByHash,
  PERSON_COPY_COLUMNS,
  regionsByHash,
  updatePersons,
  upsertHouseholds,
  type ImportProblemRow,
  type PersonChangeRow,
  type PersonUpdate,
} from './registry.repo.ts';

/**
 * Rows per transaction. Large enough to amortise the per-chunk queries and the commit (5,000
 * and 10,000 measure the same speed), small enough to keep two chunks in memory well inside
 * the RSS goal and each statement far inside the 5 s statement timeout on a busy server.
 */
export const IMPORT_CHUNK = 5_000;

export interface ImportSummary {
  total: number;
  imported: number;
  updated: number;
  unchanged: number;
  rejected: number;
  report: string | null;
}

export interface ImportOptions {
  db: Kysely<DB>;
  pii: PiiCipher;
  actor: Actor;
  filePath: string;
  /** Name shown in the job and audit (the upload's original name). */
  fileName?: string;
  allOrNothing?: boolean;
  /** Report path (.xlsx or .csv); default FILE.errors.xlsx; null: keep problems in the database only. */
  reportPath?: string | null;
  maxRows: number;
  /** Resume this job (after a crash) instead of creating a new one. */
  jobId?: number;
  onProgress?: (p: { rows: number; summary: ImportSummary }) => void;
  /** Rows per transaction (tests use small chunks); default IMPORT_CHUNK. */
  chunkSize?: number;
  /** Test hooks: `beforeChunkCommit` runs inside each chunk's transaction; throwing rolls the chunk back. */
  testHooks?: { beforeChunkCommit?: (chunkIndex: number) => void | Promise<void> };
}

interface Counters {
  total: number;
  imported: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

/** A valid row waiting for its chunk's transaction. */
interface PendingRow {
  rowNumber: number;
  record: PersonRecord;
  hash: string;
  /** Ciphertext computed ahead of the transaction (when most rows of the file are new). */
  enc: string | null;
}

interface Chunk {
  index: number;
  rows: PendingRow[];
  problems: ImportProblemRow[];
  /** File rows the chunk covers (valid + rejected): what `jobs.done` advances by. */
  fileRows: number;
  rejected: number;
}

/** Thrown for a file that cannot be imported at all (CLI exit 2, HTTP 400/422). */
export class ImportInputError extends AppError {
  constructor(message: string) {
    super('import.rejected', message);
  }
}

function defaultReportPath(file: string): string {
  return `${file}.errors.xlsx`;
}

const DUPLICATE_MESSAGE = '文件中身份证号重复，以第一次出现的有效行为准';
const OUT_OF_SCOPE_MESSAGE = '该人员已由其他地区登记，无权修改';

/** Creates the job row for an import (the API creates it before the upload is processed). */
export async function createImportJob(db: Kysely<DB>, actor: Actor, params: { fileName: string; storedPath: string; allOrNothing: boolean }): Promise<number> {
  const row = await db
    .insertInto('jobs')
    .values({
      kind: 'import.persons',
      status: 'queued',
      created_by: actor.userId,
      region_code: actor.regionCode || null,
      org_id: actor.orgId,
      total: null,
      params: JSON.stringify(params),
      result: null,
      error: null,
      finished_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function openInput(path: string, maxRows: number): Promise<TableReader> {
  try {
    return await openTable(path, { maxRows });
  } catch (err) {
    if (err instanceof TableError) throw new ImportInputError(err.message);
    throw err;
  }
}

/** Iterates a table's rows, turning reader errors (bad bytes mid-file, row cap) into ImportInputError. */
async function* tableRows(table: TableReader): AsyncGenerator<TableRow[]> {
  try {
    for await (const batch of table.rows()) yield batch;
  } catch (err) {
    if (err instanceof TableError) throw new ImportInputError(err.message);
    throw err;
  }
}

/** Runs (or resumes) an import. */
export async function importPersons(opts: ImportOptions): Promise<ImportSummary & { jobId: number }> {
  const { db, actor, pii } = opts;
  const scope = actorRegionScope(actor);
  const chunkSize = Math.max(1, opts.chunkSize ?? IMPORT_CHUNK);
  let table = await openInput(opts.filePath, opts.maxRows);
  let startedJob: number | null = null;
  try {
    const { map, missing } = mapHeader(table.header);
    if (missing.length > 0) throw new ImportInputError(`表头缺少必需列: ${missing.join('、')}（第 ${table.headerRowNumber} 行为表头）`);
    // contracts §1 / quality §4: over the cap, nothing is written — so count before writing.
    await checkRowCap(opts.filePath, opts.maxRows);

    const jobId = opts.jobId ?? (await createImportJob(db, actor, { fileName: opts.fileName ?? opts.filePath, storedPath: opts.filePath, allOrNothing: !!opts.allOrNothing }));
    startedJob = jobId;
    const job = await db.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
    const resumeFrom = Number(job.done ?? 0);
    const prev = (job.result ?? {}) as Partial<Counters>;
    const counters: Counters =
      resumeFrom === 0
        ? { total: 0, imported: 0, updated: 0, unchanged: 0, rejected: 0 }
        : { total: prev.total ?? 0, imported: prev.imported ?? 0, updated: prev.updated ?? 0, unchanged: prev.unchanged ?? 0, rejected: prev.rejected ?? 0 };
    await db.updateTable('jobs').set({ status: 'running', updated_at: now() }).where('id', '=', jobId).execute();

    const ctx: RowContext = { map, today: today(), scope, seen: new IdNumberSet(), pii };

    // --all-or-nothing: a validation pass first; any rejection means nothing is written.
    if (opts.allOrNothing && resumeFrom === 0) {
      let problems: ImportProblemRow[] = [];
      let rejected = 0;
      let total = 0;
      // A scoped user may not update persons registered by another region: that rejects a row
      // too, so look the valid rows up (in batches) already in this pass.
      let toCheck: PendingRow[] = [];
      const checkScope = async (): Promise<void> => {
        const found = await regionsByHash(db, toCheck.map((r) => r.hash));
        const outside = toCheck.filter((r) => {
          const region = found.get(r.hash);
          return region !== undefined && !regionInScope(scope, region);
        });
        for (const r of outside) problems.push({ row: r.rowNumber, column: '身份证号', value: r.record.idNumber, message: OUT_OF_SCOPE_MESSAGE, code: 'row.out_of_scope' });
        if (outside.length > 0) problems = problems.sort((x, y) => x.row - y.row);
        rejected += outside.length;
        toCheck = [];
      };
      for await (const batch of tableRows(table)) {
        for (const row of batch) {
          total++;
          const valid = classifyRow(row, ctx, false, problems);
          if (!valid) rejected++;
          else if (scope !== '') toCheck.push(valid);
        }
        if (toCheck.length >= chunkSize) await checkScope();
      }
      if (toCheck.length > 0) await checkScope();
      await table.close();
      if (rejected > 0) {
        await db.transaction().execute(async (trx) => {
          await insertImportProblems(trx, jobId, problems);
          await trx
            .updateTable('jobs')
            .set({ status: 'failed', total, done: total, result: JSON.stringify({ total, imported: 0, updated: 0, unchanged: 0, rejected }), error: '存在错误行，按“全部或全不”模式未导入任何数据', finished_at: now(), updated_at: now() })
            .where('id', '=', jobId)
            .execute();
        });
        const report = await writeReport(db, jobId, opts);
        return { jobId, total, imported: 0, updated: 0, unchanged: 0, rejected, report };
      }
      ctx.seen.clear();
      table = await openInput(opts.filePath, opts.maxRows);
    }

    // Pipeline: `pipe.inflight` is the transaction of the previous chunk; the loop prepares the
    // next one meanwhile. Chunks still commit strictly in file order.
    const writer = new ChunkWriter(opts, jobId, counters);
    const pipe: { inflight: Promise<void> | null } = { inflight: null };
    const submit = async (chunk: Chunk): Promise<void> => {
      if (pipe.inflight) await pipe.inflight;
      const p = writer.write(chunk);
      p.catch(() => undefined); // observed by the next await
      pipe.inflight = p;
    };

    let rowsSeen = 0;
    let chunk: Chunk = { index: 0, rows: [], problems: [], fileRows: 0, rejected: 0 };
    for await (const batch of tableRows(table)) {
      for (const row of batch) {
        rowsSeen++;
        if (rowsSeen <= resumeFrom) {
          // Committed before a crash: only rebuild the duplicate detector.
          const record = recordOf(row, ctx);
          if (record) ctx.seen.add(record.idNumber);
          continue;
        }
        const valid = classifyRow(row, ctx, writer.encryptAhead, chunk.problems);
        chunk.fileRows++;
        if (valid) chunk.rows.push(valid);
        else chunk.rejected++;
        if (chunk.fileRows >= chunkSize) {
          await submit(chunk);
          chunk = { index: chunk.index + 1, rows: [], problems: [], fileRows: 0, rejected: 0 };
        }
      }
    }
    if (chunk.fileRows > 0 || rowsSeen === 0) await submit(chunk);
    if (pipe.inflight) await pipe.inflight;

    const status = counters.rejected > 0 ? 'partial' : 'succeeded';
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('jobs').set({ status, total: rowsSeen, result: JSON.stringify(counters), finished_at: now(), updated_at: now() }).where('id', '=', jobId).execute();
      await appendAudit(trx, {
        actor,
        action: 'registry.import',
        objectType: 'job',
        objectId: jobId,
        regionCode: actor.regionCode || null,
        detail: { file: opts.fileName ?? opts.filePath, ...counters },
      });
    });
    const report = await writeReport(db, jobId, opts);
    return { jobId, ...counters, report };
  } catch (err) {
    // Bad input found mid-file (invalid bytes, a broken sheet): retrying cannot help, so the job
    // ends here instead of being resumed. Other errors (database down) leave it resumable.
    if (err instanceof ImportInputError && startedJob !== null) {
      await db
        .updateTable('jobs')
        .set({ status: 'failed', error: err.message, finished_at: now(), updated_at: now() })
        .where('id', '=', startedJob)
        .execute()
        .catch(() => undefined);
    }
    throw err;
  } finally {
    await table.close().catch(() => {});
  }
}

// --- stage 1: one row -----------------------------------------------------------------

interface RowContext {
  map: ColumnMap;
  today: string;
  scope: string;
  /** ID numbers of the valid rows so far (the first valid row of a number wins). */
  seen: IdNumberSet;
  pii: PiiCipher;
}

/**
 * Undoes the export's formula escaping (contracts §1: `=`, `+`, `-`, `@` are exported with a
 * leading `'`) so that an export re-imports unchanged; also drops the `'` that spreadsheet users
 * type before long digit strings (ID numbers, phones) to keep them text.
 */
function unescapeCells(cells: string[], map: ColumnMap): string[] {
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (c.length > 1 && c.charCodeAt(0) === 0x27 /* ' */) {
      const n = c.charCodeAt(1);
      if (n === 0x3d || n === 0x2b || n === 0x2d || n === 0x40) cells[i] = c.slice(1);
      else if (n >= 0x30 && n <= 0x39 && (i === map['身份证号'] || i === map['联系电话'])) cells[i] = c.slice(1);
    }
  }
  return cells;
}

/** The ID number of a rejected row when that cell alone is valid (to spot duplicates among rejected rows). */
function idOfRejectedRow(cells: string[], ctx: RowContext): string | null {
  const i = ctx.map['身份证号'];
  const id = i === undefined ? null : checkIdNumber(cells[i] ?? '', ctx.today);
  return id && id.ok ? id.id : null;
}

/** The record of a valid row (rows skipped on resume only rebuild the duplicate detector). */
function recordOf(row: TableRow, ctx: RowContext): PersonRecord | null {
  return parsePersonRow(unescapeCells(row.cells, ctx.map), ctx.map, ctx.today).record;
}

function problemRow(row: number, p: RowProblem): ImportProblemRow {
  return { row, column: p.column, value: p.value, message: p.message, code: p.code };
}

/**
 * Validates one row, appending its problems (with row numbers) to `problems`; returns the
 * pending row when it is to be written, null when it is rejected. Allocation-light: this runs
 * for every row of the file.
 */
function classifyRow(row: TableRow, ctx: RowContext, encryptAhead: boolean, problems: ImportProblemRow[]): PendingRow | null {
  const parsed = parsePersonRow(unescapeCells(row.cells, ctx.map), ctx.map, ctx.today);
  const record = parsed.record;
  for (let i = 0; i < parsed.problems.length; i++) problems.push(problemRow(row.rowNumber, parsed.problems[i]));
  if (!record) {
    // A rejected row that repeats an accepted ID number is a duplicate too.
    const idNumber = idOfRejectedRow(row.cells, ctx);
    if (idNumber && ctx.seen.has(idNumber)) problems.push({ row: row.rowNumber, column: '身份证号', value: idNumber, message: DUPLICATE_MESSAGE, code: 'row.duplicate' });
    return null;
  }
  if (ctx.seen.has(record.idNumber)) {
    problems.push({ row: row.rowNumber, column: '身份证号', value: record.idNumber, message: DUPLICATE_MESSAGE, code: 'row.duplicate' });
    return null;
  }
  ctx.seen.add(record.idNumber);
  if (record.regionCode && ctx.scope !== '' && !regionInScope(ctx.scope, record.regionCode)) {
    problems.push({ row: row.rowNumber, column: '所在地区代码', value: record.regionCode, message: '所在地区不在您的管辖范围内', code: 'region.out_of_scope' });
    return null;
  }
  return { rowNumber: row.rowNumber, record, hash: ctx.pii.blindIndex(record.idNumber), enc: encryptAhead ? ctx.pii.encrypt(record.idNumber) : null };
}

/**
 * The ID numbers seen in a file, as two 32-bit halves in an open-addressing table: 8 bytes a
 * number (a million rows: 16 MB) instead of a retained string each. Retaining the strings would
 * also keep alive the whole decoded file chunk each of them was sliced from, and a `Set` stops
 * at 2^24 entries. Only valid numbers are added: 17 digits and a check character determined by them.
 */
export class IdNumberSet {
  private hi = new Uint32Array(1 << 12);
  private lo = new Uint32Array(1 << 12);
  private count = 0;
  /** Halves of the number last passed to split() (no tuple allocated per row). */
  private h = 0;
  private l = 0;

  get size(): number {
    return this.count;
  }

  /** Digits 1–9 (never 0: no province code starts with 0) and digits 10–17 of a valid number. */
  private split(id: string): void {
    let hi = 0;
    let lo = 0;
    for (let i = 0; i < 9; i++) hi = hi * 10 + (id.charCodeAt(i) - 48);
    for (let i = 9; i < 17; i++) lo = lo * 10 + (id.charCodeAt(i) - 48);
    this.h = hi;
    this.l = lo;
  }

  private slot(hi: number, lo: number): number {
    const mask = this.hi.length - 1;
    let i = (Math.imul(hi, 0x9e3779b1) ^ Math.imul(lo, 0x85ebca77)) >>> 0;
    i = (i ^ (i >>> 15)) & mask;
    while (this.hi[i] !== 0 && (this.hi[i] !== hi || this.lo[i] !== lo)) i = (i + 1) & mask;
    return i;
  }

  has(id: string): boolean {
    this.split(id);
    return this.hi[this.slot(this.h, this.l)] !== 0;
  }

  add(id: string): void {
    this.split(id);
    const hi = this.h;
    const lo = this.l;
    const i = this.slot(hi, lo);
    if (this.hi[i] !== 0) return;
    this.hi[i] = hi;
    this.lo[i] = lo;
    if (++this.count * 2 > this.hi.length) this.grow();
  }

  clear(): void {
    this.hi = new Uint32Array(1 << 12);
    this.lo = new Uint32Array(1 << 12);
    this.count = 0;
  }

  private grow(): void {
    const oldHi = this.hi;
    const oldLo = this.lo;
    this.hi = new Uint32Array(oldHi.length * 2);
    this.lo = new Uint32Array(oldLo.length * 2);
    for (let k = 0; k < oldHi.length; k++) {
      if (oldHi[k] === 0) continue;
      const i = this.slot(oldHi[k], oldLo[k]);
      this.hi[i] = oldHi[k];
      this.lo[i] = oldLo[k];
    }
  }
}

/** Where a new person is placed when the row has no 所在地区代码. */
function resolveRegion(record: PersonRecord, actor: Actor): string {
  if (record.regionCode) return record.regionCode;
  if (actor.role !== 'system' && actor.regionCode) return actor.regionCode;
  return canonicalRegionCode(record.idNumber.slice(0, 6)) ?? record.idNumber.slice(0, 2);
}

// --- stage 2: one chunk, one transaction ---------------------------------------------------

/** PostgreSQL unique violation: another import inserted the same person between our read and our COPY. */
function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}

class ChunkWriter {
  /** Encrypt ID numbers while parsing (ahead of the transaction) when most rows turn out new. */
  encryptAhead = true;
  /**
   * Insert without looking up existing persons first. On while the chunks keep finding none
   * (a first import into an empty registry: ≈ 10–15 % faster); a unique violation turns it off.
   */
  optimistic = false;

  constructor(
    private readonly opts: ImportOptions,
    private readonly jobId: number,
    private readonly counters: Counters,
  ) {}

  async write(chunk: Chunk): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const optimistic = this.optimistic;
      try {
        const res = await this.opts.db.transaction().execute((trx) => this.writeInTransaction(trx, chunk, optimistic));
        const c = this.counters;
        c.total += chunk.fileRows;
        c.imported += res.imported;
        c.updated += res.updated;
        c.unchanged += res.unchanged;
        c.rejected += chunk.rejected + res.rejectedInWrite;
        // Mostly new persons: encrypting ahead overlaps with the database; mostly known: skip it.
        this.encryptAhead = res.imported * 2 >= chunk.rows.length;
        this.optimistic = res.imported === chunk.rows.length;
        this.opts.onProgress?.({ rows: c.total, summary: { ...c, report: null } });
        return;
      } catch (err) {
        if (isUniqueViolation(err) && (optimistic || attempt < 3)) {
          // Some persons exist after all (or another import just inserted them): retry the chunk
          // with the lookup, so that they become updates.
          this.optimistic = false;
          continue;
        }
        throw err;
      }
    }
  }

  private async writeInTransaction(
    trx: Transaction<DB>,
    chunk: Chunk,
    optimistic: boolean,
  ): Promise<{ imported: number; updated: number; unchanged: number; rejectedInWrite: number }> {
    const { pii, actor } = this.opts;
    const scope = actorRegionScope(actor);
    const jobId = this.jobId;
    const problems = chunk.problems.slice();
    const rows = chunk.rows;
    // Optimistic chunks skip the lookup: a person that exists after all makes the COPY fail
    // with a unique violation, and the chunk is retried with the lookup.
    const existing = optimistic ? new Map<string, PersonRow>() : await personsByHash(trx, rows.map((r) => r.hash));

    const households = await upsertHouseholds(
      trx,
      rows
        .filter((c) => c.record.householdNo)
        .map((c) => {
          const old = existing.get(c.hash);
          const region = old && !c.record.regionCode ? old.region_code : resolveRegion(c.record, actor);
          return { province: region.slice(0, 2), householdNo: c.record.householdNo!, povertyCardNo: c.record.povertyCardNo, regionCode: region, address: c.record.address };
        }),
    );

    const at = now();
    const lines: string[] = [];
    let imported = 0;
    let unchanged = 0;
    let rejectedInWrite = 0;
    const updates: PersonUpdate[] = [];
    const changes: PersonChangeRow[] = [];
    for (const { record, rowNumber, hash, enc } of rows) {
      const old = existing.get(hash);
      const region = old && !record.regionCode ? old.region_code : resolveRegion(record, actor);
      const householdId = record.householdNo ? (households.get(`${region.slice(0, 2)}|${record.householdNo}`) ?? null) : null;
      if (old) {
        if (scope !== '' && !regionInScope(scope, old.region_code)) {
          rejectedInWrite++;
          problems.push({ row: rowNumber, column: '身份证号', value: record.idNumber, message: OUT_OF_SCOPE_MESSAGE, code: 'row.out_of_scope' });
          continue;
        }
        const diff = diffPerson(old, record, record.regionCode, householdId);
        if (Object.keys(diff).length === 0) {
          unchanged++;
          continue;
        }
        updates.push(mergedPerson(old, diff, record));
        changes.push({ person_id: old.id, province_code: old.province_code, changes: diff });
      } else {
        lines.push(personCopyLine(record, hash, enc ?? pii.encrypt(record.idNumber), region, householdId, jobId));
        imported++;
      }
    }
    if (lines.length > 0) {
      lines.push(''); // the last line's newline
      await copyRows(trx, 'persons', PERSON_COPY_COLUMNS, lines.join('\n'));
    }
    await updatePersons(trx, updates, at);
    await insertPersonChanges(trx, changes, { at, actorId: actor.userId, actorName: actor.username, source: 'import', jobId });
    // Problems in row order: the report streams them by id.
    if (problems.length !== chunk.problems.length) problems.sort((a, b) => a.row - b.row);
    await insertImportProblems(trx, jobId, problems);
    const c = this.counters;
    const result = {
      total: c.total + chunk.fileRows,
      imported: c.imported + imported,
      updated: c.updated + updates.length,
      unchanged: c.unchanged + unchanged,
      rejected: c.rejected + chunk.rejected + rejectedInWrite,
    };
    await trx
      .updateTable('jobs')
      .set((eb) => ({ done: eb('done', '+', chunk.fileRows), result: JSON.stringify(result), updated_at: at }))
      .where('id', '=', jobId)
      .execute();
    await this.opts.testHooks?.beforeChunkCommit?.(chunk.index);
    return { imported, updated: updates.length, unchanged, rejectedInWrite };
  }
}

/**
 * A new person as one line of COPY text (PERSON_COPY_COLUMNS order, no newline). Fields that
 * validation confines to safe characters (ID parts, Han names, pinyin, gender, dates, the
 * nationality list, normalised phones, region digits) skip escaping; free text is escaped.
 * Exported for the benchmark's ceiling (COPY of prepared rows).
 */
export function personCopyLine(r: PersonRecord, hash: string, enc: string, region: string, householdId: number | null, jobId: number): string {
  const py = namePinyin(r.name);
  const id = r.idNumber;
  return [
    region.slice(0, 2), hash, enc, id.slice(0, 6), id.slice(14), r.name, py.full, py.initials, r.gender,
    r.birthDate, r.nationality, r.phone ?? NULL_FIELD, copyField(r.address), region,
    householdId === null ? NULL_FIELD : String(householdId), copyField(r.relationToHead), copyField(r.povertyCardNo),
    copyField(r.education), copyField(r.employmentStatus), copyField(r.trainingWish), copyField(r.studyWish),
    copyField(r.labourAbility), copyField(r.schoolWish), copyField(r.remark), 'import', String(jobId),
  ].join('\t');
}

const NULL_FIELD = '\\N';

/** The stored person with the diff applied (every updatable column, for the set-based UPDATE). */
function mergedPerson(old: PersonRow, diff: Record<string, [unknown, unknown]>, record: PersonRecord): PersonUpdate {
  const pick = <K extends keyof PersonUpdate>(col: K): PersonUpdate[K] => (col in diff ? (diff[col][1] as PersonUpdate[K]) : (old[col as keyof PersonRow] as PersonUpdate[K]));
  const py = diff.name ? namePinyin(record.name) : { full: old.name_pinyin, initials: old.name_initials };
  const region = pick('region_code');
  return {
    id: old.id,
    province_code: region.slice(0, 2),
    name: pick('name'),
    name_pinyin: py.full,
    name_initials: py.initials,
    gender: pick('gender'),
    nationality: pick('nationality'),
    phone: pick('phone'),
    address: pick('address'),
    region_code: region,
    household_id: pick('household_id'),
    relation_to_head: pick('relation_to_head'),
    poverty_card_no: pick('poverty_card_no'),
    education: pick('education'),
    employment_status: pick('employment_status'),
    training_wish: pick('training_wish'),
    study_wish: pick('study_wish'),
    labour_ability: pick('labour_ability'),
    school_wish: pick('school_wish'),
    remark: pick('remark'),
  };
}

// --- row cap ----------------------------------------------------------------------------

/**
 * Refuses a file with more than `maxRows` data rows before anything is written. A cheap upper
 * bound is tried first — line breaks of a text file, `row` tags of the worksheets of an xlsx —
 * and only a file whose bound exceeds the cap is counted exactly (by reading it once).
 */
async function checkRowCap(path: string, maxRows: number): Promise<void> {
  if (!Number.isFinite(maxRows)) return;
  // Upper bound of data rows: records minus the header row.
  const bound = (extname(path).toLowerCase() === '.xlsx' ? await xlsxRowTagBound(path) : await lineBreakBound(path)) - 1;
  if (bound <= maxRows) return;
  const table = await openInput(path, maxRows);
  try {
    for await (const batch of tableRows(table)) void batch; // the reader throws past maxRows
  } finally {
    await table.close();
  }
}

/** Records in a text file are at most its LF count + bare CR count + 1 (quoted line breaks only add). */
async function lineBreakBound(path: string): Promise<number> {
  let count = 1;
  let lastWasCr = false;
  for await (const chunk of fs.createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let i = chunk.indexOf(0x0a);
    while (i !== -1) {
      count++;
      i = chunk.indexOf(0x0a, i + 1);
    }
    // Bare CR (old Mac line ends): CR not followed by LF.
    let j = chunk.indexOf(0x0d);
    if (lastWasCr && chunk[0] !== 0x0a) count++;
    while (j !== -1) {
      if (j + 1 < chunk.length && chunk[j + 1] !== 0x0a) count++;
      j = chunk.indexOf(0x0d, j + 1);
    }
    lastWasCr = chunk[chunk.length - 1] === 0x0d;
  }
  return count;
}

/**
 * Rows of the largest worksheet, counted as `<row` / `:row ` / `:row>` tags in the inflated
 * XML (closing tags of prefixed names are counted too: an upper bound is all we need). The
 * zip pre-checks (size, ratio, paths) run when the archive is opened.
 */
async function xlsxRowTagBound(path: string): Promise<number> {
  const fh = await fs.promises.open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    let zip: ZipArchive;
    try {
      zip = await ZipArchive.open(fh, size);
    } catch (err) {
      if (err instanceof TableError) throw new ImportInputError(err.message);
      throw err;
    }
    let max = 0;
    const needles = [Buffer.from('<row'), Buffer.from(':row '), Buffer.from(':row>')];
    for (const entry of zip.entries.values()) {
      if (!/(^|\/)worksheets\/[^/]+\.xml$/i.test(entry.name)) continue;
      let count = 0;
      let tail = Buffer.alloc(0);
      try {
        for await (const part of zip.stream(entry)) {
          for (const needle of needles) {
            count += occurrences(part, needle);
            // A tag cut by the chunk boundary (never counted twice: each side is shorter than the needle).
            const edge = Buffer.concat([tail.subarray(Math.max(0, tail.length - needle.length + 1)), part.subarray(0, needle.length - 1)]);
            count += occurrences(edge, needle);
          }
          tail = Buffer.from(part.subarray(Math.max(0, part.length - 8)));
        }
      } catch (err) {
        if (err instanceof TableError) throw new ImportInputError(err.message);
        throw err;
      }
      if (count > max) max = count;
    }
    return max;
  } finally {
    await fh.close();
  }
}

function occurrences(buf: Buffer, needle: Buffer): number {
  let n = 0;
  let i = buf.indexOf(needle);
  while (i !== -1) {
    n++;
    i = buf.indexOf(needle, i + needle.length);
  }
  return n;
}

// --- report -----------------------------------------------------------------------------

/** Column headers of the error report (contracts.md §1). */
export const REPORT_HEADER = ['行号', '列', '值', '错误', '代码'];

/** Streams a job's problems, in row order, as report rows. */
export async function* reportRows(db: Kysely<DB>, jobId: number): AsyncGenerator<string[]> {
  let after = 0;
  for (;;) {
    const rows = await db.selectFrom('import_problems').selectAll().where('job_id', '=', jobId).where('id', '>', after).orderBy('id').limit(5000).execute();
    if (rows.length === 0) return;
    after = rows[rows.length - 1].id;
    rows.sort((a, b) => a.row_no - b.row_no || a.id - b.id);
    for (const r of rows) yield [String(r.row_no), r.col, r.value, r.message, r.code];
  }
}

async function writeReport(db: Kysely<DB>, jobId: number, opts: ImportOptions): Promise<string | null> {
  if (opts.reportPath === null) return null;
  const any = await db.selectFrom('import_problems').select('id').where('job_id', '=', jobId).limit(1).executeTakeFirst();
  if (!any) return null;
  const path = opts.reportPath ?? defaultReportPath(opts.filePath);
  // Chunks store their problems in row order and commit in file order: ids follow row numbers,
  // so the report streams (memory stays flat for a million problems).
  await writeTable(path, REPORT_HEADER, reportRows(db, jobId), { textColumns: [0, 1, 2, 3, 4] });
  return fs.existsSync(path) ? path : null;
}
