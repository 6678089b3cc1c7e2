/** 用户管理 (platform administrator) and 安全管理 (security administrator) HTTP API. */
import { z } from 'zod';
import { IdParam } from '../../../common/schemas/registry.ts';
import { OkOutput } from '../../../common/schemas/auth.ts';
import { OrganisationListOutput, OrganisationQuery, SecurityAccountOutput, SecurityAccountQuery, SecurityOverviewOutput, UserListOutput, UserListQuery } from '../../../common/schemas/users.ts';
import { actorOf } from '../../http/actor.ts';
import type { App, AppDeps } from '../../http/types.ts';
import { adminCreateUser, findAccountForSecurity, forceLogout, listOrganisations, listUsers, resetPassword, securityOverview, setUserStatus } from './users.admin.ts';

/** Bodies are validated by the service (one Chinese message, the same rules as the CLI). */
const AnyBody = z.record(z.string(), z.unknown());

export function userRoutes(app: App, deps: AppDeps): void {
  const { db } = deps.database;

  app.get('/api/v1/users', {
    config: { policy: 'users.manage' },
    schema: { tags: ['用户管理'], summary: '本辖区账号列表', querystring: UserListQuery, response: { 200: UserListOutput } },
    handler: async (req) => listUsers(db, actorOf(req), req.query),
  });

  app.post('/api/v1/users', {
    config: { policy: 'users.manage' },
    schema: { tags: ['用户管理'], summary: '新建账号（不含三类管理员）', body: AnyBody, response: { 201: z.object({ id: z.number() }) } },
    handler: async (req, reply) => reply.status(201).send({ id: await adminCreateUser(db, actorOf(req), req.body) }),
  });

  app.post('/api/v1/users/:id/status', {
    config: { policy: 'users.manage' },
    schema: { tags: ['用户管理'], summary: '启用或停用账号（停用即时下线）', params: IdParam, body: AnyBody, response: { 200: OkOutput } },
    handler: async (req) => {
      await setUserStatus(db, actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  });

  app.post('/api/v1/users/:id/password', {
    config: { policy: 'users.manage' },
    schema: { tags: ['用户管理'], summary: '重置密码（该账号所有会话下线）', params: IdParam, body: AnyBody, response: { 200: OkOutput } },
    handler: async (req) => {
      await resetPassword(db, actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  });

  app.get('/api/v1/organisations', {
    config: { policy: 'orgs.read' },
    schema: { tags: ['用户管理'], summary: '本辖区机构列表', querystring: OrganisationQuery, response: { 200: OrganisationListOutput } },
    handler: async (req) => ({ items: await listOrganisations(db, actorOf(req), req.query.kind) }),
  });

  app.get('/api/v1/security/overview', {
    config: { policy: 'security.manage' },
    schema: { tags: ['安全管理'], summary: '锁定账号、在线会话与最近登录失败', response: { 200: SecurityOverviewOutput } },
    handler: async () => securityOverview(db),
  });

  app.get('/api/v1/security/accounts', {
    config: { policy: 'security.manage' },
    schema: { tags: ['安全管理'], summary: '按用户名查找账号（用于强制下线）', querystring: SecurityAccountQuery, response: { 200: SecurityAccountOutput } },
    handler: async (req) => findAccountForSecurity(db, actorOf(req), req.query.username),
  });

  app.post('/api/v1/security/users/:id/logout', {
    config: { policy: 'security.manage' },
    schema: { tags: ['安全管理'], summary: '强制下线该账号的全部会话', params: IdParam, response: { 200: z.object({ sessions: z.number() }) } },
    handler: async (req) => ({ sessions: await forceLogout(db, actorOf(req), req.params.id) }),
  });
}
