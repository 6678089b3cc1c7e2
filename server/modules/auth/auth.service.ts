/**
 * Login, sessions and logout (contracts.md §5, quality.md §4): Argon2id, 5 failures within
 * 15 minutes lock a username for 15 minutes even with the right password, no user
 * enumeration, session tokens of 256 bits stored only as hashes, idle timeout 30 min,
 * absolute lifetime 12 h, logout deletes the session server-side. Every attempt is audited.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, UserRow } from '../../db/tables.ts';
import { AppError } from '../../../common/errors.ts';
import { isRole } from '../../../common/permissions.ts';
import { now } from '../../clock.ts';
import type { Actor } from '../../http/actor.ts';
import { appendAudit, recordAudit } from '../audit/audit.service.ts';
import { dummyHash, verifyPassword } from './password.ts';

export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60 * 1000;
export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 3600 * 1000;
const TOUCH_EVERY_MS = 60 * 1000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  user: UserRow;
}

function actorOf(user: UserRow, ip: string | null): Actor {
  if (!isRole(user.role)) throw new AppError('internal', `未知角色 ${user.role}`);
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    role: user.role,
    regionCode: user.region_code,
    orgId: user.org_id,
    personId: user.person_id,
    ip,
  };
}

/** Counts failures for the username in the lockout window since its last success. */
async function recentFailures(db: Kysely<DB>, username: string): Promise<number> {
  const since = new Date(now().getTime() - LOCKOUT_WINDOW_MS);
  const lastSuccess = await db
    .selectFrom('login_attempts')
    .select('at')
    .where('username', '=', username)
    .where('success', '=', true)
    .where('at', '>=', since)
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const from = lastSuccess ? new Date(lastSuccess.at) : since;
  const row = await db
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('username', '=', username)
    .where('success', '=', false)
    .where('at', '>', from)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Verifies credentials and opens a new session (a fresh token on every login). */
export async function login(db: Kysely<DB>, input: { username: string; password: string; ip: string | null }): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase();
  const anonymous: Actor = { userId: null, username, displayName: username, role: 'system', regionCode: '', orgId: null, personId: null, ip: input.ip };

  if ((await recentFailures(db, username)) >= LOCKOUT_FAILURES) {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('login_attempts').values({ username, ip: input.ip, success: false, at: now() }).execute();
      await appendAudit(trx, { actor: anonymous, action: 'auth.login_locked', objectType: 'user', objectId: username });
    });
    throw new AppError('auth.locked', '登录失败次数过多，账号已锁定 15 分钟，请稍后再试');
  }

  const user = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  const ok = user ? await verifyPassword(user.password_hash, input.password) : (await verifyPassword(await dummyHash(), input.password), false);
  if (!user || !ok || user.status !== 'active') {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('login_attempts').values({ username, ip: input.ip, success: false, at: now() }).execute();
      await appendAudit(trx, { actor: anonymous, action: 'auth.login_failed', objectType: 'user', objectId: username });
    });
    throw new AppError('auth.invalid', '用户名或密码错误');
  }

  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const at = now();
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('login_attempts').values({ username, ip: input.ip, success: true, at }).execute();
    await trx
      .insertInto('sessions')
      .values({ token_hash: hashToken(token), user_id: user.id, csrf_token: csrfToken, created_at: at, last_seen_at: at, ip: input.ip })
      .execute();
    await appendAudit(trx, { actor: actorOf(user, input.ip), action: 'auth.login', objectType: 'user', objectId: user.id, regionCode: user.region_code });
  });
  return { token, csrfToken, user };
}

export interface SessionInfo {
  actor: Actor;
  user: UserRow;
  csrfToken: string;
  tokenHash: string;
}

/** Resolves a cookie token to its live session, enforcing idle and absolute timeouts. */
export async function resolveSession(db: Kysely<DB>, token: string, ip: string | null): Promise<SessionInfo | null> {
  if (token.length < 20 || token.length > 100) return null;
  const tokenHash = hashToken(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select(['sessions.csrf_token', 'sessions.created_at as session_created', 'sessions.last_seen_at'])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return null;
  const t = now().getTime();
  const created = new Date(row.session_created).getTime();
  const lastSeen = new Date(row.last_seen_at).getTime();
  if (t - lastSeen > IDLE_TIMEOUT_MS || t - created > ABSOLUTE_TIMEOUT_MS || row.status !== 'active') {
    await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
    return null;
  }
  if (t - lastSeen > TOUCH_EVERY_MS) {
    await db.updateTable('sessions').set({ last_seen_at: now() }).where('token_hash', '=', tokenHash).execute();
  }
  const { csrf_token, session_created: _c, last_seen_at: _l, ...user } = row;
  return { actor: actorOf(user, ip), user, csrfToken: csrf_token, tokenHash };
}

/** Ends the session server-side. */
export async function logout(db: Kysely<DB>, session: SessionInfo): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sessions').where('token_hash', '=', session.tokenHash).execute();
    await appendAudit(trx, { actor: session.actor, action: 'auth.logout', objectType: 'user', objectId: session.user.id });
  });
}

/** Audits a permission denial (own transaction: the request itself fails). */
export async function auditDenied(db: Kysely<DB>, actor: Actor, route: string): Promise<void> {
  await recordAudit(db, { actor, action: 'auth.denied', objectType: 'route', objectId: route, regionCode: actor.regionCode || null });
}
