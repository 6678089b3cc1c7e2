/** Vocational training HTTP API: catalog, classes, filing/review, rosters, vouchers, attendance, outcomes. */
import { z } from 'zod';
import { AppError } from '../../../common/errors.ts';
import { can } from '../../../common/permissions.ts';
import { IdParam } from '../../../common/schemas/registry.ts';
import { OkOutput } from '../../../common/schemas/auth.ts';
import {
  CertificateInput,
  ClassInput,
  ClassListOutput,
  ClassListQuery,
  ClassView,
  EmploymentInput,
  EmploymentRateOutput,
  EnrolInput,
  EnrolOutput,
  OccupationItem,
  QrOutput,
  QrSignInInput,
  ResultsInput,
  ReviewInput,
  RollCallInput,
  RosterOutput,
  SessionInput,
  SpotCheckInput,
  SurveyInput,
  VoucherIssueInput,
  VoucherIssueOutput,
} from '../../../common/schemas/training.ts';
import type { App, AppDeps } from '../../http/types.ts';
import { actorOf } from '../../http/actor.ts';
import * as training from './training.service.ts';

const IdOut = z.object({ id: z.number() });

export function trainingRoutes(app: App, deps: AppDeps): void {
  const { db } = deps.database;
  const { pii } = deps;

  app.get('/api/v1/occupations', {
    config: { policy: 'authenticated' },
    schema: { tags: ['培训'], summary: '补贴培训工种目录', response: { 200: z.object({ items: z.array(OccupationItem) }) } },
    handler: async () => ({ items: await training.listOccupations(db) }),
  });

  app.get('/api/v1/classes', {
    config: { policy: 'authenticated' },
    schema: { tags: ['培训'], summary: '培训班列表（按角色与辖区）', querystring: ClassListQuery, response: { 200: ClassListOutput } },
    handler: async (req) => {
      const actor = actorOf(req);
      const role = actor.role;
      if (role === 'system' || !(can(role, 'training.manage') || can(role, 'training.review') || can(role, 'training.supervise') || can(role, 'self.read'))) {
        throw new AppError('auth.forbidden', '无权执行此操作');
      }
      return training.listClasses(db, actor, req.query);
    },
  });

  app.post('/api/v1/classes', {
    config: { policy: 'training.manage' },
    schema: { tags: ['培训'], summary: '新建培训班（草稿）', body: ClassInput, response: { 201: IdOut } },
    handler: async (req, reply) => reply.status(201).send({ id: await training.createClass(db, actorOf(req), req.body) }),
  });

  app.get('/api/v1/classes/:id', {
    config: { policy: 'authenticated' },
    schema: { tags: ['培训'], summary: '培训班详情', params: IdParam, response: { 200: ClassView } },
    handler: async (req) => training.presentClass(db, await training.getClassForActor(db, actorOf(req), req.params.id)),
  });

  app.post('/api/v1/classes/:id/file', {
    config: { policy: 'training.manage' },
    schema: { tags: ['培训'], summary: '开班备案', params: IdParam, response: { 200: OkOutput } },
    handler: async (req) => {
      await training.fileClass(db, actorOf(req), req.params.id);
      return { ok: true as const };
    },
  });

  app.post('/api/v1/classes/:id/review', {
    config: { policy: 'training.review' },
    schema: { tags: ['培训'], summary: '开班审核', params: IdParam, body: ReviewInput, response: { 200: OkOutput } },
    handler: async (req) => {
      await training.reviewClass(db, actorOf(req), req.params.id, req.body.decision, req.body.comment);
      return { ok: true as const };
    },
  });

  app.get('/api/v1/classes/:id/trainees', {
    config: { policy: 'authenticated' },
    schema: { tags: ['培训'], summary: '实名花名册', params: IdParam, response: { 200: RosterOutput } },
    handler: async (req) => ({ items: await training.roster(db, pii, actorOf(req), req.params.id) }),
  });

  app.post('/api/v1/classes/:id/trainees', {
    config: { policy: 'training.manage' },
    schema: { tags: ['培训'], summary: '登记学员（实名核验）', params: IdParam, body: EnrolInput, response: { 201: EnrolOutput } },
    handler: async (req, reply) => reply.status(201).send(await training.enrolByInstitution(db, pii, actorOf(req), req.params.id, req.body)),
  });

  app.post('/api/v1/classes/:id/register', {
    config: { policy: 'self.read' },
    schema: { tags: ['培训'], summary: '学员网上报名', params: IdParam, body: z.object({ voucherCode: z.string().trim().max(40).optional() }).optional(), response: { 201: EnrolOutput } },
    handler: async (req, reply) => reply.status(201).send(await training.registerOnline(db, pii, actorOf(req), req.params.id, req.body?.voucherCode)),
  });

  app.post('/api/v1/vouchers/batch', {
    config: { policy: 'training.review' },
    schema: { tags: ['培训'], summary: '批量发放职业培训券', body: VoucherIssueInput, response: { 201: VoucherIssueOutput } },
    handler: async (req, reply) => reply.status(201).send({ issued: await training.issueVouchers(db, actorOf(req), req.body.personIds, req.body.expiresOn) }),
  });

  app.post('/api/v1/classes/:id/sessions', {
    config: { policy: 'training.manage' },
    schema: { tags: ['培训'], summary: '安排课次', params: IdParam, body: SessionInput, response: { 201: IdOut } },
    handler: async (req, reply) => reply.status(201).send({ id: await training.createSession(db, actorOf(req), req.params.id, req.body.sessionDate, req.body.title) }),
  });

  app.get('/api/v1/sessions/:id/qr', {
    config: { policy: 'training.manage' },
    schema: { tags: ['培训'], summary: '当前签到码（每 30 秒更换）', params: IdParam, response: { 200: QrOutput } },
    handler: async (req) => training.currentQr(db, actorOf(req), req.params.id),
  });

  app.post('/api/v1/attendance/qr', {
    config: { policy: 'self.read' },
    schema: { tags: ['培训'], summary: '学员扫码签到', body: QrSignInInput, response: { 200: OkOutput } },
    handler: async (req) => {
      await training.signInWithQr(db, actorOf(req), req.body.sessionId, req.body.code);
      return { ok: true as const };
    },
  });

  app.post('/api/v1/sessions/:id/rollcall', {
    config: { policy: 'training.manage' },
    schema: { tags: ['培训'], summary: '教师点名', params: IdParam, body: RollCallInput, response: { 200: z.object({ recorded: z.number() }) } },
    handler: async (req) => ({ recorded: await training.rollCall(db, actorOf(req), req.params.id, req.body.traineeIds) }),
  });

  app.post('/api/v1/classes/:id/results', {
    config: { policy: 'training.manage' },
    schema: { tags: ['培训'], summary: '录入结业考核结果', params: IdParam, body: ResultsInput, response: { 200: OkOutput } },
    handler: async (req) => {
      await training.recordResults(db, actorOf(req), req.params.id, req.body.results);
      return { ok: true as const };
    },
  });

  app.post('/api/v1/classes/:id/certificates', {
    config: { policy: 'training.manage' },
    schema: { tags: ['培训'], summary: '登记证书', params: IdParam, body: CertificateInput, response: { 201: IdOut } },
    handler: async (req, reply) => reply.status(201).send({ id: await training.addCertificate(db, actorOf(req), req.params.id, req.body) }),
  });

  app.post('/api/v1/classes/:id/employment', {
    config: { policy: 'training.followup' },
    schema: { tags: ['培训'], summary: '就业回访登记', params: IdParam, body: EmploymentInput, response: { 201: IdOut } },
    handler: async (req, reply) => reply.status(201).send({ id: await training.addEmployment(db, actorOf(req), req.params.id, req.body) }),
  });

  app.get('/api/v1/classes/:id/employment-rate', {
    config: { policy: 'training.followup' },
    schema: { tags: ['培训'], summary: '就业率', params: IdParam, response: { 200: EmploymentRateOutput } },
    handler: async (req) => training.classEmploymentRate(db, actorOf(req), req.params.id),
  });

  app.post('/api/v1/classes/:id/spot-checks', {
    config: { policy: 'training.supervise' },
    schema: { tags: ['培训'], summary: '抽查记录', params: IdParam, body: SpotCheckInput, response: { 201: IdOut } },
    handler: async (req, reply) => reply.status(201).send({ id: await training.recordSpotCheck(db, actorOf(req), req.params.id, req.body) }),
  });

  app.post('/api/v1/classes/:id/survey', {
    config: { policy: 'self.read' },
    schema: { tags: ['培训'], summary: '培训满意度评价', params: IdParam, body: SurveyInput, response: { 200: OkOutput } },
    handler: async (req) => {
      await training.answerSurvey(db, actorOf(req), req.params.id, req.body.score, req.body.comment);
      return { ok: true as const };
    },
  });
}
