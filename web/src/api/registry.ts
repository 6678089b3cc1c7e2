/** Typed calls of the registry endpoints (persons, households, change history, import/export). */
import type { z } from 'zod';
import type {
  ChangeItem as ChangeItemSchema,
  HouseholdOutput,
  ImportJobOutput,
  PersonDetail as PersonDetailSchema,
  PersonEditInput,
  PersonInput,
  PersonItem as PersonItemSchema,
  PersonListQuery,
} from '../../../common/schemas/registry.ts';
import { api, downloadFile, uploadRaw, type Paged } from './client.ts';

export type PersonItem = z.infer<typeof PersonItemSchema>;
export type PersonDetail = z.infer<typeof PersonDetailSchema>;
export type PersonQuery = Omit<Partial<z.infer<typeof PersonListQuery>>, 'page' | 'pageSize'> & { page: number; pageSize: number };
export type PersonInputData = z.infer<typeof PersonInput>;
export type PersonPatch = z.infer<typeof PersonEditInput>;
export type ChangeItem = z.infer<typeof ChangeItemSchema>;
export type Household = z.infer<typeof HouseholdOutput>;
export type ImportJob = z.infer<typeof ImportJobOutput>;
export type ImportProblem = ImportJob['problems'][number];

export const fetchPersons = (q: PersonQuery) => api.get<Paged<PersonItem>>('/api/v1/persons', q);
export const fetchPerson = (id: number) => api.get<PersonDetail>(`/api/v1/persons/${id}`);
export const createPerson = (input: PersonInputData) => api.post<{ id: number }>('/api/v1/persons', input);
export const surveyPerson = (input: PersonInputData) => api.post<{ id: number }>('/api/v1/survey/persons', input);
export const editPerson = (id: number, patch: PersonPatch) => api.patch<{ ok: true }>(`/api/v1/persons/${id}`, patch);
export const revealIdNumber = (id: number, reason: string) => api.post<{ idNumber: string }>(`/api/v1/persons/${id}/reveal-id`, { reason });
export const fetchChanges = (id: number) => api.get<{ items: ChangeItem[] }>(`/api/v1/persons/${id}/changes`);
export const fetchHousehold = (id: number) => api.get<Household>(`/api/v1/households/${id}`);

/** Downloads the registry in the import template; unmasked exports are audited by the server. */
export const exportPersons = (opts: { format: 'xlsx' | 'csv'; region?: string; unmasked?: boolean }) =>
  downloadFile('/api/v1/persons/export', { format: opts.format, region: opts.region, unmasked: opts.unmasked ? '1' : undefined }, `台账导出.${opts.format}`);

export const downloadTemplate = () => downloadFile('/api/v1/persons/template', undefined, '精准扶贫对象登记汇总表-模板.xlsx');

/** Uploads a registry file as the raw body; the server answers with the background job. */
export const startImport = (file: File, allOrNothing: boolean, onProgress?: (sent: number, total: number) => void, signal?: AbortSignal) =>
  uploadRaw<{ jobId: number }>('/api/v1/imports', file, { query: { fileName: file.name, allOrNothing: allOrNothing ? '1' : '0' }, onProgress, signal });

export const fetchImportJob = (id: number) => api.get<ImportJob>(`/api/v1/imports/${id}`);
export const importEventsUrl = (id: number) => `/api/v1/imports/${id}/events`;
export const downloadImportReport = (id: number) => downloadFile(`/api/v1/imports/${id}/report`, undefined, `导入错误报告-${id}.xlsx`);
