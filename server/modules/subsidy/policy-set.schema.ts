/**
 * Policy set (政策集): every figure of the subsidy rules as data, one document per region and
 * period (policy-rules.md). A province changes a figure by editing its policy set, never the
 * code; every evaluation names the policy set that produced it.
 *
 * Money is integer fen (`*_fen`), rates are decimals in [0, 1] with at most 4 decimal places
 * (the evaluator turns them into basis points so that every comparison is exact integer
 * arithmetic), dates are CST calendar dates 'YYYY-MM-DD'.
 */
import { z } from 'zod';
import { TRAINING_TYPES } from '../../../common/schemas/training.ts';

export { TRAINING_TYPES };
export type TrainingType = (typeof TRAINING_TYPES)[number];

/** Person groups (人员类别) of policy-rules.md §1. */
export const PERSON_GROUPS = [
  'registered_poor', // 建档立卡贫困人口
  'lifted_out_of_poverty', // 脱贫人口
  'monitored_at_risk', // 易返贫致贫人口（监测对象）
  'two_after_student', // 两后生
  'migrant_worker', // 农民工
  'laid_off_unemployed', // 下岗失业人员
  'veteran', // 退役军人
  'disabled', // 残疾人
  'employment_difficulty', // 就业困难人员
  'zero_employment_family', // 零就业家庭成员
  'rural_graduate_not_continuing', // 城乡未继续升学的初高中毕业生中的农村学员
  'urban_low_income_family', // 城市低保家庭学员
  'college_graduate', // 高校毕业生
  'enrolled_student', // 在校学生
  'enterprise_worker', // 企业职工
] as const;
export type PersonGroup = (typeof PERSON_GROUPS)[number];

/** Evidence kinds of a direct-to-enterprise claim (003 三(四)). */
export const EVIDENCE_KINDS = ['plan', 'sign_in', 'video', 'roster', 'invoice', 'other'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** Review levels a claim passes through, lowest first. */
export const REVIEW_LEVELS = ['county', 'city', 'province'] as const;

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date 'YYYY-MM-DD'. */
export function isCalendarDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export const CalendarDate = z.string().refine(isCalendarDate, { error: '日期应为有效的 YYYY-MM-DD' });

/** Integer fen, never negative. */
const Fen = z.number().int({ error: '金额应为整数分' }).nonnegative({ error: '金额不能为负数' });

/** A rate in [0, 1] with at most 4 decimal places (exact in basis points). */
const Rate = z
  .number()
  .min(0, { error: '比例应在 0 到 1 之间' })
  .max(1, { error: '比例应在 0 到 1 之间' })
  .refine((r) => Math.abs(r * 10_000 - Math.round(r * 10_000)) < 1e-6, { error: '比例最多保留 4 位小数' });

const Count = z.number().int().positive();

/** One step of the tiered training subsidy (梯级培训补贴, 003 三(二)、四(三)). */
export const EmploymentTier = z.object({
  /** The tier applies from this employment rate (inclusive) up to the next tier. */
  min_rate: Rate,
  /** `employed`: only employed qualified trainees are paid; `qualified`: all qualified trainees. */
  counts: z.enum(['employed', 'qualified']),
  /** Multiplier of the standard for paid trainees (1 = the standard; > 1 = a bonus tier). */
  factor: z.number().min(0).max(10).refine((f) => Math.abs(f * 10_000 - Math.round(f * 10_000)) < 1e-6, { error: '系数最多保留 4 位小数' }),
});
export type EmploymentTier = z.infer<typeof EmploymentTier>;

export const PolicySet = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: '政策集编号只能包含小写字母、数字和连字符' }),
    name: z.string().min(1),
    /** GB/T 2260 prefix the set applies to (2/4/6 digits); '000000' = nationwide default. */
    region_code: z.string().regex(/^(\d{2}|\d{4}|\d{6})$/),
    effective_from: CalendarDate,
    effective_to: CalendarDate.nullable(),
    version: z.number().int().positive(),
    /** The set this one was derived from, if any. */
    based_on: z.string().nullable().default(null),
    /** Seeds (policy documents) the figures come from, e.g. "003 三(一)". */
    sources: z.array(z.string()).default([]),
    /** Where this set differs from the others and why (Chinese, shown to reviewers). */
    notes: z.array(z.string()).default([]),
    training: z.object({
      /** 职业培训补贴 3 次/年 (003 三(三)): types that count, and how many per calendar year. */
      yearly_cap: z.object({
        count: Count,
        counted_types: z.array(z.enum(TRAINING_TYPES)).min(1),
      }),
      /** 梯级培训补贴 by employment rate, for key-group classes of these types. */
      employment_tier: z.object({
        key_group_only: z.boolean(),
        types: z.array(z.enum(TRAINING_TYPES)).min(1),
        /** Rate below which only employed qualified trainees are paid. */
        threshold: Rate,
        /** Employment counts when it starts within this many months after the class ends. */
        follow_up_months: Count,
        /** Ascending by min_rate; the first starts at 0. */
        tiers: z.array(EmploymentTier).min(1),
      }),
      /** 学生在校期间享受一次技能培训补贴（不含创业培训补贴）(003 三(一)). */
      student_once: z.object({
        count: Count,
        excluded_types: z.array(z.enum(TRAINING_TYPES)),
      }),
    }),
    /** 生活费、交通费补贴 (003 三(一)). */
    living_allowance: z.object({
      eligible_groups: z.array(z.enum(PERSON_GROUPS)).min(1),
      training_types: z.array(z.enum(TRAINING_TYPES)).min(1),
      living_per_day_cap_fen: Fen,
      transport_per_day_cap_fen: Fen,
      per_class_cap_fen: Fen,
      per_year: Count,
    }),
    /** 以工代训 work-as-training (003 三(三)). */
    work_as_training: z.object({
      /** Enterprise ineligible when unaware ÷ checked in the sample reaches this share. */
      sample_unaware_threshold: Rate,
      /** Share of the standard paid when the worker has no higher-level certificate. */
      no_certificate_rate: Rate,
      /** Subsidies per worker, ever. */
      per_worker: Count,
      /** Wage arrears or violations since this date make the enterprise ineligible. */
      wage_arrears_since: CalendarDate,
      counts_toward_yearly_cap: z.boolean(),
    }),
    /** 直补企业 direct subsidy to enterprises (003 三(四)). */
    direct_enterprise: z.object({
      required_evidence: z.array(z.enum(EVIDENCE_KINDS)).min(1),
      /** Evidence a classified enterprise (涉密企业) need not provide. */
      classified_exempt: z.array(z.enum(EVIDENCE_KINDS)),
    }),
    /** 企业新型学徒制 apprenticeship (002 二(二)2). */
    apprenticeship: z.object({
      per_year: Count,
      /** Standard per apprentice per year (default of the claim form). */
      standard_fen: Fen,
    }),
    /** Review levels of a claim, lowest first. */
    review_levels: z.array(z.enum(REVIEW_LEVELS)).min(1),
  })
  .superRefine((p, ctx) => {
    const tiers = p.training.employment_tier.tiers;
    if (tiers[0].min_rate !== 0) ctx.addIssue({ code: 'custom', path: ['training', 'employment_tier', 'tiers', 0, 'min_rate'], message: '第一档应从 0 开始' });
    for (let i = 1; i < tiers.length; i++) {
      if (tiers[i].min_rate <= tiers[i - 1].min_rate) ctx.addIssue({ code: 'custom', path: ['training', 'employment_tier', 'tiers', i, 'min_rate'], message: '各档起点应递增' });
    }
    // The threshold is where "employed only" ends: it must be the start of the first
    // tier that counts all qualified trainees, so the two figures can never disagree.
    const firstQualified = tiers.find((t) => t.counts === 'qualified');
    if (!firstQualified || firstQualified.min_rate !== p.training.employment_tier.threshold) {
      ctx.addIssue({ code: 'custom', path: ['training', 'employment_tier', 'threshold'], message: '阈值应等于第一个“按全部合格人数”档的起点' });
    }
    if (tiers.slice(tiers.indexOf(firstQualified ?? tiers[0]) + 1).some((t) => t.counts === 'employed')) {
      ctx.addIssue({ code: 'custom', path: ['training', 'employment_tier', 'tiers'], message: '达到阈值后的档位不能再只按就业人数核算' });
    }
    if (p.effective_to !== null && p.effective_to < p.effective_from) {
      ctx.addIssue({ code: 'custom', path: ['effective_to'], message: '失效日期不能早于生效日期' });
    }
  });

/** A validated policy set (defaults applied). */
export type PolicySet = z.output<typeof PolicySet>;
/** A policy set document as written in JSON. */
export type PolicySetInput = z.input<typeof PolicySet>;
