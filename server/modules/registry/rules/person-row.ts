/**
 * One registry row → a normalised person record or the list of its problems
 * (contracts.md §1). Pure: the CLI, the API import and the web form share it.
 */
import { cleanCell } from '../../../../common/text.ts';
import { checkIdNumber } from '../../../../common/id-number.ts';
import { normalizePersonName } from '../../../../common/person-name.ts';
import { normalizeNationality } from '../../../../common/nationality.ts';
import { normalizePhone } from '../../../../common/phone.ts';
import { normalizeGender } from '../../../../common/gender.ts';
import { canonicalRegionCode, officialRegionCode } from '../../../../common/region.ts';

/** Columns of the registration form (精准扶贫对象登记汇总表, seed 004 attachment 2) and the full template. */
export const OFFICIAL_COLUMNS = ['序号', '姓名', '性别', '民族', '扶贫卡编号', '身份证号', '联系电话', '家庭详细地址', '拟就读技工院校'] as const;
export const EXTRA_COLUMNS = ['户编号', '与户主关系', '所在地区代码', '文化程度', '就业状态', '培训意愿', '就读意愿', '劳动能力', '备注'] as const;
export const TEMPLATE_COLUMNS = [...OFFICIAL_COLUMNS, ...EXTRA_COLUMNS] as const;
export type TemplateColumn = (typeof TEMPLATE_COLUMNS)[number];
export const REQUIRED_COLUMNS: readonly TemplateColumn[] = ['姓名', '性别', '民族', '身份证号', '家庭详细地址'];

/** Common spellings of column names seen in county spreadsheets. */
const ALIASES: Record<string, TemplateColumn> = {
  身份证号码: '身份证号',
  公民身份号码: '身份证号',
  身份证: '身份证号',
  电话: '联系电话',
  手机: '联系电话',
  手机号: '联系电话',
  手机号码: '联系电话',
  联系方式: '联系电话',
  家庭住址: '家庭详细地址',
  详细地址: '家庭详细地址',
  住址: '家庭详细地址',
  民族名称: '民族',
  区划代码: '所在地区代码',
  行政区划代码: '所在地区代码',
};

/** Person fields a row produces (all strings normalised; null = empty cell). */
export interface PersonRecord {
  idNumber: string;
  name: string;
  gender: '男' | '女';
  birthDate: string;
  nationality: string;
  phone: string | null;
  address: string;
  povertyCardNo: string | null;
  schoolWish: string | null;
  householdNo: string | null;
  relationToHead: string | null;
  regionCode: string | null;
  education: string | null;
  employmentStatus: string | null;
  trainingWish: string | null;
  studyWish: string | null;
  labourAbility: string | null;
  remark: string | null;
}

export interface RowProblem {
  column: string;
  value: string;
  message: string;
  code: string;
  /** Warnings are reported but do not reject the row (15-digit numbers). */
  warning?: boolean;
}

export type ColumnMap = Partial<Record<TemplateColumn, number>>;

/** Maps header cells to template columns; returns the missing required ones. */
export function mapHeader(header: string[]): { map: ColumnMap; missing: TemplateColumn[]; unknown: string[] } {
  const map: ColumnMap = {};
  const unknown: string[] = [];
  header.forEach((raw, i) => {
    const h = cleanCell(raw).replace(/\s+/g, '').replace(/[*＊]/g, '');
    if (!h) return;
    const col = (TEMPLATE_COLUMNS as readonly string[]).includes(h) ? (h as TemplateColumn) : ALIASES[h];
    if (col && map[col] === undefined) map[col] = i;
    else if (!col) unknown.push(h);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => map[c] === undefined);
  return { map, missing, unknown };
}

const MAX_TEXT = 200;

/** Validates one row; `today` is the CST date used for the birth-date check. */
export function parsePersonRow(cells: string[], map: ColumnMap, today?: string): { record: PersonRecord | null; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const raw = (col: TemplateColumn): string => {
    const i = map[col];
    return i === undefined ? '' : (cells[i] ?? '');
  };
  const text = (col: TemplateColumn): string | null => {
    const v = cleanCell(raw(col));
    if (v === '') return null;
    if (v.length > MAX_TEXT) {
      problems.push({ column: col, value: v.slice(0, 50), message: `${col}过长（最多 ${MAX_TEXT} 个字符）`, code: 'field.too_long' });
      return null;
    }
    return v;
  };

  const idRaw = raw('身份证号');
  const id = checkIdNumber(idRaw, today);
  if (!id.ok) problems.push({ column: '身份证号', value: cleanCell(idRaw), message: id.message, code: id.code });
  else if (id.converted15) problems.push({ column: '身份证号', value: cleanCell(idRaw), message: `15 位旧身份证号已转换为 18 位: ${id.id}`, code: 'id.legacy15', warning: true });

  const nameRaw = raw('姓名');
  const name = normalizePersonName(nameRaw);
  if (!name.ok) problems.push({ column: '姓名', value: cleanCell(nameRaw), message: name.message, code: 'name.invalid' });

  const genderRaw = cleanCell(raw('性别'));
  const gender = normalizeGender(genderRaw);
  if (!gender) problems.push({ column: '性别', value: genderRaw, message: '性别应为“男”或“女”', code: 'gender.invalid' });
  else if (id.ok && id.gender !== gender) {
    problems.push({ column: '性别', value: genderRaw, message: `性别与身份证号不符（身份证号第 17 位表示${id.gender}）`, code: 'gender.mismatch' });
  }

  const natRaw = cleanCell(raw('民族'));
  const nationality = normalizeNationality(natRaw);
  if (!nationality) problems.push({ column: '民族', value: natRaw, message: natRaw ? `未知民族“${natRaw}”（应为 GB/T 3304 的 56 个民族之一）` : '民族不能为空', code: 'ethnicity.unknown' });

  const phoneRaw = cleanCell(raw('联系电话'));
  let phone: string | null = null;
  if (phoneRaw !== '') {
    const p = normalizePhone(phoneRaw);
    if (p.ok) phone = p.phone;
    else problems.push({ column: '联系电话', value: phoneRaw, message: p.message, code: 'phone.format' });
  }

  const address = text('家庭详细地址');
  if (!address) problems.push({ column: '家庭详细地址', value: '', message: '家庭详细地址不能为空', code: 'address.missing' });

  let regionCode: string | null = null;
  const regionRaw = cleanCell(raw('所在地区代码'));
  if (regionRaw !== '') {
    const c = canonicalRegionCode(regionRaw);
    if (!c || (c.length !== 6 && c.length !== 9 && c.length !== 12)) {
      problems.push({ column: '所在地区代码', value: regionRaw, message: '所在地区代码应为 12 位乡镇/村代码或 6 位县级代码', code: 'region.invalid' });
    } else regionCode = c;
  }

  const record: PersonRecord | null =
    problems.some((p) => !p.warning) || !id.ok || !name.ok || !gender || !nationality || !address
      ? null
      : {
          idNumber: id.id,
          name: name.name,
          gender,
          birthDate: id.birthDate,
          nationality,
          phone,
          address,
          povertyCardNo: text('扶贫卡编号'),
          schoolWish: text('拟就读技工院校'),
          householdNo: text('户编号'),
          relationToHead: text('与户主关系'),
          regionCode,
          education: text('文化程度'),
          employmentStatus: text('就业状态'),
          trainingWish: text('培训意愿'),
          studyWish: text('就读意愿'),
          labourAbility: text('劳动能力'),
          remark: text('备注'),
        };
  // Optional columns may have added problems after the record was built.
  if (record && problems.some((p) => !p.warning)) return { record: null, problems };
  return { record, problems };
}

/** The template row of a stored person (export), in TEMPLATE_COLUMNS order minus 序号. */
export function recordToTemplateRow(seq: number, r: PersonRecord, idShown: string, phoneShown: string | null): string[] {
  return [
    String(seq),
    r.name,
    r.gender,
    r.nationality,
    r.povertyCardNo ?? '',
    idShown,
    phoneShown ?? '',
    r.address,
    r.schoolWish ?? '',
    r.householdNo ?? '',
    r.relationToHead ?? '',
    r.regionCode === null ? '' : officialRegionCode(r.regionCode),
    r.education ?? '',
    r.employmentStatus ?? '',
    r.trainingWish ?? '',
    r.studyWish ?? '',
    r.labourAbility ?? '',
    r.remark ?? '',
  ];
}
