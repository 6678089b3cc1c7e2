import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, type TestApp } from '../../test/test-app.ts';
import { testDbKinds } from '../../test/databases.ts';
import { advanceClock, setClock } from '../../clock.ts';
import { verifyAuditChain } from '../audit/audit.service.ts';

describe.each(testDbKinds())('auth on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => {
    await t?.close();
  });
  afterEach(() => setClock(null));

  it('logs in with a demo account and returns the user, a CSRF token and an HttpOnly SameSite=Lax cookie', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'demo-zhenxiong', password: 'jineng-demo' } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user.username).toBe('demo-zhenxiong');
    expect(body.user.regionCode).toBe('530627');
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const raw = String(res.headers['set-cookie']);
    expect(raw).toMatch(/HttpOnly/i);
    expect(raw).toMatch(/SameSite=Lax/i);
  });

  it('gives a new session token on every login', async () => {
    const a = await loginAs(t, 'demo-city');
    const b = await loginAs(t, 'demo-city');
    expect(a.cookie).not.toBe(b.cookie);
  });

  it('answers a wrong password and an unknown user identically with 401 auth.invalid', async () => {
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'demo-ludian', password: 'nope' } });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'no-such-user', password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe('auth.invalid');
  });

  it('locks a username for 15 minutes after 5 failures, even with the right password', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'demo-school', password: `bad-${i}` } });
      expect(r.statusCode).toBe(401);
    }
    const locked = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'demo-school', password: 'jineng-demo' } });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('auth.locked');
    advanceClock(14 * 60 * 1000);
    const stillLocked = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'demo-school', password: 'jineng-demo' } });
    expect(stillLocked.statusCode).toBe(429);
    advanceClock(16 * 60 * 1000);
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'demo-school', password: 'jineng-demo' } });
    expect(ok.statusCode).toBe(200);
  });

  it('rejects a body that is not valid input with 400 and a stable code', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: '' } });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('validation.failed');
    const junk = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{not json' });
    expect(junk.statusCode).toBe(400);
    expect(junk.json().error.message).not.toMatch(/at .*\.ts/);
  });

  it('returns 401 for /me without a session and the scope with one', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
    const s = await loginAs(t, 'demo-fupin');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().scope.regionCode).toBe('530627');
    expect(me.json().roles).toEqual(['poverty_office']);
    expect(me.json().csrfToken).toBe(s.csrf);
  });

  it('refuses a state-changing request without the CSRF header with 403 auth.csrf', async () => {
    const s = await loginAs(t, 'demo-city');
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: s.cookie } });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('auth.csrf');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: s.cookie, 'x-csrf-token': 'x'.repeat(43) } });
    expect(wrong.json().error.code).toBe('auth.csrf');
  });

  it('expires a session after 30 idle minutes', async () => {
    const s = await loginAs(t, 'demo-city');
    advanceClock(29 * 60 * 1000);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } })).statusCode).toBe(200);
    advanceClock(29 * 60 * 1000);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } })).statusCode).toBe(200);
    advanceClock(31 * 60 * 1000);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);
  });

  it('ends an active session after 12 hours however busy', async () => {
    const s = await loginAs(t, 'demo-ludian');
    for (let h = 0; h < 12 * 3; h++) {
      advanceClock(20 * 60 * 1000);
      const r = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } });
      if (h < 35) expect(r.statusCode).toBe(200);
    }
    advanceClock(60 * 1000);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);
  });

  it('invalidates the session on the server at logout', async () => {
    const s = await loginAs(t, 'demo-enterprise');
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: s.headers });
    expect(out.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);
  });

  it('audits logins, failures and denials and keeps the chain intact', async () => {
    const s = await loginAs(t, 'demo-trainee');
    const denied = await t.app.inject({ method: 'GET', url: '/api/v1/audit', headers: { cookie: s.cookie } });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('auth.forbidden');
    const actions = await t.database.db.selectFrom('audit_log').select('action').execute();
    const names = new Set(actions.map((a) => a.action));
    expect(names).toContain('auth.login');
    expect(names).toContain('auth.login_failed');
    expect(names).toContain('auth.login_locked');
    expect(names).toContain('auth.denied');
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true);
  });
});
