import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, TEST_PII, type Session, type TestApp } from '../../test/test-app.ts';
import { testDbKinds } from '../../test/databases.ts';
import { makeIdNumber, makeRng } from '../../test/fake-people.ts';
import { systemActor } from '../../http/actor.ts';
import { createPerson } from './registry.service.ts';
import { verifyAuditChain } from '../audit/audit.service.ts';

describe.each(testDbKinds())('registry API and scope on %s', (kind) => {
  let t: TestApp;
  let zx: Session;
  let ld: Session;
  let city: Session;
  const rng = makeRng(42);
  const sentinels: Record<string, { id: number; idNumber: string; name: string }> = {};

  beforeAll(async () => {
    t = await createTestApp(kind);
    zx = await loginAs(t, 'demo-zhenxiong');
    ld = await loginAs(t, 'demo-ludian');
    city = await loginAs(t, 'demo-city');
    // Sentinel persons in every county of interest, including one outside Zhaotong.
    for (const [county, name] of [
      ['530627', '镇雄哨兵'],
      ['530621', '鲁甸哨兵'],
      ['530602', '昭阳哨兵'],
      ['520102', '贵阳哨兵'],
    ] as const) {
      const idNumber = makeIdNumber({ region: county, gender: '男', birthDate: '1990-03-04' }, rng);
      const id = await createPerson(t.database.db, TEST_PII, systemActor('test'), { name, gender: '男', nationality: '汉', idNumber, address: `${name}的地址`, regionCode: county }, 'edit');
      sentinels[county] = { id, idNumber, name };
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  const get = (s: Session, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });

  it('lists only persons of the caller county, with masked ID numbers', async () => {
    const res = await get(ld, '/api/v1/persons?pageSize=200');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBeGreaterThan(100);
    for (const p of body.items) {
      expect(p.regionCode.startsWith('530621')).toBe(true);
      expect(p.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
      expect(typeof p.id).toBe('number');
    }
    const text = res.body;
    for (const c of ['530627', '530602', '520102']) expect(text).not.toContain(sentinels[c].name);
  });

  it('never widens the scope through the region filter', async () => {
    const res = await get(ld, '/api/v1/persons?region=530627');
    expect(res.json()).toEqual({ items: [], total: 0 });
    const cityView = await get(city, '/api/v1/persons?region=530627&q=镇雄哨兵');
    expect(cityView.json().total).toBe(1);
  });

  it('finds a person by full ID number through the blind index, in scope only', async () => {
    const mine = await get(zx, `/api/v1/persons?q=${sentinels['530627'].idNumber}`);
    expect(mine.json().items.map((p: { name: string }) => p.name)).toEqual(['镇雄哨兵']);
    const theirs = await get(zx, `/api/v1/persons?q=${sentinels['530621'].idNumber}`);
    expect(theirs.json().total).toBe(0);
  });

  it('finds persons by pinyin initials', async () => {
    const res = await get(zx, '/api/v1/persons?q=zxsb');
    expect(res.json().items.map((p: { name: string }) => p.name)).toContain('镇雄哨兵');
  });

  it('answers 404 for a person of another county and 200 for one of its own', async () => {
    const other = await get(zx, `/api/v1/persons/${sentinels['530621'].id}`);
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('not_found');
    const missing = await get(zx, '/api/v1/persons/999999999');
    expect(missing.json()).toEqual(other.json());
    const own = await get(zx, `/api/v1/persons/${sentinels['530627'].id}`);
    expect(own.statusCode).toBe(200);
    expect(own.json().idNumber).not.toContain(sentinels['530627'].idNumber.slice(6, 14));
  });

  it('reveals the full number to an allowed role, audited, and refuses others', async () => {
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/persons/${sentinels['530627'].id}/reveal-id`, headers: zx.headers, payload: { reason: '核对身份' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().idNumber).toBe(sentinels['530627'].idNumber);
    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'registry.reveal_id').execute();
    expect(audit.some((a) => a.object_id === String(sentinels['530627'].id))).toBe(true);
    const foreign = await t.app.inject({ method: 'POST', url: `/api/v1/persons/${sentinels['530621'].id}/reveal-id`, headers: zx.headers, payload: {} });
    expect(foreign.statusCode).toBe(404);
    const village = await loginAs(t, 'demo-village');
    const denied = await t.app.inject({ method: 'POST', url: `/api/v1/persons/${sentinels['530627'].id}/reveal-id`, headers: village.headers, payload: {} });
    expect(denied.statusCode).toBe(403);
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true);
  });

  it('validates a new person with the import rules and refuses duplicates', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/persons', headers: zx.headers, payload: { name: 'Tom', gender: '男', nationality: '汉', idNumber: '530627199001011234', address: 'x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation.failed');
    const dup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/persons',
      headers: zx.headers,
      payload: { name: '镇雄哨兵', gender: '男', nationality: '汉', idNumber: sentinels['530627'].idNumber, address: '地址' },
    });
    expect(dup.statusCode).toBe(409);
    const foreignRegion = await t.app.inject({
      method: 'POST',
      url: '/api/v1/persons',
      headers: zx.headers,
      payload: { name: '越界者', gender: '女', nationality: '汉', idNumber: makeIdNumber({ region: '530621', gender: '女' }, rng), address: '地址', regionCode: '530621' },
    });
    expect(foreignRegion.statusCode).toBe(400);
  });

  it('edits with optimistic locking and records the change history', async () => {
    const id = sentinels['530627'].id;
    const before = (await get(zx, `/api/v1/persons/${id}`)).json();
    const ok = await t.app.inject({ method: 'PATCH', url: `/api/v1/persons/${id}`, headers: zx.headers, payload: { version: before.version, phone: '13912345678', trainingWish: '电工' } });
    expect(ok.statusCode).toBe(200);
    const stale = await t.app.inject({ method: 'PATCH', url: `/api/v1/persons/${id}`, headers: zx.headers, payload: { version: before.version, remark: '过期' } });
    expect(stale.statusCode).toBe(409);
    const changes = (await get(zx, `/api/v1/persons/${id}/changes`)).json().items;
    const fields = changes.flatMap((c: { changes: { field: string }[] }) => c.changes.map((x) => x.field));
    expect(fields).toContain('phone');
    expect(fields).toContain('training_wish');
    expect(JSON.stringify(changes)).not.toContain('13912345678');
  });

  it('shows a household with its members within scope', async () => {
    const p = (await get(zx, '/api/v1/persons?pageSize=50')).json().items.find((x: { householdId: number | null }) => x.householdId);
    const hh = await get(zx, `/api/v1/households/${p.householdId}`);
    expect(hh.statusCode).toBe(200);
    expect(hh.json().members.length).toBeGreaterThan(0);
    expect((await get(ld, `/api/v1/households/${p.householdId}`)).statusCode).toBe(404);
  });

  it('rejects malformed ids and queries with 400', async () => {
    expect((await get(zx, '/api/v1/persons/abc')).statusCode).toBe(400);
    expect((await get(zx, '/api/v1/persons?pageSize=100000')).statusCode).toBe(400);
    expect((await get(zx, '/api/v1/persons?region=53%25')).statusCode).toBe(400);
  });
});
