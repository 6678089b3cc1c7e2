/**
 * Typed calls of the precise-matching endpoints (精准比对): poverty-registry snapshots, match
 * runs and their progress, the clerical-review queue and the feedback lists of schools and
 * training institutions. Shapes follow server/modules/matching/matching.routes.ts.
 */
import { api, uploadRaw, type Paged, type UploadOptions } from './client.ts';

/** Outcome tiers of contracts.md §2. */
export type MatchTier = 'exact' | 'corrected_id' | 'fuzzy' | 'conflict' | 'none';
export type MatchScope = 'registry' | 'training';
export type RunStatus = 'running' | 'succeeded' | 'failed';

/** One loaded registry extract (建档立卡数据版本). */
export interface PovertySnapshot {
  id: number;
  source: string;
  fileName: string;
  importedAt: string;
  rows: number;
  invalidRows: number;
  current: boolean;
}

/** A match run with its progress and, once finished, the tier counts (plus `auto` and `pending`). */
export interface MatchRun {
  id: number;
  scope: MatchScope | string;
  status: RunStatus | string;
  total: number;
  done: number;
  counts: Record<string, number>;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

/** The record side of a review item (our registry person; ID masked). */
export interface ReviewPerson {
  id: number;
  name: string;
  gender: string;
  birthDate: string;
  regionCode: string;
  regionName: string | null;
  idNumber: string;
}

/** The candidate in the poverty registry (ID masked; birth date and gender from its ID). */
export interface ReviewCandidate {
  name: string | null;
  household: string | null;
  povertyStatus: string | null;
  idNumber: string | null;
  birthDate: string | null;
  gender: string | null;
  regionCode: string | null;
  regionName: string | null;
}

export interface ReviewItem {
  id: number;
  tier: MatchTier | string;
  confidence: number;
  explanation: string;
  /** 1-based positions where the two full ID numbers differ. */
  idDiff: number[];
  person: ReviewPerson;
  registry: ReviewCandidate;
}

export interface FeedbackItem {
  personId: number;
  name: string;
  idNumber: string;
  povertyStatus: string | null;
  classId: number | null;
  newSinceLastRun: boolean;
}

export interface Feedback {
  runId: number | null;
  items: FeedbackItem[];
  noLongerMatched: FeedbackItem[];
}

export const fetchSnapshots = () => api.get<{ items: PovertySnapshot[] }>('/api/v1/poverty-snapshots');
export const uploadSnapshot = (file: File, source: string, opts: Pick<UploadOptions, 'onProgress' | 'signal'> = {}) =>
  uploadRaw<{ id: number; rows: number; invalid: number }>('/api/v1/poverty-snapshots', file, { ...opts, query: { fileName: file.name, source: source.trim() || undefined } });

export const fetchRuns = (limit = 10) => api.get<{ items: MatchRun[] }>('/api/v1/match-runs', { limit });
export const fetchRun = (id: number, signal?: AbortSignal) => api.get<MatchRun>(`/api/v1/match-runs/${id}`, undefined, { signal });
export const startRun = (scope: MatchScope) => api.post<{ id: number }>('/api/v1/match-runs', { scope });

export const fetchReviews = (q: { page: number; pageSize: number }) => api.get<Paged<ReviewItem>>('/api/v1/match-reviews', q);
export const decideReview = (id: number, decision: 'accept' | 'reject', reason: string) => api.post<{ ok: true }>(`/api/v1/match-reviews/${id}`, { decision, reason });

export const fetchFeedback = () => api.get<Feedback>('/api/v1/match-feedback');
