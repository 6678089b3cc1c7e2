/** Mapping between the import record and the persons row, and the fields we diff for the change log. */
import type { PersonRow } from '../../db/tables.ts';
import type { PersonRecord } from './rules/person-row.ts';

/** Column → record key of the fields an import or edit may change. */
export const DIFF_FIELDS = {
  name: 'name',
  gender: 'gender',
  nationality: 'nationality',
  phone: 'phone',
  address: 'address',
  region_code: 'regionCode',
  relation_to_head: 'relationToHead',
  poverty_card_no: 'povertyCardNo',
  education: 'education',
  employment_status: 'employmentStatus',
  training_wish: 'trainingWish',
  study_wish: 'studyWish',
  labour_ability: 'labourAbility',
  school_wish: 'schoolWish',
  remark: 'remark',
} as const satisfies Partial<Record<keyof PersonRow, keyof PersonRecord>>;
export type DiffColumn = keyof typeof DIFF_FIELDS;

/** Chinese labels of columns for the change history. */
export const FIELD_LABEL: Record<DiffColumn | 'household_id' | 'poverty_status', string> = {
  name: '姓名',
  gender: '性别',
  nationality: '民族',
  phone: '联系电话',
  address: '家庭详细地址',
  region_code: '所在地区代码',
  relation_to_head: '与户主关系',
  poverty_card_no: '扶贫卡编号',
  education: '文化程度',
  employment_status: '就业状态',
  training_wish: '培训意愿',
  study_wish: '就读意愿',
  labour_ability: '劳动能力',
  school_wish: '拟就读技工院校',
  remark: '备注',
  household_id: '所属家庭',
  poverty_status: '帮扶状态',
};

/**
 * Changes an incoming record makes to a stored person. An empty cell never erases a stored
 * value ("nothing lost"): only non-null incoming values count.
 */
export function diffPerson(existing: PersonRow, incoming: PersonRecord, regionCode: string | null, householdId: number | null): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const [col, key] of Object.entries(DIFF_FIELDS) as [DiffColumn, keyof PersonRecord][]) {
    const next = col === 'region_code' ? regionCode : incoming[key];
    if (next === null || next === undefined) continue;
    const prev = existing[col];
    if (prev !== next) changes[col] = [prev, next];
  }
  if (householdId !== null && existing.household_id !== householdId) changes.household_id = [existing.household_id, householdId];
  return changes;
}
