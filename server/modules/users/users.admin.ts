/**
 * User administration (用户管理) for the platform administrator and the security overview
 * (安全管理) for the security administrator. Scope: an administrator sees and changes only
 * accounts inside their own region; the three privileged roles (系统/审计/安全管理员) are
 * never created or changed here (三员分立) — only with `jineng user create`.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import { AppError, notFound } from '../../../common/errors.ts';
import { cstDateTime } from '../../../common/dates.ts';
import { isRole, type Role } from '../../../common/permissions.ts';
import { canonicalRegionCode, regionInScope } from '../../../common/region.ts';
import { PRIVILEGED_ROLES, ResetPasswordInput, UserStatusInput, type SecurityAccount, type UserItem } from '../../../common/schemas/users.ts';
import type { Actor } from '../../http/actor.ts';
import { actorRegionScope, inRegionScope } from '../../db/scope.ts';
import { now } from '../../clock.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { hashPassword, passwordProblem } from '../auth/password.ts';
import { IDLE_TIMEOUT_MS, LOCKOUT_FAILURES, LOCKOUT_WINDOW_MS } from '../auth/auth.service.ts';
import { createUser } from './users.service.ts';

const isPrivileged = (role: string): boolean => (PRIVILEGED_ROLES as readonly string[]).includes(role);

export interface UserListFilter {
  page: number;
  pageSize: number;
  q?: string;
  role?: Role;
  status?: 'active' | 'disabled';
}

export async function listUsers(db: Kysely<DB>, actor: Actor, f: UserListFilter): Promise<{ total: number; items: UserItem[] }> {
  let q = db
    .selectFrom('users')
    .leftJoin('regions', 'regions.code', 'users.region_code')
    .leftJoin('organisations', 'organisations.id', 'users.org_id')
    .where(inRegionScope('users.region_code', actorRegionScope(actor)));
  if (f.role) q = q.where('users.role', '=', f.role);
  if (f.status) q = q.where('users.status', '=', f.status);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('users.username', 'like', like), eb('users.display_name', 'like', like)]));
  }
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.role',
      'users.region_code',
      'regions.name as region_name',
      'users.org_id',
      'organisations.name as org_name',
      'users.status',
      'users.created_at',
    ])
    .select(sql<Date | null>`(SELECT max(at) FROM login_attempts la WHERE la.username = users.username AND la.success)`.as('last_login'))
    .orderBy('users.id')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: Number(r.id),
      username: r.username,
      displayName: r.display_name,
      role: isRole(r.role) ? r.role : 'trainee',
      regionCode: r.region_code,
      regionName: r.region_name,
      orgId: r.org_id === null ? null : Number(r.org_id),
      orgName: r.org_name,
      status: r.status === 'disabled' ? 'disabled' : 'active',
      lastLoginAt: r.last_login ? cstDateTime(new Date(r.last_login)) : null,
      createdAt: cstDateTime(new Date(r.created_at)),
    })),
  };
}

/** Creates an account inside the administrator's region; never a privileged one. */
export async function adminCreateUser(db: Kysely<DB>, actor: Actor, input: { role?: unknown; regionCode?: unknown } & Record<string, unknown>): Promise<number> {
  if (typeof input.role === 'string' && isPrivileged(input.role)) {
    throw new AppError('auth.forbidden', '系统管理员、审计管理员、安全管理员账号须由运维人员用命令行创建（三员分立）');
  }
  const scope = actorRegionScope(actor);
  if (typeof input.regionCode === 'string' && scope !== '' && !regionInScope(scope, canonicalRegionCode(input.regionCode) ?? 'x')) {
    throw new AppError('auth.forbidden', '只能在本人管辖区划内创建账号');
  }
  if (typeof input.orgId === 'number') {
    const org = await db.selectFrom('organisations').select('region_code').where('id', '=', input.orgId).executeTakeFirst();
    if (org && scope !== '' && !regionInScope(scope, org.region_code)) throw new AppError('auth.forbidden', '只能选择本人管辖区划内的机构');
  }
  return createUser(db, { actor, input });
}

/** The target account, in scope and not privileged, or not found / forbidden. */
async function manageableUser(db: Kysely<DB>, actor: Actor, id: number) {
  const user = await db
    .selectFrom('users')
    .select(['id', 'username', 'role', 'region_code', 'status'])
    .where('id', '=', id)
    .where(inRegionScope('region_code', actorRegionScope(actor)))
    .executeTakeFirst();
  if (!user) throw notFound('用户');
  if (isPrivileged(user.role)) throw new AppError('auth.forbidden', '管理员账号不能在此修改（三员分立）');
  if (user.id === actor.userId) throw new AppError('auth.forbidden', '不能修改自己的账号');
  return user;
}

/** Enables or disables an account; disabling ends its sessions at once. */
export async function setUserStatus(db: Kysely<DB>, actor: Actor, id: number, body: unknown): Promise<void> {
  const parsed = UserStatusInput.safeParse(body);
  if (!parsed.success) throw new AppError('validation.failed', parsed.error.issues[0].message);
  const user = await manageableUser(db, actor, id);
  const { status, reason } = parsed.data;
  await db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable('users').set({ status, updated_at: now() }).where('id', '=', user.id).where('status', '<>', status).executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw new AppError('state.conflict', status === 'disabled' ? '该账号已是停用状态' : '该账号已是启用状态');
    if (status === 'disabled') await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    await appendAudit(trx, {
      actor,
      action: status === 'disabled' ? 'user.disable' : 'user.enable',
      objectType: 'user',
      objectId: user.id,
      regionCode: user.region_code,
      detail: { username: user.username, reason },
    });
  });
}

/** Sets a new password (password policy applies) and ends the account's sessions. */
export async function resetPassword(db: Kysely<DB>, actor: Actor, id: number, body: unknown): Promise<void> {
  const parsed = ResetPasswordInput.safeParse(body);
  if (!parsed.success) throw new AppError('validation.failed', parsed.error.issues[0].message);
  const problem = passwordProblem(parsed.data.password);
  if (problem) throw new AppError('validation.failed', problem);
  const user = await manageableUser(db, actor, id);
  const hash = await hashPassword(parsed.data.password);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: hash, updated_at: now() }).where('id', '=', user.id).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    await appendAudit(trx, { actor, action: 'user.reset_password', objectType: 'user', objectId: user.id, regionCode: user.region_code, detail: { username: user.username } });
  });
}

/** Organisations inside the caller's region (for the account form). */
export async function listOrganisations(db: Kysely<DB>, actor: Actor, kind?: string) {
  let q = db.selectFrom('organisations').select(['id', 'kind', 'name', 'region_code', 'status']).where(inRegionScope('region_code', actorRegionScope(actor)));
  if (kind) q = q.where('kind', '=', kind);
  const rows = await q.orderBy('region_code').orderBy('name').limit(1000).execute();
  return rows.map((r) => ({ id: Number(r.id), kind: r.kind, name: r.name, regionCode: r.region_code, status: r.status }));
}

/** Locked accounts, live sessions and the latest failed logins (安全管理). */
export async function securityOverview(db: Kysely<DB>) {
  const since = new Date(now().getTime() - LOCKOUT_WINDOW_MS);
  const lockRows = await db
    .selectFrom('login_attempts as f')
    .select(['f.username', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.max('f.at').as('last')])
    .where('f.success', '=', false)
    .where('f.at', '>=', since)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('login_attempts as s')
            .select('s.id')
            .whereRef('s.username', '=', 'f.username')
            .where('s.success', '=', true)
            .whereRef('s.at', '>', 'f.at'),
        ),
      ),
    )
    .groupBy('f.username')
    .having((eb) => eb.fn.countAll(), '>=', LOCKOUT_FAILURES)
    .orderBy('f.username')
    .execute();
  const sessions = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('last_seen_at', '>=', new Date(now().getTime() - IDLE_TIMEOUT_MS))
    .executeTakeFirstOrThrow();
  const failures = await db.selectFrom('login_attempts').select(['username', 'ip', 'success', 'at']).where('success', '=', false).orderBy('id', 'desc').limit(50).execute();
  return {
    locked: lockRows.map((r) => ({ username: r.username, failures: Number(r.n), lastFailureAt: cstDateTime(new Date(r.last)) })),
    activeSessions: Number(sessions.n),
    recentFailures: failures.map((r) => ({ username: r.username, ip: r.ip, success: r.success, at: cstDateTime(new Date(r.at)) })),
  };
}

/** Ends every session of an account (security administrator). */
export async function forceLogout(db: Kysely<DB>, actor: Actor, id: number): Promise<number> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'username', 'region_code'])
    .where('id', '=', id)
    .where(inRegionScope('region_code', actorRegionScope(actor)))
    .executeTakeFirst();
  if (!user) throw notFound('用户');
  return db.transaction().execute(async (trx) => {
    const r = await trx.deleteFrom('sessions').where('user_id', '=', user.id).executeTakeFirst();
    const n = Number(r.numDeletedRows);
    await appendAudit(trx, { actor, action: 'security.force_logout', objectType: 'user', objectId: user.id, regionCode: user.region_code, detail: { username: user.username, sessions: n } });
    return n;
  });
}

/**
 * An account by username for the security administrator, who has no user list (三员分立:
 * 安全管理员 sees sessions, not the user administration), so that they can end its sessions.
 */
export async function findAccountForSecurity(db: Kysely<DB>, actor: Actor, username: string): Promise<SecurityAccount> {
  const user = await db
    .selectFrom('users')
    .leftJoin('regions', 'regions.code', 'users.region_code')
    .select(['users.id', 'users.username', 'users.display_name', 'users.role', 'users.region_code', 'regions.name as region_name', 'users.status'])
    .select((eb) =>
      eb
        .selectFrom('sessions')
        .select((s) => s.fn.countAll<number>().as('n'))
        .whereRef('sessions.user_id', '=', 'users.id')
        .where('sessions.last_seen_at', '>=', new Date(now().getTime() - IDLE_TIMEOUT_MS))
        .as('sessions'),
    )
    .where('users.username', '=', username)
    .where(inRegionScope('users.region_code', actorRegionScope(actor)))
    .executeTakeFirst();
  if (!user) throw notFound('用户');
  return {
    id: Number(user.id),
    username: user.username,
    displayName: user.display_name,
    role: isRole(user.role) ? user.role : 'trainee',
    regionCode: user.region_code,
    regionName: user.region_name,
    status: user.status === 'disabled' ? 'disabled' : 'active',
    sessions: Number(user.sessions ?? 0),
  };
}
