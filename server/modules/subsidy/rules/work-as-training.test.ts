import { describe, expect, it } from 'vitest';
import { evaluate, reasonRules, resultOf, type ClaimInput } from './batch-factory.ts';

type WatClaim = Extract<ClaimInput, { kind: 'work_as_training' }>;

function watClaim(id: string, overrides: Partial<WatClaim> = {}): ClaimInput {
  return { id, kind: 'work_as_training', enterprise: 'E1', person: 'W', standard: 500, wage: 1900, min_wage: 1800, date: '2021-06-01', certificate: { level: 4, standard: 1500, higher_than_before: true }, ...overrides };
}

function enterprise(overrides: { wage_arrears_since_2020?: boolean; classified?: boolean; sample?: { checked: number; unaware: number } | null } = {}) {
  return [{ id: 'E1', wage_arrears_since_2020: false, classified: false, sample: { checked: 10, unaware: 1 }, ...overrides }];
}

describe('work-as-training (以工代训)', () => {
  it('pays the higher of the standard and the certificate standard with a higher-level certificate', () => {
    const r = evaluate({ enterprises: enterprise(), claims: [watClaim('W1'), watClaim('W2', { person: 'V', certificate: { standard: 300, higher_than_before: true } })] });
    expect(resultOf(r, 'W1')).toEqual({ claim: 'W1', decision: 'approved', amount: 1500, lines: [{ person: 'W', amount: 1500, rule: 'wat.standard' }], reasons: [] });
    expect(resultOf(r, 'W2')).toMatchObject({ decision: 'approved', amount: 500 });
  });

  it('pays 70 % of the standard without a certificate, as a partial decision', () => {
    const r = evaluate({ enterprises: enterprise(), claims: [watClaim('W1', { certificate: null })] });
    const c = r.results[0];
    expect(c).toMatchObject({ decision: 'partial', amount: 350, lines: [{ person: 'W', amount: 350, rule: 'wat.no_certificate_70pct' }] });
    expect(reasonRules(c)).toEqual(['wat.no_certificate_70pct']);
  });

  it('pays 70 % when the certificate is not of a higher level', () => {
    const r = evaluate({ enterprises: enterprise(), claims: [watClaim('W1', { certificate: { level: 5, standard: 1500, higher_than_before: false } })] });
    expect(r.results[0]).toMatchObject({ decision: 'partial', amount: 350 });
  });

  it('rounds 70 % half-up to the fen in integer arithmetic', () => {
    const r = evaluate({
      enterprises: enterprise(),
      claims: [
        watClaim('W1', { person: 'A', certificate: null, standard: 500.15 }), // 350.105 → 350.11 (float math gives 350.10)
        watClaim('W2', { person: 'B', certificate: null, standard: 100.05 }), // 70.035 → 70.04
        watClaim('W3', { person: 'C', certificate: null, standard: 0.01 }), // 0.007 → 0.01
        watClaim('W4', { person: 'D', certificate: null, standard: 333.33 }), // 233.331 → 233.33
      ],
    });
    expect(r.results.map((x) => x.amount)).toEqual([350.11, 70.04, 0.01, 233.33]);
  });

  it('rejects an enterprise with wage arrears since 2020 first', () => {
    const r = evaluate({ enterprises: enterprise({ wage_arrears_since_2020: true, sample: { checked: 10, unaware: 5 } }), claims: [watClaim('W1', { wage: 100 })] });
    expect(r.results[0]).toMatchObject({ decision: 'rejected', amount: 0, lines: [{ person: 'W', amount: 0, rule: 'wat.enterprise_wage_arrears' }] });
    expect(reasonRules(r.results[0])).toEqual(['wat.enterprise_wage_arrears']);
  });

  it('rejects at exactly 20 % of sampled workers unaware', () => {
    const r = evaluate({ enterprises: enterprise({ sample: { checked: 10, unaware: 2 } }), claims: [watClaim('W1', { wage: 100 })] });
    expect(reasonRules(r.results[0])).toEqual(['wat.sample_unaware']);
    expect(r.results[0].reasons[0].detail).toContain('20%');
  });

  it('accepts just under 20 % unaware (199 of 1,000)', () => {
    const r = evaluate({ enterprises: enterprise({ sample: { checked: 1000, unaware: 199 } }), claims: [watClaim('W1')] });
    expect(r.results[0].decision).toBe('approved');
  });

  it('accepts an enterprise without a verification sample', () => {
    const r = evaluate({ enterprises: [{ id: 'E1' }, { id: 'E2', sample: { checked: 0, unaware: 0 } }], claims: [watClaim('W1'), watClaim('W2', { person: 'V', enterprise: 'E2' })] });
    expect(r.results.map((x) => x.decision)).toEqual(['approved', 'approved']);
  });

  it('rejects a wage below the minimum wage, and accepts a wage equal to it', () => {
    const r = evaluate({ enterprises: enterprise(), claims: [watClaim('W1', { wage: 1799.99 }), watClaim('W2', { wage: 1800 })] });
    expect(reasonRules(resultOf(r, 'W1'))).toEqual(['wat.below_min_wage']);
    expect(resultOf(r, 'W2').decision).toBe('approved');
  });

  it('pays a worker once ever: history of any year, or an earlier claim of the batch', () => {
    const r = evaluate({
      enterprises: enterprise(),
      history: [{ person: 'W', kind: 'work_as_training', date: '2019-05-01' }],
      claims: [watClaim('W1'), watClaim('W2', { person: 'V' }), watClaim('W3', { person: 'V', date: '2022-03-01' })],
    });
    expect(reasonRules(resultOf(r, 'W1'))).toEqual(['wat.once_per_worker']);
    expect(resultOf(r, 'W2').decision).toBe('approved');
    expect(reasonRules(resultOf(r, 'W3'))).toEqual(['wat.once_per_worker']);
  });

  it('does not record a rejected claim', () => {
    const r = evaluate({ enterprises: enterprise(), claims: [watClaim('W1', { wage: 100 }), watClaim('W2')] });
    expect(resultOf(r, 'W2').decision).toBe('approved');
  });

  it('checks the minimum wage before once-per-worker', () => {
    const r = evaluate({ enterprises: enterprise(), history: [{ person: 'W', kind: 'work_as_training' }], claims: [watClaim('W1', { wage: 100 })] });
    expect(reasonRules(r.results[0])).toEqual(['wat.below_min_wage']);
  });
});
