import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, type Session, type TestApp } from '../../../test/test-app.ts';
import { testDbKinds } from '../../../test/databases.ts';
import { verifyAuditChain } from '../../audit/audit.service.ts';

describe.each(testDbKinds())('subsidy claims on %s', (kind) => {
  let t: TestApp;
  let inst: Session;
  let county: Session;
  let city: Session;
  let classIds: number[];

  beforeAll(async () => {
    t = await createTestApp(kind);
    inst = await loginAs(t, 'demo-institution');
    county = await loginAs(t, 'demo-zhenxiong');
    city = await loginAs(t, 'demo-city');
    const org = await t.database.db.selectFrom('users').select('org_id').where('username', '=', 'demo-institution').executeTakeFirstOrThrow();
    // Finished, approved demo classes of the demo institution (filed ten days before their start).
    const rows = await t.database.db
      .selectFrom('classes')
      .select('id')
      .where('org_id', '=', org.org_id!)
      .where('status', '=', 'approved')
      .where('end_date', '<', new Date().toISOString().slice(0, 10))
      .orderBy('start_date')
      .execute();
    classIds = rows.map((r) => r.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = (s: Session, url: string, payload: unknown, extra: Record<string, string> = {}) => t.app.inject({ method: 'POST', url, headers: { ...s.headers, ...extra }, payload: payload as object });
  const get = (s: Session, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });

  it('evaluates a training claim at submission and explains it line by line', async () => {
    expect(classIds.length).toBeGreaterThan(3);
    const r = await post(inst, '/api/v1/claims', { kind: 'training', classId: classIds[0] });
    expect(r.statusCode).toBe(201);
    const detail = (await get(inst, `/api/v1/claims/${r.json().id}`)).json();
    expect(detail.status).toBe('submitted');
    const roster = await t.database.db.selectFrom('class_trainees').select('id').where('class_id', '=', classIds[0]).execute();
    expect(detail.decision.lines).toHaveLength(roster.length);
    const paid = detail.decision.lines.filter((l: { rule: string }) => l.rule === 'training.standard');
    const k = await t.database.db.selectFrom('classes').select('standard_fen').where('id', '=', classIds[0]).executeTakeFirstOrThrow();
    expect(detail.requestedFen).toBe(paid.length * Number(k.standard_fen));
    expect(['approved', 'partial', 'rejected']).toContain(detail.decision.decision);
    const again = await post(inst, '/api/v1/claims', { kind: 'training', classId: classIds[0] });
    expect(again.statusCode).toBe(409);
  });

  it('refuses claims for a class that has not ended or was not filed in time', async () => {
    const running = await t.database.db.selectFrom('classes').select('id').where('status', '=', 'approved').where('end_date', '>=', new Date().toISOString().slice(0, 10)).executeTakeFirst();
    if (running) expect((await post(inst, '/api/v1/claims', { kind: 'training', classId: running.id })).statusCode).toBe(409);
    await t.database.db.updateTable('classes').set({ filed_at: new Date('2099-01-01T00:00:00Z') }).where('id', '=', classIds[3]).execute();
    const late = await post(inst, '/api/v1/claims', { kind: 'training', classId: classIds[3] });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toContain('开班前备案');
  });

  it('goes through county then city review and creates exactly one payment', async () => {
    const id = (await post(inst, '/api/v1/claims', { kind: 'training', classId: classIds[1] })).json().id;
    expect((await post(city, `/api/v1/claims/${id}/review`, { decision: 'approve' })).statusCode).toBe(403);
    const c1 = await post(county, `/api/v1/claims/${id}/review`, { decision: 'approve', comment: '材料齐全' });
    expect(c1.statusCode).toBe(200);
    expect(c1.json().status).toBe('in_review');
    const c2 = await post(city, `/api/v1/claims/${id}/review`, { decision: 'approve' });
    expect(c2.statusCode).toBe(200);
    expect(c2.json().status).toBe('approved');
    const payments = await t.database.db.selectFrom('payments').selectAll().where('claim_id', '=', id).execute();
    expect(payments).toHaveLength(1);
    expect(Number(payments[0].amount_fen)).toBe(c2.json().approvedFen);
    const detail = (await get(county, `/api/v1/claims/${id}`)).json();
    expect(detail.reviews.map((r: { level: string }) => r.level)).toEqual(['county', 'city']);
    expect((await post(county, `/api/v1/claims/${id}/recoveries`, { amountFen: 1000, reason: '抽查发现一名学员冒名顶替' })).statusCode).toBe(201);
    expect((await post(county, `/api/v1/claims/${id}/recoveries`, { amountFen: 10_000_000_000, reason: '超额' })).statusCode).toBe(400);
    const register = (await get(county, '/api/v1/payments')).json();
    expect(register.items.find((p: { claimId: number }) => p.claimId === id)).toMatchObject({ recoveredFen: 1000, status: 'scheduled' });
    const xlsx = await get(county, '/api/v1/payments/export');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const ld = await loginAs(t, 'demo-ludian');
    expect((await get(ld, '/api/v1/payments')).json().total).toBe(0);
  });

  it('answers 50 simultaneous final approvals with one 200 and 49 × 409, and pays once', async () => {
    const id = (await post(inst, '/api/v1/claims', { kind: 'training', classId: classIds[2] })).json().id;
    expect((await post(county, `/api/v1/claims/${id}/review`, { decision: 'approve' })).statusCode).toBe(200);
    const responses = await Promise.all(Array.from({ length: 50 }, () => post(city, `/api/v1/claims/${id}/review`, { decision: 'approve' })));
    const codes = responses.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(49);
    const payments = await t.database.db.selectFrom('payments').selectAll().where('claim_id', '=', id).execute();
    expect(payments).toHaveLength(1);
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true);
  });

  it('replays the first answer for a retried approval with the same Idempotency-Key', async () => {
    const id = (await post(inst, '/api/v1/claims', { kind: 'training', classId: classIds[4] })).json().id;
    await post(county, `/api/v1/claims/${id}/review`, { decision: 'approve' });
    const key = `approve-${id}-abcdef`;
    const first = await post(city, `/api/v1/claims/${id}/review`, { decision: 'approve' }, { 'idempotency-key': key });
    const retry = await post(city, `/api/v1/claims/${id}/review`, { decision: 'approve' }, { 'idempotency-key': key });
    expect(first.statusCode).toBe(200);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(first.json());
    const other = await post(city, `/api/v1/claims/${id}/review`, { decision: 'reject', comment: '换了请求' }, { 'idempotency-key': key });
    expect(other.statusCode).toBe(400);
    expect(await t.database.db.selectFrom('payments').selectAll().where('claim_id', '=', id).execute()).toHaveLength(1);
  });

  it('keeps claims within scope: another institution or county gets 404', async () => {
    const id = (await t.database.db.selectFrom('claims').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
    const ld = await loginAs(t, 'demo-ludian');
    expect((await get(ld, `/api/v1/claims/${id}`)).statusCode).toBe(404);
    expect((await get(ld, '/api/v1/claims')).json().items).toEqual([]);
    const ent = await loginAs(t, 'demo-enterprise');
    expect((await get(ent, `/api/v1/claims/${id}`)).statusCode).toBe(404);
  });

  it('filters claims by the day of submission in China Standard Time', async () => {
    const all = (await get(inst, '/api/v1/claims?pageSize=200')).json();
    expect(all.total).toBeGreaterThan(0);
    const day = (offset: number) => new Date(Date.now() + 8 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10);
    expect((await get(inst, `/api/v1/claims?submittedFrom=${day(0)}&submittedTo=${day(0)}&pageSize=200`)).json().total).toBe(all.total);
    expect((await get(inst, `/api/v1/claims?submittedTo=${day(-1)}`)).json().total).toBe(0);
    expect((await get(inst, `/api/v1/claims?submittedFrom=${day(1)}`)).json().total).toBe(0);
    expect((await get(inst, '/api/v1/claims?submittedFrom=2024-13')).statusCode).toBe(400);
  });

  it('evaluates work-as-training claims of an enterprise with the 70 % rule', async () => {
    const ent = await loginAs(t, 'demo-enterprise');
    const person = await t.database.db.selectFrom('persons').select('id').where('region_code', 'like', '530627%').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const r = await post(ent, '/api/v1/claims', {
      kind: 'work_as_training',
      personId: person.id,
      standardYuan: 500,
      wageYuan: 1900,
      minWageYuan: 1800,
      enterprise: { wageArrearsSince2020: false, classified: false, sampleChecked: 10, sampleUnaware: 1 },
    });
    expect(r.statusCode).toBe(201);
    const d = (await get(ent, `/api/v1/claims/${r.json().id}`)).json();
    expect(d.requestedFen).toBe(35000);
    expect(d.decision.reasons.map((x: { rule: string }) => x.rule)).toContain('wat.no_certificate_70pct');
  });
});
