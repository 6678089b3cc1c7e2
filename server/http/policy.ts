/**
 * Every route declares its policy in `config.policy`; a route under /api without one is a
 * start-up error (and so fails every test). The hook resolves the session, checks the
 * permission and the CSRF token; scope (region/organisation) is applied by services/repos.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Permission } from '../../common/permissions.ts';
import { can } from '../../common/permissions.ts';
import { AppError } from '../../common/errors.ts';
import type { Actor } from './actor.ts';
import type { Database } from '../db/database.ts';
import { auditDenied, resolveSession, type SessionInfo } from '../modules/auth/auth.service.ts';

/** 'public': anyone; 'authenticated': any signed-in user; otherwise a permission. */
export type RoutePolicy = 'public' | 'authenticated' | Permission;

export const SESSION_COOKIE = 'jineng_session';

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: RoutePolicy;
  }
  interface FastifyRequest {
    actor: Actor | null;
    session: SessionInfo | null;
  }
}

/** All registered API routes with their policy, for the coverage test and /docs. */
export interface RegisteredRoute {
  method: string;
  url: string;
  policy: RoutePolicy | undefined;
}

export function registerPolicyHooks(app: FastifyInstance, database: Database, routes: RegisteredRoute[]): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);

  app.addHook('onRoute', (opts) => {
    const methods = Array.isArray(opts.method) ? opts.method : [opts.method];
    const policy = (opts.config as { policy?: RoutePolicy } | undefined)?.policy;
    for (const m of methods) {
      if (m === 'HEAD') continue;
      routes.push({ method: m, url: opts.url, policy });
    }
    if (opts.url.startsWith('/api/') && !policy) {
      throw new Error(`路由 ${methods.join(',')} ${opts.url} 未声明访问策略 (config.policy)`);
    }
  });

  app.addHook('preValidation', async (req: FastifyRequest) => {
    const policy = req.routeOptions.config.policy;
    if (!policy) return; // non-API routes (static files)
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      const session = await resolveSession(database.db, token, req.ip);
      if (session) {
        req.session = session;
        req.actor = session.actor;
      }
    }
    if (policy === 'public') return;
    if (!req.actor || !req.session) throw new AppError('auth.required', '请先登录');
    const method = req.method.toUpperCase();
    if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') {
      const header = req.headers['x-csrf-token'];
      if (typeof header !== 'string' || header !== req.session.csrfToken) {
        throw new AppError('auth.csrf', 'CSRF 校验失败，请刷新页面后重试');
      }
    }
    if (policy === 'authenticated') return;
    const role = req.actor.role;
    if (role === 'system' || !can(role, policy)) {
      await auditDenied(database.db, req.actor, `${method} ${req.routeOptions.url ?? req.url}`);
      throw new AppError('auth.forbidden', '无权执行此操作');
    }
  });
}
