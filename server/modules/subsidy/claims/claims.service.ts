/**
 * Subsidy claims (seed 000 (十三), 003 四(六)): online declaration, networked verification by
 * the evaluator over facts drawn from the database (registry match, roster, attendance,
 * results, employment, vouchers, blacklist, approved history) at submission and again at
 * every review step, multi-level review (levels from the policy set), exactly one payment per
 * approved claim, recoveries. Money is integer fen.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { ClaimKind, ClaimRow, DB } from '../../../db/tables.ts';
import type { Actor } from '../../../http/actor.ts';
import { actorRegionScope, inRegionScope } from '../../../db/scope.ts';
import { AppError, notFound } from '../../../../common/errors.ts';
import { regionInScope } from '../../../../common/region.ts';
import { cstDate, cstDateTime, cstMidnight } from '../../../../common/dates.ts';
import { now, today } from '../../../clock.ts';
import { appendAudit } from '../../audit/audit.service.ts';
import { addMonths } from '../../training/rules/employment-rate.ts';
import { filedInTime, getClassForActor } from '../../training/training.service.ts';
import type { Batch, BatchHistory, BatchPerson } from './batch.ts';
import type { ClaimResult } from '../rules/index.ts';
import { fenToYuan, yuanToFen } from './batch.ts';
import { evaluateOne, policyFacts, resolvePolicyForRegion, type ResolvedPolicy } from '../evaluator.ts';

type Q = Kysely<DB> | Transaction<DB>;

export interface SubmitInput {
  kind: ClaimKind;
  classId?: number;
  personId?: number;
  livingPerDayYuan?: number;
  transportPerDayYuan?: number;
  standardYuan?: number;
  wageYuan?: number;
  minWageYuan?: number;
  year?: number;
  certificate?: { level: number; standardYuan: number; higherThanBefore: boolean } | null;
  enterprise?: { wageArrearsSince2020: boolean; classified: boolean; sampleChecked: number; sampleUnaware: number };
  evidence?: string[];
}

const personKey = (id: number): string => `P${id}`;

/** Groups of a person that the registry knows (policy-rules.md §1: poverty groups only via matching). */
function groupsOf(p: { poverty_status: string | null }): string[] {
  return p.poverty_status ? [p.poverty_status] : [];
}

/** Approved history of the given persons, as evaluator history entries. */
async function historyFor(db: Q, personIds: number[], excludeClaimId: number | null): Promise<BatchHistory[]> {
  if (personIds.length === 0) return [];
  const out: BatchHistory[] = [];
  const approved = await db
    .selectFrom('claims as c')
    .leftJoin('classes as k', 'k.id', 'c.class_id')
    .select(['c.id', 'c.kind', 'c.person_id', 'c.evaluation', 'c.facts', 'c.decided_at', 'k.training_type', 'k.start_date', 'k.end_date'])
    .where('c.status', '=', 'approved')
    .$if(excludeClaimId !== null, (q) => q.where('c.id', '!=', excludeClaimId!))
    .execute();
  const wanted = new Set(personIds.map(personKey));
  for (const c of approved) {
    const ev = c.evaluation as { result?: ClaimResult } | null;
    if ((c.kind === 'training' || c.kind === 'direct_enterprise') && ev?.result && c.start_date && c.end_date && c.training_type) {
      const facts = c.facts as { vouchers?: Record<string, string> };
      for (const line of ev.result.lines) {
        if (line.amount <= 0) continue;
        if (wanted.has(line.person)) out.push({ person: line.person, kind: 'training', training_type: c.training_type, class_start: c.start_date, class_end: c.end_date });
        const v = facts.vouchers?.[line.person];
        if (v) out.push({ voucher: v, kind: 'voucher_redeemed' });
      }
    } else if (c.person_id && wanted.has(personKey(c.person_id))) {
      const date = (c.facts as { date?: string }).date ?? (c.decided_at ? cstDate(new Date(c.decided_at)) : today());
      if (c.kind === 'living_allowance') out.push({ person: personKey(c.person_id), kind: 'living_allowance', date });
      if (c.kind === 'work_as_training') out.push({ person: personKey(c.person_id), kind: 'work_as_training', date });
      if (c.kind === 'apprenticeship') out.push({ person: personKey(c.person_id), kind: 'apprenticeship', year: Number((c.facts as { year?: number }).year ?? date.slice(0, 4)) });
    }
  }
  return out;
}

/** Builds the evaluator batch for one claim from the database. */
async function buildBatch(db: Q, claim: Pick<ClaimRow, 'id' | 'kind' | 'class_id' | 'person_id' | 'facts' | 'submitted_at' | 'claimant_org_id'>, policy: ResolvedPolicy): Promise<Batch> {
  const facts = claim.facts as unknown as SubmitInput & { date: string; vouchers?: Record<string, string> };
  const date = facts.date;
  const batch: Batch = { people: [], history: [], institutions: [], enterprises: [], classes: [], claims: [] };
  const personIds = new Set<number>();
  if (claim.person_id) personIds.add(claim.person_id);
  if (claim.class_id) {
    const k = await db.selectFrom('classes').selectAll().where('id', '=', claim.class_id).executeTakeFirstOrThrow();
    const roster = await db.selectFrom('class_trainees as t').leftJoin('vouchers as v', 'v.id', 't.voucher_id').select(['t.id', 't.person_id', 't.registered_before_start', 't.status', 't.passed', 'v.code as voucher']).where('t.class_id', '=', k.id).orderBy('t.id').execute();
    const days = await db
      .selectFrom('attendance as a')
      .innerJoin('class_sessions as s', 's.id', 'a.session_id')
      .innerJoin('class_trainees as t', 't.id', 'a.class_trainee_id')
      .select(['t.id', sql<number>`count(DISTINCT s.session_date)::int`.as('n')])
      .where('t.class_id', '=', k.id)
      .groupBy('t.id')
      .execute();
    const daysBy = new Map(days.map((d) => [d.id, Number(d.n)]));
    const windowEnd = addMonths(k.end_date, policyFacts(policy).followUpMonths);
    const jobs = roster.length
      ? await db.selectFrom('employment_records').select(['person_id', 'start_date']).where('person_id', 'in', roster.map((r) => r.person_id)).where('start_date', '>=', k.start_date).where('start_date', '<=', windowEnd).execute()
      : [];
    const employed = new Set(jobs.map((j) => j.person_id));
    for (const r of roster) personIds.add(r.person_id);
    const profile = await db.selectFrom('institution_profiles').select(['status', 'status_since']).where('org_id', '=', k.org_id).executeTakeFirst();
    batch.institutions.push({ id: `I${k.org_id}`, blacklisted_since: profile?.status === 'blacklisted' ? (profile.status_since ?? '1970-01-01') : null });
    batch.classes.push({
      id: `K${k.id}`,
      type: k.training_type,
      key_group: k.key_group,
      institution: `I${k.org_id}`,
      start: k.start_date,
      end: k.end_date,
      standard: fenToYuan(Number(k.standard_fen ?? 0)),
      trainees: roster.map((r) => ({
        person: personKey(r.person_id),
        registered_before_start: r.registered_before_start,
        completed: r.status === 'completed',
        passed: r.passed === true,
        days_attended: daysBy.get(r.id) ?? 0,
        employed: employed.has(r.person_id),
        voucher: r.voucher ?? null,
      })),
    });
  }
  const persons = personIds.size ? await db.selectFrom('persons').select(['id', 'poverty_status']).where('id', 'in', [...personIds]).execute() : [];
  batch.people = persons.map((p): BatchPerson => ({ id: personKey(p.id), groups: groupsOf(p), student_periods: [] }));
  batch.history = await historyFor(db, [...personIds], claim.id || null);
  const enterpriseId = `E${claim.claimant_org_id ?? 0}`;
  if (facts.enterprise) {
    batch.enterprises.push({ id: enterpriseId, wage_arrears_since_2020: facts.enterprise.wageArrearsSince2020, classified: facts.enterprise.classified, sample: { checked: facts.enterprise.sampleChecked, unaware: facts.enterprise.sampleUnaware } });
  }
  const id = `C${claim.id || 'new'}`;
  switch (claim.kind) {
    case 'training':
      batch.claims.push({ id, kind: 'training', class: `K${claim.class_id}`, date });
      break;
    case 'direct_enterprise':
      if (!facts.enterprise) batch.enterprises.push({ id: enterpriseId, wage_arrears_since_2020: false, classified: false, sample: { checked: 0, unaware: 0 } });
      batch.claims.push({ id, kind: 'direct_enterprise', enterprise: enterpriseId, class: `K${claim.class_id}`, evidence: facts.evidence ?? [], date });
      break;
    case 'living_allowance':
      batch.claims.push({ id, kind: 'living_allowance', class: `K${claim.class_id}`, person: personKey(claim.person_id!), living_per_day: facts.livingPerDayYuan ?? 0, transport_per_day: facts.transportPerDayYuan ?? 0, date });
      break;
    case 'work_as_training':
      batch.claims.push({
        id,
        kind: 'work_as_training',
        enterprise: enterpriseId,
        person: personKey(claim.person_id!),
        standard: facts.standardYuan ?? 0,
        wage: facts.wageYuan ?? 0,
        min_wage: facts.minWageYuan ?? 0,
        date,
        ...(facts.certificate ? { certificate: { level: facts.certificate.level, standard: facts.certificate.standardYuan, higher_than_before: facts.certificate.higherThanBefore } } : {}),
      });
      break;
    case 'apprenticeship':
      batch.claims.push({ id, kind: 'apprenticeship', enterprise: enterpriseId, person: personKey(claim.person_id!), year: facts.year ?? Number(date.slice(0, 4)), standard: facts.standardYuan ?? 0, date });
      break;
    case 'student_aid':
      throw new AppError('validation.failed', '技工院校学生资助由就读管理模块申报');
  }
  return batch;
}

async function evaluateClaim(db: Q, claim: Parameters<typeof buildBatch>[1], policy: ResolvedPolicy): Promise<ClaimResult> {
  const batch = await buildBatch(db, claim, policy);
  return evaluateOne(policy, batch);
}

function claimantRoleAllows(actor: Actor, kind: ClaimKind): boolean {
  if (actor.role === 'institution') return kind === 'training' || kind === 'living_allowance';
  if (actor.role === 'enterprise') return kind === 'work_as_training' || kind === 'direct_enterprise' || kind === 'apprenticeship';
  return false;
}

/** Submits a claim; the evaluator's verdict is stored with it. */
export async function submitClaim(db: Kysely<DB>, actor: Actor, input: SubmitInput): Promise<number> {
  if (!claimantRoleAllows(actor, input.kind) || actor.userId === null) throw new AppError('auth.forbidden', '该机构类型不能申报此类补贴');
  let region = actor.regionCode;
  let classId: number | null = null;
  if (input.kind === 'training' || input.kind === 'living_allowance' || input.kind === 'direct_enterprise') {
    if (!input.classId) throw new AppError('validation.failed', '请选择培训班');
    const k = await getClassForActor(db, actor, input.classId);
    if (actor.role === 'institution' && k.org_id !== actor.orgId) throw notFound('培训班');
    if (k.status !== 'approved') throw new AppError('state.conflict', '培训班未经审核通过，不能申报补贴');
    // seed 003 二(六): a class not filed before its start produces no subsidy.
    if (filedInTime(k) !== true) throw new AppError('state.conflict', '该班未在开班前备案，不能申报补贴');
    if (today() <= k.end_date) throw new AppError('state.conflict', '培训班结束后才能申报补贴');
    region = k.region_code;
    classId = k.id;
    if (input.kind === 'training') {
      const dup = await db.selectFrom('claims').select('id').where('class_id', '=', k.id).where('kind', '=', 'training').where('status', 'in', ['submitted', 'in_review', 'approved']).executeTakeFirst();
      if (dup) throw new AppError('conflict', `该班已申报培训补贴（申报号 ${dup.id}）`);
    }
  }
  let personId: number | null = null;
  if (input.kind !== 'training' && input.kind !== 'direct_enterprise') {
    if (!input.personId) throw new AppError('validation.failed', '请选择人员');
    const p = await db.selectFrom('persons').select(['id', 'region_code']).where('id', '=', input.personId).executeTakeFirst();
    if (!p) throw notFound('人员');
    if (input.kind === 'living_allowance') {
      const onRoster = await db.selectFrom('class_trainees').select('id').where('class_id', '=', classId!).where('person_id', '=', p.id).executeTakeFirst();
      if (!onRoster) throw notFound('人员');
    } else if (!regionInScope(actor.regionCode.slice(0, 4), p.region_code) && !regionInScope(p.region_code.slice(0, 4), actor.regionCode)) {
      // Enterprises claim for their own workers; the registry may hold them anywhere in the city.
      // (No residence restriction applies to eligibility itself: policy-rules.md §3.)
    }
    personId = p.id;
  }
  const policy = await resolvePolicyForRegion(db, region);
  const date = today();
  const facts = { ...input, date };
  return db.transaction().execute(async (trx) => {
    const draft = { id: 0, kind: input.kind, class_id: classId, person_id: personId, facts, submitted_at: now(), claimant_org_id: actor.orgId };
    const result = await evaluateClaim(trx, draft, policy);
    const vouchers: Record<string, string> = {};
    const row = await trx
      .insertInto('claims')
      .values({
        province_code: region.slice(0, 2),
        region_code: region,
        kind: input.kind,
        claimant_org_id: actor.orgId,
        claimant_user_id: actor.userId!,
        class_id: classId,
        person_id: personId,
        policy_set_id: policy.id,
        policy_version: policy.version,
        facts: JSON.stringify({ ...facts, vouchers }),
        status: 'submitted',
        evaluation: JSON.stringify({ at: now().toISOString(), step: 'submission', result }),
        requested_fen: yuanToFen(result.amount),
        approved_fen: null,
        submitted_at: now(),
        decided_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Vouchers used by the lines, remembered so an approved line blocks their reuse.
    if (classId) {
      const vs = await trx.selectFrom('class_trainees as t').innerJoin('vouchers as v', 'v.id', 't.voucher_id').select(['t.person_id', 'v.code']).where('t.class_id', '=', classId).execute();
      for (const v of vs) vouchers[personKey(v.person_id)] = v.code;
      await trx.updateTable('claims').set({ facts: JSON.stringify({ ...facts, vouchers }) }).where('id', '=', row.id).execute();
    }
    await appendAudit(trx, { actor, action: 'subsidy.submit', objectType: 'claim', objectId: row.id, regionCode: region, detail: { kind: input.kind, amountFen: yuanToFen(result.amount), decision: result.decision } });
    return row.id;
  });
}

/** Which role reviews at a level of the policy's review chain. */
function levelRole(level: string): string {
  switch (level) {
    case 'county':
      return 'hr_county';
    case 'city':
      return 'hr_city';
    case 'province':
      return 'hr_province';
    default:
      return `hr_${level}`;
  }
}

/** Claims visible to the actor: claimants see their organisation's, reviewers their region's. */
function claimsQuery(db: Q, actor: Actor) {
  const q = db.selectFrom('claims');
  if (actor.role === 'institution' || actor.role === 'enterprise') return q.where('claimant_org_id', '=', actor.orgId ?? -1);
  return q.where(inRegionScope('region_code', actorRegionScope(actor)));
}

export async function getClaimForActor(db: Q, actor: Actor, id: number): Promise<ClaimRow> {
  const row = await claimsQuery(db, actor).selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('补贴申报');
  return row;
}

export async function listClaims(
  db: Kysely<DB>,
  actor: Actor,
  q: { status?: ClaimRow['status']; kind?: ClaimKind; submittedFrom?: string; submittedTo?: string; page: number; pageSize: number },
) {
  let query = claimsQuery(db, actor);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.kind) query = query.where('kind', '=', q.kind);
  // Days are China Standard Time: [from 00:00 CST, to + 1 day 00:00 CST).
  if (q.submittedFrom) query = query.where('submitted_at', '>=', cstMidnight(q.submittedFrom));
  if (q.submittedTo) query = query.where('submitted_at', '<', new Date(cstMidnight(q.submittedTo).getTime() + 86_400_000));
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query.selectAll().orderBy('id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
  return { total: Number(total.n), items: rows };
}

export interface ReviewOutcome {
  status: ClaimRow['status'];
  approvedFen: number | null;
  paymentId: number | null;
}

/**
 * One review step. The transition is a conditional UPDATE on (status, level, version), so of
 * many concurrent approvals exactly one succeeds and the others get 409; the payment's unique
 * claim_id makes a second payment impossible; the Idempotency-Key row is written in the same
 * transaction so a retried request replays the first answer.
 */
export async function reviewClaim(
  db: Kysely<DB>,
  actor: Actor,
  id: number,
  input: { decision: 'approve' | 'reject'; comment?: string },
  idempotency?: { key: string; requestHash: string },
): Promise<ReviewOutcome> {
  const claim = await getClaimForActor(db, actor, id);
  const policy = await resolvePolicyForRegion(db, claim.region_code, claim.policy_set_id, claim.policy_version);
  const levels = policyFacts(policy).reviewLevels;
  const level = levels[claim.review_level] ?? levels[levels.length - 1];
  if (actor.role !== levelRole(level)) throw new AppError('auth.forbidden', `当前为${level === 'county' ? '县级' : level === 'city' ? '市级' : '省级'}审核环节，您无权审核`);
  if (claim.status !== 'submitted' && claim.status !== 'in_review') throw new AppError('state.conflict', '该申报已审结');
  if (input.decision === 'reject' && !input.comment) throw new AppError('validation.failed', '退回或不予通过时请填写意见');
  return db.transaction().execute(async (trx) => {
    const result = await evaluateClaim(trx, claim, policy);
    const amountFen = yuanToFen(result.amount);
    const final = claim.review_level >= levels.length - 1;
    let next: ClaimRow['status'];
    if (input.decision === 'reject') next = 'rejected';
    else if (!final) next = 'in_review';
    else {
      if (amountFen <= 0) throw new AppError('state.conflict', '核验金额为 0，不能批准，请选择不予通过');
      next = 'approved';
    }
    const updated = await trx
      .updateTable('claims')
      .set({
        status: next,
        review_level: input.decision === 'approve' && !final ? claim.review_level + 1 : claim.review_level,
        evaluation: JSON.stringify({ at: now().toISOString(), step: level, result }),
        approved_fen: next === 'approved' ? amountFen : null,
        decided_at: next === 'approved' || next === 'rejected' ? now() : null,
        version: sql<number>`version + 1`,
      })
      .where('id', '=', id)
      .where('status', 'in', ['submitted', 'in_review'])
      .where('review_level', '=', claim.review_level)
      .where('version', '=', claim.version)
      .returning('id')
      .executeTakeFirst();
    if (!updated) throw new AppError('state.conflict', '该申报已被其他审核人处理，请刷新');
    await trx
      .insertInto('claim_reviews')
      .values({ claim_id: id, level, reviewer_id: actor.userId!, decision: input.decision, comment: input.comment ?? null, evaluation: JSON.stringify(result), at: now() })
      .execute();
    let paymentId: number | null = null;
    if (next === 'approved') {
      const payee = claim.claimant_org_id ? ((await trx.selectFrom('organisations').select('name').where('id', '=', claim.claimant_org_id).executeTakeFirst())?.name ?? '') : '';
      const pay = await trx
        .insertInto('payments')
        .values({ claim_id: id, province_code: claim.province_code, region_code: claim.region_code, payee, amount_fen: amountFen, status: 'scheduled', created_at: now(), created_by: actor.userId, paid_at: null, voucher_no: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      paymentId = pay.id;
    }
    const outcome: ReviewOutcome = { status: next, approvedFen: next === 'approved' ? amountFen : null, paymentId };
    if (idempotency) {
      await trx
        .insertInto('idempotency_keys')
        .values({ key: idempotency.key, user_id: actor.userId!, request_hash: idempotency.requestHash, status_code: 200, response: JSON.stringify(outcome), created_at: now() })
        .execute();
    }
    await appendAudit(trx, { actor, action: `subsidy.review_${input.decision}`, objectType: 'claim', objectId: id, regionCode: claim.region_code, detail: { level, amountFen, status: next } });
    return outcome;
  });
}

/** A previous answer for (user, Idempotency-Key), or null; a key reused for another request → 422. */
export async function replayIdempotent(db: Kysely<DB>, userId: number, key: string, requestHash: string): Promise<ReviewOutcome | null> {
  const row = await db.selectFrom('idempotency_keys').selectAll().where('user_id', '=', userId).where('key', '=', key).executeTakeFirst();
  if (!row) return null;
  if (row.request_hash !== requestHash) throw new AppError('validation.failed', 'Idempotency-Key 已用于另一请求');
  return row.response as unknown as ReviewOutcome;
}

export function hashRequest(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** Marks a scheduled payment as paid (财务发放). */
export async function markPaid(db: Kysely<DB>, actor: Actor, claimId: number, voucherNo: string): Promise<void> {
  const claim = await getClaimForActor(db, actor, claimId);
  await db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('payments').set({ status: 'paid', paid_at: now(), voucher_no: voucherNo }).where('claim_id', '=', claimId).where('status', '=', 'scheduled').returning('id').executeTakeFirst();
    if (!r) throw new AppError('state.conflict', '没有待发放的付款');
    await appendAudit(trx, { actor, action: 'subsidy.paid', objectType: 'claim', objectId: claimId, regionCode: claim.region_code, detail: { voucherNo } });
  });
}

/** 收回: money found ineligible after payment is recorded, never deleted. */
export async function recordRecovery(db: Kysely<DB>, actor: Actor, claimId: number, amountFen: number, reason: string): Promise<number> {
  const claim = await getClaimForActor(db, actor, claimId);
  return db.transaction().execute(async (trx) => {
    const pay = await trx.selectFrom('payments').selectAll().where('claim_id', '=', claimId).forUpdate().executeTakeFirst();
    if (!pay) throw new AppError('state.conflict', '该申报没有付款记录');
    const prior = await trx.selectFrom('recoveries').select(sql<number>`coalesce(sum(amount_fen), 0)::bigint`.as('s')).where('claim_id', '=', claimId).executeTakeFirstOrThrow();
    if (Number(prior.s) + amountFen > Number(pay.amount_fen)) throw new AppError('validation.failed', '收回金额超过已付金额');
    const r = await trx.insertInto('recoveries').values({ claim_id: claimId, payment_id: pay.id, amount_fen: amountFen, reason, created_by: actor.userId, created_at: now() }).returning('id').executeTakeFirstOrThrow();
    await appendAudit(trx, { actor, action: 'subsidy.recovery', objectType: 'claim', objectId: claimId, regionCode: claim.region_code, detail: { amountFen, reason } });
    return r.id;
  });
}

/** Claim detail: the decision rule by rule, reviews, and what changed between review steps. */
export async function claimDetail(db: Kysely<DB>, actor: Actor, id: number) {
  const c = await getClaimForActor(db, actor, id);
  const reviews = await db.selectFrom('claim_reviews').selectAll().where('claim_id', '=', id).orderBy('id').execute();
  const payment = await db.selectFrom('payments').selectAll().where('claim_id', '=', id).executeTakeFirst();
  const recoveries = await db.selectFrom('recoveries').selectAll().where('claim_id', '=', id).orderBy('id').execute();
  const ev = c.evaluation as { step?: string; result?: ClaimResult } | null;
  const submitted = (c.evaluation as { result?: ClaimResult } | null)?.result ?? null;
  const steps: { step: string; result: ClaimResult }[] = [];
  for (const r of reviews) if (r.evaluation) steps.push({ step: r.level, result: r.evaluation as unknown as ClaimResult });
  const changes: { step: string; person: string; from: string; to: string }[] = [];
  let prev = steps.length ? null : submitted;
  for (const s of steps) {
    if (prev) {
      for (const line of s.result.lines) {
        const before = prev.lines.find((l) => l.person === line.person);
        if (before && (before.rule !== line.rule || before.amount !== line.amount)) changes.push({ step: s.step, person: line.person, from: `${before.rule} ${before.amount}`, to: `${line.rule} ${line.amount}` });
      }
    }
    prev = s.result;
  }
  return {
    id: c.id,
    kind: c.kind,
    status: c.status,
    regionCode: c.region_code,
    classId: c.class_id,
    personId: c.person_id,
    policySetId: c.policy_set_id,
    policyVersion: c.policy_version,
    requestedFen: Number(c.requested_fen),
    approvedFen: c.approved_fen === null ? null : Number(c.approved_fen),
    submittedAt: cstDateTime(new Date(c.submitted_at)),
    decision: ev?.result ?? null,
    reviews: reviews.map((r) => ({ level: r.level, decision: r.decision, comment: r.comment, at: cstDateTime(new Date(r.at)) })),
    changes,
    payment: payment ? { id: payment.id, amountFen: Number(payment.amount_fen), status: payment.status, paidAt: payment.paid_at ? cstDateTime(new Date(payment.paid_at)) : null, voucherNo: payment.voucher_no } : null,
    recoveries: recoveries.map((r) => ({ amountFen: Number(r.amount_fen), reason: r.reason, at: cstDateTime(new Date(r.created_at)) })),
  };
}
