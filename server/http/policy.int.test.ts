import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { createTestApp, loginAs, type Session, type TestApp } from '../test/test-app.ts';
import { testDbKinds } from '../test/databases.ts';
import { registerPolicyHooks, type RegisteredRoute } from './policy.ts';
import { can, isRole, type Permission } from '../../common/permissions.ts';
import { DEMO_ACCOUNTS } from '../db/seeds/demo.ts';

const concreteUrl = (url: string): string => url.replace(/:[A-Za-z]+/g, '1');

describe.each(testDbKinds())('route policies on %s', (kind) => {
  let t: TestApp;
  const sessions = new Map<string, Session>();
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => {
    await t?.close();
  });
  async function sessionOf(username: string): Promise<Session> {
    let s = sessions.get(username);
    if (!s) {
      s = await loginAs(t, username);
      sessions.set(username, s);
    }
    return s;
  }
  const apiRoutes = (): RegisteredRoute[] => t.routes.filter((r) => r.url.startsWith('/api/'));

  it('gives every API route a declared policy', () => {
    expect(apiRoutes().length).toBeGreaterThan(5);
    for (const r of apiRoutes()) expect(r.policy, `${r.method} ${r.url}`).toBeDefined();
  });

  it('refuses to register an API route without a policy', async () => {
    const app = Fastify();
    registerPolicyHooks(app, t.database, []);
    expect(() => app.get('/api/v1/naked', async () => 'x')).toThrow(/未声明访问策略/);
    await app.close();
  });

  it('answers 401 auth.required on every non-public route without a session', async () => {
    for (const r of apiRoutes().filter((x) => x.policy !== 'public')) {
      const res = await t.app.inject({ method: r.method as 'GET', url: concreteUrl(r.url), payload: r.method === 'GET' ? undefined : {} });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect(res.json().error.code).toBe('auth.required');
    }
  });

  it('answers 403 auth.forbidden on every permission route for a role that lacks it', async () => {
    let checked = 0;
    for (const r of apiRoutes()) {
      if (r.policy === 'public' || r.policy === 'authenticated' || r.policy === undefined) continue;
      const permission = r.policy as Permission;
      const lacking = DEMO_ACCOUNTS.find((a) => isRole(a.role) && !can(a.role, permission));
      if (!lacking) continue;
      const s = await sessionOf(lacking.username);
      const res = await t.app.inject({ method: r.method as 'GET', url: concreteUrl(r.url), headers: s.headers, payload: r.method === 'GET' ? undefined : {} });
      expect(res.statusCode, `${lacking.username} ${r.method} ${r.url}`).toBe(403);
      expect(res.json().error.code).toBe('auth.forbidden');
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: '接口不存在' } });
  });

  it('serves health and the OpenAPI document', async () => {
    const h = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(h.json()).toEqual({ status: 'ok', db: kind, version: 'test' });
    const doc = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(doc.statusCode).toBe(200);
    expect(Object.keys(doc.json().paths)).toContain('/api/v1/auth/login');
  });

  it('shows each role a dashboard of real counts from its own scope', async () => {
    const city = await t.app.inject({ method: 'GET', url: '/api/v1/dashboard', headers: (await sessionOf('demo-city')).headers });
    const county = await t.app.inject({ method: 'GET', url: '/api/v1/dashboard', headers: (await sessionOf('demo-ludian')).headers });
    const orgs = (b: { cards: { key: string; value: number }[] }): number | undefined => b.cards.find((c) => c.key === 'orgs_in_scope')?.value;
    const inCity = await t.database.db.selectFrom('organisations').select('id').where('region_code', 'like', '5306%').execute();
    const inLudian = await t.database.db.selectFrom('organisations').select('id').where('region_code', 'like', '530621%').execute();
    expect(orgs(city.json())).toBe(inCity.length);
    expect(orgs(county.json())).toBe(inLudian.length);
    expect(inCity.length).toBeGreaterThan(inLudian.length);
  });
});
