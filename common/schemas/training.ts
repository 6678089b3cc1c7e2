/** Vocational training schemas (classes, rosters, vouchers, attendance, outcomes). */
import { z } from 'zod';

export const TRAINING_TYPES = ['employment_skills', 'post_skills', 'entrepreneurship', 'apprenticeship', 'work_as_training'] as const;
export const TRAINING_TYPE_LABEL: Record<(typeof TRAINING_TYPES)[number], string> = {
  employment_skills: '就业技能培训',
  post_skills: '岗位技能提升培训',
  entrepreneurship: '创业培训',
  apprenticeship: '企业新型学徒制培训',
  work_as_training: '以工代训',
};
export const CERT_TYPES = ['vocational_qualification', 'skill_level', 'special_ability', 'completion'] as const;
export const CERT_TYPE_LABEL: Record<(typeof CERT_TYPES)[number], string> = {
  vocational_qualification: '国家职业资格证书',
  skill_level: '职业技能等级证书',
  special_ability: '专项职业能力证书',
  completion: '结业证书',
};
export const CLASS_STATUS_LABEL = { draft: '草稿', filed: '已备案待审核', approved: '已审核通过', rejected: '已退回' } as const;

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const ClassInput = z.object({
  name: z.string().trim().min(2, '请填写班级名称').max(100),
  occupationCode: z.string().trim().min(1, '请选择工种').max(20),
  level: z.number().int().min(1).max(5).nullable().optional(),
  trainingType: z.enum(TRAINING_TYPES, { message: '培训类型无效' }),
  keyGroup: z.boolean().default(false),
  mode: z.enum(['offline', 'online', 'blended']).default('offline'),
  startDate: date,
  endDate: date,
  venue: z.string().trim().min(2, '请填写培训地点').max(200),
  teachers: z.string().trim().min(1, '请填写授课教师').max(200),
  plannedSize: z.number().int().min(1, '计划人数至少 1 人').max(1000),
  regionCode: z.string().regex(/^\d{6,12}$/).optional(),
});
export type ClassInput = z.infer<typeof ClassInput>;

export const ClassView = z.object({
  id: z.number(),
  name: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  regionCode: z.string(),
  occupationCode: z.string(),
  occupationName: z.string(),
  level: z.number().nullable(),
  trainingType: z.enum(TRAINING_TYPES),
  keyGroup: z.boolean(),
  mode: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  venue: z.string(),
  teachers: z.string(),
  plannedSize: z.number(),
  status: z.enum(['draft', 'filed', 'approved', 'rejected']),
  filedAt: z.string().nullable(),
  filedInTime: z.boolean().nullable(),
  reviewComment: z.string().nullable(),
  flagged: z.boolean(),
  enrolled: z.number(),
});
export type ClassView = z.infer<typeof ClassView>;
export const ClassListQuery = z.object({
  status: z.enum(['draft', 'filed', 'approved', 'rejected']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export const ClassListOutput = z.object({ items: z.array(ClassView), total: z.number() });
export const ReviewInput = z.object({ decision: z.enum(['approve', 'reject']), comment: z.string().trim().max(500).optional() });

export const EnrolInput = z.object({
  idNumber: z.string().trim().min(15).max(30),
  name: z.string().trim().min(1).max(60),
  voucherCode: z.string().trim().max(40).optional(),
});
export const EnrolOutput = z.object({ traineeId: z.number(), registeredBeforeStart: z.boolean(), warnings: z.array(z.string()) });
export const RosterItem = z.object({
  traineeId: z.number(),
  personId: z.number(),
  name: z.string(),
  idNumber: z.string(),
  channel: z.string(),
  registeredBeforeStart: z.boolean(),
  status: z.string(),
  passed: z.boolean().nullable(),
  daysAttended: z.number(),
  voucherCode: z.string().nullable(),
  employed: z.boolean(),
});
export const RosterOutput = z.object({ items: z.array(RosterItem) });

export const VoucherIssueInput = z.object({ personIds: z.array(z.number().int().positive()).min(1).max(5000), expiresOn: date });
export const VoucherIssueOutput = z.object({ issued: z.array(z.object({ personId: z.number(), code: z.string() })) });

export const SessionInput = z.object({ sessionDate: date, title: z.string().max(100).optional() });
export const QrOutput = z.object({ sessionId: z.number(), code: z.string(), expiresInSeconds: z.number() });
export const QrSignInInput = z.object({ sessionId: z.number().int().positive(), code: z.string().trim().min(4).max(20) });
export const RollCallInput = z.object({ traineeIds: z.array(z.number().int().positive()).min(1).max(1000) });

export const ResultsInput = z.object({
  results: z.array(z.object({ traineeId: z.number().int().positive(), completed: z.boolean(), passed: z.boolean() })).min(1).max(1000),
});
export const CertificateInput = z.object({
  traineeId: z.number().int().positive(),
  certType: z.enum(CERT_TYPES),
  level: z.number().int().min(1).max(5).nullable().optional(),
  certNo: z.string().trim().min(1).max(60),
  issuedOn: date,
  issuer: z.string().trim().min(1).max(100),
});
export const EmploymentInput = z.object({
  traineeId: z.number().int().positive(),
  employer: z.string().trim().max(100).optional(),
  startDate: date,
  monthlyWageYuan: z.number().min(0).max(1_000_000).optional(),
  place: z.enum(['local', 'in_province', 'out_of_province']),
  selfEmployed: z.boolean().default(false),
});
export const EmploymentRateOutput = z.object({
  qualified: z.number(),
  employed: z.number(),
  rate: z.number().nullable(),
  windowEnd: z.string(),
});
export const SpotCheckInput = z.object({
  checkedOn: date,
  present: z.number().int().min(0).optional(),
  expected: z.number().int().min(0).optional(),
  findings: z.array(z.enum(['absent_trainees', 'wrong_venue', 'fake_signins', 'teacher_mismatch', 'other'])).default([]),
  note: z.string().max(1000).optional(),
});
export const SurveyInput = z.object({ score: z.number().int().min(1).max(5), comment: z.string().max(500).optional() });
export const OccupationItem = z.object({ code: z.string(), gbt6565: z.string().nullable(), name: z.string(), category: z.string(), keyIndustry: z.boolean() });
