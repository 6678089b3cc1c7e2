/**
 * Append-only, hash-chained audit log. Each row's hash = sha256(prev_hash ‖ canonical row),
 * written in the same transaction as the action it records (the action fails if the audit
 * write fails). seq is taken from the audit_head row under its row lock, so concurrent
 * writers are serialised and the chain follows commit order.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/tables.ts';
import type { Actor } from '../../http/actor.ts';
import { now } from '../../clock.ts';

export interface AuditEvent {
  actor: Actor | null;
  action: string;
  objectType?: string;
  objectId?: string | number;
  regionCode?: string | null;
  detail?: Record<string, unknown>;
}

/** JSON with object keys sorted at every depth: the canonical form the hash covers. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export interface ChainFields {
  seq: number;
  at: Date;
  actor_id: number | null;
  actor_name: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  region_code: string | null;
  ip: string | null;
  detail: unknown;
  prev_hash: string;
}

/** The hash of one audit row given its fields and the previous row's hash. */
export function auditRowHash(f: ChainFields): string {
  const canonical = canonicalJson({
    seq: f.seq,
    at: f.at.toISOString(),
    actor_id: f.actor_id,
    actor_name: f.actor_name,
    action: f.action,
    object_type: f.object_type,
    object_id: f.object_id,
    region_code: f.region_code,
    ip: f.ip,
    detail: f.detail,
  });
  return createHash('sha256').update(f.prev_hash).update('\n').update(canonical).digest('hex');
}

/** Appends one event inside `trx` (a transaction: the caller's action and its audit commit together). */
export async function appendAudit(trx: Transaction<DB>, ev: AuditEvent): Promise<number> {
  const head = await trx
    .updateTable('audit_head')
    .set((eb) => ({ last_seq: eb('last_seq', '+', 1) }))
    .where('id', '=', 1)
    .returning(['last_seq', 'last_hash'])
    .executeTakeFirstOrThrow();
  // Millisecond precision survives a round trip through timestamptz on both engines.
  const at = new Date(Math.floor(now().getTime()));
  const row: ChainFields = {
    seq: Number(head.last_seq),
    at,
    actor_id: ev.actor?.userId ?? null,
    actor_name: ev.actor?.username ?? null,
    action: ev.action,
    object_type: ev.objectType ?? null,
    object_id: ev.objectId === undefined ? null : String(ev.objectId),
    region_code: ev.regionCode ?? null,
    ip: ev.actor?.ip ?? null,
    detail: JSON.parse(canonicalJson(ev.detail ?? {})) as unknown,
    prev_hash: head.last_hash,
  };
  const hash = auditRowHash(row);
  await trx
    .insertInto('audit_log')
    .values({ ...row, detail: JSON.stringify(row.detail), hash })
    .execute();
  await trx.updateTable('audit_head').set({ last_hash: hash }).where('id', '=', 1).execute();
  return row.seq;
}

/** Appends an event in its own transaction (for events with no other write: denials, reveals). */
export async function recordAudit(db: Kysely<DB>, ev: AuditEvent): Promise<number> {
  return db.transaction().execute((trx) => appendAudit(trx, ev));
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBroken: { seq: number; reason: string } | null;
}

/** Walks the chain in seq order and reports the first broken link. */
export async function verifyAuditChain(db: Kysely<DB>, pageSize = 5000): Promise<VerifyResult> {
  let prevHash = '0'.repeat(64);
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) {
        return { ok: false, checked, firstBroken: { seq: expectedSeq, reason: `缺少序号 ${expectedSeq} 的记录（被删除或序号被篡改）` } };
      }
      if (r.prev_hash !== prevHash) {
        return { ok: false, checked, firstBroken: { seq, reason: '前一条哈希不匹配（记录被插入、删除或重排）' } };
      }
      const computed = auditRowHash({ ...r, seq, at: new Date(r.at), detail: r.detail });
      if (computed !== r.hash) {
        return { ok: false, checked, firstBroken: { seq, reason: '记录内容与哈希不符（记录被修改）' } };
      }
      prevHash = r.hash;
      expectedSeq++;
      checked++;
    }
  }
  const head = await db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirst();
  if (head && (Number(head.last_seq) !== expectedSeq - 1 || head.last_hash !== prevHash)) {
    return { ok: false, checked, firstBroken: { seq: expectedSeq, reason: '链尾与审计头记录不一致（末尾记录被删除）' } };
  }
  return { ok: true, checked, firstBroken: null };
}
