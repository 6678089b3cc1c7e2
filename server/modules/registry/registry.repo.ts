/** Registry SQL: persons, households, change log, import problems. Scoped where it reads. */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
import { from as copyFromStdin } from 'pg-copy-streams';
import type { DB, PersonRow } from '../../db/tables.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** Upserts households by (province, 户编号) and returns their ids keyed by `province|household number`. */
export async function upsertHouseholds(
  trx: Q,
  rows: { province: string; householdNo: string; povertyCardNo: string | null; regionCode: string; address: string }[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (rows.length === 0) return out;
  const unique = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (!unique.has(`${r.province}|${r.householdNo}`)) unique.set(`${r.province}|${r.householdNo}`, r);
  const values = [...unique.values()];
  const province = values.map((v) => v.province);
  const householdNo = values.map((v) => v.householdNo);
  // Set-based (unnest): one statement whatever the number of households in the chunk.
  await sql`
    INSERT INTO households (province_code, household_no, poverty_card_no, region_code, address)
    SELECT * FROM unnest(${province}::text[], ${householdNo}::text[], ${values.map((v) => v.povertyCardNo)}::text[],
                         ${values.map((v) => v.regionCode)}::text[], ${values.map((v) => v.address)}::text[])
    ON CONFLICT (province_code, household_no) DO NOTHING`.execute(trx);
  const found = await sql<{ id: number; province_code: string; household_no: string }>`
    SELECT h.id, h.province_code, h.household_no
    FROM households h JOIN unnest(${province}::text[], ${householdNo}::text[]) AS k(province_code, household_no)
      ON h.province_code = k.province_code AND h.household_no = k.household_no`.execute(trx);
  for (const f of found.rows) out.set(`${f.province_code}|${f.household_no}`, Number(f.id));
  return out;
}

/** Persons by blind index, locked for update (import chunk). One array parameter, whatever the count. */
export async function personsByHash(trx: Q, hashes: string[]): Promise<Map<string, PersonRow>> {
  const out = new Map<string, PersonRow>();
  if (hashes.length === 0) return out;
  const rows = await sql<PersonRow>`SELECT * FROM persons WHERE id_hash = ANY(${hashes}::text[]) FOR UPDATE`.execute(trx);
  for (const r of rows.rows) out.set(r.id_hash, r);
  return out;
}

/** Region of the persons with these blind indexes (no lock: a read-only check). */
export async function regionsByHash(db: Q, hashes: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (hashes.length === 0) return out;
  const rows = await sql<{ id_hash: string; region_code: string }>`SELECT id_hash, region_code FROM persons WHERE id_hash = ANY(${hashes}::text[])`.execute(db);
  for (const r of rows.rows) out.set(r.id_hash, r.region_code);
  return out;
}

export async function countPersons(db: Q, regionScope: string): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM persons WHERE ${regionScope === '' ? sql`true` : sql`region_code LIKE ${`${regionScope}%`}`}`.execute(db);
  return r.rows[0].n;
}

// --- bulk writes of the import ----------------------------------------------------------

/** Columns of persons written by COPY for a new person (the order of personCopyLine). */
export const PERSON_COPY_COLUMNS = [
  'province_code', 'id_hash', 'id_enc', 'id_head', 'id_tail', 'name', 'name_pinyin', 'name_initials', 'gender',
  'birth_date', 'nationality', 'phone', 'address', 'region_code', 'household_id', 'relation_to_head',
  'poverty_card_no', 'education', 'employment_status', 'training_wish', 'study_wish', 'labour_ability',
  'school_wish', 'remark', 'source', 'import_job_id',
] as const;

const COPY_SPECIAL = /[\\\t\n\r\0]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '' };

/** One field of COPY text format: `\N` for null, backslash escapes, NUL dropped (PostgreSQL text cannot hold it). */
export function copyField(s: string | number | null | undefined): string {
  if (s === null || s === undefined) return '\\N';
  if (typeof s === 'number') return String(s);
  return COPY_SPECIAL.test(s) ? s.replace(/[\\\t\n\r\0]/g, (c) => COPY_ESCAPES[c]) : s;
}

interface PGliteLike {
  query(sqlText: string, params: unknown[], opts: { blob: Blob }): Promise<{ affectedRows?: number }>;
}

/**
 * COPY … FROM STDIN of tab-separated text into `table(columns)` on the connection of the
 * transaction `trx`, so that the rows commit or roll back with the rest of the chunk.
 *
 * The Database handle only offers COPY outside transactions, so this reaches the connection
 * Kysely holds for the transaction:
 * - PGlite (our PGliteConnection exposes `pglite`): `COPY … FROM '/dev/blob'` with the text as a blob;
 * - node-postgres: a pg-copy-streams query is submitted through the connection — Kysely hands the
 *   compiled query's `sql` to `client.query` unchanged, and pg accepts such "submittable" objects.
 * Both engines are covered by the integration tests, so a change in either library fails there.
 */
export async function copyRows(trx: Transaction<DB>, table: string, columns: readonly string[], tsv: string): Promise<number> {
  if (tsv.length === 0) return 0;
  const text = `COPY ${table} (${columns.join(',')}) FROM`;
  return trx.getExecutor().provideConnection(async (conn) => {
    const pglite = (conn as unknown as { pglite?: PGliteLike }).pglite;
    if (pglite && typeof pglite.query === 'function') {
      const res = await pglite.query(`${text} '/dev/blob'`, [], { blob: new Blob([tsv]) });
      return res.affectedRows ?? 0;
    }
    const stream = copyFromStdin(`${text} STDIN`);
    await conn.executeQuery({ ...CompiledQuery.raw(''), sql: stream as unknown as string });
    await pipeline(Readable.from([Buffer.from(tsv, 'utf8')]), stream);
    return stream.rowCount;
  });
}

/** New values of an existing person (all import-updatable columns, merged with the stored ones). */
export interface PersonUpdate {
  id: number;
  province_code: string;
  name: string;
  name_pinyin: string;
  name_initials: string;
  gender: string;
  nationality: string;
  phone: string | null;
  address: string;
  region_code: string;
  household_id: number | null;
  relation_to_head: string | null;
  poverty_card_no: string | null;
  education: string | null;
  employment_status: string | null;
  training_wish: string | null;
  study_wish: string | null;
  labour_ability: string | null;
  school_wish: string | null;
  remark: string | null;
}

const UPDATE_TEXT_COLUMNS = [
  'province_code', 'name', 'name_pinyin', 'name_initials', 'gender', 'nationality', 'phone', 'address', 'region_code',
  'relation_to_head', 'poverty_card_no', 'education', 'employment_status', 'training_wish', 'study_wish',
  'labour_ability', 'school_wish', 'remark',
] as const satisfies readonly (keyof PersonUpdate)[];

/** Updates many persons in one statement (UPDATE … FROM unnest), bumping version and updated_at. */
export async function updatePersons(trx: Transaction<DB>, rows: PersonUpdate[], at: Date): Promise<void> {
  if (rows.length === 0) return;
  const arrays = UPDATE_TEXT_COLUMNS.map((c) => sql`${rows.map((r) => r[c])}::text[]`);
  const sets = UPDATE_TEXT_COLUMNS.map((c) => sql`${sql.ref(c)} = u.${sql.ref(c)}`);
  await sql`
    UPDATE persons AS p
    SET ${sql.join(sets)}, household_id = u.household_id, version = p.version + 1, updated_at = ${at}
    FROM unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.household_id)}::bigint[], ${sql.join(arrays)})
      AS u(id, household_id, ${sql.join(UPDATE_TEXT_COLUMNS.map((c) => sql.ref(c)))})
    WHERE p.id = u.id`.execute(trx);
}

export interface PersonChangeRow {
  person_id: number;
  province_code: string;
  changes: Record<string, [unknown, unknown]>;
}

/** Appends change-log entries (person_changes) of one import chunk. */
export async function insertPersonChanges(
  trx: Transaction<DB>,
  rows: PersonChangeRow[],
  meta: { at: Date; actorId: number | null; actorName: string; source: string; jobId: number },
): Promise<void> {
  if (rows.length === 0) return;
  const at = meta.at.toISOString();
  const tail = `\t${copyField(at)}\t${copyField(meta.actorId)}\t${copyField(meta.actorName)}\t${copyField(meta.source)}\t${meta.jobId}\t`;
  let tsv = '';
  for (const r of rows) tsv += `${r.person_id}\t${copyField(r.province_code)}${tail}${copyField(JSON.stringify(r.changes))}\n`;
  await copyRows(trx, 'person_changes', ['person_id', 'province_code', 'at', 'actor_id', 'actor_name', 'source', 'job_id', 'changes'], tsv);
}

export interface ImportProblemRow {
  row: number;
  column: string;
  value: string;
  message: string;
  code: string;
}

/** Stores problems of an import job (idempotent on job, row, code, column). */
export async function insertImportProblems(trx: Q, jobId: number, problems: ImportProblemRow[]): Promise<void> {
  for (let i = 0; i < problems.length; i += 10_000) {
    const part = problems.slice(i, i + 10_000);
    await sql`
      INSERT INTO import_problems (job_id, row_no, col, value, message, code)
      SELECT ${jobId}, * FROM unnest(${part.map((p) => p.row)}::int[], ${part.map((p) => p.column)}::text[],
                                     ${part.map((p) => p.value.slice(0, 500).replace(/\0/g, ''))}::text[],
                                     ${part.map((p) => p.message)}::text[], ${part.map((p) => p.code)}::text[])
      ON CONFLICT (job_id, row_no, code, col) DO NOTHING`.execute(trx);
  }
}
