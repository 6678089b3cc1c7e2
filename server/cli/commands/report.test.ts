/**
 * Contract test of `jineng report` (contracts.md §4): the real CLI (`node bin/jineng.js`) in a
 * child process against a temporary JINENG_DATA directory holding a few persons and one
 * class — headers, the 合计 row, masking vs --unmasked (audited), exit 2 on bad arguments.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase } from '../../test/databases.ts';
import { openDatabase } from '../../db/database.ts';
import { openTable } from '../../lib/tabular/index.ts';
import { makeChineseName, makeIdNumber, makeRng } from '../../test/fake-people.ts';
import { createPiiCipher, loadMasterKey } from '../../lib/pii-crypto.ts';
import { systemActor } from '../../http/actor.ts';
import { createPerson } from '../../modules/registry/registry.service.ts';
import { thisYear } from '../../clock.ts';
import { main } from '../main.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const bin = join(root, 'bin', 'jineng.js');
const work = mkdtempSync(join(tmpdir(), 'jineng-cli-report-'));
const dataDir = join(work, 'data');
const YEAR = thisYear();

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  last: Record<string, unknown>;
}

async function cli(args: string[]): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, JINENG_DATA: dataDir };
  delete env.DATABASE_URL;
  delete env.JINENG_SECRET_KEY;
  const child = spawn(process.execPath, [bin, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const [code] = (await once(child, 'close')) as [number];
  const lines = stdout.trim().split('\n');
  return { code, stdout, stderr, last: JSON.parse(lines[lines.length - 1]) as Record<string, unknown> };
}

async function readTable(path: string): Promise<{ header: string[]; rows: string[][] }> {
  const t = await openTable(path);
  const rows: string[][] = [];
  for await (const b of t.rows()) for (const r of b) rows.push(r.cells);
  return { header: t.header, rows };
}

/** Persons per county: [county, poor, not poor]. */
const PEOPLE: [string, number, number][] = [
  ['530627', 3, 1],
  ['530621', 2, 0],
  ['520102', 1, 0],
];
const TRAINEES_530627 = 3;
const idNumbers: string[] = [];

beforeAll(async () => {
  const database = await openTestDatabase('pglite', { dataDir });
  try {
    const db = database.db;
    const pii = createPiiCipher(loadMasterKey(undefined, dataDir));
    const rng = makeRng(7);
    const actor = systemActor('test');
    const persons: Record<string, number[]> = {};
    for (const [county, poor, notPoor] of PEOPLE) {
      persons[county] = [];
      for (let i = 0; i < poor + notPoor; i++) {
        const idNumber = makeIdNumber({ region: county, gender: '男' }, rng);
        const id = await createPerson(db, pii, actor, { name: makeChineseName(rng), gender: '男', nationality: '汉', idNumber, phone: '13912345678', address: i === 0 ? '=危险地址' : `测试地址${i}`, regionCode: county }, 'edit');
        if (i < poor) {
          idNumbers.push(idNumber);
          await db.updateTable('persons').set({ poverty_status: 'registered_poor', training_wish: '是' }).where('id', '=', id).execute();
        }
        persons[county].push(id);
      }
    }
    const org = await db.insertInto('organisations').values({ kind: 'institution', name: '测试培训学校', region_code: '530627', province_code: '53' }).returning('id').executeTakeFirstOrThrow();
    const cls = await db
      .insertInto('classes')
      .values({ province_code: '53', region_code: '530627', org_id: org.id, name: '测试班', occupation_code: 'OC001', level: null, training_type: 'employment_skills', key_group: true, mode: 'offline', start_date: `${YEAR}-03-01`, end_date: `${YEAR}-03-20`, venue: '镇雄', teachers: '张老师', planned_size: 30, standard_fen: null, status: 'approved', filed_at: null, reviewed_by: null, reviewed_at: null, review_comment: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const pid of persons['530627'].slice(0, TRAINEES_530627)) {
      await db.insertInto('class_trainees').values({ province_code: '53', class_id: cls.id, person_id: pid, enrolled_at: `${YEAR}-02-20T10:00:00+08:00`, channel: 'institution', registered_before_start: true, voucher_id: null, status: 'completed', passed: true, assessed_at: null }).execute();
    }
    await db.insertInto('certificates').values({ province_code: '53', person_id: persons['530627'][0], class_id: cls.id, cert_type: 'skill_level', level: 5, cert_no: 'ZS001', issued_on: `${YEAR}-04-01`, issuer: '测试' }).execute();
    await db.insertInto('employment_records').values({ province_code: '53', person_id: persons['530627'][0], class_id: cls.id, employer: '测试企业', start_date: `${YEAR}-04-10`, monthly_wage_fen: 300000, place: 'local', self_employed: false, recorded_by: null }).execute();
  } finally {
    await database.close();
  }
}, 120_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('jineng report', () => {
  it('writes the registration summary with masked ID numbers and a 合计 row', async () => {
    const out = join(work, 'reg.csv');
    const r = await cli(['report', 'registration-summary', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.last).toMatchObject({ report: 'registration-summary', rows: 6, unmasked: false });
    const t = await readTable(out);
    expect(t.header).toEqual(['序号', '姓名', '性别', '民族', '扶贫卡编号', '身份证号', '联系电话', '家庭详细地址', '拟就读技工院校']);
    const data = t.rows.slice(0, -1);
    expect(data).toHaveLength(6);
    for (const row of data) {
      expect(row[5]).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
      expect(row[6]).toBe('139****5678');
    }
    expect(data.some((row) => row[7] === "'=危险地址")).toBe(true);
    expect(t.rows[t.rows.length - 1].slice(0, 2)).toEqual(['合计', '共6人']);
  });

  it('writes full ID numbers with --unmasked and records it in the audit log', async () => {
    const out = join(work, 'reg-full.xlsx');
    const r = await cli(['report', 'registration-summary', '--region', '530627000000', '--out', out, '--unmasked']);
    expect(r.code, r.stderr).toBe(0);
    const t = await readTable(out);
    const ids = t.rows.slice(0, -1).map((row) => row[5]);
    expect(ids).toHaveLength(3);
    for (const id of ids) expect(idNumbers).toContain(id);
    const database = await openDatabase({ dataDir, timeoutMs: 20_000 });
    try {
      const audit = await database.db.selectFrom('audit_log').selectAll().where('action', '=', 'reports.export_unmasked').execute();
      expect(audit).toHaveLength(1);
      expect(audit[0].region_code).toBe('530627');
      expect(audit[0].detail).toMatchObject({ rows: 3, unmasked: true });
    } finally {
      await database.close();
    }
  });

  it('writes training progress per county of a city with a 合计 row equal to the sum of the rows', async () => {
    const out = join(work, 'training.xlsx');
    const r = await cli(['report', 'training-progress', '--year', String(YEAR), '--half', '1', '--region', '530600', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const t = await readTable(out);
    expect(t.header.slice(0, 5)).toEqual(['序号', '地区', '区划代码', '年度培训目标(人次)', '培训人次']);
    const total = t.rows[t.rows.length - 1];
    const rows = t.rows.slice(0, -1);
    expect(total[0]).toBe('合计');
    for (const row of rows) expect(row[2]).toMatch(/^5306\d{2}$/);
    const zx = rows.find((row) => row[2] === '530627');
    const col = (name: string) => t.header.indexOf(name);
    expect(zx?.[col('培训人次')]).toBe(String(TRAINEES_530627));
    expect(zx?.[col('取得证书人数')]).toBe('1');
    expect(zx?.[col('重点群体就业人数')]).toBe('1');
    for (const name of ['培训人次', '其中建档立卡贫困劳动力(人次)', '结业人数', '取得证书人数', '重点群体结业人数', '重点群体就业人数']) {
      const sum = rows.reduce((s, row) => s + Number(row[col(name)] || 0), 0);
      expect(Number(total[col(name)]), name).toBe(sum);
    }
  });

  it('groups the whole database by province and writes the other two tables', async () => {
    const out = join(work, 'thousand.csv');
    const r = await cli(['report', 'thousand-schools-progress', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const t = await readTable(out);
    expect(t.rows.map((row) => row[2])).toEqual(['520000', '530000', '']);
    const col = t.header.indexOf('有参加职业培训意愿的建档立卡贫困家庭劳动者(人)');
    expect(t.rows.map((row) => row[col])).toEqual(['1', '5', '6']);
    const school = join(work, 'school.xlsx');
    const s = await cli(['report', 'school-progress', '--out', school]);
    expect(s.code, s.stderr).toBe(0);
    const st = await readTable(school);
    expect(st.header.slice(0, 3)).toEqual(['序号', '学校名称', '建档立卡贫困家庭子女就读情况-在校生数(人)']);
    expect(st.rows[st.rows.length - 1][0]).toBe('合计');
  });

  it('exits 2 with a Chinese message on bad arguments and writes nothing', async () => {
    const out = join(work, 'bad.csv');
    // Two through the real binary, the rest in-process through the same entry (faster).
    const spawned = [
      ['report', 'no-such-report', '--out', out],
      ['report', 'training-progress', '--out', join(work, 'bad.pdf')],
    ];
    const results = await Promise.all(spawned.map((args) => cli(args)));
    for (const [i, r] of results.entries()) {
      expect(r.code, spawned[i].join(' ')).toBe(2);
      expect(r.stderr).toMatch(/错误: .*[\u4e00-\u9fa5]/);
      expect(r.last).toHaveProperty('error');
    }
    const inProcess = [
      ['report', 'training-progress', '--year', 'abc', '--out', out],
      ['report', 'training-progress', '--year', '1800', '--out', out],
      ['report', 'training-progress', '--half', '3', '--out', out],
      ['report', 'training-progress', '--region', '12345', '--out', out],
      ['report', 'training-progress'],
    ];
    for (const args of inProcess) {
      let stderr = '';
      const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
        stderr += String(chunk);
        return true;
      });
      const outSpy = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
      try {
        expect(await main(args), args.join(' ')).toBe(2);
      } finally {
        errSpy.mockRestore();
        outSpy.mockRestore();
      }
      expect(stderr).toMatch(/错误: .*[\u4e00-\u9fa5]/);
    }
    expect(existsSync(out)).toBe(false);
  });
});
