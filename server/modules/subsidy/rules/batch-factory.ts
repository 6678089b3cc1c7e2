/**
 * Factories for evaluator tests: valid batch parts with sensible defaults, overridden per
 * test. A batch goes through `parseClaimBatch` like the CLI's input, so tests exercise the
 * schema's defaults too.
 */
import { getBuiltinPolicySet } from '../policy-sets/index.ts';
import type { PolicySet } from '../policy-set.schema.ts';
import { parseClaimBatch, type ClaimBatchInput } from './batch.schema.ts';
import { evaluateClaims } from './evaluate.ts';
import type { ClaimResult, EvaluationResult } from './result.ts';

type Input<K extends keyof ClaimBatchInput> = NonNullable<ClaimBatchInput[K]>[number];
export type TraineeInput = Input<'classes'>['trainees'][number];
export type ClassInput = Input<'classes'>;
export type ClaimInput = Input<'claims'>;
export type PersonInput = Input<'people'>;
export type HistoryInput = Input<'history'>;

/** A qualified, employed trainee who attended 10 days, without a voucher. */
export function trainee(person: string, overrides: Partial<TraineeInput> = {}): TraineeInput {
  return { person, registered_before_start: true, completed: true, passed: true, days_attended: 10, employed: true, voucher: null, ...overrides };
}

/** An employment-skills class of institution I1 in April 2021, standard 1,200 yuan. */
export function trainingClass(id: string, trainees: TraineeInput[], overrides: Partial<ClassInput> = {}): ClassInput {
  return { id, type: 'employment_skills', key_group: false, institution: 'I1', start: '2021-04-01', end: '2021-04-20', standard: 1200, trainees, ...overrides };
}

export function person(id: string, overrides: Partial<PersonInput> = {}): PersonInput {
  return { id, groups: ['lifted_out_of_poverty'], student_periods: [], ...overrides };
}

export function trainingClaim(id: string, cls: string, date = '2021-05-10'): ClaimInput {
  return { id, kind: 'training', class: cls, date };
}

export function historyTraining(personId: string, start: string, end: string, type: 'employment_skills' | 'post_skills' | 'entrepreneurship' | 'apprenticeship' | 'work_as_training' = 'employment_skills'): HistoryInput {
  return { person: personId, kind: 'training', training_type: type, class_start: start, class_end: end };
}

/** A batch with institution I1 (not blacklisted) and enterprise E1 (clean) unless given. */
export function batchInput(parts: Partial<ClaimBatchInput> & { claims: ClaimInput[] }): ClaimBatchInput {
  return {
    people: [],
    history: [],
    institutions: [{ id: 'I1', blacklisted_since: null }],
    enterprises: [{ id: 'E1', wage_arrears_since_2020: false, classified: false, sample: { checked: 10, unaware: 0 } }],
    classes: [],
    ...parts,
  };
}

function policy(id: string): PolicySet {
  const p = getBuiltinPolicySet(id);
  if (!p) throw new Error(`no policy set ${id}`);
  return p;
}

/** Parses and evaluates a batch under a built-in policy set (default shaanxi-2021). */
export function evaluate(parts: Partial<ClaimBatchInput> & { claims: ClaimInput[] }, policyId = 'shaanxi-2021'): EvaluationResult {
  return evaluateClaims(policy(policyId), parseClaimBatch(batchInput(parts)));
}

/** The result of the claim with this id. */
export function resultOf(result: EvaluationResult, claim: string): ClaimResult {
  const r = result.results.find((x) => x.claim === claim);
  if (!r) throw new Error(`no result for ${claim}`);
  return r;
}

/** Line rules of a claim, in order. */
export function lineRules(r: ClaimResult): string[] {
  return r.lines.map((l) => l.rule);
}

/** Reason rules of a claim, in order. */
export function reasonRules(r: ClaimResult): string[] {
  return r.reasons.map((x) => x.rule);
}
