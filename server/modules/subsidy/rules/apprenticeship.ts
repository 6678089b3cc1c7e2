/**
 * 企业新型学徒制 apprenticeship subsidy, per apprentice per year to the enterprise
 * (002 二(二)2; policy-rules.md §7).
 *
 * Once per person per `year` (history entries `{person, kind: "apprenticeship", year}` and
 * earlier approved claims count). The amount is the claim's `standard`: the contract names
 * no reduction for apprenticeship, so the policy set's standard (4,000 yuan) is the default
 * of the claim form, not a cap. Lines: one line for the apprentice, under
 * `apprenticeship.once_per_year` or `apprenticeship.standard`.
 */
import type { ApprenticeshipClaim } from './batch.schema.ts';
import type { EvaluationContext } from './context.ts';
import { apprenticeshipsIn } from './history.ts';
import { fenToYuan, yuanToFen } from './money.ts';
import { claimResult, rejectedForPerson, type ClaimResult } from './result.ts';

export function evaluateApprenticeshipClaim(ctx: EvaluationContext, claim: ApprenticeshipClaim): ClaimResult {
  const perYear = ctx.policy.apprenticeship.perYear;
  const s = ctx.history.get(claim.person);
  if (s !== undefined && apprenticeshipsIn(s, claim.year) >= perYear) {
    return rejectedForPerson(claim.id, claim.person, 'apprenticeship.once_per_year', `该学徒 ${claim.year} 年已享受过企业新型学徒制培训补贴，每人每年 ${perYear} 次。`);
  }
  const amountFen = yuanToFen(claim.standard);
  if (amountFen > 0) ctx.history.addApprenticeship(ctx.history.stateOf(claim.person, s), claim.year);
  return claimResult(claim.id, amountFen, false, [{ person: claim.person, amount: fenToYuan(amountFen), rule: 'apprenticeship.standard' }], []);
}
