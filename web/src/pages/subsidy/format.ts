/**
 * Pure helpers of the subsidy pages: money (integer fen ↔ yuan text, never float
 * arithmetic), Chinese labels of statuses, decisions, review levels and evaluator rule codes,
 * and the Idempotency-Key kept for one user action.
 */
import { CLAIM_KIND_LABEL, CLAIM_KINDS, CLAIM_STATUS_LABEL } from '../../../../common/schemas/subsidy.ts';

/** Integer fen → '1,234.56' (yuan, 2 decimals, thousands separators). */
export function formatFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return '—';
  const n = Math.round(fen);
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** Yuan as the evaluator reports it (a number with at most 2 decimals) → '1,234.56'. */
export function formatYuan(yuan: number): string {
  return formatFen(Math.round(yuan * 100));
}

/** A yuan amount typed by a user ('12', '12.5', '1,200.05') → integer fen, or null when malformed. */
export function parseYuanToFen(text: string): number | null {
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text.trim().replace(/,/g, ''));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

export type ClaimKind = (typeof CLAIM_KINDS)[number];
export type ClaimStatus = keyof typeof CLAIM_STATUS_LABEL;

export const claimKindLabel = (k: string): string => CLAIM_KIND_LABEL[k as ClaimKind] ?? k;
export const claimStatusLabel = (s: string): string => CLAIM_STATUS_LABEL[s as ClaimStatus] ?? s;

export const CLAIM_STATUS_COLOR: Record<ClaimStatus, string> = { submitted: 'processing', in_review: 'gold', approved: 'success', rejected: 'error', withdrawn: 'default' };
export const CLAIM_STATUSES = Object.keys(CLAIM_STATUS_LABEL) as ClaimStatus[];
export const CLAIM_KIND_OPTIONS = CLAIM_KINDS.map((value) => ({ value, label: CLAIM_KIND_LABEL[value] }));

/** Claim kinds a claimant role may submit (claims.service claimantRoleAllows). */
export function submittableKinds(role: string): ClaimKind[] {
  if (role === 'institution') return ['training', 'living_allowance'];
  if (role === 'enterprise') return ['work_as_training', 'direct_enterprise', 'apprenticeship'];
  return [];
}

export const DECISION_LABEL: Record<string, { label: string; color: string }> = {
  approved: { label: '全额核准', color: 'success' },
  partial: { label: '部分核准', color: 'warning' },
  rejected: { label: '不予补贴', color: 'error' },
};

export const REVIEW_LEVEL_LABEL: Record<string, string> = { county: '县级审核', city: '市级审核', province: '省级审核' };
export const reviewLevelLabel = (l: string): string => REVIEW_LEVEL_LABEL[l] ?? l;
export const REVIEW_DECISION_LABEL: Record<string, string> = { approve: '通过', reject: '不予通过', return: '退回' };
export const PAYMENT_STATUS_LABEL: Record<string, string> = { scheduled: '待发放', paid: '已发放' };

/**
 * The review level a role acts at, as the index of the policy's chain. The default chains
 * are 县 → 市 (contracts: review_levels ['county', 'city']); the server has the last word.
 */
export function roleReviewLevel(role: string): number | null {
  if (role === 'hr_county') return 0;
  if (role === 'hr_city') return 1;
  if (role === 'hr_province') return 2;
  return null;
}

/** Chinese names of the evaluator's rule codes (contracts.md §3). */
export const RULE_LABEL: Record<string, string> = {
  'training.not_registered': '开班前未实名登记（凡补必进，不进不补）',
  'training.not_qualified': '未结业或考核不合格',
  'training.employment_tier': '培训后就业率梯级核算',
  'training.voucher_reused': '培训券已兑付过',
  'training.overlapping_class': '同期参加其他已补贴培训',
  'training.student_once': '在校学生限补一次',
  'training.yearly_cap': '超过每年补贴次数上限',
  'training.standard': '符合条件，按标准补贴',
  'institution.blacklisted': '培训机构已列入黑名单',
  'direct.missing_evidence': '企业直补缺少佐证材料',
  'living.not_eligible_group': '不属于生活费补贴对象',
  'living.not_employment_training': '非就业技能培训',
  'living.not_trainee': '不在花名册或未出勤',
  'living.once_per_year': '生活费补贴每年限一次',
  'wat.enterprise_wage_arrears': '企业存在欠薪记录',
  'wat.sample_unaware': '抽查职工不知情',
  'wat.below_min_wage': '工资低于最低工资标准',
  'wat.once_per_worker': '以工代训每人限补一次',
  'apprenticeship.once_per_year': '学徒制补贴每年限一次',
  'living.rate_capped': '日补贴标准超上限，按上限核定',
  'living.cap_per_class': '超过每期累计上限，按上限核定',
  'wat.no_certificate_70pct': '未取得高一级证书，按 70% 核定',
  'living.standard': '符合条件，按标准补贴',
  'wat.standard': '符合条件，按标准补贴',
  'apprenticeship.standard': '符合条件，按标准补贴',
};
export const ruleLabel = (code: string): string => RULE_LABEL[code] ?? '其他规则';

/** Rules that reduce an amount rather than refuse it. */
const REDUCING_RULES = new Set(['living.rate_capped', 'living.cap_per_class', 'wat.no_certificate_70pct', 'training.employment_tier']);

export type RuleOutcome = 'pass' | 'reduced' | 'fail';
export const RULE_OUTCOME_LABEL: Record<RuleOutcome, { label: string; color: string }> = {
  pass: { label: '通过', color: 'success' },
  reduced: { label: '核减', color: 'warning' },
  fail: { label: '未通过', color: 'error' },
};

export interface RuleRow {
  rule: string;
  label: string;
  outcome: RuleOutcome;
  /** Persons (lines) the rule decided. */
  persons: number;
  /** Yuan granted under the rule. */
  amount: number;
  /** The evaluator's Chinese explanations of the rule for this claim. */
  details: string[];
}

interface DecisionLike {
  lines: { person: string; amount: number; rule: string }[];
  reasons: { rule: string; detail: string }[];
}

/**
 * The decision rule by rule: every rule code of the lines and reasons, with its outcome
 * (a line code paying money passes or reduces; a code of lines at 0 or a whole-claim reason fails).
 */
export function ruleBreakdown(d: DecisionLike): RuleRow[] {
  const rows = new Map<string, RuleRow>();
  const row = (rule: string): RuleRow => {
    let r = rows.get(rule);
    if (!r) {
      r = { rule, label: ruleLabel(rule), outcome: 'fail', persons: 0, amount: 0, details: [] };
      rows.set(rule, r);
    }
    return r;
  };
  const paid = new Set<string>();
  for (const l of d.lines) {
    const r = row(l.rule);
    r.persons += 1;
    r.amount = Math.round((r.amount + l.amount) * 100) / 100;
    if (l.amount > 0) paid.add(l.rule);
  }
  for (const reason of d.reasons) row(reason.rule).details.push(reason.detail);
  for (const r of rows.values()) {
    if (REDUCING_RULES.has(r.rule) && (paid.has(r.rule) || r.persons === 0)) r.outcome = 'reduced';
    else if (paid.has(r.rule)) r.outcome = 'pass';
    else r.outcome = 'fail';
  }
  const order: Record<RuleOutcome, number> = { fail: 0, reduced: 1, pass: 2 };
  return [...rows.values()].sort((a, b) => order[a.outcome] - order[b.outcome]);
}

/** 'P12' (the evaluator's person key) → '人员 12'. */
export function personLabel(key: string): string {
  const m = /^P(\d+)$/.exec(key);
  return m ? `人员 ${m[1]}` : key;
}

/** A line of the review-step diff ('training.standard 1500') → '符合条件，按标准补贴：1,500.00 元'. */
export function describeLineState(text: string): string {
  const m = /^(\S+)\s+(-?\d+(?:\.\d+)?)$/.exec(text.trim());
  if (!m) return text;
  return `${ruleLabel(m[1])}：${formatYuan(Number(m[2]))} 元`;
}

/** The Idempotency-Key of one user action: kept while the same action is retried, new for another. */
export interface ActionKey {
  signature: string;
  key: string;
}
export function keyForAction(pending: ActionKey | null, signature: string, newKey: () => string): ActionKey {
  return pending !== null && pending.signature === signature ? pending : { signature, key: newKey() };
}

/** The claim-list filters of a search row (strings from the form) as API query values. */
export function claimFilters(p: Record<string, string | number | undefined>): { kind?: ClaimKind; status?: ClaimStatus; submittedFrom?: string; submittedTo?: string } {
  const str = (k: string): string | undefined => (typeof p[k] === 'string' && p[k] !== '' ? p[k] : undefined);
  const kind = str('kind');
  const status = str('status');
  return {
    kind: kind && (CLAIM_KINDS as readonly string[]).includes(kind) ? (kind as ClaimKind) : undefined,
    status: status && status in CLAIM_STATUS_LABEL ? (status as ClaimStatus) : undefined,
    submittedFrom: str('submittedFrom'),
    submittedTo: str('submittedTo'),
  };
}
