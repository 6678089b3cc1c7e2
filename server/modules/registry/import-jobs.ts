/** Import jobs run in the background of the server process, and resume after a crash. */
import fs from 'node:fs';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import type { Actor } from '../../http/actor.ts';
import { systemActor } from '../../http/actor.ts';
import type { AppDeps } from '../../http/types.ts';
import { notFound } from '../../../common/errors.ts';
import { isRole } from '../../../common/permissions.ts';
import { now } from '../../clock.ts';
import { writeTable } from '../../lib/tabular/index.ts';
import { importPersons, REPORT_HEADER, reportRows, ImportInputError } from './import.service.ts';

/** The job if the caller created it (or is the system), else 404. */
export async function getImportJob(db: Kysely<DB>, actor: Actor, id: number) {
  const job = await db.selectFrom('jobs').selectAll().where('id', '=', id).where('kind', '=', 'import.persons').executeTakeFirst();
  if (!job || (actor.role !== 'system' && job.created_by !== actor.userId)) throw notFound('导入任务');
  const problems = await db.selectFrom('import_problems').selectAll().where('job_id', '=', id).orderBy('row_no').orderBy('id').limit(100).execute();
  const params = job.params as { fileName?: string };
  const r = job.result as { total?: number; imported?: number; updated?: number; unchanged?: number; rejected?: number } | null;
  return {
    id: job.id,
    status: job.status,
    fileName: params.fileName ?? null,
    done: Number(job.done),
    total: job.total === null ? null : Number(job.total),
    summary: r && r.total !== undefined ? { total: r.total, imported: r.imported ?? 0, updated: r.updated ?? 0, unchanged: r.unchanged ?? 0, rejected: r.rejected ?? 0 } : null,
    error: job.error,
    problems: problems.map((p) => ({ row: p.row_no, column: p.col, value: p.value, message: p.message, code: p.code })),
  };
}

export async function writeJobReport(db: Kysely<DB>, jobId: number, file: string): Promise<void> {
  const rows: string[][] = [];
  for await (const r of reportRows(db, jobId)) rows.push(r);
  rows.sort((a, b) => Number(a[0]) - Number(b[0]));
  await writeTable(file, REPORT_HEADER, rows);
}

/** Runs (or resumes) an import job; errors end up on the job row, never as a crash. */
export async function runImportJob(deps: AppDeps, jobId: number, actor: Actor): Promise<void> {
  const { db } = deps.database;
  const job = await db.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
  const params = job.params as { fileName: string; storedPath: string; allOrNothing: boolean };
  try {
    await importPersons({
      db,
      pii: deps.pii,
      actor,
      filePath: params.storedPath,
      fileName: params.fileName,
      allOrNothing: params.allOrNothing,
      reportPath: null,
      maxRows: deps.config.importMaxRows,
      jobId,
    });
  } catch (err) {
    const message = err instanceof ImportInputError ? err.message : '导入失败：服务器内部错误';
    await db.updateTable('jobs').set({ status: 'failed', error: message, finished_at: now(), updated_at: now() }).where('id', '=', jobId).execute();
  }
}

/** At start-up: resume import jobs that a crash interrupted. */
export async function resumeImportJobs(deps: AppDeps): Promise<number> {
  const { db } = deps.database;
  const jobs = await db.selectFrom('jobs').selectAll().where('kind', '=', 'import.persons').where('status', 'in', ['queued', 'running']).execute();
  for (const job of jobs) {
    const params = job.params as { storedPath?: string };
    if (!params.storedPath || !fs.existsSync(params.storedPath)) {
      await db.updateTable('jobs').set({ status: 'failed', error: '上传文件已丢失，无法继续导入', finished_at: now() }).where('id', '=', job.id).execute();
      continue;
    }
    let actor: Actor = systemActor('resume');
    if (job.created_by) {
      const u = await db.selectFrom('users').selectAll().where('id', '=', job.created_by).executeTakeFirst();
      if (u && isRole(u.role)) actor = { userId: u.id, username: u.username, displayName: u.display_name, role: u.role, regionCode: u.region_code, orgId: u.org_id, personId: u.person_id, ip: null };
    }
    void runImportJob(deps, job.id, actor);
  }
  return jobs.length;
}
