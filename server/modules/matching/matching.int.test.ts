import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, TEST_PII, type Session, type TestApp } from '../../test/test-app.ts';
import { testDbKinds } from '../../test/databases.ts';
import { idCheckDigit } from '../../../common/id-number.ts';
import { verifyAuditChain } from '../audit/audit.service.ts';

interface P {
  id: number;
  name: string;
  idNumber: string;
  region: string;
}

const csv = (rows: string[][]): string => '\ufeff' + [['身份证号', '姓名', '性别', '户编号', '与户主关系', '所在地区代码', '贫困状态'], ...rows].map((r) => r.join(',')).join('\r\n');

describe.each(testDbKinds())('precise matching in the application on %s', (kind) => {
  let t: TestApp;
  let fupin: Session;
  let county: Session;
  let persons: P[];
  let trainees: P[];

  beforeAll(async () => {
    t = await createTestApp(kind);
    fupin = await loginAs(t, 'demo-fupin');
    county = await loginAs(t, 'demo-zhenxiong');
    const org = await t.database.db.selectFrom('users').select('org_id').where('username', '=', 'demo-institution').executeTakeFirstOrThrow();
    const tr = await t.database.db
      .selectFrom('class_trainees as t')
      .innerJoin('classes as k', 'k.id', 't.class_id')
      .innerJoin('persons as p', 'p.id', 't.person_id')
      .select(['p.id', 'p.name', 'p.id_enc', 'p.region_code'])
      .distinct()
      .where('k.org_id', '=', org.org_id!)
      .orderBy('p.id')
      .limit(6)
      .execute();
    trainees = tr.map((r) => ({ id: r.id, name: r.name, idNumber: TEST_PII.decrypt(r.id_enc), region: r.region_code }));
    // Registry persons disjoint from the trainees, so each test controls who is in the extract.
    const rows = await t.database.db
      .selectFrom('persons')
      .select(['id', 'name', 'id_enc', 'region_code'])
      .where('region_code', 'like', '530627%')
      .where('id', 'not in', trainees.map((p) => p.id))
      .orderBy('id', 'desc')
      .limit(40)
      .execute();
    persons = rows.map((r) => ({ id: r.id, name: r.name, idNumber: TEST_PII.decrypt(r.id_enc), region: r.region_code }));
  });
  afterAll(async () => {
    await t?.close();
  });

  async function upload(s: Session, body: string, name = 'reg.csv') {
    return t.app.inject({ method: 'POST', url: `/api/v1/poverty-snapshots?fileName=${encodeURIComponent(name)}`, headers: { ...s.headers, 'content-type': 'application/octet-stream' }, payload: Buffer.from(body) });
  }
  async function runAndWait(s: Session, scope: 'registry' | 'training') {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/match-runs', headers: s.headers, payload: { scope } });
    expect(r.statusCode).toBe(202);
    const id = r.json().id;
    for (let i = 0; i < 300; i++) {
      const run = (await t.app.inject({ method: 'GET', url: `/api/v1/match-runs/${id}`, headers: { cookie: s.cookie } })).json();
      if (run.status !== 'running') return run;
      await new Promise((res) => setTimeout(res, 100));
    }
    throw new Error('match run did not finish');
  }

  it('matches registry persons against a loaded snapshot, auto-accepts exact matches and queues conflicts', async () => {
    const exact = persons.slice(0, 10);
    const conflicts = persons.slice(10, 13);
    // Same birth date, gender, county and name, two other sequence digits: a fuzzy candidate.
    const fuzzySrc = persons[13];
    const bump = (d: string) => String((Number(d) + 5) % 10);
    const other17 = `${fuzzySrc.idNumber.slice(0, 14)}${bump(fuzzySrc.idNumber[14])}${bump(fuzzySrc.idNumber[15])}${fuzzySrc.idNumber[16]}`;
    const fuzzyId = other17 + idCheckDigit(other17);
    const rows = [
      ...exact.map((p, i) => [p.idNumber, p.name, '', `FP${i}`, '户主', p.region, i % 2 ? '已脱贫' : '未脱贫']),
      ...conflicts.map((p) => [p.idNumber, '完全不同', '', 'FPX', '户主', p.region, '未脱贫']),
      [fuzzyId, fuzzySrc.name, '', 'FPY', '户主', fuzzySrc.region, '监测对象'],
      ...trainees.slice(0, 4).map((p) => [p.idNumber, p.name, '', 'FPT', '户主', p.region, '未脱贫']),
    ];
    const before = await t.database.db.selectFrom('persons').select(['id', 'poverty_status']).where('id', 'in', conflicts.map((p) => p.id)).orderBy('id').execute();
    const conflictStatusBefore = before.map((b) => b.poverty_status);
    const up = await upload(fupin, csv(rows));
    expect(up.statusCode).toBe(201);
    expect(up.json().rows).toBe(rows.length);
    const run = await runAndWait(fupin, 'registry');
    expect(run.status).toBe('succeeded');
    expect(run.counts.exact).toBeGreaterThanOrEqual(10);
    expect(run.counts.conflict).toBe(3);
    const statuses = await t.database.db.selectFrom('persons').select(['id', 'poverty_status']).where('id', 'in', exact.map((p) => p.id)).orderBy('id').execute();
    const expected = new Map(exact.map((p, i) => [p.id, i % 2 ? 'lifted_out_of_poverty' : 'registered_poor']));
    for (const st of statuses) expect(st.poverty_status).toBe(expected.get(st.id));
    // Conflicts are never auto-accepted.
    const after = await t.database.db.selectFrom('persons').select(['id', 'poverty_status']).where('id', 'in', conflicts.map((p) => p.id)).orderBy('id').execute();
    expect(after.map((a) => a.poverty_status)).toEqual(conflictStatusBefore);
    const queue = (await t.app.inject({ method: 'GET', url: '/api/v1/match-reviews?pageSize=100', headers: { cookie: fupin.cookie } })).json();
    // The demo data queues a few near-misses of its own: look at this snapshot's people only.
    const conflictIds = new Set(conflicts.map((p) => p.id));
    const mine = queue.items.filter((i: { person: { id: number } }) => conflictIds.has(i.person.id));
    expect(mine.map((i: { tier: string }) => i.tier)).toEqual(['conflict', 'conflict', 'conflict']);
    const item = mine[0];
    expect(item.registry.name).toBe('完全不同');
    expect(item.person.idNumber).toMatch(/^\d{6}\*{8}/);
    expect(item.idDiff).toEqual([]);
    // The fuzzy candidate: side by side, with the differing ID positions (sequence and check digit).
    const fuzzy = queue.items.find((i: { person: { id: number } }) => i.person.id === fuzzySrc.id);
    expect(fuzzy.tier).toBe('fuzzy');
    expect(fuzzy.idDiff).toEqual(expect.arrayContaining([15, 16]));
    expect(fuzzy.registry.birthDate).toBe(fuzzy.person.birthDate);
    expect(fuzzy.registry.regionCode).toBe(fuzzySrc.region);
    expect(fuzzy.registry.regionName).toBeTruthy();
    expect(fuzzy.registry.gender).toMatch(/^[男女]$/);
    expect(JSON.stringify(queue)).not.toContain(fuzzyId);
    // Older pending results of the same people (the demo's run) are superseded: nobody twice.
    const people = queue.items.map((i: { person: { id: number } }) => i.person.id);
    expect(new Set(people).size).toBe(people.length);
    expect(queue.total).toBe(queue.items.length);
    // The run is listed among the region's recent runs, newest first.
    const runs = (await t.app.inject({ method: 'GET', url: '/api/v1/match-runs', headers: { cookie: fupin.cookie } })).json().items;
    expect(runs[0]).toMatchObject({ id: run.id, scope: 'registry', status: 'succeeded' });
  });

  it('lists recent runs only to signed-in users with matching.run, within their region', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/match-runs' })).statusCode).toBe(401);
    const inst = await loginAs(t, 'demo-institution');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/match-runs', headers: { cookie: inst.cookie } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/match-runs?limit=0', headers: { cookie: fupin.cookie } })).statusCode).toBe(400);
    const ld = await loginAs(t, 'demo-ludian');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/match-runs', headers: { cookie: ld.cookie } })).json().items).toEqual([]);
  });

  it('applies an accepted review and audits it; other counties see an empty queue', async () => {
    const ld = await loginAs(t, 'demo-ludian');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/match-reviews', headers: { cookie: ld.cookie } })).json().total).toBe(0);
    const queue = (await t.app.inject({ method: 'GET', url: '/api/v1/match-reviews?pageSize=100', headers: { cookie: fupin.cookie } })).json();
    // A conflict of the registry's 未脱贫 rows.
    const item = queue.items.find((i: { tier: string }) => i.tier === 'conflict');
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/match-reviews/${item.id}`, headers: ld.headers, payload: { decision: 'accept', reason: '越权' } })).statusCode).toBe(404);
    const ok = await t.app.inject({ method: 'POST', url: `/api/v1/match-reviews/${item.id}`, headers: fupin.headers, payload: { decision: 'accept', reason: '经入户核实为同一人，姓名为曾用名' } });
    expect(ok.statusCode).toBe(200);
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/match-reviews/${item.id}`, headers: fupin.headers, payload: { decision: 'reject', reason: '重复操作' } });
    expect(again.statusCode).toBe(409);
    const p = await t.database.db.selectFrom('persons').select('poverty_status').where('id', '=', item.person.id).executeTakeFirstOrThrow();
    expect(p.poverty_status).toBe('registered_poor');
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('action', '=', 'matching.review_accept').execute();
    expect(audit.length).toBe(1);
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true);
  });

  it('feeds back registered-poor trainees to their institution only, with changes between runs', async () => {
    const first = await runAndWait(county, 'training');
    expect(first.status).toBe('succeeded');
    const inst = await loginAs(t, 'demo-institution');
    const fb = (await t.app.inject({ method: 'GET', url: '/api/v1/match-feedback', headers: { cookie: inst.cookie } })).json();
    const ids = new Set(fb.items.map((i: { personId: number }) => i.personId));
    for (const p of trainees.slice(0, 4)) expect(ids.has(p.id)).toBe(true);
    expect(JSON.stringify(fb)).not.toContain(trainees[0].idNumber);
    // A new snapshot without the first trainee but with the fifth.
    const rows = [...trainees.slice(1, 5)].map((p) => [p.idNumber, p.name, '', 'FPT', '户主', p.region, '未脱贫']);
    expect((await upload(fupin, csv(rows), 'reg2.csv')).statusCode).toBe(201);
    await runAndWait(county, 'training');
    const fb2 = (await t.app.inject({ method: 'GET', url: '/api/v1/match-feedback', headers: { cookie: inst.cookie } })).json();
    expect(fb2.noLongerMatched.map((i: { personId: number }) => i.personId)).toContain(trainees[0].id);
    const newcomer = fb2.items.find((i: { personId: number }) => i.personId === trainees[4].id);
    expect(newcomer?.newSinceLastRun).toBe(true);
    const snaps = (await t.app.inject({ method: 'GET', url: '/api/v1/poverty-snapshots', headers: { cookie: fupin.cookie } })).json().items;
    expect(snaps.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect(snaps[0]).toMatchObject({ fileName: 'reg2.csv', current: true });
    expect(snaps.map((s: { fileName: string }) => s.fileName)).toContain('reg.csv');
    const ent = await loginAs(t, 'demo-enterprise');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/match-feedback', headers: { cookie: ent.cookie } })).statusCode).toBe(403);
  });

  it('refuses a registry file without the required columns', async () => {
    const r = await upload(fupin, '\ufeff姓名,性别\r\n张三,男');
    expect(r.statusCode).toBe(422);
    expect(r.json().error.message).toContain('身份证号');
  });
});
