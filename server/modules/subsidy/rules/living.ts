/**
 * 生活费、交通费补贴 living and transport allowance (003 三(一); policy-rules.md §4).
 *
 * Checks in the contract's order: eligible group, employment/entrepreneurship training, on
 * the roster with days attended, once per calendar year of the class's end. Amount = days
 * attended × (min(living, cap) + min(transport, cap)), at most the per-class cap.
 *
 * Lines: one line for the claimed person. Its rule is the rejecting rule when rejected; when
 * paid, the reduction that fixed the amount (`living.cap_per_class` over
 * `living.rate_capped`), else `living.standard`. Both reductions make the claim partial and
 * are named in `reasons`. An approved allowance counts for the year of the class's end.
 */
import type { LivingClaim } from './batch.schema.ts';
import { findTrainee, type ClassFacts, type EvaluationContext } from './context.ts';
import { TRAINING_TYPE_LABEL } from '../../../../common/schemas/training.ts';
import { livingAllowancesIn, type PersonState } from './history.ts';
import { fenToYuan, yuanText, yuanToFen } from './money.ts';
import { claimResult, rejectedForPerson, type ClaimResult, type ResultReason, type RuleCode } from './result.ts';

const GROUP_LABEL: Record<string, string> = {
  registered_poor: '建档立卡贫困人口',
  lifted_out_of_poverty: '脱贫人口',
  employment_difficulty: '就业困难人员',
  zero_employment_family: '零就业家庭成员',
  rural_graduate_not_continuing: '城乡未继续升学的初高中毕业生中的农村学员',
  urban_low_income_family: '城市低保家庭学员',
};

/** The explanation of `living.not_eligible_group`, built once per group set. */
const notEligibleDetails = new WeakMap<ReadonlySet<string>, string>();
function notEligibleDetail(groups: ReadonlySet<string>): string {
  let detail = notEligibleDetails.get(groups);
  if (detail === undefined) {
    detail = `申请人不属于生活费、交通费补贴对象（${[...groups].map((g) => GROUP_LABEL[g] ?? g).join('、')}）。`;
    notEligibleDetails.set(groups, detail);
  }
  return detail;
}

/** Evaluates a living-allowance claim; `s` is the claimed person's state (from `people`). */
export function evaluateLivingClaim(ctx: EvaluationContext, claim: LivingClaim, facts: ClassFacts, s: PersonState): ClaimResult {
  const rule = ctx.policy.living;
  // The state carries the person's eligibility (computed once from the groups) and history.
  if (!s.livingEligible) {
    return rejectedForPerson(claim.id, claim.person, 'living.not_eligible_group', notEligibleDetail(rule.groups));
  }
  if ((facts.typeBit & rule.typeMask) === 0) {
    return rejectedForPerson(
      claim.id,
      claim.person,
      'living.not_employment_training',
      `培训班 ${facts.cls.id} 为${TRAINING_TYPE_LABEL[facts.cls.type]}，生活费、交通费补贴仅限参加就业创业培训。`,
    );
  }
  const trainee = findTrainee(facts, claim.person);
  if (trainee === undefined || trainee.days_attended === 0) {
    const detail = trainee === undefined ? `申请人不在培训班 ${facts.cls.id} 的实名制花名册中。` : `申请人在培训班 ${facts.cls.id} 的实际出勤天数为 0。`;
    return rejectedForPerson(claim.id, claim.person, 'living.not_trainee', detail);
  }
  if (livingAllowancesIn(s, facts.endYear) >= rule.perYear) {
    return rejectedForPerson(claim.id, claim.person, 'living.once_per_year', `申请人 ${facts.endYear} 年已享受过生活费、交通费补贴，每年只享受 ${rule.perYear} 次。`);
  }

  const days = trainee.days_attended;
  const livingFen = yuanToFen(claim.living_per_day);
  const transportFen = yuanToFen(claim.transport_per_day);
  const livingPaid = Math.min(livingFen, rule.livingCapFen);
  const transportPaid = Math.min(transportFen, rule.transportCapFen);
  const uncappedFen = days * (livingPaid + transportPaid);
  const amountFen = Math.min(uncappedFen, rule.perClassCapFen);
  const reasons: ResultReason[] = [];
  let lineRule: RuleCode = 'living.standard';
  if (livingPaid < livingFen || transportPaid < transportFen) {
    lineRule = 'living.rate_capped';
    reasons.push({
      rule: 'living.rate_capped',
      detail: `申报生活费 ${yuanText(livingFen)}/天、交通费 ${yuanText(transportFen)}/天，按每人每天生活费不超过 ${yuanText(rule.livingCapFen)}、交通费不超过 ${yuanText(rule.transportCapFen)} 核定为 ${yuanText(livingPaid)}/天、${yuanText(transportPaid)}/天。`,
    });
  }
  if (amountFen < uncappedFen) {
    lineRule = 'living.cap_per_class';
    reasons.push({
      rule: 'living.cap_per_class',
      detail: `按出勤 ${days} 天计算为 ${yuanText(uncappedFen)}，超过每人每期累计 ${yuanText(rule.perClassCapFen)} 的上限，按上限核定。`,
    });
  }
  if (amountFen > 0) ctx.history.addLivingAllowance(s, facts.endYear);
  return claimResult(claim.id, amountFen, reasons.length > 0, [{ person: claim.person, amount: fenToYuan(amountFen), rule: lineRule }], reasons);
}
