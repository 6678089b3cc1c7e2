/** Shapes the signed-in user for the API (what /login and /me return). */
import type { Kysely } from 'kysely';
import type { DB, UserRow } from '../../db/tables.ts';
import { ROLE_LABEL, isRole, menuFor, ROLE_PERMISSIONS } from '../../../common/permissions.ts';
import type { MeOutput, UserView } from '../../../common/schemas/auth.ts';

export async function presentUser(db: Kysely<DB>, user: UserRow): Promise<UserView> {
  if (!isRole(user.role)) throw new Error(`unknown role ${user.role}`);
  const region = await db.selectFrom('regions').select('name').where('code', '=', user.region_code).executeTakeFirst();
  const org = user.org_id ? await db.selectFrom('organisations').select('name').where('id', '=', user.org_id).executeTakeFirst() : undefined;
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    role: user.role,
    roleLabel: ROLE_LABEL[user.role],
    regionCode: user.region_code,
    regionName: region?.name ?? null,
    orgId: user.org_id,
    orgName: org?.name ?? null,
  };
}

export async function presentMe(db: Kysely<DB>, user: UserRow, csrfToken: string): Promise<MeOutput> {
  const view = await presentUser(db, user);
  return {
    user: view,
    roles: [view.role],
    permissions: [...ROLE_PERMISSIONS[view.role]],
    scope: { regionCode: view.regionCode, regionName: view.regionName, orgId: view.orgId, orgName: view.orgName },
    menu: menuFor(view.role).map((m) => ({ key: m.key, label: m.label })),
    csrfToken,
  };
}
