/**
 * Region scope in SQL. Codes are canonical digit prefixes (common/region.ts), so
 * `code LIKE scope || '%'` is exact: no wildcard can hide in a validated scope, and a
 * malformed scope yields no rows (never all rows).
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import { regionLevel } from '../../common/region.ts';
import type { Actor } from '../http/actor.ts';

/** SQL condition "column lies in the actor's region scope". */
export function inRegionScope(column: Expression<unknown> | string, scope: string): Expression<SqlBool> {
  const col = typeof column === 'string' ? sql.ref(column) : column;
  if (scope === '') return sql<SqlBool>`true`;
  if (regionLevel(scope) === null) return sql<SqlBool>`false`;
  return sql<SqlBool>`${col} LIKE ${`${scope}%`}`;
}

/** The region scope of an actor ('' = everything, only for the system actor). */
export function actorRegionScope(actor: Actor): string {
  if (actor.role === 'system') return '';
  // A real user always has a canonical region; anything else sees nothing.
  return regionLevel(actor.regionCode) === null ? 'x' : actor.regionCode;
}
