/** Registry HTTP API (contracts.md §5 persons; import/export; households; change history). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  ChangeListOutput,
  HouseholdOutput,
  IdParam,
  ImportJobOutput,
  ImportQuery,
  PersonDetail,
  PersonEditInput,
  PersonInput,
  PersonListOutput,
  PersonListQuery,
  RevealInput,
  RevealOutput,
} from '../../../common/schemas/registry.ts';
import { OkOutput } from '../../../common/schemas/auth.ts';
import type { App, AppDeps } from '../../http/types.ts';
import { actorOf } from '../../http/actor.ts';
import { createPerson, editPerson, getHousehold, getPersonDetail, listChanges, listPersons, revealIdNumber } from './registry.service.ts';
import { createImportJob } from './import.service.ts';
import { exportPersons } from './export.service.ts';
import { writeTemplate } from './template.ts';
import { getImportJob, runImportJob } from './import-jobs.ts';
import { saveUpload } from '../../http/upload.ts';

const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

export function registryRoutes(app: App, deps: AppDeps): void {
  const { db } = deps.database;
  const { pii } = deps;

  app.get('/api/v1/persons', {
    config: { policy: 'registry.read' },
    schema: { tags: ['台账'], summary: '人员列表（本辖区，身份证号脱敏）', querystring: PersonListQuery, response: { 200: PersonListOutput } },
    handler: async (req) => listPersons(db, pii, actorOf(req), req.query),
  });

  app.post('/api/v1/persons', {
    config: { policy: 'registry.write' },
    schema: { tags: ['台账'], summary: '新增人员', body: PersonInput, response: { 201: z.object({ id: z.number() }) } },
    handler: async (req, reply) => {
      const id = await createPerson(db, pii, actorOf(req), req.body, 'edit');
      return reply.status(201).send({ id });
    },
  });

  app.post('/api/v1/survey/persons', {
    config: { policy: 'registry.survey' },
    schema: { tags: ['台账'], summary: '摸底登记（村干部手机端）', body: PersonInput, response: { 201: z.object({ id: z.number() }) } },
    handler: async (req, reply) => {
      const id = await createPerson(db, pii, actorOf(req), req.body, 'survey');
      return reply.status(201).send({ id });
    },
  });

  app.get('/api/v1/persons/template', {
    config: { policy: 'registry.import' },
    schema: { tags: ['台账'], summary: '下载导入模板（.xlsx）' },
    handler: async (_req, reply) => {
      const file = path.join(os.tmpdir(), `jineng-template-${randomBytes(6).toString('hex')}.xlsx`);
      await writeTemplate(file);
      const buf = fs.readFileSync(file);
      fs.rmSync(file, { force: true });
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('精准扶贫对象登记汇总表-模板.xlsx')}`)
        .send(buf);
    },
  });

  app.get('/api/v1/persons/export', {
    config: { policy: 'registry.export' },
    schema: {
      tags: ['台账'],
      summary: '导出台账（默认脱敏）',
      querystring: z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx'), region: z.string().regex(/^\d{2,12}$/).optional(), unmasked: z.enum(['0', '1']).default('0') }),
    },
    handler: async (req, reply) => {
      const file = path.join(os.tmpdir(), `jineng-export-${randomBytes(6).toString('hex')}.${req.query.format}`);
      try {
        await exportPersons({ db, pii, actor: actorOf(req), outPath: file, region: req.query.region, unmasked: req.query.unmasked === '1' });
        const buf = fs.readFileSync(file);
        return reply
          .header('content-type', req.query.format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`台账导出.${req.query.format}`)}`)
          .send(buf);
      } finally {
        fs.rmSync(file, { force: true });
      }
    },
  });

  app.get('/api/v1/persons/:id', {
    config: { policy: 'registry.read' },
    schema: { tags: ['台账'], summary: '人员详情（身份证号脱敏）', params: IdParam, response: { 200: PersonDetail } },
    handler: async (req) => getPersonDetail(db, actorOf(req), req.params.id),
  });

  app.patch('/api/v1/persons/:id', {
    config: { policy: 'registry.write' },
    schema: { tags: ['台账'], summary: '修改人员信息', params: IdParam, body: PersonEditInput, response: { 200: OkOutput } },
    handler: async (req) => {
      await editPerson(db, pii, actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  });

  app.post('/api/v1/persons/:id/reveal-id', {
    config: { policy: 'registry.reveal_id' },
    schema: { tags: ['台账'], summary: '查看完整身份证号（记入审计日志）', params: IdParam, body: RevealInput, response: { 200: RevealOutput } },
    handler: async (req) => ({ idNumber: await revealIdNumber(db, pii, actorOf(req), req.params.id, req.body?.reason ?? '业务办理') }),
  });

  app.get('/api/v1/persons/:id/changes', {
    config: { policy: 'registry.read' },
    schema: { tags: ['台账'], summary: '变更记录', params: IdParam, response: { 200: ChangeListOutput } },
    handler: async (req) => ({ items: await listChanges(db, actorOf(req), req.params.id) }),
  });

  app.get('/api/v1/households/:id', {
    config: { policy: 'registry.read' },
    schema: { tags: ['台账'], summary: '家庭及成员', params: IdParam, response: { 200: HouseholdOutput } },
    handler: async (req) => getHousehold(db, actorOf(req), req.params.id),
  });

  app.post('/api/v1/imports', {
    config: { policy: 'registry.import' },
    bodyLimit: MAX_UPLOAD_BYTES,
    schema: { tags: ['台账'], summary: '上传并导入台账文件（请求体为文件内容）', querystring: ImportQuery, response: { 202: z.object({ jobId: z.number() }) } },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const { path: stored } = await saveUpload(req.body, path.join(deps.config.dataDir, 'uploads'), req.query.fileName, ['.xlsx', '.csv', '.tsv']);
      const jobId = await createImportJob(db, actor, { fileName: path.basename(req.query.fileName), storedPath: stored, allOrNothing: req.query.allOrNothing === '1' });
      void runImportJob(deps, jobId, actor);
      return reply.status(202).send({ jobId });
    },
  });

  app.get('/api/v1/imports/:id', {
    config: { policy: 'registry.import' },
    schema: { tags: ['台账'], summary: '导入任务进度与结果', params: IdParam, response: { 200: ImportJobOutput } },
    handler: async (req) => getImportJob(db, actorOf(req), req.params.id),
  });

  app.get('/api/v1/imports/:id/events', {
    config: { policy: 'registry.import' },
    schema: { tags: ['台账'], summary: '导入进度（SSE）', params: IdParam },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      await getImportJob(db, actor, req.params.id); // 404 when not the caller's
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
      let closed = false;
      req.raw.on('close', () => (closed = true));
      while (!closed) {
        const job = await getImportJob(db, actor, req.params.id);
        res.write(`data: ${JSON.stringify({ ...job, problems: [] })}\n\n`);
        if (['succeeded', 'failed', 'partial'].includes(job.status)) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      res.end();
    },
  });

  app.get('/api/v1/imports/:id/report', {
    config: { policy: 'registry.import' },
    schema: { tags: ['台账'], summary: '下载错误报告（.xlsx）', params: IdParam },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      await getImportJob(db, actor, req.params.id);
      const file = path.join(os.tmpdir(), `jineng-report-${randomBytes(6).toString('hex')}.xlsx`);
      try {
        const { writeJobReport } = await import('./import-jobs.ts');
        await writeJobReport(db, req.params.id, file);
        const buf = fs.readFileSync(file);
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`导入错误报告-${req.params.id}.xlsx`)}`)
          .send(buf);
      } finally {
        fs.rmSync(file, { force: true });
      }
    },
  });

}
