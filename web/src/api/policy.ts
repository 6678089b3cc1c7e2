/**
 * Typed calls of the policy-set administration endpoints (政策设置): list, view, copy into a
 * draft, edit the draft, diff against its origin, publish, and the what-if run (试算) of a
 * claim batch (contracts.md §3) with the same evaluator the claim workflow uses.
 *
 * The document shape mirrors server/modules/subsidy/policy-set.schema.ts (money in integer
 * fen, rates as decimals in [0, 1]); the server validates every write with that schema.
 */
import { api } from './client.ts';

export type PolicySetStatus = 'builtin' | 'draft' | 'published';

export interface PolicySetSummary {
  id: string;
  version: number;
  name: string;
  regionCode: string;
  status: PolicySetStatus;
  /** 'id@version' of the set this one was copied from. */
  basedOn: string | null;
  effectiveFrom: string;
  effectiveTo: string | null;
}

export interface EmploymentTier {
  min_rate: number;
  counts: 'employed' | 'qualified';
  factor: number;
}

/** A policy set document (policy-set.schema.ts). */
export interface PolicyDocument {
  id: string;
  name: string;
  region_code: string;
  effective_from: string;
  effective_to: string | null;
  version: number;
  based_on: string | null;
  sources: string[];
  notes: string[];
  training: {
    yearly_cap: { count: number; counted_types: string[] };
    employment_tier: { key_group_only: boolean; types: string[]; threshold: number; follow_up_months: number; tiers: EmploymentTier[] };
    student_once: { count: number; excluded_types: string[] };
  };
  living_allowance: {
    eligible_groups: string[];
    training_types: string[];
    living_per_day_cap_fen: number;
    transport_per_day_cap_fen: number;
    per_class_cap_fen: number;
    per_year: number;
  };
  work_as_training: {
    sample_unaware_threshold: number;
    no_certificate_rate: number;
    per_worker: number;
    wage_arrears_since: string;
    counts_toward_yearly_cap: boolean;
  };
  direct_enterprise: { required_evidence: string[]; classified_exempt: string[] };
  apprenticeship: { per_year: number; standard_fen: number };
  review_levels: string[];
}

export interface PolicyChange {
  path: string;
  from: unknown;
  to: unknown;
}

export interface PolicyDiff {
  /** 'id@version' compared against. */
  against: string;
  changes: PolicyChange[];
}

export type Decision = 'approved' | 'partial' | 'rejected';

/** One claim's decision (contracts.md §3); amounts in yuan with 2 decimals. */
export interface ClaimResult {
  claim: string;
  decision: Decision;
  amount: number;
  lines: { person: string; amount: number; rule: string }[];
  reasons: { rule: string; detail: string }[];
}

export interface WhatIfResult {
  policy: string;
  results: ClaimResult[];
}

export interface CopyInput {
  from: string;
  fromVersion?: number;
  id: string;
  name: string;
  regionCode: string;
}

const ref = (id: string, version: number) => `/api/v1/policy-sets/${encodeURIComponent(id)}/${version}`;

export const fetchPolicySets = () => api.get<{ items: PolicySetSummary[] }>('/api/v1/policy-sets');
export const fetchPolicySet = (id: string, version: number) => api.get<{ status: PolicySetStatus; document: PolicyDocument }>(ref(id, version));
export const copyPolicySet = (input: CopyInput) => api.post<{ id: string; version: number }>('/api/v1/policy-sets', input);
export const updatePolicyDraft = (id: string, version: number, document: PolicyDocument) => api.put<{ ok: true }>(ref(id, version), { document });
export const fetchPolicyDiff = (id: string, version: number, against?: string) => api.get<PolicyDiff>(`${ref(id, version)}/diff`, { against });
export const publishPolicySet = (id: string, version: number) => api.post<{ ok: true }>(`${ref(id, version)}/publish`, {});
export const runWhatIf = (id: string, version: number, batch: unknown) => api.post<WhatIfResult>(`${ref(id, version)}/what-if`, batch);
