/** Subsidy claims HTTP API: submit, list, detail (rule-by-rule), review (Idempotency-Key), pay, recover. */
import { z } from 'zod';
import { AppError } from '../../../../common/errors.ts';
import { IdParam } from '../../../../common/schemas/registry.ts';
import { OkOutput } from '../../../../common/schemas/auth.ts';
import { can } from '../../../../common/permissions.ts';
import { cstDateTime } from '../../../../common/dates.ts';
import {
  ClaimDetail,
  ClaimListOutput,
  ClaimListQuery,
  PayInput,
  RecoveryInput,
  ReviewClaimInput,
  ReviewClaimOutput,
  SubmitClaimInput,
} from '../../../../common/schemas/subsidy.ts';
import type { App, AppDeps } from '../../../http/types.ts';
import { actorOf } from '../../../http/actor.ts';
import { claimDetail, hashRequest, listClaims, markPaid, recordRecovery, replayIdempotent, reviewClaim, submitClaim } from './claims.service.ts';

export function claimRoutes(app: App, deps: AppDeps): void {
  const { db } = deps.database;

  app.post('/api/v1/claims', {
    config: { policy: 'subsidy.claim' },
    schema: { tags: ['补贴'], summary: '网上申报补贴', body: SubmitClaimInput, response: { 201: z.object({ id: z.number() }) } },
    handler: async (req, reply) => reply.status(201).send({ id: await submitClaim(db, actorOf(req), req.body) }),
  });

  app.get('/api/v1/claims', {
    config: { policy: 'authenticated' },
    schema: { tags: ['补贴'], summary: '补贴申报列表（申报单位看本单位，审核人看本辖区）', querystring: ClaimListQuery, response: { 200: ClaimListOutput } },
    handler: async (req) => {
      const actor = actorOf(req);
      if (actor.role === 'system' || !(can(actor.role, 'subsidy.claim') || can(actor.role, 'subsidy.review'))) throw new AppError('auth.forbidden', '无权执行此操作');
      const r = await listClaims(db, actor, req.query);
      return {
        total: r.total,
        items: r.items.map((c) => ({
          id: c.id,
          kind: c.kind,
          status: c.status,
          regionCode: c.region_code,
          classId: c.class_id,
          personId: c.person_id,
          requestedFen: Number(c.requested_fen),
          approvedFen: c.approved_fen === null ? null : Number(c.approved_fen),
          reviewLevel: c.review_level,
          submittedAt: cstDateTime(new Date(c.submitted_at)),
        })),
      };
    },
  });

  app.get('/api/v1/claims/:id', {
    config: { policy: 'authenticated' },
    schema: { tags: ['补贴'], summary: '申报详情：逐条规则说明、审核记录、付款', params: IdParam, response: { 200: ClaimDetail } },
    handler: async (req) => {
      const actor = actorOf(req);
      if (actor.role === 'system' || !(can(actor.role, 'subsidy.claim') || can(actor.role, 'subsidy.review'))) throw new AppError('auth.forbidden', '无权执行此操作');
      return claimDetail(db, actor, req.params.id);
    },
  });

  app.post('/api/v1/claims/:id/review', {
    config: { policy: 'subsidy.review' },
    schema: { tags: ['补贴'], summary: '审核（支持 Idempotency-Key 请求头，重试安全）', params: IdParam, body: ReviewClaimInput, response: { 200: ReviewClaimOutput } },
    handler: async (req) => {
      const actor = actorOf(req);
      const key = req.headers['idempotency-key'];
      if (key !== undefined && (typeof key !== 'string' || !/^[A-Za-z0-9_.:-]{8,100}$/.test(key))) throw new AppError('validation.failed', 'Idempotency-Key 格式无效');
      const idem = typeof key === 'string' ? { key, requestHash: hashRequest([req.params.id, req.body]) } : undefined;
      if (idem && actor.userId !== null) {
        const prior = await replayIdempotent(db, actor.userId, idem.key, idem.requestHash);
        if (prior) return prior;
      }
      try {
        return await reviewClaim(db, actor, req.params.id, req.body, idem);
      } catch (err) {
        // A concurrent twin with the same key may have committed first: replay its answer.
        if (idem && actor.userId !== null && err instanceof AppError && err.status === 409) {
          const prior = await replayIdempotent(db, actor.userId, idem.key, idem.requestHash);
          if (prior) return prior;
        }
        if ((err as { code?: string }).code === '23505') throw new AppError('state.conflict', '该申报已被处理');
        throw err;
      }
    },
  });

  app.post('/api/v1/claims/:id/pay', {
    config: { policy: 'subsidy.pay' },
    schema: { tags: ['补贴'], summary: '登记发放', params: IdParam, body: PayInput, response: { 200: OkOutput } },
    handler: async (req) => {
      await markPaid(db, actorOf(req), req.params.id, req.body.voucherNo);
      return { ok: true as const };
    },
  });

  app.post('/api/v1/claims/:id/recoveries', {
    config: { policy: 'subsidy.pay' },
    schema: { tags: ['补贴'], summary: '登记收回（已发放资金经核查不符合条件）', params: IdParam, body: RecoveryInput, response: { 201: z.object({ id: z.number() }) } },
    handler: async (req, reply) => reply.status(201).send({ id: await recordRecovery(db, actorOf(req), req.params.id, req.body.amountFen, req.body.reason) }),
  });
}
