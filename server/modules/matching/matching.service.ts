/**
 * Precise matching in the application (seed 000 (五)): versioned poverty-registry snapshots,
 * match runs over the registry persons or the training rosters of a region against the
 * current snapshot (the same pure engine as `jineng match`), auto-acceptance of exact and
 * confident corrected matches, a clerical-review queue for the rest, and feedback lists per
 * training institution. Accepted matches set the person's poverty status (policy-rules.md
 * §1: the only way into the poverty groups) and the household's.
 */
import type { Kysely, Selectable } from 'kysely';
import type { DB, MatchRunsTable, PovertyStatus } from '../../db/tables.ts';
import type { Actor } from '../../http/actor.ts';
import type { AppDeps } from '../../http/types.ts';
import { actorRegionScope, inRegionScope } from '../../db/scope.ts';
import { AppError, notFound } from '../../../common/errors.ts';
import { cleanCell } from '../../../common/text.ts';
import { birthDateFromId, checkIdNumber, genderFromId } from '../../../common/id-number.ts';
import { maskIdNumber } from '../../../common/mask.ts';
import { cstDateTime } from '../../../common/dates.ts';
import { now } from '../../clock.ts';
import { openTable, TableError } from '../../lib/tabular/index.ts';
import type { PiiCipher } from '../../lib/pii-crypto.ts';
import { appendAudit, recordAudit } from '../audit/audit.service.ts';
import { createRegistryIndex, type MatchRecordInput, type MatchResult } from './engine/index.ts';

const STATUS_MAP: Record<string, PovertyStatus> = { 未脱贫: 'registered_poor', 已脱贫: 'lifted_out_of_poverty', 监测对象: 'monitored_at_risk' };
const REG_COLUMNS = ['身份证号', '姓名', '户编号', '与户主关系', '所在地区代码', '贫困状态'] as const;

function provinceOf(actor: Actor): string {
  if (actor.role === 'system' || !actor.regionCode) throw new AppError('validation.failed', '请以省、市、县工作人员身份操作');
  return actor.regionCode.slice(0, 2);
}

/** Loads a registry extract (建档立卡系统导出) as a new current snapshot; the previous one is kept. */
export async function loadSnapshot(db: Kysely<DB>, pii: PiiCipher, actor: Actor, filePath: string, fileName: string, source: string, maxRows: number): Promise<{ id: number; rows: number; invalid: number }> {
  const province = provinceOf(actor);
  let table;
  try {
    table = await openTable(filePath, { maxRows });
  } catch (err) {
    if (err instanceof TableError) throw new AppError('import.rejected', (err as TableError).message);
    throw err;
  }
  const col: Partial<Record<(typeof REG_COLUMNS)[number], number>> = {};
  table.header.forEach((h, i) => {
    const c = cleanCell(h) as (typeof REG_COLUMNS)[number];
    if ((REG_COLUMNS as readonly string[]).includes(c) && col[c] === undefined) col[c] = i;
  });
  const missing = (['身份证号', '姓名', '贫困状态'] as const).filter((c) => col[c] === undefined);
  if (missing.length) {
    await table.close();
    throw new AppError('import.rejected', `建档立卡数据缺少列: ${missing.join('、')}`);
  }
  const snap = await db
    .insertInto('poverty_snapshots')
    .values({ province_code: province, source, file_name: fileName, imported_at: now(), imported_by: actor.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  let rowNo = 0;
  let invalid = 0;
  const cell = (cells: string[], c: (typeof REG_COLUMNS)[number]): string => (col[c] === undefined ? '' : cleanCell(cells[col[c]!] ?? ''));
  try {
    for await (const batch of table.rows()) {
      const values = batch.map((r) => {
        rowNo++;
        const raw = cell(r.cells, '身份证号');
        const id = checkIdNumber(raw);
        if (!id.ok) invalid++;
        return {
          snapshot_id: snap.id,
          row_no: rowNo,
          province_code: province,
          id_hash: id.ok ? pii.blindIndex(id.id) : null,
          id_enc: pii.encrypt(id.ok ? id.id : raw),
          name: cell(r.cells, '姓名'),
          household_no: cell(r.cells, '户编号') || null,
          relation: cell(r.cells, '与户主关系') || null,
          region_code: cell(r.cells, '所在地区代码') || null,
          status_text: cell(r.cells, '贫困状态') || null,
        };
      });
      for (let i = 0; i < values.length; i += 1000) await db.insertInto('poverty_registry').values(values.slice(i, i + 1000)).execute();
    }
  } catch (err) {
    if (err instanceof TableError) throw new AppError('import.rejected', (err as TableError).message);
    throw err;
  } finally {
    await table.close().catch(() => {});
  }
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('poverty_snapshots').set({ is_current: false }).where('province_code', '=', province).where('is_current', '=', true).execute();
    await trx.updateTable('poverty_snapshots').set({ is_current: true, row_count: rowNo, invalid_rows: invalid }).where('id', '=', snap.id).execute();
    await appendAudit(trx, { actor, action: 'matching.snapshot_load', objectType: 'poverty_snapshot', objectId: snap.id, regionCode: province, detail: { rows: rowNo, invalid, source } });
  });
  return { id: snap.id, rows: rowNo, invalid };
}

export async function listSnapshots(db: Kysely<DB>, actor: Actor) {
  const rows = await db.selectFrom('poverty_snapshots').selectAll().where('province_code', '=', provinceOf(actor)).orderBy('id', 'desc').limit(50).execute();
  return rows.map((r) => ({ id: r.id, source: r.source, fileName: r.file_name, importedAt: cstDateTime(new Date(r.imported_at)), rows: r.row_count, invalidRows: r.invalid_rows, current: r.is_current }));
}

/** Starts a match run over the actor's region; the work continues in the background. */
export async function startMatchRun(deps: AppDeps, actor: Actor, scope: 'registry' | 'training'): Promise<number> {
  const { db } = deps.database;
  const province = provinceOf(actor);
  const snap = await db.selectFrom('poverty_snapshots').select('id').where('province_code', '=', province).where('is_current', '=', true).executeTakeFirst();
  if (!snap) throw new AppError('state.conflict', '请先导入建档立卡数据');
  const running = await db.selectFrom('match_runs').select('id').where('status', '=', 'running').where('region_code', '=', actor.regionCode).executeTakeFirst();
  if (running) throw new AppError('conflict', `比对任务 ${running.id} 正在进行`);
  const run = await db
    .insertInto('match_runs')
    .values({ snapshot_id: snap.id, scope, region_code: actor.regionCode, started_by: actor.userId, started_at: now(), finished_at: null, status: 'running', counts: JSON.stringify({}), error: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(db, { actor, action: 'matching.run', objectType: 'match_run', objectId: run.id, regionCode: actor.regionCode, detail: { scope, snapshot: snap.id } });
  void runMatch(deps, actor, run.id).catch(async (err: unknown) => {
    await db.updateTable('match_runs').set({ status: 'failed', error: err instanceof AppError ? err.message : '比对失败：服务器内部错误', finished_at: now() }).where('id', '=', run.id).execute();
  });
  return run.id;
}

interface Subject {
  personId: number;
  orgId: number | null;
  classId: number | null;
  region: string;
  record: MatchRecordInput;
}

/** Runs a created match run to completion (the background part of startMatchRun; also the benchmark's timed step). */
export async function runMatch(deps: Pick<AppDeps, 'database' | 'pii'>, actor: Actor, runId: number): Promise<void> {
  const { db } = deps.database;
  const { pii } = deps;
  const run = await db.selectFrom('match_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
  const builder = createRegistryIndex();
  const rowOfIndex: number[] = [];
  const regRows = new Map<number, { name: string; household: string | null; status: string | null; region: string | null }>();
  let after = 0;
  for (;;) {
    const rows = await db.selectFrom('poverty_registry').selectAll().where('snapshot_id', '=', run.snapshot_id).where('row_no', '>', after).orderBy('row_no').limit(5000).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const outcome = builder.add({ idNumber: pii.decrypt(r.id_enc), name: r.name, household: r.household_no, regionCode: r.region_code, povertyStatus: r.status_text });
      if (outcome === 'added') rowOfIndex.push(r.row_no);
      regRows.set(r.row_no, { name: r.name, household: r.household_no, status: r.status_text, region: r.region_code });
    }
    after = rows[rows.length - 1].row_no;
  }
  const index = builder.finish();
  const scope = actorRegionScope(actor);
  const subjects: Subject[] = [];
  if (run.scope === 'registry') {
    const persons = await db.selectFrom('persons').select(['id', 'id_enc', 'name', 'gender', 'birth_date', 'region_code']).where(inRegionScope('region_code', scope)).orderBy('id').execute();
    for (const p of persons) subjects.push({ personId: p.id, orgId: null, classId: null, region: p.region_code, record: { name: p.name, idNumber: pii.decrypt(p.id_enc), gender: p.gender, birthDate: p.birth_date, regionCode: p.region_code } });
  } else {
    const rows = await db
      .selectFrom('class_trainees as t')
      .innerJoin('classes as k', 'k.id', 't.class_id')
      .innerJoin('persons as p', 'p.id', 't.person_id')
      .select(['p.id', 'p.id_enc', 'p.name', 'p.gender', 'p.birth_date', 'p.region_code', 'k.org_id', 'k.id as class_id'])
      .where(inRegionScope('k.region_code', scope))
      .orderBy('t.id')
      .execute();
    for (const p of rows) subjects.push({ personId: p.id, orgId: p.org_id, classId: p.class_id, region: p.region_code, record: { name: p.name, idNumber: pii.decrypt(p.id_enc), gender: p.gender, birthDate: p.birth_date, regionCode: p.region_code } });
  }
  await db.updateTable('match_runs').set({ total: subjects.length }).where('id', '=', runId).execute();
  const counts: Record<string, number> = { exact: 0, corrected_id: 0, fuzzy: 0, conflict: 0, none: 0, auto: 0, pending: 0 };
  for (let i = 0; i < subjects.length; i += 1000) {
    const chunk = subjects.slice(i, i + 1000);
    const results: MatchResult[] = chunk.map((s) => index.matchRecord(s.record));
    await db.transaction().execute(async (trx) => {
      const values = chunk.map((s, j) => {
        const r = results[j];
        const auto = r.tier === 'exact' || (r.tier === 'corrected_id' && !r.needsReview);
        const status: 'auto' | 'pending' | 'none' = r.tier === 'none' ? 'none' : auto ? 'auto' : 'pending';
        counts[r.tier]++;
        if (status === 'auto') counts.auto++;
        if (status === 'pending') counts.pending++;
        const rowNo = r.registryIndex >= 0 ? (rowOfIndex[r.registryIndex] ?? null) : null;
        return {
          run_id: runId,
          person_id: s.personId,
          org_id: s.orgId,
          class_id: s.classId,
          region_code: s.region,
          tier: r.tier,
          registry_row_no: rowNo,
          registry_name: rowNo !== null ? (regRows.get(rowNo)?.name ?? null) : null,
          registry_household: r.household,
          poverty_status: r.povertyStatus,
          confidence: r.confidence,
          needs_review: r.needsReview,
          explanation: r.explanation,
          review_status: status,
          reviewed_by: null,
          reviewed_at: null,
          review_reason: null,
        };
      });
      await trx.insertInto('match_results').values(values).execute();
      if (run.scope === 'registry') {
        for (let j = 0; j < chunk.length; j++) {
          const v = values[j];
          const next = v.review_status === 'auto' && v.poverty_status ? (STATUS_MAP[v.poverty_status] ?? null) : v.review_status === 'none' ? null : undefined;
          if (next !== undefined) await applyStatus(trx, chunk[j].personId, next, actor, 'match');
        }
      }
      await trx.updateTable('match_runs').set((eb) => ({ done: eb('done', '+', chunk.length) })).where('id', '=', runId).execute();
    });
  }
  await db.updateTable('match_runs').set({ status: 'succeeded', finished_at: now(), counts: JSON.stringify(counts) }).where('id', '=', runId).execute();
}

/** Sets a person's (and household's) poverty status from a match, with a change-log entry. */
async function applyStatus(trx: Kysely<DB>, personId: number, status: PovertyStatus | null, actor: Actor, source: string): Promise<void> {
  const p = await trx.selectFrom('persons').select(['poverty_status', 'household_id', 'province_code']).where('id', '=', personId).executeTakeFirstOrThrow();
  if (p.poverty_status === status) return;
  await trx.updateTable('persons').set({ poverty_status: status, updated_at: now() }).where('id', '=', personId).execute();
  if (p.household_id && status) await trx.updateTable('households').set({ poverty_status: status, updated_at: now() }).where('id', '=', p.household_id).execute();
  await trx
    .insertInto('person_changes')
    .values({ person_id: personId, province_code: p.province_code, at: now(), actor_id: actor.userId, actor_name: actor.username, source, job_id: null, changes: JSON.stringify({ poverty_status: [p.poverty_status, status] }) })
    .execute();
}

function presentRun(r: Selectable<MatchRunsTable>) {
  return { id: r.id, scope: r.scope, status: r.status, total: r.total, done: r.done, counts: r.counts, error: r.error, startedAt: cstDateTime(new Date(r.started_at)), finishedAt: r.finished_at ? cstDateTime(new Date(r.finished_at)) : null };
}

export async function getRun(db: Kysely<DB>, actor: Actor, id: number) {
  const r = await db.selectFrom('match_runs').selectAll().where('id', '=', id).where(inRegionScope('region_code', actorRegionScope(actor))).executeTakeFirst();
  if (!r) throw notFound('比对任务');
  return presentRun(r);
}

/** The latest match runs of the actor's region (newest first). */
export async function listRuns(db: Kysely<DB>, actor: Actor, limit: number) {
  const rows = await db.selectFrom('match_runs').selectAll().where(inRegionScope('region_code', actorRegionScope(actor))).orderBy('id', 'desc').limit(limit).execute();
  return rows.map(presentRun);
}

/** The clerical-review queue: fuzzy, conflict and low-confidence corrected matches (each person's latest result only), side by side. */
export async function reviewQueue(db: Kysely<DB>, pii: PiiCipher, actor: Actor, page: number, pageSize: number) {
  const base = db
    .selectFrom('match_results as m')
    .innerJoin('persons as p', 'p.id', 'm.person_id')
    .innerJoin('match_runs as r', 'r.id', 'm.run_id')
    .where('m.review_status', '=', 'pending')
    .where(inRegionScope('m.region_code', actorRegionScope(actor)))
    // A later run's result for the same person supersedes an older pending one (no person twice).
    .where((eb) => eb.not(eb.exists(eb.selectFrom('match_results as n').select('n.id').whereRef('n.person_id', '=', 'm.person_id').whereRef('n.id', '>', 'm.id'))));
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .select(['m.id', 'm.tier', 'm.confidence', 'm.explanation', 'm.registry_name', 'm.registry_household', 'm.poverty_status', 'm.registry_row_no', 'r.snapshot_id', 'p.id as person_id', 'p.name', 'p.gender', 'p.birth_date', 'p.region_code', 'p.id_head', 'p.id_tail', 'p.id_enc'])
    .orderBy('m.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  // The candidate's birth date and gender come from its ID number; the UI highlights the
  // differing ID positions (1-based), computed here on the full numbers, which never leave.
  const regSides = new Map<number, { idNumber: string; regionCode: string | null; birthDate: string | null; gender: string | null; idDiff: number[] }>();
  for (const r of rows) {
    if (r.registry_row_no === null) continue;
    const reg = await db.selectFrom('poverty_registry').select(['id_enc', 'region_code']).where('snapshot_id', '=', r.snapshot_id).where('row_no', '=', r.registry_row_no).executeTakeFirst();
    if (!reg) continue;
    const regId = pii.decrypt(reg.id_enc);
    const personId = pii.decrypt(r.id_enc);
    const valid18 = /^\d{17}[\dX]$/.test(regId);
    const idDiff: number[] = [];
    for (let i = 0; i < Math.max(regId.length, personId.length); i++) if (regId[i] !== personId[i]) idDiff.push(i + 1);
    regSides.set(r.id, { idNumber: maskIdNumber(regId), regionCode: reg.region_code, birthDate: valid18 ? birthDateFromId(regId) : null, gender: valid18 ? genderFromId(regId) : null, idDiff });
  }
  const codes = [...new Set(rows.flatMap((r) => [r.region_code, regSides.get(r.id)?.regionCode ?? null]).filter((c): c is string => !!c))];
  const regionNames = new Map(codes.length ? (await db.selectFrom('regions').select(['code', 'name']).where('code', 'in', codes).execute()).map((g) => [g.code, g.name]) : []);
  return {
    total: Number(total.n),
    items: rows.map((r) => {
      const reg = regSides.get(r.id);
      return {
        id: r.id,
        tier: r.tier,
        confidence: r.confidence,
        explanation: r.explanation,
        idDiff: reg?.idDiff ?? [],
        person: { id: r.person_id, name: r.name, gender: r.gender, birthDate: r.birth_date, regionCode: r.region_code, regionName: regionNames.get(r.region_code) ?? null, idNumber: maskIdNumber(`${r.id_head}00000000${r.id_tail}`) },
        registry: {
          name: r.registry_name,
          household: r.registry_household,
          povertyStatus: r.poverty_status,
          idNumber: reg?.idNumber ?? null,
          birthDate: reg?.birthDate ?? null,
          gender: reg?.gender ?? null,
          regionCode: reg?.regionCode ?? null,
          regionName: reg?.regionCode ? (regionNames.get(reg.regionCode) ?? null) : null,
        },
      };
    }),
  };
}

/** Accepts or rejects a queued match (audited); acceptance applies the poverty status. */
export async function decideReview(db: Kysely<DB>, actor: Actor, id: number, decision: 'accept' | 'reject', reason: string): Promise<void> {
  const m = await db.selectFrom('match_results as m').innerJoin('match_runs as r', 'r.id', 'm.run_id').select(['m.id', 'm.person_id', 'm.poverty_status', 'm.region_code', 'r.scope']).where('m.id', '=', id).where(inRegionScope('m.region_code', actorRegionScope(actor))).executeTakeFirst();
  if (!m) throw notFound('比对结果');
  await db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('match_results')
      .set({ review_status: decision === 'accept' ? 'accepted' : 'rejected', reviewed_by: actor.userId, reviewed_at: now(), review_reason: reason })
      .where('id', '=', id)
      .where('review_status', '=', 'pending')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError('state.conflict', '该结果已复核');
    if (decision === 'accept' && m.poverty_status) await applyStatus(trx, m.person_id, STATUS_MAP[m.poverty_status] ?? null, actor, 'match_review');
    await appendAudit(trx, { actor, action: `matching.review_${decision}`, objectType: 'match_result', objectId: id, regionCode: m.region_code, detail: { reason } });
  });
}

/**
 * Feedback to a training institution: its trainees who are in the poverty registry (matched
 * and accepted) in the latest training run, with who is new since the previous run and who
 * is no longer matched.
 */
export async function institutionFeedback(db: Kysely<DB>, actor: Actor) {
  if (actor.orgId === null) throw new AppError('auth.forbidden', '无权执行此操作');
  const runs = await db
    .selectFrom('match_runs')
    .select('id')
    .where('scope', '=', 'training')
    .where('status', '=', 'succeeded')
    .where((eb) => eb.exists(eb.selectFrom('match_results').select('id').whereRef('match_results.run_id', '=', 'match_runs.id').where('org_id', '=', actor.orgId)))
    .orderBy('id', 'desc')
    .limit(2)
    .execute();
  if (runs.length === 0) return { runId: null, items: [], noLongerMatched: [] };
  const matched = async (runId: number) =>
    db
      .selectFrom('match_results as m')
      .innerJoin('persons as p', 'p.id', 'm.person_id')
      .select(['m.person_id', 'p.name', 'p.id_head', 'p.id_tail', 'm.poverty_status', 'm.class_id', 'm.tier'])
      .where('m.run_id', '=', runId)
      .where('m.org_id', '=', actor.orgId)
      .where('m.review_status', 'in', ['auto', 'accepted'])
      .execute();
  const latest = await matched(runs[0].id);
  const previous = runs[1] ? await matched(runs[1].id) : [];
  const prevIds = new Set(previous.map((p) => p.person_id));
  const nowIds = new Set(latest.map((p) => p.person_id));
  const present = (p: (typeof latest)[number], isNew: boolean) => ({ personId: p.person_id, name: p.name, idNumber: maskIdNumber(`${p.id_head}00000000${p.id_tail}`), povertyStatus: p.poverty_status, classId: p.class_id, newSinceLastRun: isNew });
  return {
    runId: runs[0].id,
    items: latest.map((p) => present(p, runs.length > 1 && !prevIds.has(p.person_id))),
    noLongerMatched: previous.filter((p) => !nowIds.has(p.person_id)).map((p) => present(p, false)),
  };
}
