/** POST /api/v1/auth/login, POST /api/v1/auth/logout, GET /api/v1/me (contracts.md §5). */
import { LoginInput, LoginOutput, MeOutput, OkOutput } from '../../../common/schemas/auth.ts';
import { AppError } from '../../../common/errors.ts';
import type { App, AppDeps } from '../../http/types.ts';
import { SESSION_COOKIE } from '../../http/policy.ts';
import { ABSOLUTE_TIMEOUT_MS, login, logout } from './auth.service.ts';
import { presentMe, presentUser } from './auth.present.ts';

export function authRoutes(app: App, deps: AppDeps): void {
  const { db } = deps.database;

  app.post('/api/v1/auth/login', {
    config: {
      policy: 'public',
      rateLimit: { max: deps.config.loginRatePerMinute, timeWindow: 60_000 },
    },
    schema: { tags: ['认证'], summary: '登录', body: LoginInput, response: { 200: LoginOutput } },
    handler: async (req, reply) => {
      const result = await login(db, { username: req.body.username, password: req.body.password, ip: req.ip });
      void reply.setCookie(SESSION_COOKIE, result.token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.config.cookieSecure,
        path: '/',
        maxAge: Math.floor(ABSOLUTE_TIMEOUT_MS / 1000),
      });
      return { user: await presentUser(db, result.user), csrfToken: result.csrfToken };
    },
  });

  app.post('/api/v1/auth/logout', {
    config: { policy: 'authenticated' },
    schema: { tags: ['认证'], summary: '退出登录', response: { 200: OkOutput } },
    handler: async (req, reply) => {
      if (!req.session) throw new AppError('auth.required', '请先登录');
      await logout(db, req.session);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  });

  app.get('/api/v1/me', {
    config: { policy: 'authenticated' },
    schema: { tags: ['认证'], summary: '当前用户、角色、范围和 CSRF 令牌', response: { 200: MeOutput } },
    handler: async (req) => {
      if (!req.session) throw new AppError('auth.required', '请先登录');
      return presentMe(db, req.session.user, req.session.csrfToken);
    },
  });
}
