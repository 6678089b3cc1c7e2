/** Typed calls of the vocational-training endpoints (classes, rosters, sessions, outcomes). */
import type { z } from 'zod';
import type {
  CertificateInput,
  ClassInput,
  ClassView,
  EmploymentInput,
  EmploymentRateOutput,
  EnrolInput,
  EnrolOutput,
  OccupationItem as OccupationItemSchema,
  QrOutput,
  ResultsInput,
  RosterItem as RosterItemSchema,
  SpotCheckInput,
  SurveyInput,
} from '../../../common/schemas/training.ts';
import { api, type Paged } from './client.ts';

export type TrainingClass = z.infer<typeof ClassView>;
export type ClassStatus = TrainingClass['status'];
export type ClassInputData = z.input<typeof ClassInput>;
export type Occupation = z.infer<typeof OccupationItemSchema>;
export type RosterItem = z.infer<typeof RosterItemSchema>;
export type Enrolment = z.infer<typeof EnrolOutput>;
export type Qr = z.infer<typeof QrOutput>;
export type EmploymentRate = z.infer<typeof EmploymentRateOutput>;

export const fetchOccupations = () => api.get<{ items: Occupation[] }>('/api/v1/occupations');
export const fetchClasses = (q: { status?: ClassStatus; page: number; pageSize: number }) => api.get<Paged<TrainingClass>>('/api/v1/classes', q);
export const fetchClass = (id: number) => api.get<TrainingClass>(`/api/v1/classes/${id}`);
export const createClass = (input: ClassInputData) => api.post<{ id: number }>('/api/v1/classes', input);
export const fileClass = (id: number) => api.post<{ ok: true }>(`/api/v1/classes/${id}/file`);
export const reviewClass = (id: number, decision: 'approve' | 'reject', comment?: string) => api.post<{ ok: true }>(`/api/v1/classes/${id}/review`, { decision, comment });

export const fetchRoster = (id: number) => api.get<{ items: RosterItem[] }>(`/api/v1/classes/${id}/trainees`);
export const enrolTrainee = (id: number, input: z.input<typeof EnrolInput>) => api.post<Enrolment>(`/api/v1/classes/${id}/trainees`, input);
export const registerOnline = (id: number, voucherCode?: string) => api.post<Enrolment>(`/api/v1/classes/${id}/register`, voucherCode ? { voucherCode } : {});

/** Creates the session of a date, or returns the existing one (the server keys sessions by class and date). */
export const openSession = (classId: number, sessionDate: string, title?: string) => api.post<{ id: number }>(`/api/v1/classes/${classId}/sessions`, { sessionDate, title: title || undefined });
export const fetchQr = (sessionId: number, signal?: AbortSignal) => api.get<Qr>(`/api/v1/sessions/${sessionId}/qr`, undefined, { signal });
export const signInWithQr = (sessionId: number, code: string) => api.post<{ ok: true }>('/api/v1/attendance/qr', { sessionId, code });
export const rollCall = (sessionId: number, traineeIds: number[]) => api.post<{ recorded: number }>(`/api/v1/sessions/${sessionId}/rollcall`, { traineeIds });

export const recordResults = (classId: number, results: z.input<typeof ResultsInput>['results']) => api.post<{ ok: true }>(`/api/v1/classes/${classId}/results`, { results });
export const addCertificate = (classId: number, input: z.input<typeof CertificateInput>) => api.post<{ id: number }>(`/api/v1/classes/${classId}/certificates`, input);
export const addEmployment = (classId: number, input: z.input<typeof EmploymentInput>) => api.post<{ id: number }>(`/api/v1/classes/${classId}/employment`, input);
export const fetchEmploymentRate = (classId: number) => api.get<EmploymentRate>(`/api/v1/classes/${classId}/employment-rate`);
export const recordSpotCheck = (classId: number, input: z.input<typeof SpotCheckInput>) => api.post<{ id: number }>(`/api/v1/classes/${classId}/spot-checks`, input);
export const answerSurvey = (classId: number, input: z.input<typeof SurveyInput>) => api.post<{ ok: true }>(`/api/v1/classes/${classId}/survey`, input);
