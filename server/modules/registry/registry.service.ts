/**
 * Registry use cases: list and search persons in scope, detail, audited reveal of the full
 * ID number (reason + daily quota), create and edit with the import's validation, change
 * history, households. Every read is scoped by region on the server; out of scope → 404.
 */
import { sql, type Kysely } from 'kysely';
import type { DB, PersonRow } from '../../db/tables.ts';
import type { Actor } from '../../http/actor.ts';
import { actorRegionScope, inRegionScope } from '../../db/scope.ts';
import { AppError, notFound } from '../../../common/errors.ts';
import { canonicalRegionCode, regionInScope } from '../../../common/region.ts';
import { checkIdNumber } from '../../../common/id-number.ts';
import { maskIdNumber, maskPhone } from '../../../common/mask.ts';
import { cstDateTime } from '../../../common/dates.ts';
import type { PersonDetail, PersonInput, PersonItem, PersonListQuery } from '../../../common/schemas/registry.ts';
import { now, today } from '../../clock.ts';
import type { PiiCipher } from '../../lib/pii-crypto.ts';
import { namePinyin } from '../../lib/pinyin.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { parsePersonRow, TEMPLATE_COLUMNS, type ColumnMap, type TemplateColumn } from './rules/person-row.ts';
import { diffPerson, FIELD_LABEL } from './person-fields.ts';
import { upsertHouseholds } from './registry.repo.ts';

/** Full-ID reveals allowed per user per day (quality.md §4). */
export const REVEAL_DAILY_QUOTA = 50;

function maskedId(p: Pick<PersonRow, 'id_head' | 'id_tail'>): string {
  return maskIdNumber(`${p.id_head}${'0'.repeat(8)}${p.id_tail}`);
}

async function regionNames(db: Kysely<DB>, codes: string[]): Promise<Map<string, string>> {
  const uniq = [...new Set(codes)];
  if (uniq.length === 0) return new Map();
  const rows = await db.selectFrom('regions').select(['code', 'name']).where('code', 'in', uniq).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

function presentItem(p: PersonRow, regionName: string | null): PersonItem {
  return {
    id: p.id,
    name: p.name,
    gender: p.gender,
    birthDate: p.birth_date,
    nationality: p.nationality,
    idNumber: maskedId(p),
    phone: p.phone ? maskPhone(p.phone) : null,
    regionCode: p.region_code,
    regionName,
    address: p.address,
    householdId: p.household_id,
    povertyStatus: p.poverty_status,
    trainingWish: p.training_wish,
    studyWish: p.study_wish,
    employmentStatus: p.employment_status,
  };
}

/** Paged, scoped search: name, pinyin initials, or a full ID number (via the blind index). */
export async function listPersons(db: Kysely<DB>, pii: PiiCipher, actor: Actor, query: PersonListQuery): Promise<{ items: PersonItem[]; total: number }> {
  let scope = actorRegionScope(actor);
  if (query.region) {
    const r = canonicalRegionCode(query.region);
    if (!r) throw new AppError('validation.failed', '区划代码无效');
    // A filter outside the caller's scope yields nothing (never widens the scope).
    scope = scope === '' || regionInScope(scope, r) ? r : 'x';
  }
  let q = db.selectFrom('persons').where(inRegionScope('region_code', scope));
  const term = query.q?.trim();
  if (term) {
    const id = checkIdNumber(term);
    if (id.ok) q = q.where('id_hash', '=', pii.blindIndex(id.id));
    else if (/^[A-Za-z]+$/.test(term)) q = q.where('name_initials', 'like', `${term.toLowerCase()}%`);
    else q = q.where('name', 'like', `%${term.replace(/[%_\\]/g, '\\$&')}%`);
  }
  if (query.povertyStatus === 'none') q = q.where('poverty_status', 'is', null);
  else if (query.povertyStatus) q = q.where('poverty_status', '=', query.povertyStatus);
  if (query.trainingWish === 'unknown') q = q.where('training_wish', 'is', null);
  else if (query.trainingWish === 'yes') q = q.where('training_wish', 'is not', null).where('training_wish', 'not in', ['否', '无', '不愿意']);
  else if (query.trainingWish === 'no') q = q.where('training_wish', 'in', ['否', '无', '不愿意']);
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll()
    .orderBy('region_code')
    .orderBy('name_pinyin')
    .orderBy('id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const names = await regionNames(db, rows.map((r) => r.region_code));
  return { total: Number(total.n), items: rows.map((r) => presentItem(r, names.get(r.region_code) ?? null)) };
}

/** The person if it lies in the actor's scope, else a 404 that does not reveal existence. */
export async function getPersonInScope(db: Kysely<DB>, actor: Actor, id: number): Promise<PersonRow> {
  const row = await db.selectFrom('persons').selectAll().where('id', '=', id).where(inRegionScope('region_code', actorRegionScope(actor))).executeTakeFirst();
  if (!row) throw notFound('人员');
  return row;
}

export async function getPersonDetail(db: Kysely<DB>, actor: Actor, id: number): Promise<PersonDetail> {
  const p = await getPersonInScope(db, actor, id);
  const names = await regionNames(db, [p.region_code]);
  const hh = p.household_id ? await db.selectFrom('households').select('household_no').where('id', '=', p.household_id).executeTakeFirst() : undefined;
  return {
    ...presentItem(p, names.get(p.region_code) ?? null),
    povertyCardNo: p.poverty_card_no,
    householdNo: hh?.household_no ?? null,
    relationToHead: p.relation_to_head,
    education: p.education,
    labourAbility: p.labour_ability,
    schoolWish: p.school_wish,
    remark: p.remark,
    version: p.version,
    createdAt: cstDateTime(new Date(p.created_at)),
    updatedAt: cstDateTime(new Date(p.updated_at)),
  };
}

/** Returns the full ID number, audited with the reason; limited per user per day. */
export async function revealIdNumber(db: Kysely<DB>, pii: PiiCipher, actor: Actor, id: number, reason: string): Promise<string> {
  const p = await getPersonInScope(db, actor, id);
  if (actor.userId === null) throw new AppError('auth.forbidden', '无权查看完整身份证号');
  const since = new Date(now().getTime() - 24 * 3600 * 1000);
  return db.transaction().execute(async (trx) => {
    const used = await trx
      .selectFrom('id_reveals')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', actor.userId!)
      .where('at', '>', since)
      .executeTakeFirstOrThrow();
    if (Number(used.n) >= REVEAL_DAILY_QUOTA) throw new AppError('rate.limited', `今日查看完整身份证号已达上限（${REVEAL_DAILY_QUOTA} 次）`);
    await trx.insertInto('id_reveals').values({ user_id: actor.userId!, person_id: p.id, reason, at: now() }).execute();
    await appendAudit(trx, { actor, action: 'registry.reveal_id', objectType: 'person', objectId: p.id, regionCode: p.region_code, detail: { reason } });
    return pii.decrypt(p.id_enc);
  });
}

const INPUT_COLUMN: Record<keyof PersonInput, TemplateColumn> = {
  name: '姓名',
  gender: '性别',
  nationality: '民族',
  idNumber: '身份证号',
  phone: '联系电话',
  address: '家庭详细地址',
  regionCode: '所在地区代码',
  povertyCardNo: '扶贫卡编号',
  schoolWish: '拟就读技工院校',
  householdNo: '户编号',
  relationToHead: '与户主关系',
  education: '文化程度',
  employmentStatus: '就业状态',
  trainingWish: '培训意愿',
  studyWish: '就读意愿',
  labourAbility: '劳动能力',
  remark: '备注',
};

/** Runs the import's row rules over a JSON form; throws 400 with the first problem's message. */
function validateInput(input: PersonInput) {
  const map: ColumnMap = {};
  TEMPLATE_COLUMNS.forEach((c, i) => (map[c] = i));
  const cells = TEMPLATE_COLUMNS.map(() => '');
  for (const [k, col] of Object.entries(INPUT_COLUMN) as [keyof PersonInput, TemplateColumn][]) {
    const v = input[k];
    if (v !== undefined && v !== null) cells[TEMPLATE_COLUMNS.indexOf(col)] = String(v);
  }
  const { record, problems } = parsePersonRow(cells, map, today());
  const bad = problems.find((p) => !p.warning);
  if (!record || bad) throw new AppError('validation.failed', bad ? `${bad.column}: ${bad.message}` : '数据无效');
  return record;
}

/** Creates a person (registry form or village survey). Duplicate ID → 409. */
export async function createPerson(db: Kysely<DB>, pii: PiiCipher, actor: Actor, input: PersonInput, source: 'edit' | 'survey'): Promise<number> {
  const record = validateInput(input);
  const scope = actorRegionScope(actor);
  const region = record.regionCode ?? actor.regionCode;
  if (scope !== '' && !regionInScope(scope, region)) throw new AppError('validation.failed', '所在地区不在您的管辖范围内');
  const hash = pii.blindIndex(record.idNumber);
  return db.transaction().execute(async (trx) => {
    const dup = await trx.selectFrom('persons').select('id').where('id_hash', '=', hash).executeTakeFirst();
    if (dup) throw new AppError('conflict', '该身份证号已登记');
    const households = record.householdNo
      ? await upsertHouseholds(trx, [{ province: region.slice(0, 2), householdNo: record.householdNo, povertyCardNo: record.povertyCardNo, regionCode: region, address: record.address }])
      : new Map<string, number>();
    const py = namePinyin(record.name);
    const row = await trx
      .insertInto('persons')
      .values({
        province_code: region.slice(0, 2),
        id_hash: hash,
        id_enc: pii.encrypt(record.idNumber),
        id_head: record.idNumber.slice(0, 6),
        id_tail: record.idNumber.slice(14),
        name: record.name,
        name_pinyin: py.full,
        name_initials: py.initials,
        gender: record.gender,
        birth_date: record.birthDate,
        nationality: record.nationality,
        phone: record.phone,
        address: record.address,
        region_code: region,
        household_id: record.householdNo ? (households.get(`${region.slice(0, 2)}|${record.householdNo}`) ?? null) : null,
        relation_to_head: record.relationToHead,
        poverty_card_no: record.povertyCardNo,
        education: record.education,
        employment_status: record.employmentStatus,
        training_wish: record.trainingWish,
        study_wish: record.studyWish,
        labour_ability: record.labourAbility,
        school_wish: record.schoolWish,
        remark: record.remark,
        poverty_status: null,
        source,
        import_job_id: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('person_changes')
      .values({ person_id: row.id, province_code: region.slice(0, 2), at: now(), actor_id: actor.userId, actor_name: actor.username, source, job_id: null, changes: JSON.stringify({ created: [null, record.name] }) })
      .execute();
    await appendAudit(trx, { actor, action: 'registry.create', objectType: 'person', objectId: row.id, regionCode: region });
    return row.id;
  });
}

/** Edits a person with optimistic locking (version); the ID number itself cannot change here. */
export async function editPerson(db: Kysely<DB>, pii: PiiCipher, actor: Actor, id: number, patch: Partial<PersonInput> & { version: number }): Promise<void> {
  const p = await getPersonInScope(db, actor, id);
  const current: PersonInput = {
    name: p.name,
    gender: p.gender,
    nationality: p.nationality,
    idNumber: pii.decrypt(p.id_enc),
    phone: p.phone,
    address: p.address,
    regionCode: p.region_code.length >= 6 ? p.region_code : null,
    povertyCardNo: p.poverty_card_no,
    schoolWish: p.school_wish,
    relationToHead: p.relation_to_head,
    education: p.education,
    employmentStatus: p.employment_status,
    trainingWish: p.training_wish,
    studyWish: p.study_wish,
    labourAbility: p.labour_ability,
    remark: p.remark,
  };
  const { version, ...fields } = patch;
  if (fields.idNumber !== undefined && checkIdNumber(fields.idNumber).ok && pii.blindIndex((checkIdNumber(fields.idNumber) as { id: string }).id) !== p.id_hash) {
    throw new AppError('validation.failed', '身份证号不能在此修改');
  }
  const record = validateInput({ ...current, ...fields, idNumber: current.idNumber });
  const scope = actorRegionScope(actor);
  if (record.regionCode && scope !== '' && !regionInScope(scope, record.regionCode)) throw new AppError('validation.failed', '所在地区不在您的管辖范围内');
  const changes = diffPerson(p, record, record.regionCode, null);
  // Explicitly cleared optional fields (null in the patch) are changes too in an edit.
  for (const [k, v] of Object.entries(fields) as [keyof PersonInput, unknown][]) {
    if (v === null) {
      const col = ({ phone: 'phone', povertyCardNo: 'poverty_card_no', schoolWish: 'school_wish', relationToHead: 'relation_to_head', education: 'education', employmentStatus: 'employment_status', trainingWish: 'training_wish', studyWish: 'study_wish', labourAbility: 'labour_ability', remark: 'remark' } as Record<string, keyof PersonRow>)[k];
      if (col && p[col] !== null) changes[col] = [p[col], null];
    }
  }
  if (Object.keys(changes).length === 0) return;
  await db.transaction().execute(async (trx) => {
    const set: Record<string, unknown> = {};
    for (const [col, [, next]] of Object.entries(changes)) set[col] = next;
    if (changes.name) {
      const py = namePinyin(record.name);
      set.name_pinyin = py.full;
      set.name_initials = py.initials;
    }
    const res = await trx
      .updateTable('persons')
      .set({ ...set, updated_at: now(), version: sql<number>`version + 1` })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError('state.conflict', '该记录已被他人修改，请刷新后重试');
    await trx
      .insertInto('person_changes')
      .values({ person_id: id, province_code: p.province_code, at: now(), actor_id: actor.userId, actor_name: actor.username, source: 'edit', job_id: null, changes: JSON.stringify(changes) })
      .execute();
    await appendAudit(trx, { actor, action: 'registry.edit', objectType: 'person', objectId: id, regionCode: p.region_code, detail: { fields: Object.keys(changes) } });
  });
}

export async function listChanges(db: Kysely<DB>, actor: Actor, id: number) {
  await getPersonInScope(db, actor, id);
  const rows = await db.selectFrom('person_changes').selectAll().where('person_id', '=', id).orderBy('at', 'desc').orderBy('id', 'desc').limit(200).execute();
  return rows.map((r) => ({
    at: cstDateTime(new Date(r.at)),
    actorName: r.actor_name,
    source: r.source,
    changes: Object.entries(r.changes).map(([field, [from, to]]) => ({
      field,
      label: (FIELD_LABEL as Record<string, string>)[field] ?? (field === 'created' ? '新建' : field),
      from: field === 'phone' && typeof from === 'string' ? maskPhone(from) : from,
      to: field === 'phone' && typeof to === 'string' ? maskPhone(to) : to,
    })),
  }));
}

export async function getHousehold(db: Kysely<DB>, actor: Actor, id: number) {
  const scope = actorRegionScope(actor);
  const h = await db.selectFrom('households').selectAll().where('id', '=', id).executeTakeFirst();
  if (!h) throw notFound('家庭');
  const members = await db.selectFrom('persons').selectAll().where('household_id', '=', id).where(inRegionScope('region_code', scope)).orderBy('id').execute();
  if (members.length === 0 && !(h.region_code && (scope === '' || regionInScope(scope, h.region_code)))) throw notFound('家庭');
  const names = await regionNames(db, members.map((m) => m.region_code));
  return {
    id: h.id,
    householdNo: h.household_no,
    povertyCardNo: h.poverty_card_no,
    regionCode: h.region_code,
    address: h.address,
    povertyStatus: h.poverty_status,
    members: members.map((m) => ({ ...presentItem(m, names.get(m.region_code) ?? null), relationToHead: m.relation_to_head })),
  };
}
