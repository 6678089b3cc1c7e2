/**
 * Demo training data: institution profiles, ≈ 40 classes over 镇雄县 and 鲁甸县 in every
 * state (draft, filed, approved and running, finished with results, certificates and
 * employment follow-up), vouchers, sessions and attendance, standards per occupation.
 * Dates are relative to the demo's first start so the states stay realistic.
 */
import { randomBytes } from 'node:crypto';
import type { DemoSeeder } from '../../db/seeds/demo-constants.ts';
import { LUDIAN, ZHENXIONG } from '../../db/seeds/demo-constants.ts';
import { creditCodeCheckChar } from '../../../common/credit-code.ts';
import { now, today } from '../../clock.ts';
import { makeRng } from '../../test/fake-people.ts';
import { addMonths } from './rules/employment-rate.ts';

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const PLAN: { occ: string; name: string; type: 'employment_skills' | 'post_skills' | 'entrepreneurship'; level: number | null; fen: number }[] = [
  { occ: 'OC007', name: '电工', type: 'employment_skills', level: 5, fen: 180000 },
  { occ: 'OC008', name: '焊工', type: 'employment_skills', level: 5, fen: 180000 },
  { occ: 'OC001', name: '家政服务员', type: 'employment_skills', level: 5, fen: 120000 },
  { occ: 'OC002', name: '养老护理员', type: 'employment_skills', level: 5, fen: 150000 },
  { occ: 'OC005', name: '中式烹调师', type: 'employment_skills', level: 5, fen: 120000 },
  { occ: 'OC009', name: '电子商务师', type: 'post_skills', level: 4, fen: 160000 },
  { occ: 'OC003', name: '育婴员', type: 'employment_skills', level: 5, fen: 120000 },
  { occ: 'OC018', name: '创业培训（SYB）', type: 'entrepreneurship', level: null, fen: 100000 },
];

export const seedDemoTraining: DemoSeeder = async (db, { orgIds, log }) => {
  log('演示数据: 生成培训机构、培训班、花名册与就业回访…');
  const rng = makeRng(2021);
  const year = Number(today().slice(0, 4));
  for (const [key, region] of [['institution', ZHENXIONG], ['institution-ld', LUDIAN]] as const) {
    const first17 = `52${region}MJ${String(orgIds[key]).padStart(7, '0')}`;
    await db
      .insertInto('institution_profiles')
      .values({
        org_id: orgIds[key],
        license_no: `${region}${key === 'institution' ? '0012' : '0034'}`,
        credit_code: first17 + (creditCodeCheckChar(first17) ?? '0'),
        approved_occupations: PLAN.map((p) => p.occ),
        contact_name: key === 'institution' ? '周校长' : '陈主任',
        contact_phone: '0870-0000000',
        status_reason: null,
        status_since: null,
      })
      .onConflict((oc) => oc.column('org_id').doNothing())
      .execute();
  }
  for (const y of [year - 1, year]) {
    for (const p of PLAN) {
      await db
        .insertInto('occupation_standards')
        .values({ region_code: '5306', year: y, occupation_code: p.occ, level: p.level, cert_type: p.level ? 'skill_level' : 'special_ability', standard_fen: p.fen, key_industry: ['OC007', 'OC008', 'OC009', 'OC002'].includes(p.occ), effective_from: `${y}-01-01`, created_by: null, note: '演示标准' })
        .execute();
    }
  }
  const t0 = today();
  const persons = async (county: string) =>
    db.selectFrom('persons').select(['id', 'province_code', 'region_code']).where('region_code', 'like', `${county}%`).where('birth_date', '>', '1966-01-01').where('birth_date', '<', '2006-01-01').orderBy('id').execute();
  const pools: Record<string, { id: number; province_code: string; region_code: string }[]> = { [ZHENXIONG]: await persons(ZHENXIONG), [LUDIAN]: await persons(LUDIAN) };
  const cursor: Record<string, number> = { [ZHENXIONG]: 0, [LUDIAN]: 0 };
  let classNo = 0;
  // offsets in days of the class start relative to today, per state
  const schedule: { startOffset: number; status: 'draft' | 'filed' | 'approved' | 'rejected' }[] = [];
  for (let i = 0; i < 12; i++) schedule.push({ startOffset: -300 + i * 20, status: 'approved' }); // finished
  for (let i = 0; i < 4; i++) schedule.push({ startOffset: -8 + i * 2, status: 'approved' }); // running
  for (let i = 0; i < 2; i++) schedule.push({ startOffset: 20 + i * 7, status: 'filed' });
  schedule.push({ startOffset: 35, status: 'draft' }, { startOffset: 40, status: 'rejected' });
  for (const [key, county] of [['institution', ZHENXIONG], ['institution-ld', LUDIAN]] as const) {
    for (const s of schedule) {
      classNo++;
      const plan = PLAN[classNo % PLAN.length];
      const start = addDays(t0, s.startOffset);
      const end = addDays(start, plan.type === 'entrepreneurship' ? 9 : 14);
      const filedAt = s.status === 'draft' ? null : new Date(`${addDays(start, -10)}T10:00:00+08:00`);
      const region = county;
      const cls = await db
        .insertInto('classes')
        .values({
          province_code: '53',
          region_code: region,
          org_id: orgIds[key],
          name: `${plan.name}${plan.type === 'entrepreneurship' ? '' : '就业技能'}培训班（${start.slice(0, 4)}年第${classNo}期）`,
          occupation_code: plan.occ,
          level: plan.level,
          training_type: plan.type,
          key_group: plan.type !== 'post_skills',
          mode: classNo % 5 === 0 ? 'blended' : 'offline',
          start_date: start,
          end_date: end,
          venue: county === ZHENXIONG ? '镇雄县乌峰街道职业技能实训基地' : '鲁甸县文屏镇职业技能实训基地',
          teachers: '演示教师甲、演示教师乙',
          planned_size: 30,
          standard_fen: plan.fen,
          status: s.status,
          filed_at: filedAt,
          reviewed_by: null,
          reviewed_at: s.status === 'approved' || s.status === 'rejected' ? new Date(`${addDays(start, -7)}T15:00:00+08:00`) : null,
          review_comment: s.status === 'rejected' ? '培训地点与备案不一致，请补充场地证明' : null,
        })
        .returning(['id'])
        .executeTakeFirstOrThrow();
      if (s.status !== 'approved') continue;
      const finished = end < t0;
      const size = 12 + Math.floor(rng() * 14);
      const pool = pools[county];
      const trainees: number[] = [];
      for (let i = 0; i < size && pool.length > 0; i++) {
        const p = pool[cursor[county]++ % pool.length];
        const late = rng() < 0.05;
        const r = await db
          .insertInto('class_trainees')
          .values({
            province_code: p.province_code,
            class_id: cls.id,
            person_id: p.id,
            enrolled_at: new Date(`${addDays(start, late ? 1 : -3)}T09:00:00+08:00`),
            channel: rng() < 0.3 ? 'online' : 'institution',
            registered_before_start: !late,
            voucher_id: null,
            status: finished ? (rng() < 0.92 ? 'completed' : 'dropped') : 'enrolled',
            passed: finished ? rng() < 0.88 : null,
            assessed_at: finished ? new Date(`${end}T17:00:00+08:00`) : null,
          })
          .onConflict((oc) => oc.columns(['class_id', 'person_id']).doNothing())
          .returning(['id', 'person_id', 'status', 'passed'])
          .executeTakeFirst();
        if (r) trainees.push(r.id);
        if (r && finished && r.status === 'completed' && r.passed) {
          await db
            .insertInto('certificates')
            .values({ province_code: '53', person_id: r.person_id, class_id: cls.id, cert_type: plan.level ? 'skill_level' : 'special_ability', level: plan.level, cert_no: `DEMO${cls.id}-${r.id}`, issued_on: addDays(end, 10), issuer: '昭通市职业技能鉴定中心（演示）' })
            .execute();
          if (rng() < 0.55 && addDays(end, 20) <= t0) {
            await db
              .insertInto('employment_records')
              .values({ province_code: '53', person_id: r.person_id, class_id: cls.id, employer: rng() < 0.2 ? null : pick(rng), start_date: addDays(end, 5 + Math.floor(rng() * 60)) > t0 ? addDays(end, 5) : addDays(end, 5 + Math.floor(rng() * 60)), monthly_wage_fen: 250000 + Math.floor(rng() * 250000), place: rng() < 0.5 ? 'local' : rng() < 0.6 ? 'in_province' : 'out_of_province', self_employed: false, recorded_by: null })
              .execute();
          }
        }
      }
      // Sessions with attendance for running and finished classes.
      const lastDay = finished ? end : t0;
      for (let d = start; d <= lastDay; d = addDays(d, 1)) {
        const sess = await db.insertInto('class_sessions').values({ class_id: cls.id, session_date: d, title: null, qr_secret: randomBytes(16).toString('hex'), opened_at: null, closed_at: null }).returning('id').executeTakeFirstOrThrow();
        const rows = trainees.filter(() => rng() < 0.9).map((tid) => ({ session_id: sess.id, class_trainee_id: tid, method: (rng() < 0.8 ? 'qr' : 'rollcall') as 'qr' | 'rollcall', at: new Date(`${d}T08:55:00+08:00`), recorded_by: null }));
        if (rows.length) await db.insertInto('attendance').values(rows).execute();
      }
    }
  }
  // Vouchers for a few willing people of each county (some redeemed above would need codes; keep them open).
  const willing = await db.selectFrom('persons').select(['id', 'province_code', 'region_code']).where('training_wish', 'is not', null).where('training_wish', 'not in', ['否']).orderBy('id', 'desc').limit(60).execute();
  for (const p of willing) {
    await db
      .insertInto('vouchers')
      .values({ province_code: p.province_code, code: `PXQ${year}${randomBytes(5).toString('hex').toUpperCase()}`, person_id: p.id, region_code: p.region_code, issued_at: now(), expires_on: addMonths(t0, 6), redeemed_at: null, redeemed_class_id: null })
      .execute();
  }
};

const EMPLOYERS = ['昭通市某电力工程有限公司（演示）', '浙江某电子厂（演示）', '镇雄县某家政服务公司（演示）', '昆明某养老院（演示）', '鲁甸县某餐饮店（演示）'];
function pick(rng: () => number): string {
  return EMPLOYERS[Math.floor(rng() * EMPLOYERS.length)];
}
