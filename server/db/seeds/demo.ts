/**
 * Demo mode (contracts.md §5): Zhaotong city with the real towns and villages of 镇雄县 and
 * 鲁甸县, the demo organisations and accounts (password `jineng-demo`). Only fictional
 * people and organisations; the region codes are real.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../tables.ts';
import type { Role } from '../../../common/permissions.ts';
import { systemActor } from '../../http/actor.ts';
import { loadTownsAndVillages } from '../../modules/regions/regions.service.ts';
import { createUser } from '../../modules/users/users.service.ts';
import type { PiiCipher } from '../../lib/pii-crypto.ts';
import type { DemoSeeder } from './demo-constants.ts';

import { DEMO_PASSWORD, LUDIAN, ZHAOTONG, ZHENXIONG } from './demo-constants.ts';
import { seedDemoRegistry } from '../../modules/registry/demo-seed.ts';
import { seedDemoTraining } from '../../modules/training/demo-seed.ts';
import { seedDemoMatching } from '../../modules/matching/demo-seed.ts';

export { DEMO_PASSWORD, LUDIAN, ZHAOTONG, ZHENXIONG };

interface DemoOrg {
  key: string;
  kind: string;
  name: string;
  region: string;
  creditCode?: string;
}

const ORGS: DemoOrg[] = [
  { key: 'hr-prov', kind: 'hr_bureau', name: '云南省人力资源和社会保障厅（演示）', region: '53' },
  { key: 'hr-city', kind: 'hr_bureau', name: '昭通市人力资源和社会保障局', region: ZHAOTONG },
  { key: 'hr-zx', kind: 'hr_bureau', name: '镇雄县人力资源和社会保障局', region: ZHENXIONG },
  { key: 'hr-ld', kind: 'hr_bureau', name: '鲁甸县人力资源和社会保障局', region: LUDIAN },
  { key: 'fupin-zx', kind: 'poverty_office', name: '镇雄县乡村振兴局', region: ZHENXIONG },
  { key: 'school', kind: 'school', name: '昭通乌蒙技工学校（演示）', region: ZHAOTONG },
  { key: 'institution', kind: 'institution', name: '镇雄县启航职业技能培训学校（演示）', region: ZHENXIONG },
  { key: 'institution-ld', kind: 'institution', name: '鲁甸县巧手家政培训中心（演示）', region: LUDIAN },
  { key: 'enterprise', kind: 'enterprise', name: '镇雄县乌峰建材有限公司（演示）', region: ZHENXIONG },
  { key: 'reviewer', kind: 'reviewer', name: '昭通明鉴评估咨询有限公司（演示）', region: ZHAOTONG },
];

interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  region: string;
  org?: string;
}

/** The demo accounts; the first nine are those of contracts.md §5. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'admin', displayName: '系统管理员', role: 'platform_admin', region: '53' },
  { username: 'demo-city', displayName: '昭通市人社局演示用户', role: 'hr_city', region: ZHAOTONG, org: 'hr-city' },
  { username: 'demo-zhenxiong', displayName: '镇雄县人社局演示用户', role: 'hr_county', region: ZHENXIONG, org: 'hr-zx' },
  { username: 'demo-ludian', displayName: '鲁甸县人社局演示用户', role: 'hr_county', region: LUDIAN, org: 'hr-ld' },
  { username: 'demo-fupin', displayName: '镇雄县乡村振兴局演示用户', role: 'poverty_office', region: ZHENXIONG, org: 'fupin-zx' },
  { username: 'demo-school', displayName: '乌蒙技工学校演示用户', role: 'school', region: ZHAOTONG, org: 'school' },
  { username: 'demo-institution', displayName: '启航培训学校演示用户', role: 'institution', region: ZHENXIONG, org: 'institution' },
  { username: 'demo-enterprise', displayName: '乌峰建材演示用户', role: 'enterprise', region: ZHENXIONG, org: 'enterprise' },
  { username: 'demo-trainee', displayName: '演示学员', role: 'trainee', region: ZHENXIONG },
  { username: 'demo-province', displayName: '省人社厅演示用户', role: 'hr_province', region: '53', org: 'hr-prov' },
  { username: 'demo-village', displayName: '村干部演示用户', role: 'village_cadre', region: ZHENXIONG },
  { username: 'demo-reviewer', displayName: '第三方机构演示用户', role: 'reviewer', region: ZHAOTONG, org: 'reviewer' },
  { username: 'demo-audit', displayName: '审计管理员', role: 'audit_admin', region: '53' },
  { username: 'demo-security', displayName: '安全管理员', role: 'security_admin', region: '53' },
];

/** Demo data of capability modules (registry persons, classes…), run in this order. */
const seeders: DemoSeeder[] = [seedDemoRegistry, seedDemoTraining, seedDemoMatching];

/** True when the database has no users yet (demo seeding then runs). */
export async function hasNoUsers(db: Kysely<DB>): Promise<boolean> {
  const r = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return r === undefined;
}

export async function seedDemo(db: Kysely<DB>, pii: PiiCipher, log: (m: string) => void = () => {}): Promise<void> {
  const actor = systemActor('demo-seed');
  log('演示数据: 载入镇雄县、鲁甸县乡镇和村…');
  await loadTownsAndVillages(db, ZHENXIONG);
  await loadTownsAndVillages(db, LUDIAN);
  const orgIds: Record<string, number> = {};
  for (const o of ORGS) {
    const row = await db
      .insertInto('organisations')
      .values({ kind: o.kind, name: o.name, region_code: o.region, province_code: o.region.slice(0, 2), credit_code: o.creditCode ?? null })
      .onConflict((oc) => oc.columns(['kind', 'name', 'region_code']).doUpdateSet({ kind: o.kind }))
      .returning('id')
      .executeTakeFirstOrThrow();
    orgIds[o.key] = row.id;
  }
  log('演示数据: 创建演示账号…');
  for (const a of DEMO_ACCOUNTS) {
    const exists = await db.selectFrom('users').select('id').where('username', '=', a.username).executeTakeFirst();
    if (exists) continue;
    await createUser(db, {
      actor,
      skipPasswordPolicy: true,
      input: { username: a.username, displayName: a.displayName, password: DEMO_PASSWORD, role: a.role, regionCode: a.region, orgId: a.org ? orgIds[a.org] : null },
    });
  }
  for (const s of seeders) await s(db, { orgIds, pii, log });
}
