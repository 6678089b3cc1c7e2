/**
 * Demo registry: ≈ 600 fictional households (≈ 2,000 persons) over the real villages of
 * 镇雄县 and 鲁甸县, loaded through the real import pipeline. Some people deliberately lack a
 * phone or wishes so the UI shows realistic gaps. Poverty status is set on part of the
 * households as the matching capability would.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import { LUDIAN, ZHENXIONG, type DemoSeeder } from '../../db/seeds/demo-constants.ts';
import { systemActor } from '../../http/actor.ts';
import { makeChineseName, makeIdNumber, makeRng } from '../../test/fake-people.ts';
import { TEMPLATE_COLUMNS } from './rules/person-row.ts';
import { importPersons } from './import.service.ts';

const EDUCATION = ['小学', '初中', '初中', '高中', '中专', '大专'];
const WISHES = ['电工', '焊工', '家政服务', '养老护理', '中式烹调', '电子商务', '汽车维修', '育婴', '农业技术', '挖掘机驾驶'];
const EMPLOYMENT = ['未就业', '县内务工', '省内务工', '省外务工', '务农', '自主创业'];
const LABOUR = ['有劳动能力', '有劳动能力', '有劳动能力', '弱劳动能力', '丧失劳动能力'];

function pick<T>(rng: () => number, list: readonly T[]): T {
  return list[Math.floor(rng() * list.length)];
}

function isoDate(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Builds the demo TSV (template columns) from a seed; deterministic. */
export async function buildDemoRegistryFile(db: Kysely<DB>, households = 600, seed = 20201215): Promise<string> {
  const rng = makeRng(seed);
  const villages = await db
    .selectFrom('regions')
    .select(['code', 'name', 'parent_code'])
    .where('level', '=', 5)
    .where((eb) => eb.or([eb('code', 'like', `${ZHENXIONG}%`), eb('code', 'like', `${LUDIAN}%`)]))
    .orderBy('code')
    .execute();
  const towns = new Map((await db.selectFrom('regions').select(['code', 'name']).where('level', '=', 4).execute()).map((t) => [t.code, t.name]));
  const lines: string[] = [TEMPLATE_COLUMNS.join('\t')];
  const used = new Set<string>();
  let seq = 0;
  for (let h = 0; h < households; h++) {
    const v = villages.length ? villages[Math.floor(rng() * villages.length)] : { code: ZHENXIONG, name: '', parent_code: null };
    const county = v.code.slice(0, 6);
    const countyName = county === ZHENXIONG ? '镇雄县' : '鲁甸县';
    const address = `云南省昭通市${countyName}${towns.get(v.parent_code ?? '') ?? ''}${v.name}${1 + Math.floor(rng() * 12)}组${1 + Math.floor(rng() * 60)}号`;
    const householdNo = `HH${county}${String(h + 1).padStart(5, '0')}`;
    const card = rng() < 0.6 ? `FP${county}${String(h + 1).padStart(6, '0')}` : '';
    const headYear = 1955 + Math.floor(rng() * 35);
    const members: { relation: string; year: number; gender: '男' | '女' }[] = [{ relation: '户主', year: headYear, gender: rng() < 0.8 ? '男' : '女' }];
    if (rng() < 0.85) members.push({ relation: '配偶', year: headYear + Math.floor(rng() * 5) - 2, gender: members[0].gender === '男' ? '女' : '男' });
    const kids = Math.floor(rng() * 4);
    for (let k = 0; k < kids; k++) members.push({ relation: rng() < 0.5 ? '之子' : '之女', year: Math.min(headYear + 20 + Math.floor(rng() * 15), 2008), gender: rng() < 0.5 ? '男' : '女' });
    if (kids > 0 && members.length < 5 && rng() < 0.2) members.push({ relation: '之母', year: headYear - 22 - Math.floor(rng() * 6), gender: '女' });
    for (const m of members) {
      if (m.relation === '之子') m.gender = '男';
      if (m.relation === '之女') m.gender = '女';
      let id = '';
      for (let tries = 0; tries < 20; tries++) {
        id = makeIdNumber({ region: county, birthDate: isoDate(m.year, 1 + Math.floor(rng() * 12), 1 + Math.floor(rng() * 28)), gender: m.gender }, rng);
        if (!used.has(id)) break;
      }
      used.add(id);
      seq++;
      const name = makeChineseName(rng);
      const age = 2026 - m.year;
      const phone = rng() < 0.75 && age >= 16 ? `1${pick(rng, ['3', '5', '8', '9'])}${String(Math.floor(rng() * 1e9)).padStart(9, '0')}` : '';
      const working = age >= 16 && age <= 60;
      const trainingWish = working ? (rng() < 0.3 ? '' : rng() < 0.75 ? pick(rng, WISHES) : '否') : '';
      const studyWish = age >= 15 && age <= 20 ? (rng() < 0.6 ? '是' : '否') : '';
      lines.push(
        [
          String(seq),
          name,
          m.gender,
          rng() < 0.72 ? '汉族' : pick(rng, ['彝族', '苗族', '回族', '白族']),
          m.relation === '户主' ? card : '',
          id,
          phone,
          address,
          studyWish === '是' ? '昭通乌蒙技工学校（演示）' : '',
          householdNo,
          m.relation,
          v.code,
          age < 7 ? '' : pick(rng, EDUCATION),
          working ? pick(rng, EMPLOYMENT) : '',
          trainingWish,
          studyWish,
          working ? pick(rng, LABOUR) : '',
          '',
        ].join('\t'),
      );
    }
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-demo-')), 'demo-registry.tsv');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

export const seedDemoRegistry: DemoSeeder = async (db, { pii, log }) => {
  log('演示数据: 生成约 2,000 名虚构人员…');
  const file = await buildDemoRegistryFile(db);
  try {
    const r = await importPersons({ db, pii, actor: systemActor('demo-seed'), filePath: file, fileName: 'demo-registry.tsv', reportPath: null, maxRows: 10_000 });
    log(`演示数据: 导入 ${r.imported} 人`);
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
  // As if matched against the poverty registry: about 40 % of households.
  await sql`
    UPDATE households SET poverty_status = CASE WHEN id % 5 = 0 THEN 'registered_poor' WHEN id % 5 = 1 THEN 'lifted_out_of_poverty' ELSE 'monitored_at_risk' END
    WHERE id % 10 < 4`.execute(db);
  await sql`UPDATE persons p SET poverty_status = h.poverty_status FROM households h WHERE p.household_id = h.id AND h.poverty_status IS NOT NULL`.execute(db);
  // The demo trainee is a young person of 镇雄县.
  await sql`
    UPDATE users SET person_id = (SELECT id FROM persons WHERE region_code LIKE ${`${ZHENXIONG}%`} AND birth_date > '1995-01-01' ORDER BY id LIMIT 1)
    WHERE username = 'demo-trainee'`.execute(db);
};
