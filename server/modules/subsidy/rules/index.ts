/** Public surface of the subsidy policy evaluator (pure; no I/O). */
export { evaluateClaims } from './evaluate.ts';
export { BatchInputError, ClaimBatch, jsonPath, parseClaimBatch } from './batch.schema.ts';
export type { Claim, ClaimBatchInput, ClaimKind } from './batch.schema.ts';
export { RULE_CODES } from './result.ts';
export type { ClaimResult, Decision, EvaluationResult, ResultLine, ResultReason, RuleCode } from './result.ts';
