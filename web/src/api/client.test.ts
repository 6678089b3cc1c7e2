import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, buildUrl, dispositionFileName, loginPath, setCsrfToken, setUnauthorizedHandler } from './client.ts';

function respond(status: number, body: unknown) {
  const fetchMock = vi.fn(async (_url: string, _init?: RequestInit) => new Response(body === undefined ? '' : JSON.stringify(body), { status }));
  vi.stubGlobal('fetch', fetchMock);
  vi.stubGlobal('window', { location: { pathname: '/registry', search: '?page=2', assign: vi.fn() } });
  return fetchMock;
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('api client', () => {
  it('leaves empty filters out of the query string', () => {
    expect(buildUrl('/api/v1/audit', { page: 1, pageSize: 20, action: '', actor: undefined })).toBe('/api/v1/audit?page=1&pageSize=20');
  });

  it('sends the CSRF token on state changes but not on reads', async () => {
    const f = respond(200, { ok: true });
    setCsrfToken('tok');
    await api.get('/api/v1/me');
    await api.post('/api/v1/auth/logout');
    const [getInit, postInit] = [f.mock.calls[0][1], f.mock.calls[1][1]];
    expect((getInit?.headers as Record<string, string>)['x-csrf-token']).toBeUndefined();
    expect((postInit?.headers as Record<string, string>)['x-csrf-token']).toBe('tok');
    expect(postInit?.credentials).toBe('same-origin');
    // No JSON content type without a body (Fastify rejects an empty JSON body).
    expect((postInit?.headers as Record<string, string>)['content-type']).toBeUndefined();
  });

  it('turns the error body into an ApiError with code and Chinese message', async () => {
    respond(403, { error: { code: 'auth.forbidden', message: '无权执行此操作' } });
    const err = await api.get('/api/v1/audit').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 403, code: 'auth.forbidden', message: '无权执行此操作' });
  });

  it('sends a 401 to the login page with the path to return to', async () => {
    respond(401, { error: { code: 'auth.required', message: '请先登录' } });
    const seen: string[] = [];
    setUnauthorizedHandler((returnTo) => seen.push(loginPath(returnTo)));
    await expect(api.get('/api/v1/persons')).rejects.toMatchObject({ code: 'auth.required' });
    expect(seen).toEqual(['/login?next=%2Fregistry%3Fpage%3D2']);
  });

  it('does not redirect when the caller handles the 401 itself (login form)', async () => {
    respond(401, { error: { code: 'auth.invalid', message: '用户名或密码错误' } });
    const seen: string[] = [];
    setUnauthorizedHandler((r) => seen.push(r));
    await expect(api.post('/api/v1/auth/login', { username: 'x', password: 'y' }, { noAuthRedirect: true })).rejects.toMatchObject({ message: '用户名或密码错误' });
    expect(seen).toEqual([]);
  });

  it('reads the download file name from Content-Disposition, RFC 5987 form first', () => {
    expect(dispositionFileName(`attachment; filename*=UTF-8''${encodeURIComponent('台账导出.xlsx')}`)).toBe('台账导出.xlsx');
    expect(dispositionFileName('attachment; filename="report.csv"')).toBe('report.csv');
    expect(dispositionFileName(null)).toBeNull();
  });
});
