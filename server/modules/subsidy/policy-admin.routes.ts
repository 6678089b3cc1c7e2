/** Policy-set administration API: list, view, copy, edit draft, diff, publish, what-if. */
import { z } from 'zod';
import { AppError } from '../../../common/errors.ts';
import { OkOutput } from '../../../common/schemas/auth.ts';
import type { App, AppDeps } from '../../http/types.ts';
import { actorOf } from '../../http/actor.ts';
import { copyPolicySet, diffDocuments, getPolicySet, listPolicySets, publishPolicySet, updateDraft, whatIf } from './policy-admin.service.ts';

const Ref = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/), version: z.coerce.number().int().positive() });
const Summary = z.object({ id: z.string(), version: z.number(), name: z.string(), regionCode: z.string(), status: z.string(), basedOn: z.string().nullable(), effectiveFrom: z.string(), effectiveTo: z.string().nullable() });
const Doc = z.record(z.string(), z.unknown());

export function policyAdminRoutes(app: App, deps: AppDeps): void {
  const { db } = deps.database;

  app.get('/api/v1/policy-sets', {
    config: { policy: 'policy.edit' },
    schema: { tags: ['政策设置'], summary: '政策集列表', response: { 200: z.object({ items: z.array(Summary) }) } },
    handler: async () => ({ items: await listPolicySets(db) }),
  });

  app.get('/api/v1/policy-sets/:id/:version', {
    config: { policy: 'policy.edit' },
    schema: { tags: ['政策设置'], summary: '政策集内容', params: Ref, response: { 200: z.object({ status: z.string(), document: Doc }) } },
    handler: async (req) => {
      const r = await getPolicySet(db, req.params.id, req.params.version);
      return { status: r.status, document: r.set as unknown as Record<string, unknown> };
    },
  });

  app.post('/api/v1/policy-sets', {
    config: { policy: 'policy.edit' },
    schema: {
      tags: ['政策设置'],
      summary: '复制政策集为新草稿',
      body: z.object({ from: z.string().min(1).max(64), fromVersion: z.number().int().positive().optional(), id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, '编号为小写字母、数字和连字符'), name: z.string().trim().min(1).max(100), regionCode: z.string().regex(/^(\d{2}|\d{4}|\d{6})$/) }),
      response: { 201: z.object({ id: z.string(), version: z.number() }) },
    },
    handler: async (req, reply) => reply.status(201).send(await copyPolicySet(db, actorOf(req), req.body)),
  });

  app.put('/api/v1/policy-sets/:id/:version', {
    config: { policy: 'policy.edit' },
    schema: { tags: ['政策设置'], summary: '修改草稿', params: Ref, body: z.object({ document: Doc }), response: { 200: OkOutput } },
    handler: async (req) => {
      await updateDraft(db, actorOf(req), req.params.id, req.params.version, req.body.document);
      return { ok: true as const };
    },
  });

  app.get('/api/v1/policy-sets/:id/:version/diff', {
    config: { policy: 'policy.edit' },
    schema: {
      tags: ['政策设置'],
      summary: '与来源（或指定版本）对比',
      params: Ref,
      querystring: z.object({ against: z.string().regex(/^[a-z0-9-]+@\d+$/).optional() }),
      response: { 200: z.object({ against: z.string(), changes: z.array(z.object({ path: z.string(), from: z.unknown(), to: z.unknown() })) }) },
    },
    handler: async (req) => {
      const { set } = await getPolicySet(db, req.params.id, req.params.version);
      const against = req.query.against ?? set.based_on;
      if (!against) throw new AppError('validation.failed', '请指定对比的政策集（against=编号@版本）');
      const [aid, aver] = against.split('@');
      const other = await getPolicySet(db, aid, Number(aver));
      const strip = (s: object): object => ({ ...s, id: undefined, version: undefined, name: undefined, based_on: undefined, region_code: undefined });
      return { against, changes: diffDocuments(strip(other.set), strip(set)) };
    },
  });

  app.post('/api/v1/policy-sets/:id/:version/publish', {
    config: { policy: 'policy.edit' },
    schema: { tags: ['政策设置'], summary: '发布（发布后不可修改）', params: Ref, response: { 200: OkOutput } },
    handler: async (req) => {
      await publishPolicySet(db, actorOf(req), req.params.id, req.params.version);
      return { ok: true as const };
    },
  });

  app.post('/api/v1/policy-sets/:id/:version/what-if', {
    config: { policy: 'policy.edit' },
    bodyLimit: 20 * 1024 * 1024,
    schema: { tags: ['政策设置'], summary: '模拟测算：用该政策集评估上传的申报批次', params: Ref, body: Doc, response: { 200: Doc } },
    handler: async (req) => {
      const { set } = await getPolicySet(db, req.params.id, req.params.version);
      return whatIf(set, req.body) as unknown as Record<string, unknown>;
    },
  });
}
