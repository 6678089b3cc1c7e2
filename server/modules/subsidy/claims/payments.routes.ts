/** Payment register (发放台账): paged list and Excel export, scoped to the reviewer's region. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { cstDateTime } from '../../../../common/dates.ts';
import { CLAIM_KIND_LABEL } from '../../../../common/schemas/subsidy.ts';
import type { App, AppDeps } from '../../../http/types.ts';
import { actorOf, type Actor } from '../../../http/actor.ts';
import { actorRegionScope, inRegionScope } from '../../../db/scope.ts';
import { writeTable } from '../../../lib/tabular/index.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import type { DB } from '../../../db/tables.ts';
import type { Kysely } from 'kysely';

const PaymentItem = z.object({
  id: z.number(),
  claimId: z.number(),
  kind: z.string(),
  payee: z.string(),
  regionCode: z.string(),
  amountFen: z.number(),
  recoveredFen: z.number(),
  status: z.string(),
  createdAt: z.string(),
  paidAt: z.string().nullable(),
  voucherNo: z.string().nullable(),
});

async function paymentRows(db: Kysely<DB>, actor: Actor, limit: number, offset: number) {
  const base = db
    .selectFrom('payments as p')
    .innerJoin('claims as c', 'c.id', 'p.claim_id')
    .where(inRegionScope('p.region_code', actorRegionScope(actor)));
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .select(['p.id', 'p.claim_id', 'c.kind', 'p.payee', 'p.region_code', 'p.amount_fen', 'p.status', 'p.created_at', 'p.paid_at', 'p.voucher_no'])
    .select((eb) => eb.selectFrom('recoveries as r').select((e) => e.fn.coalesce(e.fn.sum<number>('r.amount_fen'), e.lit(0)).as('s')).whereRef('r.claim_id', '=', 'p.claim_id').as('recovered'))
    .orderBy('p.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.id,
      claimId: r.claim_id,
      kind: r.kind,
      payee: r.payee,
      regionCode: r.region_code,
      amountFen: Number(r.amount_fen),
      recoveredFen: Number(r.recovered ?? 0),
      status: r.status,
      createdAt: cstDateTime(new Date(r.created_at)),
      paidAt: r.paid_at ? cstDateTime(new Date(r.paid_at)) : null,
      voucherNo: r.voucher_no,
    })),
  };
}

const yuan = (fen: number): string => (fen / 100).toFixed(2);

export function paymentRoutes(app: App, deps: AppDeps): void {
  const { db } = deps.database;
  app.get('/api/v1/payments', {
    config: { policy: 'subsidy.pay' },
    schema: {
      tags: ['补贴'],
      summary: '发放台账',
      querystring: z.object({ page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(20) }),
      response: { 200: z.object({ items: z.array(PaymentItem), total: z.number() }) },
    },
    handler: async (req) => paymentRows(db, actorOf(req), req.query.pageSize, (req.query.page - 1) * req.query.pageSize),
  });

  app.get('/api/v1/payments/export', {
    config: { policy: 'subsidy.pay' },
    schema: { tags: ['补贴'], summary: '导出发放台账（.xlsx）' },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const { items } = await paymentRows(db, actor, 100_000, 0);
      const file = path.join(os.tmpdir(), `jineng-payments-${randomBytes(6).toString('hex')}.xlsx`);
      try {
        await writeTable(
          file,
          ['付款编号', '申报编号', '补贴类型', '收款单位', '区划代码', '核定金额（元）', '已收回（元）', '状态', '生成时间', '发放时间', '凭证号'],
          items.map((p) => [String(p.id), String(p.claimId), CLAIM_KIND_LABEL[p.kind as keyof typeof CLAIM_KIND_LABEL] ?? p.kind, p.payee, p.regionCode, yuan(p.amountFen), yuan(p.recoveredFen), p.status === 'paid' ? '已发放' : '待发放', p.createdAt, p.paidAt ?? '', p.voucherNo ?? '']),
        );
        await recordAudit(db, { actor, action: 'subsidy.payments_export', objectType: 'payments', regionCode: actor.regionCode || null, detail: { rows: items.length } });
        const buf = fs.readFileSync(file);
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('补贴发放台账.xlsx')}`)
          .send(buf);
      } finally {
        fs.rmSync(file, { force: true });
      }
    },
  });
}
