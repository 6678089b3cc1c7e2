/** Schemas of the official report tables (contracts.md §4), shared by the API, CLI and web. */
import { z } from 'zod';

export const REPORT_NAMES = ['school-progress', 'registration-summary', 'thousand-schools-progress', 'training-progress'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

/** Official titles: seed 004 attachments 1 and 2 and its notice's 附件 (training progress), seed 000 (二). */
export const REPORT_TITLES: Record<ReportName, string> = {
  'school-progress': '全省技工院校服务脱贫攻坚工作进展情况表',
  'registration-summary': '精准扶贫对象登记汇总表',
  'thousand-schools-progress': '技能脱贫千校行动进展情况表',
  'training-progress': '全省农村劳动力技能脱贫培训工作进展情况表',
};

export const MIN_REPORT_YEAR = 2000;
export const MAX_REPORT_YEAR = 2100;

export const ReportParams = z.object({ name: z.enum(REPORT_NAMES, { message: '未知的报表名称' }) });

export const ReportQuery = z.object({
  year: z.coerce.number({ message: '年度应为数字' }).int('年度应为整数').min(MIN_REPORT_YEAR, '年度超出范围').max(MAX_REPORT_YEAR, '年度超出范围').optional(),
  half: z.enum(['1', '2'], { message: '半年度应为 1（上半年）或 2（下半年）' }).optional(),
  region: z.string().regex(/^\d{2,12}$/, '区划代码应为数字').optional(),
  format: z.enum(['json', 'xlsx', 'csv'], { message: '格式应为 json、xlsx 或 csv' }).default('json'),
  unmasked: z.enum(['0', '1']).default('0'),
});
export type ReportQuery = z.infer<typeof ReportQuery>;

export const ReportOutput = z.object({
  name: z.enum(REPORT_NAMES),
  title: z.string(),
  year: z.number(),
  half: z.number().nullable(),
  periodLabel: z.string(),
  region: z.object({ code: z.string(), name: z.string() }),
  columns: z.array(z.string()),
  rows: z.array(z.array(z.string())),
  total: z.array(z.string()),
  /** Columns the platform has no data source for yet (always 0 or blank). */
  noSource: z.array(z.string()),
  /** The preview holds only the first rows (the file export holds all). */
  truncated: z.boolean(),
});
export type ReportOutput = z.infer<typeof ReportOutput>;
