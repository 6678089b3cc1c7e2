/** Registry (台账) schemas shared by the API, the import and the web forms. */
import { z } from 'zod';

export const POVERTY_STATUSES = ['registered_poor', 'lifted_out_of_poverty', 'monitored_at_risk'] as const;
export const POVERTY_STATUS_LABEL: Record<(typeof POVERTY_STATUSES)[number], string> = {
  registered_poor: '建档立卡贫困人口',
  lifted_out_of_poverty: '脱贫人口',
  monitored_at_risk: '监测对象',
};

export const PersonListQuery = z.object({
  q: z.string().trim().max(50).optional(),
  region: z.string().trim().regex(/^\d{2,12}$/, '区划代码应为数字').optional(),
  povertyStatus: z.enum([...POVERTY_STATUSES, 'none']).optional(),
  trainingWish: z.enum(['yes', 'no', 'unknown']).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type PersonListQuery = z.infer<typeof PersonListQuery>;

export const PersonItem = z.object({
  id: z.number(),
  name: z.string(),
  gender: z.string(),
  birthDate: z.string(),
  nationality: z.string(),
  idNumber: z.string(),
  phone: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  address: z.string(),
  householdId: z.number().nullable(),
  povertyStatus: z.enum(POVERTY_STATUSES).nullable(),
  trainingWish: z.string().nullable(),
  studyWish: z.string().nullable(),
  employmentStatus: z.string().nullable(),
});
export type PersonItem = z.infer<typeof PersonItem>;
export const PersonListOutput = z.object({ items: z.array(PersonItem), total: z.number() });

export const PersonDetail = PersonItem.extend({
  povertyCardNo: z.string().nullable(),
  householdNo: z.string().nullable(),
  relationToHead: z.string().nullable(),
  education: z.string().nullable(),
  labourAbility: z.string().nullable(),
  schoolWish: z.string().nullable(),
  remark: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PersonDetail = z.infer<typeof PersonDetail>;

export const IdParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
export const RevealInput = z.object({ reason: z.string().trim().min(1).max(200).optional() }).optional();
export const RevealOutput = z.object({ idNumber: z.string() });

/** Create/edit form: the import columns as JSON (validated by the same row rules). */
export const PersonInput = z.object({
  name: z.string().max(60),
  gender: z.string().max(10),
  nationality: z.string().max(20),
  idNumber: z.string().max(40),
  phone: z.string().max(40).optional().nullable(),
  address: z.string().max(300),
  regionCode: z.string().max(12).optional().nullable(),
  povertyCardNo: z.string().max(60).optional().nullable(),
  schoolWish: z.string().max(100).optional().nullable(),
  householdNo: z.string().max(60).optional().nullable(),
  relationToHead: z.string().max(30).optional().nullable(),
  education: z.string().max(30).optional().nullable(),
  employmentStatus: z.string().max(30).optional().nullable(),
  trainingWish: z.string().max(100).optional().nullable(),
  studyWish: z.string().max(100).optional().nullable(),
  labourAbility: z.string().max(30).optional().nullable(),
  remark: z.string().max(200).optional().nullable(),
});
export type PersonInput = z.infer<typeof PersonInput>;
export const PersonEditInput = PersonInput.partial().extend({ version: z.number().int().min(1) });

export const ChangeItem = z.object({
  at: z.string(),
  actorName: z.string().nullable(),
  source: z.string(),
  changes: z.array(z.object({ field: z.string(), label: z.string(), from: z.unknown(), to: z.unknown() })),
});
export const ChangeListOutput = z.object({ items: z.array(ChangeItem) });

export const HouseholdOutput = z.object({
  id: z.number(),
  householdNo: z.string(),
  povertyCardNo: z.string().nullable(),
  regionCode: z.string().nullable(),
  address: z.string().nullable(),
  povertyStatus: z.enum(POVERTY_STATUSES).nullable(),
  members: z.array(PersonItem.extend({ relationToHead: z.string().nullable() })),
});

export const ImportJobOutput = z.object({
  id: z.number(),
  status: z.string(),
  fileName: z.string().nullable(),
  done: z.number(),
  total: z.number().nullable(),
  summary: z.object({ total: z.number(), imported: z.number(), updated: z.number(), unchanged: z.number(), rejected: z.number() }).nullable(),
  error: z.string().nullable(),
  problems: z.array(z.object({ row: z.number(), column: z.string(), value: z.string(), message: z.string(), code: z.string() })),
});
export const ImportQuery = z.object({ fileName: z.string().min(1).max(200), allOrNothing: z.enum(['0', '1']).default('0') });
