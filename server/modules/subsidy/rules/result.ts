/**
 * Output of the evaluator (contracts.md §3): one result per claim, in claim order, shaped
 * exactly `{claim, decision, amount, lines: [{person, amount, rule}], reasons: [{rule, detail}]}`.
 */
import { fenToYuan } from './money.ts';

/** Rule codes of contracts.md §3, plus the passing code of each non-training kind. */
export const RULE_CODES = [
  // Training and direct-enterprise lines (first failing check, in this order).
  'training.not_registered',
  'training.not_qualified',
  'training.employment_tier',
  'training.voucher_reused',
  'training.overlapping_class',
  'training.student_once',
  'training.yearly_cap',
  'training.standard',
  // Whole-claim rejections.
  'institution.blacklisted',
  'direct.missing_evidence',
  'living.not_eligible_group',
  'living.not_employment_training',
  'living.not_trainee',
  'living.once_per_year',
  'wat.enterprise_wage_arrears',
  'wat.sample_unaware',
  'wat.below_min_wage',
  'wat.once_per_worker',
  'apprenticeship.once_per_year',
  // Reductions.
  'living.rate_capped',
  'living.cap_per_class',
  'wat.no_certificate_70pct',
  // Line codes of a non-training claim paid without reduction (our addition: the contract
  // names the passing line code of training only; these mirror `training.standard`).
  'living.standard',
  'wat.standard',
  'apprenticeship.standard',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

export type Decision = 'approved' | 'partial' | 'rejected';

export interface ResultLine {
  person: string;
  /** Yuan, 2 decimals. */
  amount: number;
  rule: RuleCode;
}

export interface ResultReason {
  rule: RuleCode;
  /** Chinese explanation with the figures that produced the decision. */
  detail: string;
}

export interface ClaimResult {
  claim: string;
  decision: Decision;
  /** Yuan, 2 decimals (sum of the lines). */
  amount: number;
  lines: ResultLine[];
  reasons: ResultReason[];
}

export interface EvaluationResult {
  /** Id of the policy set applied. */
  policy: string;
  results: ClaimResult[];
}

/**
 * Builds a claim result. Decision (contracts.md §3): `rejected` when the amount is 0,
 * `partial` when something reduced it (a line at 0, a cap, a rate limit, the 70 % rule),
 * else `approved`.
 */
export function claimResult(claim: string, amountFen: number, reduced: boolean, lines: ResultLine[], reasons: ResultReason[]): ClaimResult {
  const decision: Decision = amountFen === 0 ? 'rejected' : reduced ? 'partial' : 'approved';
  return { claim, decision, amount: fenToYuan(amountFen), lines, reasons };
}

/** A single-person claim rejected as a whole: one line at 0 under the rejecting rule. */
export function rejectedForPerson(claim: string, person: string, rule: RuleCode, detail: string): ClaimResult {
  return { claim, decision: 'rejected', amount: 0, lines: [{ person, amount: 0, rule }], reasons: [{ rule, detail }] };
}
