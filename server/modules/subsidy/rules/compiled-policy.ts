/**
 * A policy set turned into the form the checks use: type sets as bit masks, group sets as
 * Sets, rates as integer basis points. Built once per evaluation.
 */
import type { PolicySet } from '../policy-set.schema.ts';
import { typeMask } from './history.ts';
import { rateToBasisPoints } from './money.ts';

export interface CompiledTier {
  minBasisPoints: number;
  /** Only employed qualified trainees are paid in this tier. */
  employedOnly: boolean;
  factorBasisPoints: number;
}

export interface CompiledPolicy {
  id: string;
  source: PolicySet;
  yearlyCap: number;
  cappedMask: number;
  tier: { keyGroupOnly: boolean; typeMask: number; thresholdBasisPoints: number; tiers: CompiledTier[] };
  studentOnce: { count: number; excludedMask: number };
  living: { groups: ReadonlySet<string>; typeMask: number; livingCapFen: number; transportCapFen: number; perClassCapFen: number; perYear: number };
  workAsTraining: { unawareBasisPoints: number; noCertificateBasisPoints: number; perWorker: number; countsTowardCap: boolean };
  direct: { required: readonly string[]; classifiedExempt: ReadonlySet<string> };
  apprenticeship: { perYear: number };
}

export function compilePolicy(p: PolicySet): CompiledPolicy {
  const t = p.training;
  return {
    id: p.id,
    source: p,
    yearlyCap: t.yearly_cap.count,
    cappedMask: typeMask(t.yearly_cap.counted_types),
    tier: {
      keyGroupOnly: t.employment_tier.key_group_only,
      typeMask: typeMask(t.employment_tier.types),
      thresholdBasisPoints: rateToBasisPoints(t.employment_tier.threshold),
      tiers: t.employment_tier.tiers.map((x) => ({
        minBasisPoints: rateToBasisPoints(x.min_rate),
        employedOnly: x.counts === 'employed',
        factorBasisPoints: rateToBasisPoints(x.factor),
      })),
    },
    studentOnce: { count: t.student_once.count, excludedMask: typeMask(t.student_once.excluded_types) },
    living: {
      groups: new Set(p.living_allowance.eligible_groups),
      typeMask: typeMask(p.living_allowance.training_types),
      livingCapFen: p.living_allowance.living_per_day_cap_fen,
      transportCapFen: p.living_allowance.transport_per_day_cap_fen,
      perClassCapFen: p.living_allowance.per_class_cap_fen,
      perYear: p.living_allowance.per_year,
    },
    workAsTraining: {
      unawareBasisPoints: rateToBasisPoints(p.work_as_training.sample_unaware_threshold),
      noCertificateBasisPoints: rateToBasisPoints(p.work_as_training.no_certificate_rate),
      perWorker: p.work_as_training.per_worker,
      countsTowardCap: p.work_as_training.counts_toward_yearly_cap,
    },
    direct: { required: p.direct_enterprise.required_evidence, classifiedExempt: new Set(p.direct_enterprise.classified_exempt) },
    apprenticeship: { perYear: p.apprenticeship.per_year },
  };
}
