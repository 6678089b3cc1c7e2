/** Typed calls of the official report tables (contracts.md §4). */
import type { ReportName, ReportOutput } from '../../../common/schemas/reports.ts';
import { api, downloadFile } from './client.ts';

export interface ReportRequest {
  name: ReportName;
  year: number;
  half?: 1 | 2;
  region?: string;
}

function query(r: ReportRequest) {
  return { year: r.year, half: r.half, region: r.region };
}

/** Preview (first rows and the 合计 row). */
export const fetchReport = (r: ReportRequest) => api.get<ReportOutput>(`/api/v1/reports/${r.name}`, { ...query(r), format: 'json' });

/** Downloads the whole table; an unmasked registration summary is audited by the server. */
export const downloadReport = (r: ReportRequest, format: 'xlsx' | 'csv', unmasked = false) =>
  downloadFile(`/api/v1/reports/${r.name}`, { ...query(r), format, unmasked: unmasked ? '1' : undefined }, `${r.name}.${format}`);
