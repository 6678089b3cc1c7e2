/**
 * The subsidy policy evaluator (补贴政策测算): decides a batch of claims against a policy set,
 * with no I/O (contracts.md §3). The CLI `jineng policy evaluate`, the claim-review workflow
 * and the provincial what-if simulator all call `evaluateClaims`.
 *
 * Claims are decided in array order; every approved line or claim becomes history at once
 * for the lines and claims after it. Before anything is decided, every reference is
 * resolved (a claim naming an unknown class, enterprise, person or institution throws
 * BatchInputError naming the JSON path): either the whole batch is evaluated or nothing.
 */
import type { PolicySet } from '../policy-set.schema.ts';
import { evaluateApprenticeshipClaim } from './apprenticeship.ts';
import { BatchInputError, type BatchEnterprise, type BatchInstitution, type ClaimBatch } from './batch.schema.ts';
import { compilePolicy } from './compiled-policy.ts';
import { classFacts, type ClassFacts, type EvaluationContext } from './context.ts';
import { evaluateDirectEnterpriseClaim } from './direct-enterprise.ts';
import { HistoryIndex, type PersonState } from './history.ts';
import { evaluateLivingClaim } from './living.ts';
import type { ClaimResult, EvaluationResult } from './result.ts';
import { evaluateTrainingClaim } from './training.ts';
import { evaluateWorkAsTrainingClaim } from './work-as-training.ts';

/** Id → position, rejecting a repeated id at `list[i].id`. */
function indexById(list: readonly { id: string }[], name: string, what: string): Map<string, number> {
  const map = new Map<string, number>();
  for (let i = 0; i < list.length; i++) {
    const id = list[i].id;
    if (map.has(id)) throw new BatchInputError(`${name}[${i}].id`, `${what}编号重复（与 ${name}[${map.get(id) ?? 0}] 相同）`);
    map.set(id, i);
  }
  return map;
}

interface ResolvedBatch {
  /** Per claim: position of its class in `classes`, or -1. */
  claimClass: Int32Array;
  /** Per claim: position of its enterprise in `enterprises`, or -1. */
  claimEnterprise: Int32Array;
  /** Per class: its institution (resolved for classes of training claims only). */
  classInstitution: (BatchInstitution | undefined)[];
  /** Per claim: the claimed person's state (resolved for living-allowance claims only). */
  claimPerson: (PersonState | undefined)[];
}

/**
 * Resolves every reference of the claims, or throws BatchInputError at the first unknown one
 * (`history` holds the people of the batch).
 */
function resolveReferences(batch: ClaimBatch, history: HistoryIndex): ResolvedBatch {
  const classIndex = indexById(batch.classes, 'classes', '培训班');
  const institutionIndex = indexById(batch.institutions, 'institutions', '培训机构');
  const enterpriseIndex = indexById(batch.enterprises, 'enterprises', '企业');

  const claims = batch.claims;
  const claimClass = new Int32Array(claims.length).fill(-1);
  const claimEnterprise = new Int32Array(claims.length).fill(-1);
  const classInstitution = new Array<BatchInstitution | undefined>(batch.classes.length);
  const claimPerson = new Array<PersonState | undefined>(claims.length);

  const classOf = (i: number, id: string): number => {
    const c = classIndex.get(id);
    if (c === undefined) throw new BatchInputError(`claims[${i}].class`, `未知的培训班 "${id}"（classes 中没有该培训班）`);
    return c;
  };
  const enterpriseOf = (i: number, id: string): number => {
    const e = enterpriseIndex.get(id);
    if (e === undefined) throw new BatchInputError(`claims[${i}].enterprise`, `未知的企业 "${id}"（enterprises 中没有该企业）`);
    return e;
  };

  for (let i = 0; i < claims.length; i++) {
    const claim = claims[i];
    switch (claim.kind) {
      case 'training': {
        const c = classOf(i, claim.class);
        claimClass[i] = c;
        // The blacklist check needs the class's institution.
        const institution = batch.classes[c].institution;
        if (institution === null) {
          throw new BatchInputError(`classes[${c}].institution`, `缺少字段：培训补贴申报 claims[${i}] 的培训班 "${claim.class}" 需要注明培训机构`);
        }
        const inst = institutionIndex.get(institution);
        if (inst === undefined) {
          throw new BatchInputError(`classes[${c}].institution`, `未知的培训机构 "${institution}"（institutions 中没有该机构；claims[${i}] 申报该培训班）`);
        }
        classInstitution[c] = batch.institutions[inst];
        break;
      }
      case 'living_allowance':
        claimClass[i] = classOf(i, claim.class);
        // The group check needs the person's groups.
        {
          const state = history.get(claim.person);
          if (state === undefined || state.facts === null) throw new BatchInputError(`claims[${i}].person`, '未知的人员（people 中没有该人员）');
          claimPerson[i] = state;
        }
        break;
      case 'work_as_training':
        claimEnterprise[i] = enterpriseOf(i, claim.enterprise);
        break;
      case 'direct_enterprise':
        claimEnterprise[i] = enterpriseOf(i, claim.enterprise);
        claimClass[i] = classOf(i, claim.class);
        break;
      case 'apprenticeship':
        claimEnterprise[i] = enterpriseOf(i, claim.enterprise);
        break;
      default: {
        const never: never = claim;
        throw new Error(`unknown claim kind ${JSON.stringify(never)}`);
      }
    }
  }
  return { claimClass, claimEnterprise, classInstitution, claimPerson };
}

/**
 * Decides every claim of the batch under the policy set, in order. Pure: the batch is not
 * changed. Throws BatchInputError (nothing evaluated) when a claim names an unknown class,
 * enterprise, institution or person, or an id is repeated.
 */
export function evaluateClaims(policySet: PolicySet, batch: ClaimBatch): EvaluationResult {
  const policy = compilePolicy(policySet);
  const history = HistoryIndex.build(batch.people, batch.history, {
    cappedMask: policy.cappedMask,
    workAsTrainingCapped: policy.workAsTraining.countsTowardCap,
    livingGroups: policy.living.groups,
  });
  const resolved = resolveReferences(batch, history);
  const ctx: EvaluationContext = { policy, history };

  const classes = batch.classes;
  const facts = new Array<ClassFacts | undefined>(classes.length);
  const factsOf = (c: number): ClassFacts => {
    let f = facts[c];
    if (f === undefined) {
      f = classFacts(classes[c], policy);
      facts[c] = f;
    }
    return f;
  };
  const enterprises: readonly BatchEnterprise[] = batch.enterprises;

  const claims = batch.claims;
  const results = new Array<ClaimResult>(claims.length);
  for (let i = 0; i < claims.length; i++) {
    const claim = claims[i];
    switch (claim.kind) {
      case 'training': {
        const c = resolved.claimClass[i];
        const institution = resolved.classInstitution[c];
        results[i] = evaluateTrainingClaim(ctx, claim, factsOf(c), institution?.blacklisted_since ?? null);
        break;
      }
      case 'living_allowance':
        results[i] = evaluateLivingClaim(ctx, claim, factsOf(resolved.claimClass[i]), resolved.claimPerson[i] as PersonState);
        break;
      case 'work_as_training':
        results[i] = evaluateWorkAsTrainingClaim(ctx, claim, enterprises[resolved.claimEnterprise[i]]);
        break;
      case 'direct_enterprise':
        results[i] = evaluateDirectEnterpriseClaim(ctx, claim, enterprises[resolved.claimEnterprise[i]], factsOf(resolved.claimClass[i]));
        break;
      case 'apprenticeship':
        results[i] = evaluateApprenticeshipClaim(ctx, claim);
        break;
      default: {
        const never: never = claim;
        throw new Error(`unknown claim kind ${JSON.stringify(never)}`);
      }
    }
  }
  return { policy: policySet.id, results };
}
