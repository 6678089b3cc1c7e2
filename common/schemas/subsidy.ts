/** Subsidy claim schemas (API and web forms). Money leaves the server as integer fen. */
import { z } from 'zod';

export const CLAIM_KINDS = ['training', 'living_allowance', 'work_as_training', 'direct_enterprise', 'apprenticeship', 'student_aid'] as const;
export const CLAIM_KIND_LABEL: Record<(typeof CLAIM_KINDS)[number], string> = {
  training: '职业培训补贴',
  living_allowance: '生活费、交通费补贴',
  work_as_training: '以工代训补贴',
  direct_enterprise: '直补企业培训补贴',
  apprenticeship: '企业新型学徒制补贴',
  student_aid: '技工院校学生资助',
};
export const CLAIM_STATUS_LABEL = { submitted: '已申报', in_review: '审核中', approved: '已批准', rejected: '不予通过', withdrawn: '已撤回' } as const;

const yuan = z.number().min(0).max(10_000_000);

export const SubmitClaimInput = z.object({
  kind: z.enum(CLAIM_KINDS, { message: '补贴类型无效' }),
  classId: z.number().int().positive().optional(),
  personId: z.number().int().positive().optional(),
  livingPerDayYuan: yuan.optional(),
  transportPerDayYuan: yuan.optional(),
  standardYuan: yuan.optional(),
  wageYuan: yuan.optional(),
  minWageYuan: yuan.optional(),
  year: z.number().int().min(2015).max(2100).optional(),
  certificate: z.object({ level: z.number().int().min(1).max(5), standardYuan: yuan, higherThanBefore: z.boolean() }).nullable().optional(),
  enterprise: z
    .object({ wageArrearsSince2020: z.boolean(), classified: z.boolean(), sampleChecked: z.number().int().min(0), sampleUnaware: z.number().int().min(0) })
    .refine((e) => e.sampleUnaware <= e.sampleChecked, '抽样中不知情人数不能超过抽样人数')
    .optional(),
  evidence: z.array(z.string().max(20)).max(20).optional(),
});
export type SubmitClaimInput = z.infer<typeof SubmitClaimInput>;

export const ClaimListQuery = z.object({
  status: z.enum(['submitted', 'in_review', 'approved', 'rejected', 'withdrawn']).optional(),
  kind: z.enum(CLAIM_KINDS).optional(),
  /** Submitted on or after / on or before these days (CST, YYYY-MM-DD). */
  submittedFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD').optional(),
  submittedTo: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD').optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export const ClaimItem = z.object({
  id: z.number(),
  kind: z.enum(CLAIM_KINDS),
  status: z.string(),
  regionCode: z.string(),
  classId: z.number().nullable(),
  personId: z.number().nullable(),
  requestedFen: z.number(),
  approvedFen: z.number().nullable(),
  reviewLevel: z.number(),
  submittedAt: z.string(),
});
export const ClaimListOutput = z.object({ items: z.array(ClaimItem), total: z.number() });

const Result = z.object({
  claim: z.string(),
  decision: z.enum(['approved', 'partial', 'rejected']),
  amount: z.number(),
  lines: z.array(z.object({ person: z.string(), amount: z.number(), rule: z.string() })),
  reasons: z.array(z.object({ rule: z.string(), detail: z.string() })),
});
export const ClaimDetail = z.object({
  id: z.number(),
  kind: z.enum(CLAIM_KINDS),
  status: z.string(),
  regionCode: z.string(),
  classId: z.number().nullable(),
  personId: z.number().nullable(),
  policySetId: z.string(),
  policyVersion: z.number(),
  requestedFen: z.number(),
  approvedFen: z.number().nullable(),
  submittedAt: z.string(),
  decision: Result.nullable(),
  reviews: z.array(z.object({ level: z.string(), decision: z.string(), comment: z.string().nullable(), at: z.string() })),
  changes: z.array(z.object({ step: z.string(), person: z.string(), from: z.string(), to: z.string() })),
  payment: z.object({ id: z.number(), amountFen: z.number(), status: z.string(), paidAt: z.string().nullable(), voucherNo: z.string().nullable() }).nullable(),
  recoveries: z.array(z.object({ amountFen: z.number(), reason: z.string(), at: z.string() })),
});
export const ReviewClaimInput = z.object({ decision: z.enum(['approve', 'reject']), comment: z.string().trim().max(500).optional() });
export const ReviewClaimOutput = z.object({ status: z.string(), approvedFen: z.number().nullable(), paymentId: z.number().nullable() });
export const PayInput = z.object({ voucherNo: z.string().trim().min(1).max(60) });
export const RecoveryInput = z.object({ amountFen: z.number().int().positive(), reason: z.string().trim().min(2).max(500) });
