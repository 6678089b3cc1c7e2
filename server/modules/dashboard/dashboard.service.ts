/** Home dashboard: real counts from the database within the actor's scope, per role. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import type { Actor } from '../../http/actor.ts';
import { actorRegionScope, inRegionScope } from '../../db/scope.ts';
import { ROLE_LABEL } from '../../../common/permissions.ts';
import type { DashboardOutput } from '../../../common/schemas/platform.ts';
import { today } from '../../clock.ts';
import { cstMidnight } from '../../../common/dates.ts';

/** A card provider registered by a capability module (registry, training, subsidy…). */
export type CardProvider = (db: Kysely<DB>, actor: Actor) => Promise<DashboardOutput['cards']>;
const providers: CardProvider[] = [];

/** Capabilities add their own cards (keeps the dashboard free of their tables). */
export function registerDashboardCards(provider: CardProvider): void {
  providers.push(provider);
}

export async function buildDashboard(db: Kysely<DB>, actor: Actor): Promise<DashboardOutput> {
  const scope = actorRegionScope(actor);
  const region = await db.selectFrom('regions').select('name').where('code', '=', actor.regionCode).executeTakeFirst();
  const cards: DashboardOutput['cards'] = [];
  const role = actor.role;
  if (role === 'platform_admin' || role === 'security_admin') {
    const u = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const o = await db.selectFrom('organisations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const s = await db.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    cards.push({ key: 'users', label: '用户数', value: Number(u.n) }, { key: 'orgs', label: '机构数', value: Number(o.n) }, { key: 'sessions', label: '在线会话', value: Number(s.n) });
  }
  if (role === 'audit_admin') {
    const all = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const t = await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('at', '>=', cstMidnight(today()))
      .executeTakeFirstOrThrow();
    const denied = await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', 'in', ['auth.denied', 'auth.login_failed', 'auth.login_locked'])
      .executeTakeFirstOrThrow();
    cards.push({ key: 'audit_total', label: '审计记录总数', value: Number(all.n) }, { key: 'audit_today', label: '今日审计记录', value: Number(t.n) }, { key: 'audit_denied', label: '拒绝/失败事件', value: Number(denied.n) });
  }
  if (role !== 'system' && role !== 'audit_admin' && role !== 'security_admin' && role !== 'platform_admin' && role !== 'trainee') {
    const orgs = await db
      .selectFrom('organisations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(inRegionScope('region_code', scope))
      .executeTakeFirstOrThrow();
    cards.push({ key: 'orgs_in_scope', label: '辖区内机构', value: Number(orgs.n) });
  }
  for (const p of providers) cards.push(...(await p(db, actor)));
  return { title: `${role === 'system' ? '系统' : ROLE_LABEL[role]}工作台`, scopeName: region?.name ?? null, cards };
}
