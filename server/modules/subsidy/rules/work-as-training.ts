/**
 * 以工代训 work-as-training, claimed by an enterprise for its worker (003 三(三);
 * policy-rules.md §5).
 *
 * Checks in the contract's order: enterprise wage arrears since 2020, verification sample
 * (unaware ÷ checked ≥ threshold; an enterprise without a sample, or with 0 checked, passes
 * this check — there is no share to compare), wage below the minimum wage, once per worker
 * (any earlier work-as-training subsidy, history or batch, whatever its date).
 * Amount: with a certificate `higher_than_before`, the higher of the claim's standard and
 * the certificate's standard (`wat.standard`, approved); otherwise the no-certificate share
 * (70 %) of the standard, half-up to the fen (`wat.no_certificate_70pct`, partial).
 *
 * Lines: one line for the worker, under the rejecting rule, `wat.no_certificate_70pct` or
 * `wat.standard`. An approved subsidy is recorded for the worker (year of the claim date,
 * used only if a policy set makes work-as-training count toward the yearly cap).
 */
import type { BatchEnterprise, WorkAsTrainingClaim } from './batch.schema.ts';
import { dateKey, yearOfKey } from './calendar.ts';
import type { EvaluationContext } from './context.ts';
import { applyBasisPoints, fenToYuan, percent, ratioAtLeast, yuanText, yuanToFen } from './money.ts';
import { claimResult, rejectedForPerson, type ClaimResult, type ResultReason, type RuleCode } from './result.ts';

export function evaluateWorkAsTrainingClaim(ctx: EvaluationContext, claim: WorkAsTrainingClaim, enterprise: BatchEnterprise): ClaimResult {
  const rule = ctx.policy.workAsTraining;
  if (enterprise.wage_arrears_since_2020) {
    const since = ctx.policy.source.work_as_training.wage_arrears_since.slice(0, 4);
    return rejectedForPerson(claim.id, claim.person, 'wat.enterprise_wage_arrears', `企业 ${enterprise.id} ${since}年以来有拖欠农民工工资等违法违规问题，不得享受以工代训补贴。`);
  }
  const sample = enterprise.sample;
  if (sample !== null && sample.checked > 0 && ratioAtLeast(sample.unaware, sample.checked, rule.unawareBasisPoints)) {
    return rejectedForPerson(
      claim.id,
      claim.person,
      'wat.sample_unaware',
      `企业 ${enterprise.id} 抽查职工 ${sample.checked} 人，不知道本人参加以工代训的 ${sample.unaware} 人，占 ${percent(sample.unaware, sample.checked)}，达到 ${rule.unawareBasisPoints / 100}%，不得享受以工代训补贴。`,
    );
  }
  const wageFen = yuanToFen(claim.wage);
  const minWageFen = yuanToFen(claim.min_wage);
  if (wageFen < minWageFen) {
    return rejectedForPerson(claim.id, claim.person, 'wat.below_min_wage', `参训职工工资 ${yuanText(wageFen)} 低于当地最低工资标准 ${yuanText(minWageFen)}。`);
  }
  const s = ctx.history.get(claim.person);
  if (s !== undefined && s.workAsTraining >= rule.perWorker) {
    return rejectedForPerson(claim.id, claim.person, 'wat.once_per_worker', `该职工已享受过以工代训补贴，符合条件职工只能享受 ${rule.perWorker} 次，不得重复享受。`);
  }

  const standardFen = yuanToFen(claim.standard);
  const reasons: ResultReason[] = [];
  let amountFen: number;
  let lineRule: RuleCode;
  const certificate = claim.certificate;
  if (certificate !== null && certificate.higher_than_before) {
    // 取得职业证书的相应职业（工种）培训补贴高于以工代训补贴的，按较高标准落实补贴.
    amountFen = Math.max(standardFen, yuanToFen(certificate.standard));
    lineRule = 'wat.standard';
  } else {
    amountFen = applyBasisPoints(standardFen, rule.noCertificateBasisPoints);
    lineRule = 'wat.no_certificate_70pct';
    reasons.push({
      rule: 'wat.no_certificate_70pct',
      detail: `参训职工未取得高一级职业证书，按以工代训补贴标准 ${yuanText(standardFen)} 的 ${rule.noCertificateBasisPoints / 100}% 核定为 ${yuanText(amountFen)}。`,
    });
  }
  if (amountFen > 0) ctx.history.addWorkAsTraining(ctx.history.stateOf(claim.person, s), yearOfKey(dateKey(claim.date)));
  return claimResult(claim.id, amountFen, reasons.length > 0, [{ person: claim.person, amount: fenToYuan(amountFen), rule: lineRule }], reasons);
}
