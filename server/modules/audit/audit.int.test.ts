import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDatabase, testDbKinds, type TestDatabase } from '../../test/databases.ts';
import { systemActor } from '../../http/actor.ts';
import { appendAudit, recordAudit, verifyAuditChain } from './audit.service.ts';

describe.each(testDbKinds())('audit chain on %s', (kind) => {
  let d: TestDatabase;
  beforeAll(async () => {
    d = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await d?.dispose();
  });

  async function withTriggersOff(fn: () => Promise<unknown>): Promise<void> {
    await d.exec('ALTER TABLE audit_log DISABLE TRIGGER USER');
    try {
      await fn();
    } finally {
      await d.exec('ALTER TABLE audit_log ENABLE TRIGGER USER');
    }
  }

  async function freshChain(n: number): Promise<void> {
    await withTriggersOff(() => sql`DELETE FROM audit_log`.execute(d.db));
    await sql`UPDATE audit_head SET last_seq = 0, last_hash = ${'0'.repeat(64)}`.execute(d.db);
    for (let i = 0; i < n; i++) {
      await recordAudit(d.db, { actor: systemActor('test'), action: 'test.event', objectType: 'thing', objectId: i, detail: { i, 名称: `事件${i}` } });
    }
  }

  beforeEach(async () => {
    await freshChain(6);
  });

  it('verifies an untouched chain', async () => {
    expect(await verifyAuditChain(d.db)).toEqual({ ok: true, checked: 6, firstBroken: null });
  });

  it('refuses UPDATE and DELETE through the trigger', async () => {
    await expect(sql`UPDATE audit_log SET action = 'x' WHERE seq = 2`.execute(d.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log WHERE seq = 2`.execute(d.db)).rejects.toThrow(/append-only/);
  });

  it('detects an edited row', async () => {
    await withTriggersOff(() => sql`UPDATE audit_log SET detail = '{"i":99}'::jsonb WHERE seq = 3`.execute(d.db));
    const r = await verifyAuditChain(d.db);
    expect(r.ok).toBe(false);
    expect(r.firstBroken?.seq).toBe(3);
  });

  it('detects a deleted row in the middle and at the end', async () => {
    await withTriggersOff(() => sql`DELETE FROM audit_log WHERE seq = 4`.execute(d.db));
    expect((await verifyAuditChain(d.db)).firstBroken?.seq).toBe(4);
    await freshChain(6);
    await withTriggersOff(() => sql`DELETE FROM audit_log WHERE seq = 6`.execute(d.db));
    const r = await verifyAuditChain(d.db);
    expect(r.ok).toBe(false);
    expect(r.firstBroken?.seq).toBe(6);
  });

  it('detects an inserted row', async () => {
    await withTriggersOff(async () => {
      await sql`UPDATE audit_log SET seq = seq + 1000 WHERE seq >= 3`.execute(d.db);
      await sql`UPDATE audit_log SET seq = seq - 999 WHERE seq >= 1000`.execute(d.db);
      await sql`INSERT INTO audit_log (seq, at, action, detail, prev_hash, hash)
                VALUES (3, now(), 'forged', '{}'::jsonb, ${'0'.repeat(64)}, ${'f'.repeat(64)})`.execute(d.db);
    });
    const r = await verifyAuditChain(d.db);
    expect(r.ok).toBe(false);
    expect(r.firstBroken?.seq).toBe(3);
  });

  it('detects two rows swapped', async () => {
    await withTriggersOff(async () => {
      await sql`UPDATE audit_log SET seq = -1 WHERE seq = 2`.execute(d.db);
      await sql`UPDATE audit_log SET seq = 2 WHERE seq = 3`.execute(d.db);
      await sql`UPDATE audit_log SET seq = 3 WHERE seq = -1`.execute(d.db);
    });
    const r = await verifyAuditChain(d.db);
    expect(r.ok).toBe(false);
    expect(r.firstBroken?.seq).toBe(2);
  });

  it('rolls the audit row back with the action that failed', async () => {
    await expect(
      d.db.transaction().execute(async (trx) => {
        await appendAudit(trx, { actor: systemActor('test'), action: 'doomed' });
        throw new Error('action failed');
      }),
    ).rejects.toThrow('action failed');
    const n = await d.db.selectFrom('audit_log').select('seq').where('action', '=', 'doomed').execute();
    expect(n).toHaveLength(0);
    expect((await verifyAuditChain(d.db)).ok).toBe(true);
  });

  it('keeps one unbroken chain under concurrent writers', async () => {
    await Promise.all(Array.from({ length: 30 }, (_, i) => recordAudit(d.db, { actor: systemActor('test'), action: 'concurrent', detail: { i } })));
    const r = await verifyAuditChain(d.db);
    expect(r).toEqual({ ok: true, checked: 36, firstBroken: null });
  });
});
