import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, TEST_PII, type Session, type TestApp } from '../../test/test-app.ts';
import { testDbKinds } from '../../test/databases.ts';
import { advanceClock, setClock } from '../../clock.ts';
import { createUser } from '../users/users.service.ts';
import { systemActor } from '../../http/actor.ts';
import { QR_WINDOW_MS, qrCodeAt } from './rules/qr-code.ts';

const at = (iso: string): Date => new Date(`${iso}+08:00`);

describe.each(testDbKinds())('vocational training on %s', (kind) => {
  let t: TestApp;
  let inst: Session;
  let zx: Session;
  let classId: number;
  const people: { id: number; name: string; idNumber: string }[] = [];

  beforeAll(async () => {
    t = await createTestApp(kind);
    setClock(at('2021-03-01T09:00:00'));
    inst = await loginAs(t, 'demo-institution');
    zx = await loginAs(t, 'demo-zhenxiong');
    const rows = await t.database.db.selectFrom('persons').select(['id', 'name', 'id_enc']).where('region_code', 'like', '530627%').orderBy('id').limit(6).execute();
    for (const r of rows) people.push({ id: r.id, name: r.name, idNumber: TEST_PII.decrypt(r.id_enc) });
    // The demo trainee account is linked to people[0].
    await t.database.db.updateTable('users').set({ person_id: people[0].id }).where('username', '=', 'demo-trainee').execute();
  });
  afterAll(async () => {
    setClock(null);
    await t?.close();
  });

  const post = (s: Session, url: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: s.headers, payload: payload as object });
  const get = (s: Session, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
  const classBody = (over: Record<string, unknown> = {}) => ({
    name: '电工就业技能培训班（2021年第1期）',
    occupationCode: 'OC007',
    level: 5,
    trainingType: 'employment_skills',
    keyGroup: true,
    startDate: '2021-04-01',
    endDate: '2021-04-20',
    venue: '镇雄县乌峰街道实训基地',
    teachers: '李老师、王老师',
    plannedSize: 40,
    ...over,
  });

  it('files a class before its start and lets the county approve it', async () => {
    const created = await post(inst, '/api/v1/classes', classBody());
    expect(created.statusCode).toBe(201);
    classId = created.json().id;
    expect((await post(inst, `/api/v1/classes/${classId}/file`, {})).statusCode).toBe(200);
    expect((await post(inst, `/api/v1/classes/${classId}/file`, {})).statusCode).toBe(409);
    const view = (await get(inst, `/api/v1/classes/${classId}`)).json();
    expect(view.status).toBe('filed');
    expect(view.filedInTime).toBe(true);
    const ld = await loginAs(t, 'demo-ludian');
    expect((await post(ld, `/api/v1/classes/${classId}/review`, { decision: 'approve' })).statusCode).toBe(404);
    expect((await post(zx, `/api/v1/classes/${classId}/review`, { decision: 'reject' })).statusCode).toBe(400);
    expect((await post(zx, `/api/v1/classes/${classId}/review`, { decision: 'approve' })).statusCode).toBe(200);
    expect((await get(zx, `/api/v1/classes/${classId}`)).json().status).toBe('approved');
  });

  it('refuses to file a class on or after its start date', async () => {
    const late = await post(inst, '/api/v1/classes', classBody({ name: '迟到的备案班', startDate: '2021-03-01', endDate: '2021-03-10' }));
    const id = late.json().id;
    const r = await post(inst, `/api/v1/classes/${id}/file`, {});
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toContain('开班日期之前');
  });

  it('lets an institution see only its own classes', async () => {
    const orgs = await t.database.db.selectFrom('organisations').select(['id', 'name']).where('kind', '=', 'institution').execute();
    const other = orgs.find((o) => o.name.includes('鲁甸'))!;
    await createUser(t.database.db, { actor: systemActor('test'), skipPasswordPolicy: true, input: { username: 'inst-ld', displayName: '鲁甸机构', password: 'jineng-demo', role: 'institution', regionCode: '530621', orgId: other.id } });
    const ldInst = await loginAs(t, 'inst-ld');
    const list = (await get(ldInst, '/api/v1/classes')).json();
    expect(list.items.map((c: { id: number }) => c.id)).not.toContain(classId);
    expect((await get(ldInst, `/api/v1/classes/${classId}`)).statusCode).toBe(404);
    expect((await get(ldInst, `/api/v1/classes/${classId}/trainees`)).statusCode).toBe(404);
    expect((await post(ldInst, `/api/v1/classes/${classId}/trainees`, { idNumber: people[1].idNumber, name: people[1].name })).statusCode).toBe(404);
  });

  it('checks the real name against the registry when enrolling', async () => {
    const ok = await post(inst, `/api/v1/classes/${classId}/trainees`, { idNumber: people[1].idNumber, name: people[1].name });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().registeredBeforeStart).toBe(true);
    const wrongName = await post(inst, `/api/v1/classes/${classId}/trainees`, { idNumber: people[2].idNumber, name: '查无此人' });
    expect(wrongName.statusCode).toBe(400);
    expect(wrongName.json().error.message).toContain('姓名与台账登记不一致');
    const unknown = await post(inst, `/api/v1/classes/${classId}/trainees`, { idNumber: '11010519491231002X', name: '不存在' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('不在实名台账中');
    const again = await post(inst, `/api/v1/classes/${classId}/trainees`, { idNumber: people[1].idNumber, name: people[1].name });
    expect(again.statusCode).toBe(409);
  });

  it('redeems a voucher once and refuses a second redemption', async () => {
    const issued = await post(zx, '/api/v1/vouchers/batch', { personIds: [people[2].id], expiresOn: '2021-12-31' });
    expect(issued.statusCode).toBe(201);
    const code = issued.json().issued[0].code;
    const first = await post(inst, `/api/v1/classes/${classId}/trainees`, { idNumber: people[2].idNumber, name: people[2].name, voucherCode: code });
    expect(first.statusCode).toBe(201);
    const second = await post(inst, '/api/v1/classes', classBody({ name: '焊工班', occupationCode: 'OC008', startDate: '2021-05-01', endDate: '2021-05-20' }));
    const secondId = second.json().id;
    await post(inst, `/api/v1/classes/${secondId}/file`, {});
    const reuse = await post(inst, `/api/v1/classes/${secondId}/trainees`, { idNumber: people[2].idNumber, name: people[2].name, voucherCode: code });
    expect(reuse.statusCode).toBe(409);
    expect(reuse.json().error.message).toContain('培训券已被使用');
    const foreign = await post(inst, `/api/v1/classes/${secondId}/trainees`, { idNumber: people[3].idNumber, name: people[3].name, voucherCode: code });
    expect(foreign.statusCode).toBe(400);
  });

  it('lets a trainee register online and sign in with the rotating QR code only from their own session', async () => {
    const trainee = await loginAs(t, 'demo-trainee');
    const reg = await post(trainee, `/api/v1/classes/${classId}/register`, {});
    expect(reg.statusCode).toBe(201);
    setClock(at('2021-04-02T09:00:10'));
    const inst2 = await loginAs(t, 'demo-institution');
    const trainee2 = await loginAs(t, 'demo-trainee');
    const session = await post(inst2, `/api/v1/classes/${classId}/sessions`, { sessionDate: '2021-04-02', title: '安全用电' });
    expect(session.statusCode).toBe(201);
    const sessionId = session.json().id;
    const qr = await get(inst2, `/api/v1/sessions/${sessionId}/qr`);
    expect(qr.statusCode).toBe(200);
    const { code } = qr.json();
    expect(code).toMatch(/^[0-9A-Z]{8}$/);
    // A code from two windows ago is expired.
    const secret = (await t.database.db.selectFrom('class_sessions').select('qr_secret').where('id', '=', sessionId).executeTakeFirstOrThrow()).qr_secret;
    const expired = await post(trainee2, '/api/v1/attendance/qr', { sessionId, code: qrCodeAt(secret, at('2021-04-02T09:00:10').getTime() - 2 * QR_WINDOW_MS) });
    expect(expired.statusCode).toBe(400);
    const ok = await post(trainee2, '/api/v1/attendance/qr', { sessionId, code });
    expect(ok.statusCode).toBe(200);
    // Someone else's session (a trainee not on the roster) cannot use the code.
    await createUser(t.database.db, { actor: systemActor('test'), skipPasswordPolicy: true, input: { username: 'other-trainee', displayName: '他人', password: 'jineng-demo', role: 'trainee', regionCode: '530627' } });
    await t.database.db.updateTable('users').set({ person_id: people[4].id }).where('username', '=', 'other-trainee').execute();
    const other = await loginAs(t, 'other-trainee');
    expect((await post(other, '/api/v1/attendance/qr', { sessionId, code })).statusCode).toBe(404);
    // An institution account cannot sign in on a trainee's behalf through the QR route.
    expect((await post(inst2, '/api/v1/attendance/qr', { sessionId, code })).statusCode).toBe(403);
    advanceClock(QR_WINDOW_MS * 3);
    expect((await post(trainee2, '/api/v1/attendance/qr', { sessionId, code })).statusCode).toBe(400);
    const roster = (await get(inst2, `/api/v1/classes/${classId}/trainees`)).json().items;
    const me = roster.find((r: { personId: number }) => r.personId === people[0].id);
    expect(me.daysAttended).toBe(1);
    expect(me.channel).toBe('online');
  });

  it('marks a trainee added after the start', async () => {
    const s = await loginAs(t, 'demo-institution');
    const late = await post(s, `/api/v1/classes/${classId}/trainees`, { idNumber: people[5].idNumber, name: people[5].name });
    expect(late.statusCode).toBe(201);
    expect(late.json().registeredBeforeStart).toBe(false);
    expect(late.json().warnings.join()).toContain('凡补必进');
  });

  it('computes the employment rate from follow-up records within the window', async () => {
    setClock(at('2021-04-21T10:00:00'));
    const s = await loginAs(t, 'demo-institution');
    const roster = (await get(s, `/api/v1/classes/${classId}/trainees`)).json().items as { traineeId: number; personId: number; registeredBeforeStart: boolean }[];
    const res = await post(s, `/api/v1/classes/${classId}/results`, { results: roster.map((r) => ({ traineeId: r.traineeId, completed: true, passed: true })) });
    expect(res.statusCode).toBe(200);
    const qualified = roster.filter((r) => r.registeredBeforeStart);
    expect(qualified.length).toBe(3);
    const e1 = await post(s, `/api/v1/classes/${classId}/employment`, { traineeId: qualified[0].traineeId, employer: '镇雄县某电气公司', startDate: '2021-05-10', monthlyWageYuan: 3200.5, place: 'local' });
    expect(e1.statusCode).toBe(201);
    // Outside the 6-month window: does not count.
    await post(s, `/api/v1/classes/${classId}/employment`, { traineeId: qualified[1].traineeId, employer: '外省公司', startDate: '2021-11-01', place: 'out_of_province' });
    const rate = (await get(s, `/api/v1/classes/${classId}/employment-rate`)).json();
    expect(rate).toEqual({ qualified: 3, employed: 1, rate: 1 / 3, windowEnd: '2021-10-20' });
    const bad = await post(s, `/api/v1/classes/${classId}/employment`, { traineeId: qualified[2].traineeId, startDate: '2021-05-01', place: 'local' });
    expect(bad.statusCode).toBe(400);
  });

  it('flags a class when a spot check finds problems', async () => {
    const s = await loginAs(t, 'demo-zhenxiong');
    const r = await post(s, `/api/v1/classes/${classId}/spot-checks`, { checkedOn: '2021-04-10', present: 2, expected: 4, findings: ['absent_trainees'] });
    expect(r.statusCode).toBe(201);
    expect((await get(s, `/api/v1/classes/${classId}`)).json().flagged).toBe(true);
    const inst3 = await loginAs(t, 'demo-institution');
    expect((await post(inst3, `/api/v1/classes/${classId}/spot-checks`, { checkedOn: '2021-04-10', findings: [] })).statusCode).toBe(403);
  });
});
