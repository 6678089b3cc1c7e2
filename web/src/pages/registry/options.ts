/** Choice lists and labels of the registry forms and tables (values are the stored Chinese words). */
import { NATIONALITIES } from '../../../../common/nationality.ts';
import { POVERTY_STATUSES, POVERTY_STATUS_LABEL } from '../../../../common/schemas/registry.ts';

type Option = { value: string; label: string };
const plain = (values: readonly string[]): Option[] => values.map((v) => ({ value: v, label: v }));

export const GENDER_OPTIONS = plain(['男', '女']);
/** GB/T 3304: the 56 nationalities, then 其他 and 外国血统中国籍人士. */
export const NATIONALITY_OPTIONS = NATIONALITIES.map((n) => ({ value: n.name, label: n.name }));
export const EDUCATION_OPTIONS = plain(['学龄前', '小学', '初中', '高中', '中专', '技工学校', '大专', '本科及以上', '文盲或半文盲']);
export const LABOUR_OPTIONS = plain(['有劳动能力', '弱劳动能力', '丧失劳动能力', '无劳动能力']);
export const EMPLOYMENT_OPTIONS = plain(['未就业', '务农', '县内务工', '省内务工', '省外务工', '自主创业', '公益性岗位', '在校生']);
export const RELATION_OPTIONS = plain(['户主', '配偶', '之子', '之女', '之父', '之母', '之孙子', '之孙女', '之儿媳', '之女婿', '兄弟姐妹', '其他']);
/** Training wish: the occupation wanted, or 否. Free text on the server; these are suggestions. */
export const TRAINING_WISH_SUGGESTIONS = plain(['电工', '焊工', '家政服务', '养老护理', '中式烹调', '电子商务', '汽车维修', '育婴', '农业技术', '挖掘机驾驶', '否']);
export const STUDY_WISH_OPTIONS = plain(['是', '否']);

export type PovertyStatus = (typeof POVERTY_STATUSES)[number];
export const POVERTY_STATUS_COLOR: Record<PovertyStatus, string> = {
  registered_poor: 'red',
  lifted_out_of_poverty: 'green',
  monitored_at_risk: 'orange',
};
export const POVERTY_FILTER_OPTIONS: Option[] = [...POVERTY_STATUSES.map((s) => ({ value: s, label: POVERTY_STATUS_LABEL[s] })), { value: 'none', label: '非帮扶对象' }];
export const TRAINING_WISH_FILTER_OPTIONS: Option[] = [
  { value: 'yes', label: '有培训意愿' },
  { value: 'no', label: '无培训意愿' },
  { value: 'unknown', label: '未填写' },
];

/** Where a change came from (person_changes.source). */
export const CHANGE_SOURCE_LABEL: Record<string, string> = {
  import: '台账导入',
  edit: '人工编辑',
  survey: '摸底登记',
  matching: '精准比对',
};

/** Age in whole years on `today` (YYYY-MM-DD) of a birth date (YYYY-MM-DD). */
export function ageOn(birthDate: string, today: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return null;
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** Today's date in China Standard Time (the server's calendar), 'YYYY-MM-DD'. */
export function todayCst(at: Date = new Date()): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
