/**
 * The claim workflow's door to the pure evaluator: which policy set governs a region
 * (a published provincial set in the database, else the built-in one), and evaluation of one
 * claim's batch document.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/tables.ts';
import { AppError } from '../../../common/errors.ts';
import { regionAncestors } from '../../../common/region.ts';
import { PolicySet } from './policy-set.schema.ts';
import { getBuiltinPolicySet } from './policy-sets/index.ts';
import { BatchInputError, evaluateClaims, parseClaimBatch, type ClaimResult } from './rules/index.ts';
import type { Batch } from './claims/batch.ts';

export interface ResolvedPolicy {
  id: string;
  version: number;
  set: PolicySet;
}

/** Figures the workflow itself needs from the policy set. */
export function policyFacts(p: ResolvedPolicy): { reviewLevels: string[]; followUpMonths: number } {
  return { reviewLevels: p.set.review_levels, followUpMonths: p.set.training.employment_tier.follow_up_months };
}

function builtin(id: string): ResolvedPolicy {
  const set = getBuiltinPolicySet(id);
  if (!set) throw new AppError('internal', `内置政策集 ${id} 缺失`);
  return { id, version: set.version, set };
}

/**
 * The policy set for a region: an explicit (id, version) when a claim already names one;
 * otherwise the latest published set whose region is the region or one of its ancestors;
 * otherwise the built-in set of the province (陕西 61 → shaanxi-2021) or national-default.
 */
export async function resolvePolicyForRegion(db: Kysely<DB> | Transaction<DB>, region: string, id?: string, version?: number): Promise<ResolvedPolicy> {
  if (id) {
    const b = getBuiltinPolicySet(id);
    if (b && (version === undefined || version === b.version)) return { id, version: b.version, set: b };
    const row = await db.selectFrom('policy_sets').selectAll().where('id', '=', id).$if(version !== undefined, (q) => q.where('version', '=', version!)).orderBy('version', 'desc').executeTakeFirst();
    if (row) return { id: row.id, version: row.version, set: PolicySet.parse(row.document) };
  }
  const rows = await db
    .selectFrom('policy_sets')
    .selectAll()
    .where('status', '=', 'published')
    .where('region_code', 'in', regionAncestors(region))
    .execute();
  rows.sort((a, b) => b.region_code.length - a.region_code.length || b.version - a.version);
  if (rows[0]) return { id: rows[0].id, version: rows[0].version, set: PolicySet.parse(rows[0].document) };
  return builtin(region.startsWith('61') ? 'shaanxi-2021' : 'national-default');
}

/** Evaluates the batch and returns the result of its (last) claim. */
export function evaluateOne(policy: ResolvedPolicy, batch: Batch): ClaimResult {
  let parsed;
  try {
    parsed = parseClaimBatch(batch);
  } catch (err) {
    if (err instanceof BatchInputError) throw new AppError('validation.failed', `申报数据不完整：${err.message}`);
    throw err;
  }
  const out = evaluateClaims(policy.set, parsed);
  const last = out.results[out.results.length - 1];
  if (!last) throw new AppError('internal', '评估没有结果');
  return last;
}
