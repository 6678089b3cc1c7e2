import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, type Session, type TestApp } from '../../test/test-app.ts';
import { testDbKinds } from '../../test/databases.ts';
import { createUser } from './users.service.ts';
import { systemActor } from '../../http/actor.ts';

describe.each(testDbKinds())('user administration and security overview on %s', (kind) => {
  let t: TestApp;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp(kind);
    admin = await loginAs(t, 'admin');
  });
  afterAll(async () => {
    await t?.close();
  });

  const create = (s: Session, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/v1/users', headers: s.headers, payload });

  it('lists the accounts of the administrator’s region with their organisation and last login', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/users?q=demo-zhen', headers: admin.headers });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(1);
    expect(body.items[0]).toMatchObject({ username: 'demo-zhenxiong', role: 'hr_county', regionCode: '530627', orgName: '镇雄县人力资源和社会保障局', status: 'active' });
  });

  it('creates a county account, refuses a privileged role and a weak password, and audits the creation', async () => {
    const orgs = await t.app.inject({ method: 'GET', url: '/api/v1/organisations?kind=hr_bureau', headers: admin.headers });
    const ludian = orgs.json().items.find((o: { name: string }) => o.name === '鲁甸县人力资源和社会保障局');
    expect(ludian).toBeDefined();
    const ok = await create(admin, { username: 'ld-clerk', displayName: '鲁甸县经办人', password: 'Ludian-2026!', role: 'hr_county', regionCode: '530621', orgId: ludian.id });
    expect(ok.statusCode).toBe(201);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'ld-clerk', password: 'Ludian-2026!' } });
    expect(login.statusCode).toBe(200);

    const privileged = await create(admin, { username: 'second-admin', displayName: '另一个管理员', password: 'Admin-2026!!', role: 'audit_admin', regionCode: '53' });
    expect(privileged.statusCode).toBe(403);
    expect(privileged.json().error.message).toContain('三员分立');

    const weak = await create(admin, { username: 'weak-user', displayName: '弱密码', password: 'short', role: 'village_cadre', regionCode: '530627' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('validation.failed');

    const dup = await create(admin, { username: 'ld-clerk', displayName: '重复', password: 'Ludian-2026!', role: 'village_cadre', regionCode: '530621' });
    expect(dup.statusCode).toBe(409);

    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'user.create').where('object_type', '=', 'user').execute();
    expect(audit.some((a) => (a.detail as { username?: string }).username === 'ld-clerk')).toBe(true);
  });

  it('keeps an administrator of a county inside that county', async () => {
    await createUser(t.database.db, {
      actor: systemActor('test'),
      input: { username: 'zx-admin', displayName: '镇雄县系统管理员', password: 'Zhenxiong-2026!', role: 'platform_admin', regionCode: '530627' },
    });
    const zx = await loginAs(t, 'zx-admin', 'Zhenxiong-2026!');
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/users?pageSize=200', headers: zx.headers });
    expect(list.statusCode).toBe(200);
    const regions = new Set(list.json().items.map((u: { regionCode: string }) => u.regionCode));
    expect([...regions].every((r) => String(r).startsWith('530627'))).toBe(true);
    const outside = await create(zx, { username: 'ld-cadre', displayName: '鲁甸村干部', password: 'Ludian-2026!', role: 'village_cadre', regionCode: '530621' });
    expect(outside.statusCode).toBe(403);
    const ldUser = await t.database.db.selectFrom('users').select('id').where('username', '=', 'demo-ludian').executeTakeFirstOrThrow();
    const disable = await t.app.inject({ method: 'POST', url: `/api/v1/users/${ldUser.id}/status`, headers: zx.headers, payload: { status: 'disabled', reason: '越权测试' } });
    expect(disable.statusCode).toBe(404);
  });

  it('disables an account, which ends its live session and refuses its next login, and enables it again', async () => {
    const village = await loginAs(t, 'demo-village');
    const before = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: village.headers });
    expect(before.statusCode).toBe(200);
    const user = await t.database.db.selectFrom('users').select('id').where('username', '=', 'demo-village').executeTakeFirstOrThrow();

    const noReason = await t.app.inject({ method: 'POST', url: `/api/v1/users/${user.id}/status`, headers: admin.headers, payload: { status: 'disabled', reason: '' } });
    expect(noReason.statusCode).toBe(400);
    const off = await t.app.inject({ method: 'POST', url: `/api/v1/users/${user.id}/status`, headers: admin.headers, payload: { status: 'disabled', reason: '人员调离' } });
    expect(off.statusCode).toBe(200);
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/users/${user.id}/status`, headers: admin.headers, payload: { status: 'disabled', reason: '人员调离' } });
    expect(again.statusCode).toBe(409);

    const after = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: village.headers });
    expect(after.statusCode).toBe(401);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'demo-village', password: 'jineng-demo' } });
    expect(login.statusCode).toBe(401);

    const on = await t.app.inject({ method: 'POST', url: `/api/v1/users/${user.id}/status`, headers: admin.headers, payload: { status: 'active', reason: '返岗' } });
    expect(on.statusCode).toBe(200);
    expect((await loginAs(t, 'demo-village')).cookie).toMatch(/^jineng_session=/);
  });

  it('refuses to change privileged accounts or oneself, and to reset to a weak password', async () => {
    const ids = await t.database.db.selectFrom('users').select(['id', 'username']).where('username', 'in', ['admin', 'demo-audit', 'demo-reviewer']).execute();
    const id = (u: string) => ids.find((r) => r.username === u)?.id;
    const self = await t.app.inject({ method: 'POST', url: `/api/v1/users/${id('admin')}/status`, headers: admin.headers, payload: { status: 'disabled', reason: '自己停用' } });
    expect(self.statusCode).toBe(403);
    const auditor = await t.app.inject({ method: 'POST', url: `/api/v1/users/${id('demo-audit')}/password`, headers: admin.headers, payload: { password: 'Another-2026!' } });
    expect(auditor.statusCode).toBe(403);
    const weak = await t.app.inject({ method: 'POST', url: `/api/v1/users/${id('demo-reviewer')}/password`, headers: admin.headers, payload: { password: 'abc' } });
    expect(weak.statusCode).toBe(400);
    const reviewer = await loginAs(t, 'demo-reviewer');
    const reset = await t.app.inject({ method: 'POST', url: `/api/v1/users/${id('demo-reviewer')}/password`, headers: admin.headers, payload: { password: 'Reviewer-2026!' } });
    expect(reset.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: reviewer.headers })).statusCode).toBe(401);
    expect((await loginAs(t, 'demo-reviewer', 'Reviewer-2026!')).cookie).toBeTruthy();
  });

  it('denies the user API to other roles and without CSRF', async () => {
    const county = await loginAs(t, 'demo-zhenxiong');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: county.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/users' })).statusCode).toBe(401);
    const noCsrf = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: { cookie: admin.cookie }, payload: { username: 'x-user' } });
    expect(noCsrf.statusCode).toBe(403);
    const security = await loginAs(t, 'demo-security');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: security.headers })).statusCode).toBe(403);
  });

  it('shows the security administrator locked accounts and lets them end a user’s sessions', async () => {
    for (let i = 0; i < 5; i++) {
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'demo-enterprise', password: `wrong-${i}` } });
    }
    const security = await loginAs(t, 'demo-security');
    const overview = await t.app.inject({ method: 'GET', url: '/api/v1/security/overview', headers: security.headers });
    expect(overview.statusCode).toBe(200);
    const body = overview.json();
    expect(body.locked).toContainEqual(expect.objectContaining({ username: 'demo-enterprise', failures: 5 }));
    expect(body.recentFailures[0].username).toBe('demo-enterprise');
    expect(body.activeSessions).toBeGreaterThan(0);

    const school = await loginAs(t, 'demo-school');
    const schoolId = (await t.database.db.selectFrom('users').select('id').where('username', '=', 'demo-school').executeTakeFirstOrThrow()).id;
    const out = await t.app.inject({ method: 'POST', url: `/api/v1/security/users/${schoolId}/logout`, headers: security.headers });
    expect(out.statusCode).toBe(200);
    expect(out.json().sessions).toBeGreaterThanOrEqual(1);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: school.headers })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/security/overview', headers: admin.headers })).statusCode).toBe(403);
  });

  it('finds an account by username for the security administrator, with its live sessions', async () => {
    const security = await loginAs(t, 'demo-security');
    await loginAs(t, 'demo-institution');
    const found = await t.app.inject({ method: 'GET', url: '/api/v1/security/accounts?username=%20Demo-Institution%20', headers: security.headers });
    expect(found.statusCode).toBe(200);
    const id = (await t.database.db.selectFrom('users').select('id').where('username', '=', 'demo-institution').executeTakeFirstOrThrow()).id;
    expect(found.json()).toMatchObject({ id: Number(id), username: 'demo-institution', role: 'institution', regionCode: '530627', status: 'active' });
    expect(found.json().sessions).toBeGreaterThanOrEqual(1);

    const out = await t.app.inject({ method: 'POST', url: `/api/v1/security/users/${found.json().id}/logout`, headers: security.headers });
    expect(out.statusCode).toBe(200);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/security/accounts?username=demo-institution', headers: security.headers });
    expect(after.json().sessions).toBe(0);

    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/security/accounts?username=no-such-user', headers: security.headers });
    expect(missing.statusCode).toBe(404);
    const empty = await t.app.inject({ method: 'GET', url: '/api/v1/security/accounts?username=', headers: security.headers });
    expect(empty.statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/security/accounts?username=demo-institution' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/security/accounts?username=demo-institution', headers: admin.headers })).statusCode).toBe(403);
  });

  it('keeps a county security administrator’s lookup inside that county', async () => {
    await createUser(t.database.db, {
      actor: systemActor('test'),
      input: { username: 'zx-security', displayName: '镇雄县安全管理员', password: 'Zhenxiong-2026!', role: 'security_admin', regionCode: '530627' },
    });
    const zx = await loginAs(t, 'zx-security', 'Zhenxiong-2026!');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/security/accounts?username=demo-ludian', headers: zx.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/security/accounts?username=demo-zhenxiong', headers: zx.headers })).statusCode).toBe(200);
  });
});
