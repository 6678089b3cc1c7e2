/** Creating users (CLI `jineng user create`, demo seed, admin UI). */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import { AppError } from '../../../common/errors.ts';
import { CreateUserInput } from '../../../common/schemas/users.ts';
import { canonicalRegionCode } from '../../../common/region.ts';
import { ROLE_ORG_KIND } from '../../../common/permissions.ts';
import type { Actor } from '../../http/actor.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { hashPassword, passwordProblem } from '../auth/password.ts';

export interface CreateUserOptions {
  actor: Actor;
  input: unknown;
  /** Demo accounts use the documented demo password, which the policy would refuse. */
  skipPasswordPolicy?: boolean;
}

/** Validates and creates a user; audited in the same transaction. Returns the new id. */
export async function createUser(db: Kysely<DB>, opts: CreateUserOptions): Promise<number> {
  const parsed = CreateUserInput.safeParse(opts.input);
  if (!parsed.success) throw new AppError('validation.failed', parsed.error.issues[0].message);
  const input = parsed.data;
  if (!opts.skipPasswordPolicy) {
    const problem = passwordProblem(input.password);
    if (problem) throw new AppError('validation.failed', problem);
  }
  const region = canonicalRegionCode(input.regionCode);
  if (!region) throw new AppError('validation.failed', '区划代码无效');
  const exists = await db.selectFrom('regions').select('code').where('code', '=', region).executeTakeFirst();
  if (!exists) throw new AppError('validation.failed', `区划代码 ${region} 不存在`);
  const orgKind = ROLE_ORG_KIND[input.role];
  if (orgKind && !input.orgId) throw new AppError('validation.failed', '该角色必须指定所属机构');
  if (input.orgId) {
    const org = await db.selectFrom('organisations').select(['id', 'kind']).where('id', '=', input.orgId).executeTakeFirst();
    if (!org) throw new AppError('validation.failed', '所属机构不存在');
    if (orgKind && org.kind !== orgKind) throw new AppError('validation.failed', '所属机构类型与角色不符');
  }
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const dup = await trx.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
    if (dup) throw new AppError('conflict', `用户名 ${input.username} 已存在`);
    const row = await trx
      .insertInto('users')
      .values({
        username: input.username,
        display_name: input.displayName,
        password_hash: passwordHash,
        role: input.role,
        region_code: region,
        org_id: input.orgId ?? null,
        person_id: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor: opts.actor,
      action: 'user.create',
      objectType: 'user',
      objectId: row.id,
      regionCode: region,
      detail: { username: input.username, role: input.role },
    });
    return row.id;
  });
}
