/** Audit log for the audit administrator: paged list and chain verification. */
import { AuditListOutput, AuditListQuery, AuditVerifyOutput } from '../../../common/schemas/audit.ts';
import { cstDateTime } from '../../../common/dates.ts';
import type { App, AppDeps } from '../../http/types.ts';
import { verifyAuditChain } from './audit.service.ts';

export function auditRoutes(app: App, deps: AppDeps): void {
  const { db } = deps.database;
  app.get('/api/v1/audit', {
    config: { policy: 'audit.read' },
    schema: { tags: ['审计'], summary: '审计日志', querystring: AuditListQuery, response: { 200: AuditListOutput } },
    handler: async (req) => {
      const { page, pageSize, action, actor } = req.query;
      let q = db.selectFrom('audit_log');
      if (action) q = q.where('action', '=', action);
      if (actor) q = q.where('actor_name', '=', actor);
      const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const rows = await q
        .selectAll()
        .orderBy('seq', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute();
      return {
        total: Number(total.n),
        items: rows.map((r) => ({
          seq: Number(r.seq),
          at: cstDateTime(new Date(r.at)),
          actorName: r.actor_name,
          action: r.action,
          objectType: r.object_type,
          objectId: r.object_id,
          regionCode: r.region_code,
          ip: r.ip,
          detail: r.detail,
        })),
      };
    },
  });
  app.get('/api/v1/audit/verify', {
    config: { policy: 'audit.read' },
    schema: { tags: ['审计'], summary: '校验审计哈希链', response: { 200: AuditVerifyOutput } },
    handler: async () => verifyAuditChain(db),
  });
}
