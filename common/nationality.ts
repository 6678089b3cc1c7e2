/**
 * Nationalities (民族) of GB/T 3304-1991 (isomorphic).
 *
 * Contract §1: one of the 56 nationalities, with or without the trailing `族`, or
 * `其他` / `外国血统中国籍人士`.
 */
import { cleanCell } from './text.ts';

export interface Nationality {
  /** Two-digit GB/T 3304 code. */
  code: string;
  /** Full name as stored, e.g. 汉族. */
  name: string;
}

/** The 56 nationalities in GB/T 3304 code order, then 97 其他 and 98 外国血统中国籍人士. */
export const NATIONALITIES: readonly Nationality[] = [
  '汉族', '蒙古族', '回族', '藏族', '维吾尔族', '苗族', '彝族', '壮族', '布依族', '朝鲜族',
  '满族', '侗族', '瑶族', '白族', '土家族', '哈尼族', '哈萨克族', '傣族', '黎族', '傈僳族',
  '佤族', '畲族', '高山族', '拉祜族', '水族', '东乡族', '纳西族', '景颇族', '柯尔克孜族', '土族',
  '达斡尔族', '仫佬族', '羌族', '布朗族', '撒拉族', '毛南族', '仡佬族', '锡伯族', '阿昌族', '普米族',
  '塔吉克族', '怒族', '乌孜别克族', '俄罗斯族', '鄂温克族', '德昂族', '保安族', '裕固族', '京族', '塔塔尔族',
  '独龙族', '鄂伦春族', '赫哲族', '门巴族', '珞巴族', '基诺族',
]
  .map((name, i): Nationality => ({ code: String(i + 1).padStart(2, '0'), name }))
  .concat([
    { code: '97', name: '其他' },
    { code: '98', name: '外国血统中国籍人士' },
  ]);

/** Accepted spellings → stored name. */
const LOOKUP = new Map<string, string>();
for (const { name } of NATIONALITIES) {
  LOOKUP.set(name, name);
  if (name.endsWith('族')) LOOKUP.set(name.slice(0, -1), name);
}
LOOKUP.set('其它', '其他'); // common variant character of 他

/**
 * The stored nationality name for a cell (`汉` → `汉族`, `蒙古` → `蒙古族`, `其他` → `其他`),
 * or null when it is not a GB/T 3304 nationality. Cells are cleaned and inner white space
 * is ignored (`土 家 族`).
 */
export function normalizeNationality(raw: string): string | null {
  let s = cleanCell(raw);
  if (s === '') return null;
  if (/\s/.test(s)) s = s.replace(/\s+/g, '');
  return LOOKUP.get(s) ?? null;
}

/** GB/T 3304 code of a stored nationality name, or null. */
export function nationalityCode(name: string): string | null {
  for (const n of NATIONALITIES) if (n.name === name) return n.code;
  return null;
}
