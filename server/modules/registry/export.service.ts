/**
 * Registry export in the import template (contracts.md §1): masked ID numbers and phones
 * unless unmasked (allowed roles only, audited). Streams in keyset pages; formula-leading
 * cells are escaped by the table writer.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import type { Actor } from '../../http/actor.ts';
import { actorRegionScope, inRegionScope } from '../../db/scope.ts';
import { AppError } from '../../../common/errors.ts';
import { canonicalRegionCode, regionInScope } from '../../../common/region.ts';
import { can } from '../../../common/permissions.ts';
import { maskIdNumber, maskPhone } from '../../../common/mask.ts';
import { writeTable } from '../../lib/tabular/index.ts';
import type { PiiCipher } from '../../lib/pii-crypto.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { TEMPLATE_COLUMNS } from './rules/person-row.ts';

export interface ExportOptions {
  db: Kysely<DB>;
  pii: PiiCipher;
  actor: Actor;
  outPath: string;
  region?: string;
  unmasked?: boolean;
}

/** Rows of the export in template order, page by page. */
export async function* exportRows(db: Kysely<DB>, pii: PiiCipher, scope: string, unmasked: boolean): AsyncGenerator<string[]> {
  let afterId = 0;
  let seq = 0;
  for (;;) {
    const rows = await db
      .selectFrom('persons as p')
      .leftJoin('households as h', 'h.id', 'p.household_id')
      .selectAll('p')
      .select('h.household_no')
      .where(inRegionScope('p.region_code', scope))
      .where('p.id', '>', afterId)
      .orderBy('p.id')
      .limit(2000)
      .execute();
    if (rows.length === 0) return;
    for (const r of rows) {
      seq++;
      const id = pii.decrypt(r.id_enc);
      yield [
        String(seq),
        r.name,
        r.gender,
        r.nationality,
        r.poverty_card_no ?? '',
        unmasked ? id : maskIdNumber(id),
        r.phone ? (unmasked ? r.phone : maskPhone(r.phone)) : '',
        r.address,
        r.school_wish ?? '',
        r.household_no ?? '',
        r.relation_to_head ?? '',
        r.region_code,
        r.education ?? '',
        r.employment_status ?? '',
        r.training_wish ?? '',
        r.study_wish ?? '',
        r.labour_ability ?? '',
        r.remark ?? '',
      ];
    }
    afterId = rows[rows.length - 1].id;
  }
}

/** Writes the export file; returns the number of persons written. */
export async function exportPersons(opts: ExportOptions): Promise<number> {
  const { actor } = opts;
  let scope = actorRegionScope(actor);
  if (opts.region) {
    const r = canonicalRegionCode(opts.region);
    if (!r) throw new AppError('validation.failed', `区划代码 ${opts.region} 无效`);
    if (scope !== '' && !regionInScope(scope, r) ) throw new AppError('not_found', '区划不存在或无权访问');
    scope = r;
  }
  if (opts.unmasked && actor.role !== 'system' && !can(actor.role, 'registry.export_unmasked')) {
    throw new AppError('auth.forbidden', '无权导出完整身份证号');
  }
  const n = await writeTable(opts.outPath, [...TEMPLATE_COLUMNS], exportRows(opts.db, opts.pii, scope, !!opts.unmasked), { textColumns: [4, 5, 6, 9, 11] });
  await recordAudit(opts.db, {
    actor,
    action: opts.unmasked ? 'registry.export_unmasked' : 'registry.export',
    objectType: 'persons',
    regionCode: scope || null,
    detail: { rows: n, unmasked: !!opts.unmasked },
  });
  return n;
}
