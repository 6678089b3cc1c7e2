import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, loginAs, type Session, type TestApp } from '../../test/test-app.ts';
import { testDbKinds } from '../../test/databases.ts';

describe.each(testDbKinds())('policy-set administration on %s', (kind) => {
  let t: TestApp;
  let prov: Session;
  beforeAll(async () => {
    t = await createTestApp(kind);
    prov = await loginAs(t, 'demo-province');
  });
  afterAll(async () => {
    await t?.close();
  });
  const post = (url: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: prov.headers, payload: payload as object });

  it('copies a built-in set, edits the draft, shows the diff and publishes an immutable version', async () => {
    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/policy-sets', headers: { cookie: prov.cookie } })).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining(['national-default', 'shaanxi-2021']));
    const copy = await post('/api/v1/policy-sets', { from: 'national-default', id: 'yunnan-2026', name: '云南省 2026 年补贴政策', regionCode: '53' });
    expect(copy.statusCode).toBe(201);
    expect(copy.json()).toEqual({ id: 'yunnan-2026', version: 1 });
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/policy-sets/yunnan-2026/1', headers: { cookie: prov.cookie } })).json().document;
    doc.living_allowance.per_class_cap_fen = 300000;
    const put = await t.app.inject({ method: 'PUT', url: '/api/v1/policy-sets/yunnan-2026/1', headers: prov.headers, payload: { document: doc } });
    expect(put.statusCode).toBe(200);
    const bad = await t.app.inject({ method: 'PUT', url: '/api/v1/policy-sets/yunnan-2026/1', headers: prov.headers, payload: { document: { ...doc, living_allowance: { ...doc.living_allowance, per_class_cap_fen: -1 } } } });
    expect(bad.statusCode).toBe(400);
    const diff = (await t.app.inject({ method: 'GET', url: '/api/v1/policy-sets/yunnan-2026/1/diff', headers: { cookie: prov.cookie } })).json();
    expect(diff.changes).toEqual([{ path: 'living_allowance.per_class_cap_fen', from: 250000, to: 300000 }]);
    const listed = (await t.app.inject({ method: 'GET', url: '/api/v1/policy-sets', headers: { cookie: prov.cookie } })).json().items;
    expect(listed.find((i: { id: string }) => i.id === 'yunnan-2026')).toMatchObject({ version: 1, status: 'draft', regionCode: '53', basedOn: 'national-default@1', effectiveFrom: '2019-01-01', effectiveTo: null });
    expect(listed.find((i: { id: string }) => i.id === 'national-default')).toMatchObject({ status: 'builtin', effectiveFrom: '2019-01-01', effectiveTo: null });
    expect((await post('/api/v1/policy-sets/yunnan-2026/1/publish', {})).statusCode).toBe(200);
    expect((await post('/api/v1/policy-sets/yunnan-2026/1/publish', {})).statusCode).toBe(409);
    const after = await t.app.inject({ method: 'PUT', url: '/api/v1/policy-sets/yunnan-2026/1', headers: prov.headers, payload: { document: doc } });
    expect(after.statusCode).toBe(409);
    await expect(sql`UPDATE policy_sets SET name = 'x' WHERE id = 'yunnan-2026'`.execute(t.database.db)).rejects.toThrow(/immutable/);
  });

  it('runs a what-if batch with the same evaluator', async () => {
    const batch = {
      people: [{ id: 'A', groups: ['lifted_out_of_poverty'] }],
      history: [],
      institutions: [{ id: 'I1', blacklisted_since: null }],
      enterprises: [],
      classes: [
        { id: 'K1', type: 'employment_skills', key_group: false, institution: 'I1', start: '2026-04-01', end: '2026-04-20', standard: 1200, trainees: [{ person: 'A', registered_before_start: true, completed: true, passed: true, days_attended: 15, employed: false }] },
      ],
      claims: [{ id: 'C1', kind: 'living_allowance', class: 'K1', person: 'A', living_per_day: 25, transport_per_day: 30, date: '2026-05-01' }],
    };
    const r = await post('/api/v1/policy-sets/yunnan-2026/1/what-if', batch);
    expect(r.statusCode).toBe(200);
    expect(r.json().results[0]).toMatchObject({ claim: 'C1', amount: 750, decision: 'partial' });
    const invalid = await post('/api/v1/policy-sets/yunnan-2026/1/what-if', { ...batch, claims: [{ id: 'C1', kind: 'training', class: 'NOPE', date: '2026-05-01' }] });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.message).toContain('claims[0].class');
  });

  it('refuses other roles and other provinces', async () => {
    const city = await loginAs(t, 'demo-city');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/policy-sets', headers: { cookie: city.cookie } })).statusCode).toBe(403);
    const other = await post('/api/v1/policy-sets', { from: 'national-default', id: 'guizhou-x', name: '越权', regionCode: '52' });
    expect(other.statusCode).toBe(403);
  });
});
