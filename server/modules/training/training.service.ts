/**
 * Vocational training use cases (seed 001 三(二)–(七), 002 三, 003 二(三)(六)): classes filed
 * before they start and reviewed by 人社 staff, rosters with a real-name check against the
 * registry ("凡补必进,不进不补"), online registration, vouchers redeemed once, rotating-QR and
 * roll-call attendance, spot checks, results, certificates, employment follow-up.
 * Scope: an institution sees its own classes; 人社/reviewers those of their region; a trainee
 * their own enrolments.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { ClassRow, DB } from '../../db/tables.ts';
import type { Actor } from '../../http/actor.ts';
import { actorRegionScope, inRegionScope } from '../../db/scope.ts';
import { AppError, notFound } from '../../../common/errors.ts';
import { canonicalRegionCode, regionInScope } from '../../../common/region.ts';
import { checkIdNumber } from '../../../common/id-number.ts';
import { normalizePersonName } from '../../../common/person-name.ts';
import { maskIdNumber } from '../../../common/mask.ts';
import { cstDate, cstDateTime } from '../../../common/dates.ts';
import type { ClassInput, ClassView } from '../../../common/schemas/training.ts';
import { now, today } from '../../clock.ts';
import type { PiiCipher } from '../../lib/pii-crypto.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { qrCodeAt, qrSecondsLeft, verifyQrCode } from './rules/qr-code.ts';
import { employmentRate } from './rules/employment-rate.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** May this actor see the class? (institution: own org; staff: region; trainee: enrolled or open). */
function classVisible(actor: Actor, c: ClassRow, enrolled: boolean): boolean {
  switch (actor.role) {
    case 'system':
      return true;
    case 'institution':
      return c.org_id === actor.orgId;
    case 'hr_province':
    case 'hr_city':
    case 'hr_county':
    case 'reviewer':
    case 'poverty_office':
      return regionInScope(actorRegionScope(actor), c.region_code);
    case 'trainee':
      return enrolled || c.status === 'approved';
    case 'village_cadre':
    case 'school':
    case 'enterprise':
    case 'platform_admin':
    case 'audit_admin':
    case 'security_admin':
      return false;
  }
}

/** The class when visible to the actor, else 404. */
export async function getClassForActor(db: Q, actor: Actor, id: number): Promise<ClassRow> {
  const c = await db.selectFrom('classes').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) throw notFound('培训班');
  let enrolled = false;
  if (actor.role === 'trainee' && actor.personId) {
    enrolled = !!(await db.selectFrom('class_trainees').select('id').where('class_id', '=', id).where('person_id', '=', actor.personId).executeTakeFirst());
  }
  if (!classVisible(actor, c, enrolled)) throw notFound('培训班');
  return c;
}

/** Institution-only operations on a class: it must be the actor's own. */
async function ownClass(db: Q, actor: Actor, id: number): Promise<ClassRow> {
  const c = await getClassForActor(db, actor, id);
  if (actor.role !== 'system' && c.org_id !== actor.orgId) throw notFound('培训班');
  return c;
}

/** Filed in time = filed on a CST date before the start date (seed 003 二(六) 开班备案). */
export function filedInTime(c: Pick<ClassRow, 'filed_at' | 'start_date'>): boolean | null {
  if (!c.filed_at) return null;
  return cstDate(new Date(c.filed_at)) < c.start_date;
}

async function presentClasses(db: Q, rows: ClassRow[]): Promise<ClassView[]> {
  if (rows.length === 0) return [];
  const orgs = await db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', [...new Set(rows.map((r) => r.org_id))]).execute();
  const occ = await db.selectFrom('occupations').select(['code', 'name']).where('code', 'in', [...new Set(rows.map((r) => r.occupation_code))]).execute();
  const counts = await db
    .selectFrom('class_trainees')
    .select(['class_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('class_id', 'in', rows.map((r) => r.id))
    .where('status', '!=', 'dropped')
    .groupBy('class_id')
    .execute();
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const occName = new Map(occ.map((o) => [o.code, o.name]));
  const count = new Map(counts.map((c) => [c.class_id, Number(c.n)]));
  return rows.map((c) => ({
    id: c.id,
    name: c.name,
    orgId: c.org_id,
    orgName: orgName.get(c.org_id) ?? '',
    regionCode: c.region_code,
    occupationCode: c.occupation_code,
    occupationName: occName.get(c.occupation_code) ?? c.occupation_code,
    level: c.level,
    trainingType: c.training_type,
    keyGroup: c.key_group,
    mode: c.mode,
    startDate: c.start_date,
    endDate: c.end_date,
    venue: c.venue,
    teachers: c.teachers,
    plannedSize: c.planned_size,
    status: c.status,
    filedAt: c.filed_at ? cstDateTime(new Date(c.filed_at)) : null,
    filedInTime: filedInTime(c),
    reviewComment: c.review_comment,
    flagged: c.flagged,
    enrolled: count.get(c.id) ?? 0,
  }));
}

export async function presentClass(db: Q, c: ClassRow): Promise<ClassView> {
  return (await presentClasses(db, [c]))[0];
}

/** Classes visible to the actor, newest first. */
export async function listClasses(db: Kysely<DB>, actor: Actor, q: { status?: ClassRow['status']; page: number; pageSize: number }): Promise<{ items: ClassView[]; total: number }> {
  let query = db.selectFrom('classes');
  switch (actor.role) {
    case 'institution':
      query = query.where('org_id', '=', actor.orgId ?? -1);
      break;
    case 'trainee':
      query = query.where((eb) =>
        eb.or([eb('status', '=', 'approved'), eb('id', 'in', eb.selectFrom('class_trainees').select('class_id').where('person_id', '=', actor.personId ?? -1))]),
      );
      break;
    case 'system':
      break;
    default:
      query = query.where(inRegionScope('region_code', actorRegionScope(actor)));
  }
  if (q.status) query = query.where('status', '=', q.status);
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query.selectAll().orderBy('start_date', 'desc').orderBy('id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
  return { items: await presentClasses(db, rows), total: Number(total.n) };
}

/** The subsidy standard (fen) in force for a class: region prefix, year, occupation, level. */
async function standardFor(db: Q, region: string, occupation: string, level: number | null, onDate: string): Promise<number | null> {
  const year = Number(onDate.slice(0, 4));
  const rows = await db
    .selectFrom('occupation_standards')
    .select(['standard_fen', 'region_code', 'level', 'effective_from'])
    .where('occupation_code', '=', occupation)
    .where('year', '=', year)
    .where('effective_from', '<=', onDate)
    .where('cert_type', '!=', 'completion')
    .execute();
  const applicable = rows
    .filter((r) => regionInScope(r.region_code, region) && (r.level === null || r.level === level))
    .sort((a, b) => b.region_code.length - a.region_code.length || (b.level === null ? -1 : 1) || b.effective_from.localeCompare(a.effective_from));
  return applicable[0] ? Number(applicable[0].standard_fen) : null;
}

/** An institution creates a class (draft). */
export async function createClass(db: Kysely<DB>, actor: Actor, input: ClassInput): Promise<number> {
  if (actor.role !== 'institution' || !actor.orgId) throw new AppError('auth.forbidden', '只有培训机构可以创建培训班');
  if (input.endDate < input.startDate) throw new AppError('validation.failed', '结束日期不能早于开始日期');
  const occ = await db.selectFrom('occupations').select('code').where('code', '=', input.occupationCode).executeTakeFirst();
  if (!occ) throw new AppError('validation.failed', '工种不在补贴目录中');
  const org = await db.selectFrom('organisations').selectAll().where('id', '=', actor.orgId).executeTakeFirstOrThrow();
  const region = input.regionCode ? canonicalRegionCode(input.regionCode) : org.region_code;
  if (!region) throw new AppError('validation.failed', '区划代码无效');
  if (!regionInScope(org.region_code.slice(0, 4), region)) throw new AppError('validation.failed', '培训地点应在本机构所在市州内');
  const standard = await standardFor(db, region, input.occupationCode, input.level ?? null, input.startDate);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('classes')
      .values({
        province_code: region.slice(0, 2),
        region_code: region,
        org_id: actor.orgId!,
        name: input.name,
        occupation_code: input.occupationCode,
        level: input.level ?? null,
        training_type: input.trainingType,
        key_group: input.keyGroup,
        mode: input.mode,
        start_date: input.startDate,
        end_date: input.endDate,
        venue: input.venue,
        teachers: input.teachers,
        planned_size: input.plannedSize,
        standard_fen: standard,
        status: 'draft',
        filed_at: null,
        reviewed_by: null,
        reviewed_at: null,
        review_comment: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, { actor, action: 'training.class_create', objectType: 'class', objectId: row.id, regionCode: region });
    return row.id;
  });
}

/** 开班备案: files a draft (or a returned) class for review. Filing on or after the start date is refused. */
export async function fileClass(db: Kysely<DB>, actor: Actor, id: number): Promise<void> {
  const c = await ownClass(db, actor, id);
  const profile = await db.selectFrom('institution_profiles').selectAll().where('org_id', '=', c.org_id).executeTakeFirst();
  if (profile && profile.status !== 'active') throw new AppError('state.conflict', `机构状态为${profile.status === 'blacklisted' ? '黑名单' : '暂停'}，不能备案开班`);
  if (profile && profile.approved_occupations.length > 0 && !profile.approved_occupations.includes(c.occupation_code)) {
    throw new AppError('validation.failed', '该工种不在本机构核准的培训范围内');
  }
  if (today() >= c.start_date) throw new AppError('validation.failed', '开班备案须在开班日期之前完成，该班已不能备案（不能申请补贴）');
  await db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('classes')
      .set({ status: 'filed', filed_at: now(), version: sql<number>`version + 1` })
      .where('id', '=', id)
      .where('status', 'in', ['draft', 'rejected'])
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError('state.conflict', '只有草稿或被退回的班级可以备案');
    await appendAudit(trx, { actor, action: 'training.class_file', objectType: 'class', objectId: id, regionCode: c.region_code });
  });
}

/** 人社 review of a filed class. */
export async function reviewClass(db: Kysely<DB>, actor: Actor, id: number, decision: 'approve' | 'reject', comment?: string): Promise<void> {
  const c = await getClassForActor(db, actor, id);
  if (decision === 'reject' && !comment) throw new AppError('validation.failed', '退回时请填写意见');
  await db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('classes')
      .set({ status: decision === 'approve' ? 'approved' : 'rejected', reviewed_by: actor.userId, reviewed_at: now(), review_comment: comment ?? null, version: sql<number>`version + 1` })
      .where('id', '=', id)
      .where('status', '=', 'filed')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError('state.conflict', '该班级不在待审核状态');
    await appendAudit(trx, { actor, action: `training.class_${decision}`, objectType: 'class', objectId: id, regionCode: c.region_code, detail: { comment: comment ?? null } });
  });
}

/** Adds a person to a roster with the real-name check; redeems a voucher once. */
async function enrol(
  db: Kysely<DB>,
  pii: PiiCipher,
  actor: Actor,
  c: ClassRow,
  who: { personId: number } | { idNumber: string; name: string },
  voucherCode: string | undefined,
  channel: 'institution' | 'online',
): Promise<{ traineeId: number; registeredBeforeStart: boolean; warnings: string[] }> {
  if (c.status !== 'approved' && c.status !== 'filed') throw new AppError('state.conflict', '班级尚未备案，不能登记学员');
  if (today() > c.end_date) throw new AppError('state.conflict', '班级已结束，不能再登记学员');
  let personId: number;
  if ('personId' in who) {
    personId = who.personId;
  } else {
    const id = checkIdNumber(who.idNumber);
    if (!id.ok) throw new AppError('validation.failed', `身份证号: ${id.message}`);
    const name = normalizePersonName(who.name);
    if (!name.ok) throw new AppError('validation.failed', `姓名: ${name.message}`);
    const p = await db.selectFrom('persons').select(['id', 'name']).where('id_hash', '=', pii.blindIndex(id.id)).executeTakeFirst();
    // 实名核验: the trainee must be in the real-name registry under the same name.
    if (!p) throw new AppError('validation.failed', '实名核验未通过：该身份证号不在实名台账中，请先登记');
    if (p.name !== name.name) throw new AppError('validation.failed', '实名核验未通过：姓名与台账登记不一致');
    personId = p.id;
  }
  const warnings: string[] = [];
  const overlapping = await db
    .selectFrom('class_trainees as t')
    .innerJoin('classes as k', 'k.id', 't.class_id')
    .select(['k.name', 'k.start_date', 'k.end_date'])
    .where('t.person_id', '=', personId)
    .where('t.status', '!=', 'dropped')
    .where('k.id', '!=', c.id)
    .where('k.start_date', '<=', c.end_date)
    .where('k.end_date', '>=', c.start_date)
    .execute();
  for (const o of overlapping) warnings.push(`该学员同期参加“${o.name}”（${o.start_date} 至 ${o.end_date}），时间重叠的班级最多只能申领一次补贴`);
  const registeredBeforeStart = today() < c.start_date;
  if (!registeredBeforeStart) warnings.push('开班后登记的学员不计入补贴（凡补必进，不进不补）');
  return db.transaction().execute(async (trx) => {
    const exists = await trx.selectFrom('class_trainees').select('id').where('class_id', '=', c.id).where('person_id', '=', personId).executeTakeFirst();
    if (exists) throw new AppError('conflict', '该学员已在本班名单中');
    let voucherId: number | null = null;
    if (voucherCode) {
      const v = await trx.selectFrom('vouchers').selectAll().where('code', '=', voucherCode.toUpperCase()).executeTakeFirst();
      if (!v || v.person_id !== personId) throw new AppError('validation.failed', '培训券不存在或不属于该学员');
      if (v.expires_on < today()) throw new AppError('validation.failed', '培训券已过期');
      // Conditional update: a voucher can be redeemed once, even under concurrent requests.
      const res = await trx.updateTable('vouchers').set({ redeemed_at: now(), redeemed_class_id: c.id }).where('id', '=', v.id).where('redeemed_at', 'is', null).executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw new AppError('conflict', '培训券已被使用，不能重复兑付');
      voucherId = v.id;
    }
    const row = await trx
      .insertInto('class_trainees')
      .values({ province_code: c.province_code, class_id: c.id, person_id: personId, enrolled_at: now(), channel, registered_before_start: registeredBeforeStart, voucher_id: voucherId, passed: null, assessed_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, { actor, action: 'training.enrol', objectType: 'class', objectId: c.id, regionCode: c.region_code, detail: { traineeId: row.id, channel, voucher: voucherId !== null } });
    return { traineeId: row.id, registeredBeforeStart, warnings };
  });
}

export async function enrolByInstitution(db: Kysely<DB>, pii: PiiCipher, actor: Actor, classId: number, input: { idNumber: string; name: string; voucherCode?: string }) {
  const c = await ownClass(db, actor, classId);
  return enrol(db, pii, actor, c, { idNumber: input.idNumber, name: input.name }, input.voucherCode, 'institution');
}

/** 网上报名: a trainee registers for an approved class before it starts. */
export async function registerOnline(db: Kysely<DB>, pii: PiiCipher, actor: Actor, classId: number, voucherCode?: string) {
  if (actor.role !== 'trainee' || !actor.personId) throw new AppError('auth.forbidden', '请使用已实名登记的学员账号报名');
  const c = await getClassForActor(db, actor, classId);
  if (c.status !== 'approved') throw notFound('培训班');
  if (today() >= c.start_date) throw new AppError('state.conflict', '该班已开班，不能网上报名');
  return enrol(db, pii, actor, c, { personId: actor.personId }, voucherCode, 'online');
}

export async function roster(db: Kysely<DB>, pii: PiiCipher, actor: Actor, classId: number) {
  const c = await getClassForActor(db, actor, classId);
  if (actor.role === 'trainee') throw notFound('培训班');
  const rows = await db
    .selectFrom('class_trainees as t')
    .innerJoin('persons as p', 'p.id', 't.person_id')
    .leftJoin('vouchers as v', 'v.id', 't.voucher_id')
    .select(['t.id', 't.person_id', 'p.name', 'p.id_head', 'p.id_tail', 't.channel', 't.registered_before_start', 't.status', 't.passed', 'v.code as voucher_code'])
    .select((eb) =>
      eb
        .selectFrom('attendance as a')
        .innerJoin('class_sessions as s', 's.id', 'a.session_id')
        .select(sql<number>`count(DISTINCT s.session_date)::int`.as('n'))
        .whereRef('a.class_trainee_id', '=', 't.id')
        .as('days'),
    )
    .select((eb) => eb.exists(eb.selectFrom('employment_records as e').select('e.id').whereRef('e.person_id', '=', 't.person_id').where('e.start_date', '>=', c.start_date)).as('employed'))
    .where('t.class_id', '=', classId)
    .orderBy('t.id')
    .execute();
  void pii;
  return rows.map((r) => ({
    traineeId: r.id,
    personId: r.person_id,
    name: r.name,
    idNumber: maskIdNumber(`${r.id_head}00000000${r.id_tail}`),
    channel: r.channel,
    registeredBeforeStart: r.registered_before_start,
    status: r.status,
    passed: r.passed,
    daysAttended: Number(r.days ?? 0),
    voucherCode: r.voucher_code,
    employed: Boolean(r.employed),
  }));
}

/** 职业培训券: issues one voucher per person (persons within the actor's region). */
export async function issueVouchers(db: Kysely<DB>, actor: Actor, personIds: number[], expiresOn: string): Promise<{ personId: number; code: string }[]> {
  if (expiresOn <= today()) throw new AppError('validation.failed', '有效期应晚于今天');
  const scope = actorRegionScope(actor);
  const persons = await db.selectFrom('persons').select(['id', 'region_code', 'province_code']).where('id', 'in', personIds).where(inRegionScope('region_code', scope)).execute();
  if (persons.length !== new Set(personIds).size) throw notFound('人员');
  return db.transaction().execute(async (trx) => {
    const out: { personId: number; code: string }[] = [];
    for (const p of persons) {
      const code = `PXQ${today().slice(0, 4)}${randomBytes(5).toString('hex').toUpperCase()}`;
      await trx.insertInto('vouchers').values({ province_code: p.province_code, code, person_id: p.id, region_code: p.region_code, issued_at: now(), expires_on: expiresOn, redeemed_at: null, redeemed_class_id: null }).execute();
      out.push({ personId: p.id, code });
    }
    await appendAudit(trx, { actor, action: 'training.vouchers_issue', objectType: 'vouchers', regionCode: scope || null, detail: { count: out.length, expiresOn } });
    return out;
  });
}

export async function createSession(db: Kysely<DB>, actor: Actor, classId: number, sessionDate: string, title?: string): Promise<number> {
  const c = await ownClass(db, actor, classId);
  if (c.status !== 'approved') throw new AppError('state.conflict', '班级审核通过后才能安排课次');
  if (sessionDate < c.start_date || sessionDate > c.end_date) throw new AppError('validation.failed', '课次日期应在开班期间内');
  const row = await db
    .insertInto('class_sessions')
    .values({ class_id: classId, session_date: sessionDate, title: title ?? null, qr_secret: randomBytes(24).toString('hex'), opened_at: null, closed_at: null })
    .onConflict((oc) => oc.columns(['class_id', 'session_date']).doUpdateSet({ title: title ?? null }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function sessionForActor(db: Kysely<DB>, actor: Actor, sessionId: number) {
  const s = await db.selectFrom('class_sessions').selectAll().where('id', '=', sessionId).executeTakeFirst();
  if (!s) throw notFound('课次');
  const c = await getClassForActor(db, actor, s.class_id);
  return { s, c };
}

/** The current rotating code of a session, for the institution's screen. */
export async function currentQr(db: Kysely<DB>, actor: Actor, sessionId: number) {
  const { s, c } = await sessionForActor(db, actor, sessionId);
  if (actor.role !== 'system' && c.org_id !== actor.orgId) throw notFound('课次');
  if (s.session_date !== today()) throw new AppError('state.conflict', '只能在上课当天出示签到码');
  const t = now().getTime();
  return { sessionId, code: qrCodeAt(s.qr_secret, t), expiresInSeconds: qrSecondsLeft(t) };
}

/** A trainee signs in with the code on the screen, from their own session. */
export async function signInWithQr(db: Kysely<DB>, actor: Actor, sessionId: number, code: string): Promise<void> {
  if (actor.role !== 'trainee' || !actor.personId) throw new AppError('auth.forbidden', '请使用本人学员账号扫码签到');
  const s = await db.selectFrom('class_sessions').selectAll().where('id', '=', sessionId).executeTakeFirst();
  if (!s) throw notFound('课次');
  const t = await db.selectFrom('class_trainees').selectAll().where('class_id', '=', s.class_id).where('person_id', '=', actor.personId).where('status', '!=', 'dropped').executeTakeFirst();
  if (!t) throw notFound('课次');
  if (s.session_date !== today() || !verifyQrCode(s.qr_secret, code, now().getTime())) throw new AppError('validation.failed', '签到码无效或已过期，请重新扫码');
  await db
    .insertInto('attendance')
    .values({ session_id: sessionId, class_trainee_id: t.id, method: 'qr', at: now(), recorded_by: actor.userId })
    .onConflict((oc) => oc.columns(['session_id', 'class_trainee_id']).doNothing())
    .execute();
}

/** Teacher roll-call for trainees who could not scan. */
export async function rollCall(db: Kysely<DB>, actor: Actor, sessionId: number, traineeIds: number[]): Promise<number> {
  const { s, c } = await sessionForActor(db, actor, sessionId);
  if (actor.role !== 'system' && c.org_id !== actor.orgId) throw notFound('课次');
  const trainees = await db.selectFrom('class_trainees').select('id').where('class_id', '=', s.class_id).where('id', 'in', traineeIds).execute();
  if (trainees.length !== new Set(traineeIds).size) throw new AppError('validation.failed', '点名名单中有不属于本班的学员');
  return db.transaction().execute(async (trx) => {
    let n = 0;
    for (const tr of trainees) {
      const r = await trx
        .insertInto('attendance')
        .values({ session_id: sessionId, class_trainee_id: tr.id, method: 'rollcall', at: now(), recorded_by: actor.userId })
        .onConflict((oc) => oc.columns(['session_id', 'class_trainee_id']).doNothing())
        .executeTakeFirst();
      n += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    await appendAudit(trx, { actor, action: 'training.rollcall', objectType: 'session', objectId: sessionId, regionCode: c.region_code, detail: { count: n } });
    return n;
  });
}

export async function recordResults(db: Kysely<DB>, actor: Actor, classId: number, results: { traineeId: number; completed: boolean; passed: boolean }[]): Promise<void> {
  const c = await ownClass(db, actor, classId);
  if (today() < c.end_date) throw new AppError('state.conflict', '结业考核须在班级结束后录入');
  await db.transaction().execute(async (trx) => {
    for (const r of results) {
      const res = await trx
        .updateTable('class_trainees')
        .set({ status: r.completed ? 'completed' : 'dropped', passed: r.completed ? r.passed : false, assessed_at: now() })
        .where('id', '=', r.traineeId)
        .where('class_id', '=', classId)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw new AppError('validation.failed', `学员 ${r.traineeId} 不在本班名单中`);
    }
    await appendAudit(trx, { actor, action: 'training.results', objectType: 'class', objectId: classId, regionCode: c.region_code, detail: { count: results.length } });
  });
}

async function traineeOfClass(db: Q, classId: number, traineeId: number) {
  const t = await db.selectFrom('class_trainees').selectAll().where('id', '=', traineeId).where('class_id', '=', classId).executeTakeFirst();
  if (!t) throw new AppError('validation.failed', '学员不在本班名单中');
  return t;
}

export async function addCertificate(db: Kysely<DB>, actor: Actor, classId: number, input: { traineeId: number; certType: string; level?: number | null; certNo: string; issuedOn: string; issuer: string }): Promise<number> {
  const c = await ownClass(db, actor, classId);
  const t = await traineeOfClass(db, classId, input.traineeId);
  if (input.certType !== 'completion' && !input.level) throw new AppError('validation.failed', '职业资格、技能等级证书须填写等级');
  try {
    const row = await db
      .insertInto('certificates')
      .values({ province_code: c.province_code, person_id: t.person_id, class_id: classId, cert_type: input.certType, level: input.level ?? null, cert_no: input.certNo, issued_on: input.issuedOn, issuer: input.issuer })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new AppError('conflict', '证书编号已存在');
    throw err;
  }
}

/** 就业回访: records an employment of a trainee (institution or 人社 staff). */
export async function addEmployment(db: Kysely<DB>, actor: Actor, classId: number, input: { traineeId: number; employer?: string; startDate: string; monthlyWageYuan?: number; place: string; selfEmployed: boolean }): Promise<number> {
  const c = await getClassForActor(db, actor, classId);
  if (actor.role === 'institution' && c.org_id !== actor.orgId) throw notFound('培训班');
  const t = await traineeOfClass(db, classId, input.traineeId);
  if (!input.selfEmployed && !input.employer) throw new AppError('validation.failed', '请填写就业单位，或选择自主创业');
  const row = await db
    .insertInto('employment_records')
    .values({
      province_code: c.province_code,
      person_id: t.person_id,
      class_id: classId,
      employer: input.employer ?? null,
      start_date: input.startDate,
      monthly_wage_fen: input.monthlyWageYuan === undefined ? null : Math.round(input.monthlyWageYuan * 100),
      place: input.place,
      self_employed: input.selfEmployed,
      recorded_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The class's employment rate from the follow-up records (window in months; policy-set data). */
export async function classEmploymentRate(db: Kysely<DB>, actor: Actor, classId: number, windowMonths = 6) {
  const c = await getClassForActor(db, actor, classId);
  const trainees = await db.selectFrom('class_trainees').selectAll().where('class_id', '=', classId).execute();
  const jobs = trainees.length
    ? await db.selectFrom('employment_records').select(['person_id', 'start_date']).where('person_id', 'in', trainees.map((t) => t.person_id)).execute()
    : [];
  return employmentRate(
    trainees.map((t) => ({
      registeredBeforeStart: t.registered_before_start,
      completed: t.status === 'completed',
      passed: t.passed === true,
      employmentStarts: jobs.filter((j) => j.person_id === t.person_id).map((j) => j.start_date),
    })),
    c.start_date,
    c.end_date,
    windowMonths,
  );
}

/** 抽查: 人社 staff or a third-party reviewer records a spot check; findings flag the class. */
export async function recordSpotCheck(db: Kysely<DB>, actor: Actor, classId: number, input: { checkedOn: string; present?: number; expected?: number; findings: string[]; note?: string }): Promise<number> {
  const c = await getClassForActor(db, actor, classId);
  if (actor.userId === null) throw new AppError('auth.forbidden', '无权抽查');
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('spot_checks')
      .values({ class_id: classId, checker_id: actor.userId!, checked_on: input.checkedOn, present: input.present ?? null, expected: input.expected ?? null, findings: JSON.stringify(input.findings), note: input.note ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.findings.length > 0) await trx.updateTable('classes').set({ flagged: true }).where('id', '=', classId).execute();
    await appendAudit(trx, { actor, action: 'training.spot_check', objectType: 'class', objectId: classId, regionCode: c.region_code, detail: { findings: input.findings } });
    return row.id;
  });
}

/** Satisfaction survey after the class, by the trainee on a phone. */
export async function answerSurvey(db: Kysely<DB>, actor: Actor, classId: number, score: number, comment?: string): Promise<void> {
  if (actor.role !== 'trainee' || !actor.personId) throw new AppError('auth.forbidden', '请使用学员账号填写');
  const c = await getClassForActor(db, actor, classId);
  const t = await db.selectFrom('class_trainees').select('id').where('class_id', '=', classId).where('person_id', '=', actor.personId).executeTakeFirst();
  if (!t) throw notFound('培训班');
  if (today() < c.end_date) throw new AppError('state.conflict', '结业后才能评价');
  await db
    .insertInto('satisfaction_surveys')
    .values({ class_id: classId, person_id: actor.personId, score, comment: comment ?? null, at: now() })
    .onConflict((oc) => oc.columns(['class_id', 'person_id']).doUpdateSet({ score, comment: comment ?? null, at: now() }))
    .execute();
}

export async function listOccupations(db: Kysely<DB>) {
  const rows = await db.selectFrom('occupations').selectAll().orderBy('code').execute();
  return rows.map((r) => ({ code: r.code, gbt6565: r.gbt6565, name: r.name, category: r.category, keyIndustry: r.key_industry }));
}
