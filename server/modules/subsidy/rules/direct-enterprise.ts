/**
 * 直补企业 direct subsidy to an enterprise that trained its own workers (003 三(四);
 * policy-rules.md §6). The claim names the class (its roster) and the evidence provided.
 *
 * Evidence must include every required kind (plan, sign_in, video), video excepted for a
 * classified enterprise (涉密企业); otherwise the whole claim is rejected
 * (`direct.missing_evidence`, one line per trainee at 0). With complete evidence, the lines
 * are decided exactly like a training claim's (same checks, same history). The class's
 * institution is not checked against the blacklist: the contract applies that check to
 * training claims only, and a direct claim is made by the enterprise itself.
 */
import type { BatchEnterprise, DirectEnterpriseClaim } from './batch.schema.ts';
import type { ClassFacts, EvaluationContext } from './context.ts';
import { claimResult, type ClaimResult, type ResultReason } from './result.ts';
import { evaluateRosterLines, rejectedRosterLines, tierReasons } from './training.ts';

const EVIDENCE_LABEL: Record<string, string> = {
  plan: '培训计划',
  sign_in: '学员签到表',
  video: '培训视频类资料',
  roster: '花名册',
  invoice: '培训补贴发票',
};

export function evaluateDirectEnterpriseClaim(ctx: EvaluationContext, claim: DirectEnterpriseClaim, enterprise: BatchEnterprise, facts: ClassFacts): ClaimResult {
  const rule = ctx.policy.direct;
  const missing: string[] = [];
  for (const kind of rule.required) {
    if (enterprise.classified && rule.classifiedExempt.has(kind)) continue;
    if (!claim.evidence.includes(kind)) missing.push(kind);
  }
  if (missing.length > 0) {
    const names = missing.map((k) => EVIDENCE_LABEL[k] ?? k).join('、');
    const note = enterprise.classified ? '' : '（涉密企业可免交培训视频类资料）';
    return claimResult(claim.id, 0, true, rejectedRosterLines(facts, 'direct.missing_evidence'), [
      { rule: 'direct.missing_evidence', detail: `企业直补培训补贴申报缺少${names}${note}，不能核准。` },
    ]);
  }
  const reasons: ResultReason[] = [];
  const outcome = evaluateRosterLines(ctx, facts);
  tierReasons(ctx, facts, reasons);
  return claimResult(claim.id, outcome.amountFen, outcome.zeroLines > 0 || reasons.length > 0, outcome.lines, reasons);
}
