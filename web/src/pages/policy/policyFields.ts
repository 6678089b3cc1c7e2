/**
 * Pure helpers of the policy-set pages: Chinese labels of policy paths and enum values,
 * exact fen ↔ yuan and rate ↔ percent conversion for the form, and the flattening and
 * formatting of a diff into table rows.
 */
import { TRAINING_TYPE_LABEL } from '../../../../common/schemas/training.ts';
import type { PolicyChange, PolicySetStatus, PolicySetSummary } from '../../api/policy.ts';

// ---------------------------------------------------------------------------------------------
// Money and rates

/** Integer fen → yuan (exact for display: 250000 → 2500). */
export function fenToYuan(fen: number): number {
  return fen / 100;
}

/**
 * Yuan as typed in the form → integer fen, or null for an empty field. Rounds half up at the
 * fen after removing binary noise (0.29 × 100 = 28.999… → 29; 1.005 → 101).
 */
export function yuanToFen(yuan: number | string | null | undefined): number | null {
  if (yuan === null || yuan === undefined || yuan === '') return null;
  const n = typeof yuan === 'number' ? yuan : Number(yuan);
  if (!Number.isFinite(n)) return null;
  return Math.round(Number((n * 100).toFixed(4)));
}

/** A rate in [0, 1] → percent with at most 2 decimals (0.3 → 30, 0.125 → 12.5). */
export function rateToPercent(rate: number): number {
  return Math.round(rate * 10_000) / 100;
}

/** Percent as typed → a rate with at most 4 decimals (30 → 0.3), or null when empty. */
export function percentToRate(percent: number | string | null | undefined): number | null {
  if (percent === null || percent === undefined || percent === '') return null;
  const n = typeof percent === 'number' ? percent : Number(percent);
  if (!Number.isFinite(n)) return null;
  return Math.round(Number((n * 100).toFixed(4))) / 10_000;
}

/** 250000 fen → '2,500.00 元'. */
export function formatYuan(fen: number): string {
  return `${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`;
}

/** Yuan amounts of the evaluator (2 decimals) → '750.00 元'. */
export function formatYuanAmount(yuan: number): string {
  return `${yuan.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`;
}

// ---------------------------------------------------------------------------------------------
// Enum labels

export const PERSON_GROUP_LABEL: Record<string, string> = {
  registered_poor: '建档立卡贫困人口',
  lifted_out_of_poverty: '脱贫人口',
  monitored_at_risk: '易返贫致贫人口（监测对象）',
  two_after_student: '两后生',
  migrant_worker: '农民工',
  laid_off_unemployed: '下岗失业人员',
  veteran: '退役军人',
  disabled: '残疾人',
  employment_difficulty: '就业困难人员',
  zero_employment_family: '零就业家庭成员',
  rural_graduate_not_continuing: '未继续升学的农村初高中毕业生',
  urban_low_income_family: '城市低保家庭学员',
  college_graduate: '高校毕业生',
  enrolled_student: '在校学生',
  enterprise_worker: '企业职工',
};

export const EVIDENCE_KIND_LABEL: Record<string, string> = {
  plan: '培训计划',
  sign_in: '签到记录',
  video: '培训视频',
  roster: '花名册',
  invoice: '发票',
  other: '其他材料',
};

export const REVIEW_LEVEL_LABEL: Record<string, string> = { county: '县级', city: '市级', province: '省级' };

export const TIER_COUNTS_LABEL: Record<string, string> = { employed: '仅按就业人数', qualified: '按全部合格人数' };

export const TRAINING_TYPE_NAMES: Record<string, string> = TRAINING_TYPE_LABEL;

export const STATUS_LABEL: Record<PolicySetStatus, string> = { builtin: '内置（已发布）', draft: '草稿', published: '已发布' };

/** Select options from a label map, in the map's order. */
export function optionsOf(labels: Record<string, string>): { value: string; label: string }[] {
  return Object.entries(labels).map(([value, label]) => ({ value, label }));
}

// ---------------------------------------------------------------------------------------------
// Paths

type FieldKind = 'money' | 'rate' | 'count' | 'months' | 'factor' | 'bool' | 'date' | 'text' | 'texts' | 'types' | 'groups' | 'evidence' | 'levels' | 'tiers' | 'tierCounts';

interface FieldInfo {
  label: string;
  kind: FieldKind;
}

/** Section (top-level key or training sub-section) → Chinese heading. */
export const SECTION_LABEL: Record<string, string> = {
  basic: '基本信息',
  'training.yearly_cap': '职业培训补贴次数',
  'training.employment_tier': '梯级培训补贴',
  'training.student_once': '在校学生补贴',
  living_allowance: '生活费、交通费补贴',
  work_as_training: '以工代训',
  direct_enterprise: '直补企业',
  apprenticeship: '企业新型学徒制',
  review_levels: '审核流程',
};

/** Every editable leaf of a policy set, with its Chinese label and kind. */
export const POLICY_FIELDS: Record<string, FieldInfo> = {
  name: { label: '政策集名称', kind: 'text' },
  effective_from: { label: '生效日期', kind: 'date' },
  effective_to: { label: '失效日期', kind: 'date' },
  sources: { label: '政策依据', kind: 'texts' },
  notes: { label: '说明', kind: 'texts' },
  'training.yearly_cap.count': { label: '每人每年补贴次数', kind: 'count' },
  'training.yearly_cap.counted_types': { label: '计入次数的培训类型', kind: 'types' },
  'training.employment_tier.key_group_only': { label: '仅适用于重点群体培训班', kind: 'bool' },
  'training.employment_tier.types': { label: '适用的培训类型', kind: 'types' },
  'training.employment_tier.threshold': { label: '就业率阈值', kind: 'rate' },
  'training.employment_tier.follow_up_months': { label: '就业统计期限（结业后月数）', kind: 'months' },
  'training.employment_tier.tiers': { label: '补贴档位', kind: 'tiers' },
  'training.employment_tier.tiers[].min_rate': { label: '起始就业率', kind: 'rate' },
  'training.employment_tier.tiers[].counts': { label: '核算人数', kind: 'tierCounts' },
  'training.employment_tier.tiers[].factor': { label: '补贴系数', kind: 'factor' },
  'training.student_once.count': { label: '在校期间补贴次数', kind: 'count' },
  'training.student_once.excluded_types': { label: '不计入的培训类型', kind: 'types' },
  'living_allowance.eligible_groups': { label: '补贴对象', kind: 'groups' },
  'living_allowance.training_types': { label: '适用的培训类型', kind: 'types' },
  'living_allowance.living_per_day_cap_fen': { label: '生活费每日标准上限', kind: 'money' },
  'living_allowance.transport_per_day_cap_fen': { label: '交通费每日标准上限', kind: 'money' },
  'living_allowance.per_class_cap_fen': { label: '每期补贴上限', kind: 'money' },
  'living_allowance.per_year': { label: '每人每年补贴次数', kind: 'count' },
  'work_as_training.sample_unaware_threshold': { label: '抽查不知情比例上限', kind: 'rate' },
  'work_as_training.no_certificate_rate': { label: '无更高等级证书时的补贴比例', kind: 'rate' },
  'work_as_training.per_worker': { label: '每名职工补贴次数', kind: 'count' },
  'work_as_training.wage_arrears_since': { label: '欠薪违法行为起算日期', kind: 'date' },
  'work_as_training.counts_toward_yearly_cap': { label: '计入每年补贴次数', kind: 'bool' },
  'direct_enterprise.required_evidence': { label: '必备佐证材料', kind: 'evidence' },
  'direct_enterprise.classified_exempt': { label: '涉密企业免交材料', kind: 'evidence' },
  'apprenticeship.per_year': { label: '每人每年补贴次数', kind: 'count' },
  'apprenticeship.standard_fen': { label: '补贴标准（每人每年）', kind: 'money' },
  review_levels: { label: '审核层级（由低到高）', kind: 'levels' },
};

/** `a.tiers[1].b` → `a.tiers[].b` (the key of POLICY_FIELDS). */
function fieldKey(path: string): string {
  return path.replace(/\[\d+\]/g, '[]');
}

/** The section of a path: 'training.employment_tier', 'living_allowance', or 'basic'. */
export function sectionOf(path: string): string {
  const parts = path.split('.');
  if (parts[0] === 'training' && parts.length > 1) return `training.${parts[1].replace(/\[\d+\]$/, '')}`;
  const top = parts[0].replace(/\[\d+\]$/, '');
  return top in SECTION_LABEL ? top : 'basic';
}

/**
 * The Chinese label of a policy path: 'living_allowance.per_class_cap_fen' →
 * '生活费、交通费补贴 › 每期补贴上限'; tiers are numbered ('第 2 档 › 起始就业率'). An unknown
 * path falls back to itself, so a new schema field still shows.
 */
export function pathLabel(path: string): string {
  const section = sectionOf(path);
  const prefix = section !== 'basic' && section !== 'review_levels' ? SECTION_LABEL[section] : undefined;
  return prefix ? `${prefix} › ${leafLabel(path)}` : leafLabel(path);
}

/** The label of a path within its section: '每期补贴上限', '第 2 档 › 起始就业率', '第 2 档'. */
export function leafLabel(path: string): string {
  const tier = /tiers\[(\d+)\](\.)?/.exec(path);
  const tierLabel = tier ? `第 ${Number(tier[1]) + 1} 档` : null;
  if (tier && !tier[2]) return tierLabel ?? path;
  const leaf = POLICY_FIELDS[fieldKey(path)]?.label ?? path;
  return tierLabel ? `${tierLabel} › ${leaf}` : leaf;
}

/** Any JSON value as text (objects as JSON, never '[object Object]'). */
function text(v: unknown): string {
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return String(v as string | number | boolean | null | undefined);
}

function labelList(values: unknown, labels: Record<string, string>): string {
  if (!Array.isArray(values)) return String(values);
  return values.length ? values.map((v) => labels[text(v)] ?? text(v)).join('、') : '（无）';
}

function formatTier(t: unknown): string {
  if (!t || typeof t !== 'object') return text(t);
  const tier = t as { min_rate?: number; counts?: string; factor?: number };
  return `就业率 ${rateToPercent(tier.min_rate ?? 0)}% 起${TIER_COUNTS_LABEL[tier.counts ?? ''] ?? tier.counts}核算，系数 ${tier.factor}`;
}

/** A value of a policy path as Chinese text ('2,500.00 元', '30%', '是', labels joined by '、'). */
export function formatPolicyValue(path: string, value: unknown): string {
  if (value === null || value === undefined) return path === 'effective_to' ? '长期有效' : '（无）';
  const kind = POLICY_FIELDS[fieldKey(path)]?.kind;
  switch (kind) {
    case 'money':
      return typeof value === 'number' ? formatYuan(value) : text(value);
    case 'rate':
      return typeof value === 'number' ? `${rateToPercent(value)}%` : text(value);
    case 'count':
      return `${text(value)} 次`;
    case 'months':
      return `${text(value)} 个月`;
    case 'factor':
      return `× ${text(value)}`;
    case 'bool':
      return value ? '是' : '否';
    case 'types':
      return labelList(value, TRAINING_TYPE_NAMES);
    case 'groups':
      return labelList(value, PERSON_GROUP_LABEL);
    case 'evidence':
      return labelList(value, EVIDENCE_KIND_LABEL);
    case 'levels':
      return labelList(value, REVIEW_LEVEL_LABEL);
    case 'tierCounts':
      return TIER_COUNTS_LABEL[text(value)] ?? text(value);
    case 'tiers':
      return Array.isArray(value) ? value.map(formatTier).join('；') : text(value);
    case 'texts':
      return Array.isArray(value) ? value.join('\n') : text(value);
    case 'date':
    case 'text':
    case undefined:
      return typeof value === 'object' ? JSON.stringify(value) : text(value);
  }
}

// ---------------------------------------------------------------------------------------------
// Diff

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Expands the server's changes (objects compared key by key, arrays as one leaf) down to
 * leaves a person can read: an array of objects (the employment tiers) is compared element
 * by element and key by key ('training.employment_tier.tiers[1].min_rate'); a tier added or
 * removed stays one change of the whole element. Arrays of scalars (sets of groups, types)
 * stay one change. Order: the input's, then by key.
 */
export function flattenChanges(changes: PolicyChange[]): PolicyChange[] {
  const out: PolicyChange[] = [];
  const walk = (path: string, from: unknown, to: unknown): void => {
    if (JSON.stringify(from) === JSON.stringify(to)) return;
    if (isPlainObject(from) && isPlainObject(to)) {
      for (const k of [...new Set([...Object.keys(from), ...Object.keys(to)])].sort()) walk(`${path}.${k}`, from[k], to[k]);
      return;
    }
    if (Array.isArray(from) && Array.isArray(to) && (from as unknown[]).concat(to as unknown[]).some(isPlainObject)) {
      const n = Math.max(from.length, to.length);
      for (let i = 0; i < n; i++) {
        const a: unknown = from[i];
        const b: unknown = to[i];
        if (isPlainObject(a) && isPlainObject(b)) walk(`${path}[${i}]`, a, b);
        else if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path: `${path}[${i}]`, from: a ?? null, to: b ?? null });
      }
      return;
    }
    out.push({ path, from: from ?? null, to: to ?? null });
  };
  for (const c of changes) walk(c.path, c.from, c.to);
  return out;
}

export interface DiffRow {
  key: string;
  path: string;
  section: string;
  label: string;
  from: string;
  to: string;
}

/** Table rows of a diff: flattened, labelled in Chinese, values formatted. */
export function diffRows(changes: PolicyChange[]): DiffRow[] {
  return flattenChanges(changes).map((c) => {
    const tierElement = /tiers\[\d+\]$/.test(c.path);
    const fmt = (v: unknown) => (v === null ? '（无）' : tierElement ? formatTier(v) : formatPolicyValue(c.path, v));
    return { key: c.path, path: c.path, section: SECTION_LABEL[sectionOf(c.path)] ?? '基本信息', label: leafLabel(c.path), from: fmt(c.from), to: fmt(c.to) };
  });
}

// ---------------------------------------------------------------------------------------------
// What-if results

export const DECISION_LABEL: Record<string, string> = { approved: '全额通过', partial: '部分通过', rejected: '不予补贴' };

/** Rule codes of the evaluator (contracts.md §3) → Chinese. */
export const RULE_LABEL: Record<string, string> = {
  'training.not_registered': '开班前未登记',
  'training.not_qualified': '未完成培训或未考核合格',
  'training.employment_tier': '就业率未达阈值（梯级补贴）',
  'training.voucher_reused': '培训券已使用',
  'training.overlapping_class': '培训时间重叠',
  'training.student_once': '在校期间已享受过一次',
  'training.yearly_cap': '超过每年补贴次数',
  'training.standard': '按标准补贴',
  'institution.blacklisted': '培训机构已列入黑名单',
  'direct.missing_evidence': '佐证材料不全',
  'living.not_eligible_group': '不属于生活费补贴对象',
  'living.not_employment_training': '培训类型不享受生活费补贴',
  'living.not_trainee': '不在花名册或未出勤',
  'living.once_per_year': '本年度已享受生活费补贴',
  'wat.enterprise_wage_arrears': '企业有欠薪违法行为',
  'wat.sample_unaware': '抽查职工不知情比例过高',
  'wat.below_min_wage': '工资低于最低工资标准',
  'wat.once_per_worker': '该职工已享受过以工代训补贴',
  'apprenticeship.once_per_year': '本年度已享受学徒制补贴',
  'living.rate_capped': '超过每日标准，按上限核算',
  'living.cap_per_class': '超过每期上限',
  'wat.no_certificate_70pct': '无更高等级证书，按比例核算',
  'living.standard': '按标准补贴',
  'wat.standard': '按标准补贴',
  'apprenticeship.standard': '按标准补贴',
};

export const ruleLabel = (rule: string): string => RULE_LABEL[rule] ?? rule;

/**
 * Parses a pasted or uploaded batch (contracts.md §3) far enough to send it: JSON with a
 * `claims` array. Returns the batch, or a Chinese message saying what is wrong.
 */
export function parseBatchText(text: string): { batch: Record<string, unknown> } | { error: string } {
  if (!text.trim()) return { error: '请上传或粘贴申报批次 JSON' };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { error: `JSON 格式有误：${err instanceof Error ? err.message : String(err)}` };
  }
  if (!isPlainObject(data)) return { error: '批次应为 JSON 对象（含 people、classes、claims 等字段）' };
  if (!Array.isArray(data.claims)) return { error: '批次缺少 claims（申报）数组' };
  return { batch: data };
}

// ---------------------------------------------------------------------------------------------
// Sets

/** '000000' → 全国; the user's own region or a known one (province names) → its name; otherwise the code. */
export function regionLabel(code: string, own: { regionCode: string; regionName: string | null }, names: Readonly<Record<string, string>> = {}): string {
  if (code === '000000') return '全国';
  if (code === own.regionCode && own.regionName) return own.regionName;
  return names[code] ?? code;
}

/**
 * The default 编号 and 名称 of a copy of `from` made by a user of region `regionCode`: the
 * next version of an own set keeps both; a copy of a built-in or another region's set gets a
 * new 编号 of the user's region and year.
 */
export function copyDefaults(from: PolicySetSummary, regionCode: string, regionName: string | null, year: string): { id: string; name: string } {
  if (from.status !== 'builtin' && from.regionCode === regionCode) return { id: from.id, name: from.name };
  return { id: `region-${regionCode}-${year}`, name: `${regionName ?? regionCode}职业培训补贴政策（${year}年）` };
}

/**
 * The server's validation message 'training.employment_tier.tiers.1.min_rate: 各档起点应递增'
 * with the path in Chinese ('梯级培训补贴 › 第 2 档 › 起始就业率：各档起点应递增').
 */
export function explainValidationMessage(message: string): string {
  const m = /^([a-z_][a-z0-9_.]*): (.*)$/s.exec(message);
  if (!m) return message;
  const path = m[1].replace(/\.(\d+)(?=\.|$)/g, '[$1]');
  return `${pathLabel(path)}：${m[2]}`;
}
