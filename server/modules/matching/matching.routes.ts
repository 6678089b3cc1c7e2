/** Precise matching API: registry snapshots, match runs, the review queue, feedback lists. */
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../common/errors.ts';
import { IdParam } from '../../../common/schemas/registry.ts';
import { OkOutput } from '../../../common/schemas/auth.ts';
import type { App, AppDeps } from '../../http/types.ts';
import { actorOf } from '../../http/actor.ts';
import { saveUpload } from '../../http/upload.ts';
import { decideReview, getRun, institutionFeedback, listRuns, listSnapshots, loadSnapshot, reviewQueue, startMatchRun } from './matching.service.ts';

const Snapshot = z.object({ id: z.number(), source: z.string(), fileName: z.string(), importedAt: z.string(), rows: z.number(), invalidRows: z.number(), current: z.boolean() });
const Run = z.object({
  id: z.number(),
  scope: z.string(),
  status: z.string(),
  total: z.number(),
  done: z.number(),
  counts: z.record(z.string(), z.number()),
  error: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
const Side = z.object({
  name: z.string().nullable(),
  household: z.string().nullable(),
  povertyStatus: z.string().nullable(),
  idNumber: z.string().nullable(),
  birthDate: z.string().nullable(),
  gender: z.string().nullable(),
  regionCode: z.string().nullable(),
  regionName: z.string().nullable(),
});
const ReviewItem = z.object({
  id: z.number(),
  tier: z.string(),
  confidence: z.number(),
  explanation: z.string(),
  /** 1-based positions where the record's and the candidate's ID numbers differ. */
  idDiff: z.array(z.number()),
  person: z.object({ id: z.number(), name: z.string(), gender: z.string(), birthDate: z.string(), regionCode: z.string(), regionName: z.string().nullable(), idNumber: z.string() }),
  registry: Side,
});
const FeedbackItem = z.object({ personId: z.number(), name: z.string(), idNumber: z.string(), povertyStatus: z.string().nullable(), classId: z.number().nullable(), newSinceLastRun: z.boolean() });

export function matchingRoutes(app: App, deps: AppDeps): void {
  const { db } = deps.database;
  const { pii } = deps;

  app.post('/api/v1/poverty-snapshots', {
    config: { policy: 'matching.run' },
    bodyLimit: 200 * 1024 * 1024,
    schema: {
      tags: ['精准比对'],
      summary: '导入建档立卡数据（新快照，保留上一版本；请求体为文件内容）',
      querystring: z.object({ fileName: z.string().min(1).max(200), source: z.string().trim().min(1).max(100).default('全国扶贫开发信息系统') }),
      response: { 201: z.object({ id: z.number(), rows: z.number(), invalid: z.number() }) },
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const saved = await saveUpload(req.body, path.join(deps.config.dataDir, 'uploads'), req.query.fileName, ['.xlsx', '.csv', '.tsv']);
      const r = await loadSnapshot(db, pii, actor, saved.path, path.basename(req.query.fileName), req.query.source, 20_000_000);
      return reply.status(201).send(r);
    },
  });

  app.get('/api/v1/poverty-snapshots', {
    config: { policy: 'matching.run' },
    schema: { tags: ['精准比对'], summary: '建档立卡数据版本', response: { 200: z.object({ items: z.array(Snapshot) }) } },
    handler: async (req) => ({ items: await listSnapshots(db, actorOf(req)) }),
  });

  app.post('/api/v1/match-runs', {
    config: { policy: 'matching.run' },
    schema: { tags: ['精准比对'], summary: '发起比对（台账人员或培训花名册）', body: z.object({ scope: z.enum(['registry', 'training']) }), response: { 202: z.object({ id: z.number() }) } },
    handler: async (req, reply) => reply.status(202).send({ id: await startMatchRun(deps, actorOf(req), req.body.scope) }),
  });

  app.get('/api/v1/match-runs', {
    config: { policy: 'matching.run' },
    schema: { tags: ['精准比对'], summary: '本辖区最近的比对任务', querystring: z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) }), response: { 200: z.object({ items: z.array(Run) }) } },
    handler: async (req) => ({ items: await listRuns(db, actorOf(req), req.query.limit) }),
  });

  app.get('/api/v1/match-runs/:id', {
    config: { policy: 'matching.run' },
    schema: { tags: ['精准比对'], summary: '比对进度与结果统计', params: IdParam, response: { 200: Run } },
    handler: async (req) => getRun(db, actorOf(req), req.params.id),
  });

  app.get('/api/v1/match-reviews', {
    config: { policy: 'matching.review' },
    schema: {
      tags: ['精准比对'],
      summary: '人工复核队列（疑似、冲突、低置信度纠错）',
      querystring: z.object({ page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) }),
      response: { 200: z.object({ items: z.array(ReviewItem), total: z.number() }) },
    },
    handler: async (req) => reviewQueue(db, pii, actorOf(req), req.query.page, req.query.pageSize),
  });

  app.post('/api/v1/match-reviews/:id', {
    config: { policy: 'matching.review' },
    schema: { tags: ['精准比对'], summary: '复核：确认或否定', params: IdParam, body: z.object({ decision: z.enum(['accept', 'reject']), reason: z.string().trim().min(2, '请填写复核理由').max(500) }), response: { 200: OkOutput } },
    handler: async (req) => {
      await decideReview(db, actorOf(req), req.params.id, req.body.decision, req.body.reason);
      return { ok: true as const };
    },
  });

  app.get('/api/v1/match-feedback', {
    config: { policy: 'matching.feedback' },
    schema: {
      tags: ['精准比对'],
      summary: '比对反馈：本机构学员中的建档立卡贫困人口',
      response: { 200: z.object({ runId: z.number().nullable(), items: z.array(FeedbackItem), noLongerMatched: z.array(FeedbackItem) }) },
    },
    handler: async (req) => {
      const actor = actorOf(req);
      if (actor.role !== 'institution' && actor.role !== 'school') throw new AppError('auth.forbidden', '比对反馈仅向院校和培训机构提供');
      return institutionFeedback(db, actor);
    },
  });
}
