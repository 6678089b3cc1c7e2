/**
 * Policy-set administration (seed 002 三(六): standards adjusted dynamically): a provincial
 * administrator copies a set, edits a draft, sees a diff against its origin, and publishes
 * it; published versions are immutable (database trigger). The what-if run evaluates an
 * uploaded batch with the same evaluator the claim workflow uses.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import type { Actor } from '../../http/actor.ts';
import { AppError, notFound } from '../../../common/errors.ts';
import { regionInScope } from '../../../common/region.ts';
import { now } from '../../clock.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { PolicySet } from './policy-set.schema.ts';
import { getBuiltinPolicySet, listBuiltinPolicySets } from './policy-sets/index.ts';
import { BatchInputError, evaluateClaims, parseClaimBatch, type EvaluationResult } from './rules/index.ts';

export interface PolicySetSummary {
  id: string;
  version: number;
  name: string;
  regionCode: string;
  status: 'builtin' | 'draft' | 'published';
  basedOn: string | null;
  /** CST dates 'YYYY-MM-DD' of the document (effective_to null = open-ended). */
  effectiveFrom: string;
  effectiveTo: string | null;
}

export async function listPolicySets(db: Kysely<DB>): Promise<PolicySetSummary[]> {
  const rows = await db.selectFrom('policy_sets').select(['id', 'version', 'name', 'region_code', 'status', 'based_on', 'document']).orderBy('id').orderBy('version').execute();
  return [
    ...listBuiltinPolicySets().map((p) => ({ id: p.id, version: p.version, name: p.name, regionCode: p.region_code, status: 'builtin' as const, basedOn: p.based_on, effectiveFrom: p.effective_from, effectiveTo: p.effective_to })),
    ...rows.map((r) => {
      const doc = PolicySet.parse(r.document);
      return { id: r.id, version: r.version, name: r.name, regionCode: r.region_code, status: r.status, basedOn: r.based_on, effectiveFrom: doc.effective_from, effectiveTo: doc.effective_to };
    }),
  ];
}

/** A policy set document: built-in, or a stored version. */
export async function getPolicySet(db: Kysely<DB>, id: string, version?: number): Promise<{ set: PolicySet; status: PolicySetSummary['status'] }> {
  const b = getBuiltinPolicySet(id);
  if (b && (version === undefined || version === b.version)) return { set: b, status: 'builtin' };
  let q = db.selectFrom('policy_sets').selectAll().where('id', '=', id);
  if (version !== undefined) q = q.where('version', '=', version);
  const row = await q.orderBy('version', 'desc').executeTakeFirst();
  if (!row) throw notFound('政策集');
  return { set: PolicySet.parse(row.document), status: row.status };
}

function assertRegion(actor: Actor, region: string): void {
  if (actor.role === 'system') return;
  if (!regionInScope(actor.regionCode, region)) throw new AppError('auth.forbidden', '只能为本辖区制定政策集');
}

/** Copies a set into a new draft (a new id, or the next version of an own set). */
export async function copyPolicySet(db: Kysely<DB>, actor: Actor, input: { from: string; fromVersion?: number; id: string; name: string; regionCode: string }): Promise<{ id: string; version: number }> {
  assertRegion(actor, input.regionCode);
  if (getBuiltinPolicySet(input.id)) throw new AppError('conflict', '不能使用内置政策集的编号');
  const { set } = await getPolicySet(db, input.from, input.fromVersion);
  const latest = await db.selectFrom('policy_sets').select(['version', 'region_code']).where('id', '=', input.id).orderBy('version', 'desc').executeTakeFirst();
  if (latest && latest.region_code !== input.regionCode) throw new AppError('conflict', '该编号已被其他地区使用');
  const version = (latest?.version ?? 0) + 1;
  const doc = PolicySet.parse({ ...set, id: input.id, name: input.name, region_code: input.regionCode, version, based_on: `${input.from}@${set.version}` });
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('policy_sets')
      .values({ id: doc.id, version, name: doc.name, region_code: doc.region_code, based_on: doc.based_on, document: JSON.stringify(doc), status: 'draft', created_by: actor.userId, published_by: null, published_at: null })
      .execute();
    await appendAudit(trx, { actor, action: 'policy.copy', objectType: 'policy_set', objectId: `${doc.id}@${version}`, regionCode: doc.region_code, detail: { from: doc.based_on } });
  });
  return { id: doc.id, version };
}

/** Replaces a draft's document (validated by the policy-set schema; identity fields kept). */
export async function updateDraft(db: Kysely<DB>, actor: Actor, id: string, version: number, document: unknown): Promise<void> {
  const row = await db.selectFrom('policy_sets').selectAll().where('id', '=', id).where('version', '=', version).executeTakeFirst();
  if (!row) throw notFound('政策集');
  assertRegion(actor, row.region_code);
  if (row.status !== 'draft') throw new AppError('state.conflict', '已发布的政策集版本不可修改，请复制为新版本');
  const parsed = PolicySet.safeParse({ ...(document as object), id, version, region_code: row.region_code, based_on: row.based_on });
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new AppError('validation.failed', `${i.path.join('.')}: ${i.message}`);
  }
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('policy_sets').set({ document: JSON.stringify(parsed.data), name: parsed.data.name }).where('id', '=', id).where('version', '=', version).where('status', '=', 'draft').execute();
    await appendAudit(trx, { actor, action: 'policy.edit', objectType: 'policy_set', objectId: `${id}@${version}`, regionCode: row.region_code });
  });
}

export async function publishPolicySet(db: Kysely<DB>, actor: Actor, id: string, version: number): Promise<void> {
  const row = await db.selectFrom('policy_sets').selectAll().where('id', '=', id).where('version', '=', version).executeTakeFirst();
  if (!row) throw notFound('政策集');
  assertRegion(actor, row.region_code);
  await db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('policy_sets').set({ status: 'published', published_by: actor.userId, published_at: now() }).where('id', '=', id).where('version', '=', version).where('status', '=', 'draft').executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new AppError('state.conflict', '该版本已发布');
    await appendAudit(trx, { actor, action: 'policy.publish', objectType: 'policy_set', objectId: `${id}@${version}`, regionCode: row.region_code });
  });
}

/** Leaf-by-leaf differences between two documents (paths like training.yearly_cap.count). */
export function diffDocuments(a: unknown, b: unknown, path = ''): { path: string; from: unknown; to: unknown }[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => diffDocuments(a[k], b[k], path ? `${path}.${k}` : k));
  }
  return [{ path, from: a ?? null, to: b ?? null }];
}

/** The what-if simulator: the same evaluator over an uploaded batch. */
export function whatIf(set: PolicySet, batch: unknown): EvaluationResult {
  try {
    return evaluateClaims(set, parseClaimBatch(batch));
  } catch (err) {
    if (err instanceof BatchInputError) throw new AppError('validation.failed', err.message);
    throw err;
  }
}
