import { describe, expect, it } from 'vitest';
import { evaluate, reasonRules, resultOf, type ClaimInput } from './batch-factory.ts';

function apprenticeshipClaim(id: string, overrides: Partial<Extract<ClaimInput, { kind: 'apprenticeship' }>> = {}): ClaimInput {
  return { id, kind: 'apprenticeship', enterprise: 'E1', person: 'A', year: 2021, standard: 4000, date: '2021-08-01', ...overrides };
}

describe('apprenticeship (企业新型学徒制)', () => {
  it('pays the claimed standard as one line for the apprentice', () => {
    const r = evaluate({ claims: [apprenticeshipClaim('P1')] });
    expect(r.results[0]).toEqual({ claim: 'P1', decision: 'approved', amount: 4000, lines: [{ person: 'A', amount: 4000, rule: 'apprenticeship.standard' }], reasons: [] });
  });

  it('rejects a second subsidy for the same person and year, from history or the batch', () => {
    const r = evaluate({
      history: [{ person: 'B', kind: 'apprenticeship', year: 2021 }],
      claims: [apprenticeshipClaim('P1'), apprenticeshipClaim('P2'), apprenticeshipClaim('P3', { person: 'B' })],
    });
    expect(resultOf(r, 'P1').decision).toBe('approved');
    expect(resultOf(r, 'P2')).toMatchObject({ decision: 'rejected', amount: 0, lines: [{ person: 'A', amount: 0, rule: 'apprenticeship.once_per_year' }] });
    expect(reasonRules(resultOf(r, 'P3'))).toEqual(['apprenticeship.once_per_year']);
  });

  it('pays the same person again in another year', () => {
    const r = evaluate({ history: [{ person: 'A', kind: 'apprenticeship', year: 2020 }], claims: [apprenticeshipClaim('P1'), apprenticeshipClaim('P2', { year: 2022 })] });
    expect(r.results.map((x) => x.decision)).toEqual(['approved', 'approved']);
  });
});
