import { describe, expect, it } from 'vitest';
import { PolicySet } from '../policy-set.schema.ts';
import { getBuiltinPolicySet, listBuiltinPolicySets } from '../policy-sets/index.ts';
import shaanxiDocument from '../policy-sets/shaanxi-2021.json' with { type: 'json' };

describe('built-in policy sets', () => {
  it('lists national-default and shaanxi-2021, and nothing for an unknown id', () => {
    expect(listBuiltinPolicySets().map((p) => p.id)).toEqual(['national-default', 'shaanxi-2021']);
    expect(getBuiltinPolicySet('yunnan-2099')).toBeUndefined();
  });

  it('carries exactly the figures of policy-rules.md in shaanxi-2021', () => {
    const p = getBuiltinPolicySet('shaanxi-2021')!;
    expect(p.region_code).toBe('61');
    expect(p.training.yearly_cap).toEqual({ count: 3, counted_types: ['employment_skills', 'post_skills', 'entrepreneurship'] });
    expect(p.training.employment_tier).toMatchObject({ key_group_only: true, types: ['employment_skills', 'entrepreneurship'], threshold: 0.3, follow_up_months: 6 });
    expect(p.training.student_once).toEqual({ count: 1, excluded_types: ['entrepreneurship'] });
    expect(p.living_allowance).toEqual({
      eligible_groups: ['lifted_out_of_poverty', 'employment_difficulty', 'zero_employment_family', 'rural_graduate_not_continuing', 'urban_low_income_family'],
      training_types: ['employment_skills', 'entrepreneurship'],
      living_per_day_cap_fen: 2000,
      transport_per_day_cap_fen: 3000,
      per_class_cap_fen: 250000,
      per_year: 1,
    });
    expect(p.work_as_training).toMatchObject({ sample_unaware_threshold: 0.2, no_certificate_rate: 0.7, per_worker: 1, counts_toward_yearly_cap: false });
    expect(p.direct_enterprise).toEqual({ required_evidence: ['plan', 'sign_in', 'video'], classified_exempt: ['video'] });
    expect(p.apprenticeship).toEqual({ per_year: 1, standard_fen: 400000 });
    expect(p.review_levels).toEqual(['county', 'city']);
  });

  it('differs in national-default only where national rules differ, with a note', () => {
    const national = getBuiltinPolicySet('national-default')!;
    const shaanxi = getBuiltinPolicySet('shaanxi-2021')!;
    expect(national.living_allowance.eligible_groups).toContain('registered_poor');
    expect(shaanxi.living_allowance.eligible_groups).not.toContain('registered_poor');
    expect(national.notes.join('')).toContain('001 四(二)');
    expect(national.training).toEqual(shaanxi.training);
    expect(national.work_as_training).toEqual(shaanxi.work_as_training);
  });

  it('cannot be changed by a caller', () => {
    const p = getBuiltinPolicySet('shaanxi-2021')!;
    expect(() => {
      (p.living_allowance as { per_class_cap_fen: number }).per_class_cap_fen = 1;
    }).toThrow(TypeError);
  });

  it('rejects a policy set whose threshold disagrees with its tiers', () => {
    const doc = structuredClone(shaanxiDocument);
    doc.training.employment_tier.threshold = 0.4;
    const r = PolicySet.safeParse(doc);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual(['training', 'employment_tier', 'threshold']);
  });

  it('rejects money that is not integer fen and rates with more than 4 decimals', () => {
    const doc = structuredClone(shaanxiDocument);
    doc.living_allowance.living_per_day_cap_fen = 20.5;
    expect(PolicySet.safeParse(doc).success).toBe(false);
    const doc2 = structuredClone(shaanxiDocument);
    doc2.work_as_training.no_certificate_rate = 0.70001;
    expect(PolicySet.safeParse(doc2).success).toBe(false);
  });

  it('accepts a province that adds a bonus tier above 60 %', () => {
    const doc = structuredClone(shaanxiDocument) as { training: { employment_tier: { tiers: { min_rate: number; counts: string; factor: number }[] } } };
    doc.training.employment_tier.tiers.push({ min_rate: 0.6, counts: 'qualified', factor: 1.2 });
    expect(PolicySet.safeParse(doc).success).toBe(true);
  });
});
