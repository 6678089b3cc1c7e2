/**
 * The claim batch of `jineng policy evaluate` (contracts.md §3): people, history,
 * institutions, enterprises, classes with rosters, and the claims to decide. This file checks
 * shapes and types (Zod); references between the parts (a claim naming an unknown class…)
 * are checked by `evaluateClaims` before it decides anything.
 *
 * Leniency, decided once here: the top-level lists other than `claims` may be left out
 * (empty), and so may facts that have an obvious "nothing to report" value — a person's
 * `groups` and `student_periods`, a trainee's `employed`/`days_attended`/`voucher`, an
 * institution's `blacklisted_since`, an enterprise's `wage_arrears_since_2020`/`classified`/
 * `sample`, a class's `key_group`. Everything a decision is made from (ids, kinds, dates,
 * standards, the qualification facts, the claimed figures) is required.
 * Unknown extra properties are ignored.
 */
import { z } from 'zod';
import { CalendarDate, TRAINING_TYPES } from '../policy-set.schema.ts';
import { MAX_YUAN } from './money.ts';

const Id = z.string().min(1, { error: '不能为空' });
const Yuan = z.number().nonnegative({ error: '金额不能为负数' }).max(MAX_YUAN, { error: '金额超出范围' });
const Count = z.number().int({ error: '应为整数' }).nonnegative({ error: '不能为负数' });

export const StudentPeriod = z
  .object({ from: CalendarDate, to: CalendarDate })
  .refine((p) => p.from <= p.to, { error: '在校期间的结束日期不能早于开始日期', path: ['to'] });

export const BatchPerson = z.object({
  /** ID number (身份证号) or any stable person key. */
  id: Id,
  /** Group codes of policy-rules.md §1; unknown codes simply match no rule. */
  groups: z.array(z.string()).default([]),
  student_periods: z.array(StudentPeriod).default([]),
});

const HistoryTraining = z.object({
  kind: z.literal('training'),
  person: Id,
  training_type: z.enum(TRAINING_TYPES),
  class_start: CalendarDate,
  class_end: CalendarDate,
});
const HistoryLiving = z.object({ kind: z.literal('living_allowance'), person: Id, date: CalendarDate });
const HistoryWorkAsTraining = z.object({ kind: z.literal('work_as_training'), person: Id, date: CalendarDate.optional() });
const HistoryVoucher = z.object({ kind: z.literal('voucher_redeemed'), voucher: Id });
const HistoryApprenticeship = z.object({
  kind: z.literal('apprenticeship'),
  person: Id,
  year: z.number().int({ error: '年度应为整数' }).min(1900).max(9999),
});

/** An earlier approved subsidy or a redeemed voucher (已享受补贴记录). */
export const HistoryEntry = z.discriminatedUnion('kind', [HistoryTraining, HistoryLiving, HistoryWorkAsTraining, HistoryVoucher, HistoryApprenticeship]);

export const BatchInstitution = z.object({
  id: Id,
  blacklisted_since: CalendarDate.nullable().default(null),
});

export const BatchEnterprise = z.object({
  id: Id,
  wage_arrears_since_2020: z.boolean().default(false),
  classified: z.boolean().default(false),
  /** Verification sample (电话或现场抽查): workers checked and workers unaware of the training. */
  sample: z
    .object({ checked: Count, unaware: Count })
    .refine((s) => s.unaware <= s.checked, { error: '不知情人数不能多于抽查人数', path: ['unaware'] })
    .nullable()
    .default(null),
});

export const Trainee = z.object({
  person: Id,
  registered_before_start: z.boolean(),
  completed: z.boolean(),
  passed: z.boolean(),
  days_attended: Count.default(0),
  employed: z.boolean().default(false),
  voucher: Id.nullable().default(null),
});

export const BatchClass = z
  .object({
    id: Id,
    type: z.enum(TRAINING_TYPES),
    key_group: z.boolean().default(false),
    /** Needed by training claims (blacklist check); a direct-enterprise class may have none. */
    institution: Id.nullable().default(null),
    start: CalendarDate,
    end: CalendarDate,
    /** Subsidy standard per qualified trainee, yuan. */
    standard: Yuan,
    trainees: z.array(Trainee),
  })
  .refine((c) => c.start <= c.end, { error: '结束日期不能早于开始日期', path: ['end'] });

const TrainingClaim = z.object({ id: Id, kind: z.literal('training'), class: Id, date: CalendarDate });
const LivingClaim = z.object({
  id: Id,
  kind: z.literal('living_allowance'),
  class: Id,
  person: Id,
  living_per_day: Yuan,
  transport_per_day: Yuan,
  date: CalendarDate,
});
const Certificate = z.object({
  level: z.number().int().min(1).max(5).optional(),
  standard: Yuan,
  higher_than_before: z.boolean(),
});
const WorkAsTrainingClaim = z.object({
  id: Id,
  kind: z.literal('work_as_training'),
  enterprise: Id,
  person: Id,
  standard: Yuan,
  wage: Yuan,
  min_wage: Yuan,
  date: CalendarDate,
  certificate: Certificate.nullable().default(null),
});
const DirectEnterpriseClaim = z.object({
  id: Id,
  kind: z.literal('direct_enterprise'),
  enterprise: Id,
  class: Id,
  /** Evidence kinds provided (EVIDENCE_KINDS: plan, sign_in, video…); unknown kinds are ignored. */
  evidence: z.array(z.string()),
  date: CalendarDate,
});
const ApprenticeshipClaim = z.object({
  id: Id,
  kind: z.literal('apprenticeship'),
  enterprise: Id,
  person: Id,
  year: z.number().int({ error: '年度应为整数' }).min(1900).max(9999),
  standard: Yuan,
  date: CalendarDate,
});

export const Claim = z.discriminatedUnion('kind', [TrainingClaim, LivingClaim, WorkAsTrainingClaim, DirectEnterpriseClaim, ApprenticeshipClaim]);

export const ClaimBatch = z.object({
  people: z.array(BatchPerson).default([]),
  history: z.array(HistoryEntry).default([]),
  institutions: z.array(BatchInstitution).default([]),
  enterprises: z.array(BatchEnterprise).default([]),
  classes: z.array(BatchClass).default([]),
  claims: z.array(Claim),
});

export type ClaimBatch = z.output<typeof ClaimBatch>;
export type ClaimBatchInput = z.input<typeof ClaimBatch>;
export type BatchPerson = z.output<typeof BatchPerson>;
export type HistoryEntry = z.output<typeof HistoryEntry>;
export type BatchInstitution = z.output<typeof BatchInstitution>;
export type BatchEnterprise = z.output<typeof BatchEnterprise>;
export type BatchClass = z.output<typeof BatchClass>;
export type Trainee = z.output<typeof Trainee>;
export type Claim = z.output<typeof Claim>;
export type ClaimKind = Claim['kind'];
export type TrainingClaim = z.output<typeof TrainingClaim>;
export type LivingClaim = z.output<typeof LivingClaim>;
export type WorkAsTrainingClaim = z.output<typeof WorkAsTrainingClaim>;
export type DirectEnterpriseClaim = z.output<typeof DirectEnterpriseClaim>;
export type ApprenticeshipClaim = z.output<typeof ApprenticeshipClaim>;

/** Invalid batch input: `path` is the JSON path of the first problem (`claims[3].class`). */
export class BatchInputError extends Error {
  constructor(
    readonly path: string,
    readonly detail: string,
    message = `输入无效：${path || '（根）'}：${detail}`,
  ) {
    super(message);
    this.name = 'BatchInputError';
  }
}

/** JSON path of a Zod issue path: `["claims", 3, "class"]` → `claims[3].class`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

const TYPE_ZH: Record<string, string> = {
  string: '字符串',
  number: '数字',
  int: '整数',
  boolean: '布尔值（true/false）',
  array: '数组',
  object: '对象',
  null: 'null',
};

function describeInput(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return '数组';
  if (typeof input === 'number' && Number.isNaN(input)) return 'NaN';
  return TYPE_ZH[typeof input] ?? typeof input;
}

/** Chinese messages for the issues whose schema carries none. */
const zhErrorMap: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return '缺少字段';
      return `类型错误：应为${TYPE_ZH[iss.expected] ?? iss.expected}，实为${describeInput(iss.input)}`;
    case 'invalid_union':
      if (iss.discriminator) {
        const options = ((iss as { options?: readonly unknown[] }).options ?? []).map(String).join('、');
        return `未知的类型，应为 ${options} 之一`;
      }
      return '取值无效';
    case 'invalid_value':
      return `取值无效，应为 ${iss.values.map(String).join('、')} 之一`;
    case 'too_small':
      return iss.origin === 'string' ? '不能为空' : `不能小于 ${String(iss.minimum)}`;
    case 'too_big':
      return `不能大于 ${String(iss.maximum)}`;
    default:
      return '取值无效';
  }
};

/**
 * Parses and validates a claim batch (shapes and types). Throws BatchInputError naming the
 * JSON path of the first problem; the message lists up to 5 problems.
 */
export function parseClaimBatch(input: unknown): ClaimBatch {
  const parsed = ClaimBatch.safeParse(input, { error: zhErrorMap });
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const first = issues[0];
  const shown = issues.slice(0, 5).map((i) => `${jsonPath(i.path) || '（根）'}：${i.message}`);
  const more = issues.length > 5 ? `；另有 ${issues.length - 5} 处问题` : '';
  throw new BatchInputError(jsonPath(first.path), first.message, `输入无效：${shown.join('；')}${more}`);
}
