/** Dashboard cards of the registry and training capabilities: real counts within the actor's scope. */
import { sql } from 'kysely';
import { actorRegionScope, inRegionScope } from '../../db/scope.ts';
import { can } from '../../../common/permissions.ts';
import { registerDashboardCards } from './dashboard.service.ts';

registerDashboardCards(async (db, actor) => {
  if (actor.role === 'system' || !can(actor.role, 'registry.read')) return [];
  const scope = actorRegionScope(actor);
  const r = await db
    .selectFrom('persons')
    .select([
      sql<number>`count(*)::int`.as('persons'),
      sql<number>`count(*) FILTER (WHERE poverty_status IS NOT NULL)::int`.as('poor'),
      sql<number>`count(*) FILTER (WHERE training_wish IS NOT NULL AND training_wish NOT IN ('否','无','不愿意'))::int`.as('wish'),
      sql<number>`count(DISTINCT household_id)::int`.as('households'),
    ])
    .where(inRegionScope('region_code', scope))
    .executeTakeFirstOrThrow();
  return [
    { key: 'persons', label: '台账人数', value: r.persons, unit: '人' },
    { key: 'households', label: '家庭户数', value: r.households, unit: '户' },
    { key: 'poor', label: '脱贫/监测人口', value: r.poor, unit: '人' },
    { key: 'training_wish', label: '有培训意愿', value: r.wish, unit: '人' },
  ];
});

registerDashboardCards(async (db, actor) => {
  if (actor.role === 'system') return [];
  if (actor.role === 'institution') {
    const r = await db
      .selectFrom('classes')
      .select([sql<number>`count(*)::int`.as('classes'), sql<number>`count(*) FILTER (WHERE status = 'filed')::int`.as('pending')])
      .where('org_id', '=', actor.orgId ?? -1)
      .executeTakeFirstOrThrow();
    const t = await db
      .selectFrom('class_trainees as t')
      .innerJoin('classes as c', 'c.id', 't.class_id')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('c.org_id', '=', actor.orgId ?? -1)
      .executeTakeFirstOrThrow();
    return [
      { key: 'classes', label: '本机构培训班', value: r.classes, unit: '个' },
      { key: 'classes_pending', label: '待审核备案', value: r.pending, unit: '个' },
      { key: 'trainees', label: '培训学员', value: t.n, unit: '人次' },
    ];
  }
  if (actor.role === 'trainee') {
    const n = await db.selectFrom('class_trainees').select(sql<number>`count(*)::int`.as('n')).where('person_id', '=', actor.personId ?? -1).executeTakeFirstOrThrow();
    const c = await db.selectFrom('certificates').select(sql<number>`count(*)::int`.as('n')).where('person_id', '=', actor.personId ?? -1).executeTakeFirstOrThrow();
    const v = await db.selectFrom('vouchers').select(sql<number>`count(*) FILTER (WHERE redeemed_at IS NULL)::int`.as('n')).where('person_id', '=', actor.personId ?? -1).executeTakeFirstOrThrow();
    return [
      { key: 'my_classes', label: '我的培训', value: n.n, unit: '个' },
      { key: 'my_certificates', label: '我的证书', value: c.n, unit: '本' },
      { key: 'my_vouchers', label: '可用培训券', value: v.n, unit: '张' },
    ];
  }
  if (!can(actor.role, 'training.review') && !can(actor.role, 'training.supervise')) return [];
  const scope = actorRegionScope(actor);
  const r = await db
    .selectFrom('classes')
    .select([
      sql<number>`count(*)::int`.as('classes'),
      sql<number>`count(*) FILTER (WHERE status = 'filed')::int`.as('pending'),
      sql<number>`count(*) FILTER (WHERE flagged)::int`.as('flagged'),
    ])
    .where(inRegionScope('region_code', scope))
    .executeTakeFirstOrThrow();
  return [
    { key: 'classes', label: '辖区培训班', value: r.classes, unit: '个' },
    { key: 'classes_pending', label: '待审核开班备案', value: r.pending, unit: '个' },
    { key: 'classes_flagged', label: '抽查发现问题', value: r.flagged, unit: '个' },
  ];
});
