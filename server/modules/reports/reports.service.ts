/**
 * Official report tables (contracts.md §4, product.md capability 7): one builder per table,
 * shared by `jineng report`, GET /api/v1/reports/:name and the /reports page.
 *
 * Rows are per sub-region one level below the requested region (default: the actor's
 * region; for the system actor the whole database per province), plus a 合计 row that is
 * the sum of the rows (rates are recomputed from the summed counts). Scope is applied in
 * SQL; a region outside the actor's scope is `not_found`.
 *
 * Columns without a data source yet (the platform does not model technical-school
 * enrolment, graduation or yearly targets) are written as 0 (counts) or blank (rates,
 * targets) and listed in `noSource` — never estimated:
 * - school-progress: every column after 学校名称 (technical-school enrolment/graduates/
 *   employment of graduates is not modelled).
 * - thousand-schools-progress: 免费接受技工教育(人), 技工院校新招收建档立卡贫困家庭学生(人).
 * - training-progress: 年度培训目标(人次), 目标完成率(%) (yearly targets are not modelled).
 */
import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { DB } from '../../db/tables.ts';
import type { Actor } from '../../http/actor.ts';
import { actorRegionScope, inRegionScope } from '../../db/scope.ts';
import { AppError } from '../../../common/errors.ts';
import { LEVEL_LENGTH, canonicalRegionCode, officialRegionCode, regionInScope, regionLevel } from '../../../common/region.ts';
import { can } from '../../../common/permissions.ts';
import { maskIdNumber, maskPhone } from '../../../common/mask.ts';
import { REPORT_NAMES, REPORT_TITLES, type ReportName, type ReportOutput } from '../../../common/schemas/reports.ts';
import { writeTable } from '../../lib/tabular/index.ts';
import type { PiiCipher } from '../../lib/pii-crypto.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { reportPeriod, type ReportPeriod } from './period.ts';

export interface ReportRequest {
  name: string;
  year?: number;
  half?: number;
  region?: string;
  /** registration-summary only: full ID numbers and phones (permission required, audited). */
  unmasked?: boolean;
  /** Preview: at most this many rows (the 合计 row always covers everything). */
  limit?: number;
}

export interface ReportContext {
  db: Kysely<DB>;
  pii: PiiCipher;
  actor: Actor;
}

export function isReportName(name: string): name is ReportName {
  return (REPORT_NAMES as readonly string[]).includes(name);
}

// ---------------------------------------------------------------------------------------
// Regions: the base of the report and its sub-regions

interface ReportBase {
  /** Canonical code ('' = the whole database). */
  code: string;
  name: string;
  /** Length of the group key: one level below the base (the base itself for a village). */
  childLen: number;
}

async function resolveBase(db: Kysely<DB>, actor: Actor, region: string | undefined): Promise<ReportBase> {
  const scope = actorRegionScope(actor);
  let code = scope;
  if (region !== undefined) {
    const r = canonicalRegionCode(region);
    if (!r) throw new AppError('validation.failed', `区划代码 ${region} 无效`);
    if (scope !== '' && !regionInScope(scope, r)) throw new AppError('not_found', '区划不存在或无权访问');
    code = r;
  }
  if (code === '') {
    // The whole database: per province, or per city when everything lies in one province.
    const only = await singleProvince(db);
    if (only === null) return { code, name: '全部地区', childLen: LEVEL_LENGTH[1] };
    code = only;
  }
  const level = regionLevel(code);
  if (level === null) throw new AppError('not_found', '区划不存在或无权访问');
  const row = await db.selectFrom('regions').select('name').where('code', '=', code).executeTakeFirst();
  return { code, name: row?.name ?? officialRegionCode(code), childLen: level === 5 ? code.length : LEVEL_LENGTH[(level + 1) as 2 | 3 | 4 | 5] };
}

/** The one province holding all registry, training and subsidy data, or null. */
async function singleProvince(db: Kysely<DB>): Promise<string | null> {
  const found = new Set<string>();
  for (const table of ['persons', 'classes', 'payments', 'organisations'] as const) {
    const rows = await db.selectFrom(table).select('province_code').distinct().limit(2).execute();
    for (const r of rows) found.add(r.province_code);
    if (found.size > 1) return null;
  }
  const [only] = [...found];
  return only !== undefined && regionLevel(only) === 1 ? only : null;
}

/** `substring(col, 1, childLen)`: the sub-region a row belongs to (a code above that level groups as itself). */
function groupKey(col: string, base: ReportBase): RawBuilder<string> {
  return sql<string>`substring(${sql.ref(col)} from 1 for ${sql.lit(base.childLen)})`;
}

interface GroupRow {
  key: string;
  name: string;
}

/** The rows of a per-region table: every sub-region of the base, plus any key found in the data. */
async function subRegions(db: Kysely<DB>, base: ReportBase, dataKeys: Iterable<string>): Promise<GroupRow[]> {
  const keys = new Set(dataKeys);
  if (base.code !== '' && base.childLen > base.code.length) {
    const children = await db.selectFrom('regions').select('code').where('parent_code', '=', base.code).execute();
    for (const c of children) keys.add(c.code);
  }
  if (keys.size === 0 && base.code !== '') keys.add(base.code);
  const sorted = [...keys].sort();
  const names = new Map<string, string>();
  if (sorted.length > 0) {
    const rows = await db.selectFrom('regions').select(['code', 'name']).where('code', 'in', sorted).execute();
    for (const r of rows) names.set(r.code, r.name);
  }
  return sorted.map((key) => ({
    key,
    name: key === base.code && base.childLen > key.length ? `${base.name}（本级）` : (names.get(key) ?? officialRegionCode(key)),
  }));
}

// ---------------------------------------------------------------------------------------
// Cell formatting

function count(n: number): string {
  return String(n);
}

/** Integer fen → yuan with two decimals, without floating point. */
function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}${Math.trunc(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** Percentage with one decimal; blank when the denominator is 0. */
function rate(numerator: number, denominator: number): string {
  if (denominator === 0) return '';
  return ((numerator * 1000) / denominator / 10).toFixed(1);
}

/** Builds the rows and the 合计 row of a per-region table from raw metric vectors. */
async function regionTable(
  db: Kysely<DB>,
  base: ReportBase,
  data: Map<string, number[]>,
  width: number,
  format: (v: number[]) => string[],
): Promise<{ rows: string[][]; total: string[] }> {
  const groups = await subRegions(db, base, data.keys());
  const sum = new Array<number>(width).fill(0);
  const rows = groups.map((g, i) => {
    const v = data.get(g.key) ?? new Array<number>(width).fill(0);
    v.forEach((x, j) => (sum[j] += x));
    return [String(i + 1), g.name, officialRegionCode(g.key), ...format(v)];
  });
  return { rows, total: ['合计', '', '', ...format(sum)] };
}

/** Adds query results `{ k, ...metrics }` into the per-key metric vectors. */
function collect(data: Map<string, number[]>, width: number, rows: { k: string }[], fields: { name: string; index: number }[]): void {
  for (const r of rows) {
    const v = data.get(r.k) ?? new Array<number>(width).fill(0);
    for (const f of fields) v[f.index] += Number((r as unknown as Record<string, unknown>)[f.name] ?? 0);
    data.set(r.k, v);
  }
}

/** A free-text wish (意愿) that says yes: anything but blank or an explicit no. */
function hasWish(col: string): Expression<SqlBool> {
  const c = sql.ref(col);
  return sql<SqlBool>`(${c} IS NOT NULL AND btrim(${c}) NOT IN ('', '否', '无', '没有', '不愿意', '不详', 'no', 'unknown'))`;
}

/** 建档立卡 (registered poverty households, incl. lifted-out and monitored) persons. */
const POOR = (col: string): Expression<SqlBool> => sql<SqlBool>`${sql.ref(col)} IS NOT NULL`;

// ---------------------------------------------------------------------------------------
// The tables

interface BuiltTable {
  columns: string[];
  rows: string[][];
  total: string[];
  noSource: string[];
  truncated: boolean;
}

const SCHOOL_COLUMNS = [
  '序号',
  '学校名称',
  '建档立卡贫困家庭子女就读情况-在校生数(人)',
  '建档立卡贫困家庭子女就读情况-毕业数(人)',
  '在校生情况-在校生数(人)',
  '在校生情况-毕业数(人)',
  '毕业生情况-在校生数(人)',
  '毕业生情况-毕业数(人)',
  '就业情况-就业数(人)',
  '就业情况-就业率(%)',
];

/**
 * 全省技工院校服务脱贫攻坚工作进展情况表 (seed 004 attachment 1): one row per technical
 * school (organisation kind `school`) in the region. Enrolment, graduates and graduate
 * employment of technical schools are not modelled yet: counts 0, rate blank.
 */
async function schoolProgress(ctx: ReportContext, base: ReportBase, limit: number | undefined): Promise<BuiltTable> {
  const schools = await ctx.db
    .selectFrom('organisations')
    .select(['id', 'name', 'region_code'])
    .where('kind', '=', 'school')
    .where(inRegionScope('region_code', base.code))
    .orderBy('region_code')
    .orderBy('id')
    .execute();
  const zeros = ['0', '0', '0', '0', '0', '0', '0', ''];
  const all = schools.map((s, i) => [String(i + 1), s.name, ...zeros]);
  const rows = limit !== undefined ? all.slice(0, limit) : all;
  return { columns: SCHOOL_COLUMNS, rows, total: ['合计', '', ...zeros], noSource: SCHOOL_COLUMNS.slice(2), truncated: rows.length < all.length };
}

/** Columns of the official form (seed 004 attachment 2), in the registry template's spelling. */
const REGISTRATION_COLUMNS = ['序号', '姓名', '性别', '民族', '扶贫卡编号', '身份证号', '联系电话', '家庭详细地址', '拟就读技工院校'];

/**
 * 精准扶贫对象登记汇总表 (seed 004 attachment 2): every 建档立卡 person of the region
 * registered by the end of the period; ID numbers and phones masked unless unmasked.
 */
async function registrationSummary(ctx: ReportContext, base: ReportBase, period: ReportPeriod, unmasked: boolean, limit: number | undefined): Promise<BuiltTable> {
  const filter = ctx.db
    .selectFrom('persons as p')
    .where(inRegionScope('p.region_code', base.code))
    .where(POOR('p.poverty_status'))
    .where('p.created_at', '<', period.toAt);
  const totalRow = await filter.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const n = Number(totalRow.n);
  const rows: string[][] = [];
  let afterKey: { region: string; id: number } | null = null;
  const pageSize = 2000;
  const want = limit ?? Number.POSITIVE_INFINITY;
  while (rows.length < want) {
    let q = filter
      .leftJoin('households as h', 'h.id', 'p.household_id')
      .select(['p.id', 'p.region_code', 'p.name', 'p.gender', 'p.nationality', 'p.poverty_card_no', 'h.poverty_card_no as household_card_no', 'p.id_enc', 'p.phone', 'p.address', 'p.school_wish']);
    if (afterKey) {
      const k = afterKey;
      q = q.where((eb) => eb.or([eb('p.region_code', '>', k.region), eb.and([eb('p.region_code', '=', k.region), eb('p.id', '>', k.id)])]));
    }
    const page = await q.orderBy('p.region_code').orderBy('p.id').limit(Math.min(pageSize, want - rows.length)).execute();
    if (page.length === 0) break;
    for (const r of page) {
      const id = ctx.pii.decrypt(r.id_enc);
      rows.push([
        String(rows.length + 1),
        r.name,
        r.gender,
        r.nationality,
        r.poverty_card_no ?? r.household_card_no ?? '',
        unmasked ? id : maskIdNumber(id),
        r.phone ? (unmasked ? r.phone : maskPhone(r.phone)) : '',
        r.address,
        r.school_wish ?? '',
      ]);
    }
    const last = page[page.length - 1];
    afterKey = { region: last.region_code, id: last.id };
  }
  return { columns: REGISTRATION_COLUMNS, rows, total: ['合计', `共${n}人`, '', '', '', '', '', '', ''], noSource: [], truncated: rows.length < n };
}

const REGION_HEAD = ['序号', '地区', '区划代码'];

const THOUSAND_SCHOOLS_METRICS = [
  '有就读技工院校意愿的建档立卡贫困家庭“两后生”(人)',
  '免费接受技工教育(人)',
  '技工院校新招收建档立卡贫困家庭学生(人)',
  '有参加职业培训意愿的建档立卡贫困家庭劳动者(人)',
  '接受免费职业培训(人)',
  '培训覆盖率(%)',
  '接受教育培训后实现就业创业(人)',
];

/**
 * 技能脱贫千校行动进展情况表: the indicators of seed 000 (二) per region — every 两后生
 * wishing to attend a technical school gets free technical education, every labourer
 * wishing to train gets at least one free training, new poor students in technical
 * schools, and employment after education or training.
 * - wishes: 建档立卡 persons registered by the end of the period whose 拟就读技工院校 or
 *   就读意愿 (resp. 培训意愿) says yes (the registry does not record 两后生 status itself);
 * - trained: distinct 建档立卡 persons in approved classes starting in the period;
 * - employed: of those, persons with an employment record starting on/after the class start.
 * Technical-school enrolment is not modelled: 免费接受技工教育 and 新招收 are 0.
 */
async function thousandSchoolsProgress(ctx: ReportContext, base: ReportBase, period: ReportPeriod): Promise<BuiltTable> {
  const W = 5; // schoolWish, trainingWish, trained, trainedWithWish(unused), employed
  const data = new Map<string, number[]>();
  const k = groupKey('p.region_code', base);
  const wishes = await ctx.db
    .selectFrom('persons as p')
    .select([
      k.as('k'),
      sql<string>`count(*) FILTER (WHERE ${hasWish('p.school_wish')} OR ${hasWish('p.study_wish')})`.as('school_wish'),
      sql<string>`count(*) FILTER (WHERE ${hasWish('p.training_wish')})`.as('training_wish'),
    ])
    .where(inRegionScope('p.region_code', base.code))
    .where(POOR('p.poverty_status'))
    .where('p.created_at', '<', period.toAt)
    .groupBy(k)
    .execute();
  collect(data, W, wishes, [
    { name: 'school_wish', index: 0 },
    { name: 'training_wish', index: 1 },
  ]);
  const trained = await ctx.db
    .selectFrom('class_trainees as ct')
    .innerJoin('classes as c', 'c.id', 'ct.class_id')
    .innerJoin('persons as p', 'p.id', 'ct.person_id')
    .select([
      k.as('k'),
      sql<string>`count(DISTINCT ct.person_id)`.as('trained'),
      sql<string>`count(DISTINCT ct.person_id) FILTER (WHERE EXISTS (SELECT 1 FROM employment_records e WHERE e.person_id = ct.person_id AND e.start_date >= c.start_date))`.as('employed'),
    ])
    .where(inRegionScope('p.region_code', base.code))
    .where(POOR('p.poverty_status'))
    .where('c.status', '=', 'approved')
    .where('ct.status', '!=', 'dropped')
    .where('c.start_date', '>=', period.from)
    .where('c.start_date', '<', period.to)
    .groupBy(k)
    .execute();
  collect(data, W, trained, [
    { name: 'trained', index: 2 },
    { name: 'employed', index: 4 },
  ]);
  const { rows, total } = await regionTable(ctx.db, base, data, W, (v) => [count(v[0]), '0', '0', count(v[1]), count(v[2]), rate(v[2], v[1]), count(v[4])]);
  return {
    columns: [...REGION_HEAD, ...THOUSAND_SCHOOLS_METRICS],
    rows,
    total,
    noSource: ['免费接受技工教育(人)', '技工院校新招收建档立卡贫困家庭学生(人)'],
    truncated: false,
  };
}

const TRAINING_METRICS = [
  '年度培训目标(人次)',
  '培训人次',
  '目标完成率(%)',
  '其中建档立卡贫困劳动力(人次)',
  '结业人数',
  '取得证书人数',
  '重点群体结业人数',
  '重点群体就业人数',
  '重点群体就业率(%)',
  '补贴发放金额(元)',
];

/**
 * Training progress per region (contracts.md §4): trainings vs target, certificates,
 * key-group employment rate, subsidies paid, in the period.
 * - trainings: enrolments (not dropped) in approved classes starting in the period, by the
 *   class's region;
 * - key group (重点群体): 建档立卡 persons (seed 000 (二)); employment: an employment record
 *   starting on/after the class start; rate = employed ÷ key-group completers;
 * - certificates: persons holding a certificate issued in the period, by the class's region
 *   (the person's region for certificates without a class);
 * - subsidies: payments marked paid in the period, by the payment's region (fen → yuan).
 * Yearly targets are not modelled yet: target and completion rate are blank.
 */
async function trainingProgress(ctx: ReportContext, base: ReportBase, period: ReportPeriod): Promise<BuiltTable> {
  const W = 7; // trainees, poor, completed, certified, keyCompleted, keyEmployed, paidFen
  const data = new Map<string, number[]>();
  const kc = groupKey('c.region_code', base);
  const trainees = await ctx.db
    .selectFrom('class_trainees as ct')
    .innerJoin('classes as c', 'c.id', 'ct.class_id')
    .innerJoin('persons as p', 'p.id', 'ct.person_id')
    .select([
      kc.as('k'),
      sql<string>`count(*)`.as('trainees'),
      sql<string>`count(*) FILTER (WHERE p.poverty_status IS NOT NULL)`.as('poor'),
      sql<string>`count(*) FILTER (WHERE ct.status = 'completed')`.as('completed'),
      sql<string>`count(*) FILTER (WHERE ct.status = 'completed' AND p.poverty_status IS NOT NULL)`.as('key_completed'),
      sql<string>`count(*) FILTER (WHERE ct.status = 'completed' AND p.poverty_status IS NOT NULL AND EXISTS (SELECT 1 FROM employment_records e WHERE e.person_id = ct.person_id AND e.start_date >= c.start_date))`.as('key_employed'),
    ])
    .where(inRegionScope('c.region_code', base.code))
    .where('c.status', '=', 'approved')
    .where('ct.status', '!=', 'dropped')
    .where('c.start_date', '>=', period.from)
    .where('c.start_date', '<', period.to)
    .groupBy(kc)
    .execute();
  collect(data, W, trainees, [
    { name: 'trainees', index: 0 },
    { name: 'poor', index: 1 },
    { name: 'completed', index: 2 },
    { name: 'key_completed', index: 4 },
    { name: 'key_employed', index: 5 },
  ]);
  const certRegion = sql<string>`coalesce(c.region_code, p.region_code)`;
  const kcert = sql<string>`substring(${certRegion} from 1 for ${sql.lit(base.childLen)})`;
  const certs = await ctx.db
    .selectFrom('certificates as cert')
    .innerJoin('persons as p', 'p.id', 'cert.person_id')
    .leftJoin('classes as c', 'c.id', 'cert.class_id')
    .select([kcert.as('k'), sql<string>`count(DISTINCT cert.person_id)`.as('certified')])
    .where(inRegionScope(certRegion, base.code))
    .where('cert.issued_on', '>=', period.from)
    .where('cert.issued_on', '<', period.to)
    .groupBy(kcert)
    .execute();
  collect(data, W, certs, [{ name: 'certified', index: 3 }]);
  const kp = groupKey('pay.region_code', base);
  const paid = await ctx.db
    .selectFrom('payments as pay')
    .select([kp.as('k'), sql<string>`coalesce(sum(pay.amount_fen), 0)`.as('paid_fen')])
    .where(inRegionScope('pay.region_code', base.code))
    .where('pay.status', '=', 'paid')
    .where('pay.paid_at', '>=', period.fromAt)
    .where('pay.paid_at', '<', period.toAt)
    .groupBy(kp)
    .execute();
  collect(data, W, paid, [{ name: 'paid_fen', index: 6 }]);
  const { rows, total } = await regionTable(ctx.db, base, data, W, (v) => [
    '',
    count(v[0]),
    '',
    count(v[1]),
    count(v[2]),
    count(v[3]),
    count(v[4]),
    count(v[5]),
    rate(v[5], v[4]),
    yuan(v[6]),
  ]);
  return { columns: [...REGION_HEAD, ...TRAINING_METRICS], rows, total, noSource: ['年度培训目标(人次)', '目标完成率(%)'], truncated: false };
}

// ---------------------------------------------------------------------------------------
// Entry points

/** Builds a report for the actor (scope applied in SQL). */
export async function buildReport(ctx: ReportContext, req: ReportRequest): Promise<ReportOutput> {
  if (!isReportName(req.name)) throw new AppError('validation.failed', `未知的报表名称 ${req.name}，可选：${REPORT_NAMES.join('、')}`);
  const period = reportPeriod(req.year, req.half);
  const base = await resolveBase(ctx.db, ctx.actor, req.region);
  const unmasked = req.name === 'registration-summary' && req.unmasked === true;
  if (unmasked && ctx.actor.role !== 'system' && !can(ctx.actor.role, 'registry.export_unmasked')) {
    throw new AppError('auth.forbidden', '无权导出完整身份证号');
  }
  let t: BuiltTable;
  switch (req.name) {
    case 'school-progress':
      t = await schoolProgress(ctx, base, req.limit);
      break;
    case 'registration-summary':
      t = await registrationSummary(ctx, base, period, unmasked, req.limit);
      break;
    case 'thousand-schools-progress':
      t = await thousandSchoolsProgress(ctx, base, period);
      break;
    case 'training-progress':
      t = await trainingProgress(ctx, base, period);
      break;
  }
  const rows = req.limit !== undefined && t.rows.length > req.limit ? t.rows.slice(0, req.limit) : t.rows;
  return {
    name: req.name,
    title: REPORT_TITLES[req.name],
    year: period.year,
    half: period.half,
    periodLabel: period.label,
    region: { code: base.code === '' ? '' : officialRegionCode(base.code), name: base.name },
    columns: t.columns,
    rows,
    total: t.total,
    noSource: t.noSource,
    truncated: t.truncated || rows.length < t.rows.length,
  };
}

/**
 * Writes a report to .xlsx or .csv (rows, then the 合计 row). Exports of the registration
 * summary (personal data) are audited; an unmasked one needs registry.export_unmasked.
 */
export async function writeReport(ctx: ReportContext, req: Omit<ReportRequest, 'limit'>, outPath: string): Promise<ReportOutput> {
  const report = await buildReport(ctx, req);
  const unmasked = report.name === 'registration-summary' && req.unmasked === true;
  await writeTable(outPath, report.columns, [...report.rows, report.total], { numberColumns: numericColumns(report) });
  if (report.name === 'registration-summary') {
    const scope = report.region.code === '' ? null : canonicalRegionCode(report.region.code);
    await recordAudit(ctx.db, {
      actor: ctx.actor,
      action: unmasked ? 'reports.export_unmasked' : 'reports.export',
      objectType: 'report',
      objectId: report.name,
      regionCode: scope,
      detail: { rows: report.rows.length, unmasked, year: report.year, half: report.half },
    });
  }
  return report;
}

/** 0-based columns holding numbers (written as numbers in .xlsx). */
function numericColumns(report: ReportOutput): number[] {
  if (report.name === 'registration-summary') return [];
  const first = report.name === 'school-progress' ? 2 : 3;
  return report.columns.map((_c, i) => i).filter((i) => i >= first);
}
