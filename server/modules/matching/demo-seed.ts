/**
 * Demo matching data: a fictional poverty-registry extract (建档立卡数据) that agrees with the
 * demo registry's poverty statuses, plus a few near-misses among the demo institution's
 * trainees (another name under the same ID number → 冲突; the same name and birth date under
 * another sequence number → 模糊), loaded as the current snapshot of 云南, and one training
 * match run so the review queue and the institution's feedback list are not empty.
 *
 * The extract covers every person whose status is set, so a later registry run by a demo
 * user keeps those statuses (a run sets the status of everyone it checks).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Actor } from '../../http/actor.ts';
import type { AppDeps } from '../../http/types.ts';
import type { Role } from '../../../common/permissions.ts';
import { idCheckDigit } from '../../../common/id-number.ts';
import type { DemoSeeder } from '../../db/seeds/demo-constants.ts';
import { ZHENXIONG } from '../../db/seeds/demo-constants.ts';
import { loadSnapshot, startMatchRun } from './matching.service.ts';

const STATUS_TEXT: Record<string, string> = { registered_poor: '未脱贫', lifted_out_of_poverty: '已脱贫', monitored_at_risk: '监测对象' };
const COLUMNS = ['身份证号', '姓名', '户编号', '与户主关系', '所在地区代码', '贫困状态'];
/** Names for the conflicting registry rows (fictional). */
const OTHER_NAMES = ['杨秀英', '陈国富'];
const RUN_TIMEOUT_MS = 60_000;

/**
 * Another valid ID number with the same birth date and gender: the two sequence digits
 * changed and the check character recomputed. Three characters differ, more than one typing
 * error explains, so the engine can only propose the person as a 模糊 candidate.
 */
function siblingId(id: string): string {
  const bump = (d: string) => String((Number(d) + 5) % 10);
  const first17 = `${id.slice(0, 14)}${bump(id[14])}${bump(id[15])}${id[16]}`;
  return first17 + idCheckDigit(first17);
}

export const seedDemoMatching: DemoSeeder = async (db, { pii, log }) => {
  const user = await db.selectFrom('users').select(['id', 'username', 'display_name', 'role', 'region_code', 'org_id']).where('username', '=', 'demo-fupin').executeTakeFirst();
  const institution = await db.selectFrom('users').select('org_id').where('username', '=', 'demo-institution').executeTakeFirst();
  if (!user || !institution?.org_id) return;
  log('演示数据: 载入建档立卡数据并比对培训学员…');
  const actor: Actor = { userId: user.id, username: user.username, displayName: user.display_name, role: user.role as Role, regionCode: user.region_code, orgId: user.org_id, personId: null, ip: null };

  const registered = await db
    .selectFrom('persons as p')
    .leftJoin('households as h', 'h.id', 'p.household_id')
    .select(['p.id_enc', 'p.name', 'p.region_code', 'p.relation_to_head', 'p.poverty_status', 'h.household_no'])
    .where('p.poverty_status', 'is not', null)
    .orderBy('p.id')
    .execute();
  const lines = registered.map((p) => [pii.decrypt(p.id_enc), p.name, p.household_no ?? '', p.relation_to_head ?? '', p.region_code, STATUS_TEXT[p.poverty_status ?? ''] ?? '未脱贫']);

  // Near-misses among the demo institution's trainees in 镇雄县 who are not in the extract yet.
  const trainees = await db
    .selectFrom('class_trainees as t')
    .innerJoin('classes as k', 'k.id', 't.class_id')
    .innerJoin('persons as p', 'p.id', 't.person_id')
    .select(['p.id', 'p.id_enc', 'p.name', 'p.region_code'])
    .distinct()
    .where('k.org_id', '=', institution.org_id)
    .where('p.poverty_status', 'is', null)
    .where('p.region_code', 'like', `${ZHENXIONG}%`)
    .orderBy('p.id')
    .limit(5)
    .execute();
  trainees.forEach((p, i) => {
    const id = pii.decrypt(p.id_enc);
    if (i < 2) lines.push([id, OTHER_NAMES[i], `HHFP${i + 1}`, '户主', p.region_code, '未脱贫']);
    else lines.push([siblingId(id), p.name, `HHFP${i + 1}`, '户主', p.region_code, '监测对象']);
  });

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-demo-matching-'));
  const file = path.join(dir, 'demo-poverty-registry.csv');
  try {
    fs.writeFileSync(file, '\ufeff' + [COLUMNS, ...lines].map((r) => r.join(',')).join('\r\n'));
    const snap = await loadSnapshot(db, pii, actor, file, '建档立卡数据（演示）.csv', '全国扶贫开发信息系统（演示）', 100_000);
    log(`演示数据: 建档立卡数据 ${snap.rows} 条`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  // startMatchRun reads only the database and the cipher of its dependencies.
  const deps = { database: { db }, pii } as unknown as AppDeps;
  const runId = await startMatchRun(deps, actor, 'training');
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  for (;;) {
    const run = await db.selectFrom('match_runs').select(['status', 'error']).where('id', '=', runId).executeTakeFirstOrThrow();
    if (run.status !== 'running') {
      if (run.status === 'failed') log(`演示数据: 比对失败：${run.error ?? ''}`);
      break;
    }
    if (Date.now() > deadline) throw new Error('demo match run did not finish');
    await new Promise((r) => setTimeout(r, 25));
  }
};
