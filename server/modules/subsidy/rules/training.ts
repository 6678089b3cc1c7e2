/**
 * 职业培训补贴 training subsidy claims, and the per-trainee lines shared with
 * direct-enterprise claims (contracts.md §3, policy-rules.md §3, §9).
 *
 * Decisions taken where the contract is silent (each also noted at its place):
 * - A passing line is paid the class `standard` (yuan → fen), times the tier factor when a
 *   policy set defines a factor other than 1.
 * - The employment tier: when the rate is below the threshold, qualified trainees who are
 *   not employed get `training.employment_tier` (amount 0), and the claim carries one
 *   `training.employment_tier` reason.
 * - A line that is not qualified is `training.not_registered` when the trainee was not
 *   registered before the start (the first check), else `training.not_qualified`.
 * - The yearly cap is checked for every line whatever the class's own type (the contract's
 *   check names no exception); only trainings of the counted types fill the cap.
 * - A line is recorded in the history (training, voucher) when it passes every check and is
 *   paid more than 0; a claim with a 0 standard is rejected and records nothing.
 * - Line failures other than the tier are named on the line only; `reasons` carries the
 *   whole-claim rejections and the reductions the contract lists.
 * - When a whole claim is rejected (blacklisted institution, missing evidence) it still has
 *   one line per trainee in roster order, each at 0 under the rejecting rule.
 */
import { TRAINING_TYPE_LABEL } from '../../../../common/schemas/training.ts';
import type { TrainingClaim } from './batch.schema.ts';
import type { ClassFacts, EvaluationContext } from './context.ts';
import { cappedTrainingsIn, hasOverlappingTraining, trainingsEndingWithin, type PersonState } from './history.ts';
import { fenToYuan, percent } from './money.ts';
import { claimResult, type ClaimResult, type ResultLine, type ResultReason, type RuleCode } from './result.ts';

export interface RosterOutcome {
  /** One line per trainee, in roster order. */
  lines: ResultLine[];
  amountFen: number;
  /** Lines paid 0. */
  zeroLines: number;
}

/** Whether the person is a student when the class ends and already used the student's one subsidy. */
function failsStudentOnce(ctx: EvaluationContext, facts: ClassFacts, s: PersonState): boolean {
  const periods = s.studentPeriods;
  if (periods === null) return false;
  const rule = ctx.policy.studentOnce;
  // 003 三(一): 学生在校期间享受一次技能培训补贴（不含创业培训补贴）.
  if ((facts.typeBit & rule.excludedMask) !== 0) return false;
  for (let i = 0; i < periods.length; i += 2) {
    const from = periods[i];
    const to = periods[i + 1];
    if (facts.end < from || facts.end > to) continue;
    if (trainingsEndingWithin(s, from, to, rule.excludedMask) >= rule.count) return true;
  }
  return false;
}

/**
 * Decides one line per trainee, in roster order. The checks run in
 * the contract's order and the first failing one names the line; a passing line is
 * recorded in the history at once, so the next line (the same person twice on a roster)
 * and later claims see it.
 */
export function evaluateRosterLines(ctx: EvaluationContext, facts: ClassFacts): RosterOutcome {
  const { history, policy } = ctx;
  const employedOnly = facts.tier !== null && facts.tier.employedOnly;
  const lineFen = facts.lineFen;
  const lineYuan = fenToYuan(lineFen);
  const trainees = facts.cls.trainees;
  const lines = new Array<ResultLine>(trainees.length);
  let amountFen = 0;
  let zeroLines = 0;
  for (let i = 0; i < trainees.length; i++) {
    const t = trainees[i];
    let rule: RuleCode;
    if (!t.registered_before_start) {
      rule = 'training.not_registered'; // 003 二(六): 凡补必进，不进不补
    } else if (!t.completed || !t.passed) {
      rule = 'training.not_qualified';
    } else if (employedOnly && !t.employed) {
      rule = 'training.employment_tier'; // 003 四(三): below 30 % only the employed count
    } else if (t.voucher !== null && history.isVoucherRedeemed(t.voucher)) {
      rule = 'training.voucher_reused'; // 003 二(六): a voucher is redeemed once
    } else {
      // The last three checks look at the person's state: without one, none can fail.
      const s = history.get(t.person);
      if (s === undefined || (s.trainings === null && s.capped === null)) {
        rule = 'training.standard'; // no approved training yet: nothing to overlap or count
      } else if (hasOverlappingTraining(s, facts.start, facts.end)) {
        rule = 'training.overlapping_class';
      } else if (failsStudentOnce(ctx, facts, s)) {
        rule = 'training.student_once';
      } else if (cappedTrainingsIn(s, facts.endYear) >= policy.yearlyCap) {
        rule = 'training.yearly_cap'; // 003 三(三): 3 trainings per calendar year
      } else {
        rule = 'training.standard';
      }
      if (rule === 'training.standard' && lineFen > 0) {
        // Approved: history at once (an approved line redeems its voucher).
        history.addTraining(history.stateOf(t.person, s), facts.typeBit, facts.start, facts.end);
        if (t.voucher !== null) history.redeemVoucher(t.voucher);
        amountFen += lineFen;
        lines[i] = { person: t.person, amount: lineYuan, rule };
        continue;
      }
    }
    zeroLines++;
    lines[i] = { person: t.person, amount: 0, rule };
  }
  return { lines, amountFen, zeroLines };
}

/** Reasons for the tier of a class whose lines were evaluated (reductions only). */
export function tierReasons(ctx: EvaluationContext, facts: ClassFacts, reasons: ResultReason[]): void {
  const tier = facts.tier;
  if (tier === null) return;
  const rate = `${percent(facts.employed, facts.qualified)}（${facts.employed}/${facts.qualified}）`;
  const label = TRAINING_TYPE_LABEL[facts.cls.type];
  if (tier.employedOnly) {
    const threshold = `${ctx.policy.tier.thresholdBasisPoints / 100}%`;
    reasons.push({
      rule: 'training.employment_tier',
      detail: `培训班 ${facts.cls.id}（重点群体${label}）培训后就业率 ${rate} 未达到 ${threshold}，只按就业人数核算补贴：${facts.qualified - facts.employed} 名合格但未就业的学员不予补贴（梯级培训补贴）。`,
    });
  } else if (tier.factorBasisPoints < 10_000) {
    reasons.push({
      rule: 'training.employment_tier',
      detail: `培训班 ${facts.cls.id}（重点群体${label}）培训后就业率 ${rate}，所在档位按补贴标准的 ${tier.factorBasisPoints / 100}% 核算（梯级培训补贴）。`,
    });
  }
}

/** Lines at 0 under a whole-claim rejection, one per trainee in roster order. */
export function rejectedRosterLines(facts: ClassFacts, rule: RuleCode): ResultLine[] {
  const trainees = facts.cls.trainees;
  const lines = new Array<ResultLine>(trainees.length);
  for (let i = 0; i < trainees.length; i++) lines[i] = { person: trainees[i].person, amount: 0, rule };
  return lines;
}

/** Evaluates a training claim (培训补贴申报) of a class by its institution. */
export function evaluateTrainingClaim(ctx: EvaluationContext, claim: TrainingClaim, facts: ClassFacts, blacklistedSince: string | null): ClaimResult {
  // 003 三(六): a blacklisted institution's claims dated on or after the listing are rejected.
  if (blacklistedSince !== null && blacklistedSince <= claim.date) {
    const detail = `培训机构 ${facts.cls.institution ?? ''} 自 ${blacklistedSince} 起列入黑名单，申报日期 ${claim.date} 不早于该日期，整单不予补贴。`;
    return claimResult(claim.id, 0, true, rejectedRosterLines(facts, 'institution.blacklisted'), [{ rule: 'institution.blacklisted', detail }]);
  }
  const reasons: ResultReason[] = [];
  const outcome = evaluateRosterLines(ctx, facts);
  tierReasons(ctx, facts, reasons);
  return claimResult(claim.id, outcome.amountFen, outcome.zeroLines > 0 || reasons.length > 0, outcome.lines, reasons);
}
