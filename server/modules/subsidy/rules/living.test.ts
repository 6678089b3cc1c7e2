import { describe, expect, it } from 'vitest';
import { evaluate, person, reasonRules, resultOf, trainee, trainingClass, type ClaimInput } from './batch-factory.ts';

function livingClaim(id: string, overrides: Partial<Extract<ClaimInput, { kind: 'living_allowance' }>> = {}): ClaimInput {
  return { id, kind: 'living_allowance', class: 'K1', person: 'A', living_per_day: 20, transport_per_day: 30, date: '2021-05-10', ...overrides };
}

describe('living and transport allowance (生活费、交通费补贴)', () => {
  it('pays days attended × (living + transport) as one line for the person', () => {
    const r = evaluate({ people: [person('A')], classes: [trainingClass('K1', [trainee('A', { days_attended: 15 })])], claims: [livingClaim('L1')] });
    expect(r.results[0]).toEqual({ claim: 'L1', decision: 'approved', amount: 750, lines: [{ person: 'A', amount: 750, rule: 'living.standard' }], reasons: [] });
  });

  it.each(['lifted_out_of_poverty', 'employment_difficulty', 'zero_employment_family', 'rural_graduate_not_continuing', 'urban_low_income_family'])('accepts the group %s', (group) => {
    const r = evaluate({ people: [person('A', { groups: [group] })], classes: [trainingClass('K1', [trainee('A')])], claims: [livingClaim('L1')] });
    expect(r.results[0].decision).toBe('approved');
  });

  it('rejects a person of none of the eligible groups with living.not_eligible_group', () => {
    const r = evaluate({ people: [person('A', { groups: ['migrant_worker', 'registered_poor'] })], classes: [trainingClass('K1', [trainee('A')])], claims: [livingClaim('L1')] });
    expect(r.results[0]).toMatchObject({ decision: 'rejected', amount: 0, lines: [{ person: 'A', amount: 0, rule: 'living.not_eligible_group' }] });
    expect(reasonRules(r.results[0])).toEqual(['living.not_eligible_group']);
    expect(r.results[0].reasons[0].detail).toMatch(/脱贫人口/);
  });

  it('pays registered_poor trainees under national-default (001 四(二)) but not under shaanxi-2021', () => {
    const parts = { people: [person('A', { groups: ['registered_poor'] })], classes: [trainingClass('K1', [trainee('A')])], claims: [livingClaim('L1')] };
    expect(evaluate(parts, 'national-default').results[0].decision).toBe('approved');
    expect(evaluate(parts, 'shaanxi-2021').results[0].decision).toBe('rejected');
  });

  it('rejects a post-skills class with living.not_employment_training, after the group check', () => {
    const r = evaluate({ people: [person('A')], classes: [trainingClass('K1', [trainee('A')], { type: 'post_skills' })], claims: [livingClaim('L1')] });
    expect(reasonRules(r.results[0])).toEqual(['living.not_employment_training']);
    const r2 = evaluate({ people: [person('A', { groups: [] })], classes: [trainingClass('K1', [trainee('A')], { type: 'post_skills' })], claims: [livingClaim('L1')] });
    expect(reasonRules(r2.results[0])).toEqual(['living.not_eligible_group']);
  });

  it('pays for entrepreneurship training', () => {
    const r = evaluate({ people: [person('A')], classes: [trainingClass('K1', [trainee('A')], { type: 'entrepreneurship' })], claims: [livingClaim('L1')] });
    expect(r.results[0].amount).toBe(500);
  });

  it('rejects a person not on the roster, or with 0 days attended, with living.not_trainee', () => {
    const r = evaluate({
      people: [person('A'), person('B')],
      classes: [trainingClass('K1', [trainee('A', { days_attended: 0 })])],
      claims: [livingClaim('L1'), livingClaim('L2', { person: 'B' })],
    });
    expect(reasonRules(resultOf(r, 'L1'))).toEqual(['living.not_trainee']);
    expect(reasonRules(resultOf(r, 'L2'))).toEqual(['living.not_trainee']);
  });

  it('finds the trainee on a long roster', () => {
    const trainees = Array.from({ length: 40 }, (_, i) => trainee(`P${i}`, { days_attended: i }));
    const r = evaluate({ people: [person('P33')], classes: [trainingClass('K1', trainees)], claims: [livingClaim('L1', { person: 'P33' })] });
    expect(r.results[0].amount).toBe(33 * 50);
  });

  it('does not require the trainee to have passed', () => {
    const r = evaluate({ people: [person('A')], classes: [trainingClass('K1', [trainee('A', { passed: false, registered_before_start: false })])], claims: [livingClaim('L1')] });
    expect(r.results[0].decision).toBe('approved');
  });

  it('caps the daily rates at 20 and 30 yuan with living.rate_capped (partial)', () => {
    const r = evaluate({ people: [person('A')], classes: [trainingClass('K1', [trainee('A', { days_attended: 10 })])], claims: [livingClaim('L1', { living_per_day: 25, transport_per_day: 30 })] });
    const c = resultOf(r, 'L1');
    expect(c).toMatchObject({ decision: 'partial', amount: 500, lines: [{ person: 'A', amount: 500, rule: 'living.rate_capped' }] });
    expect(reasonRules(c)).toEqual(['living.rate_capped']);
  });

  it('pays rates below the caps as claimed', () => {
    const r = evaluate({ people: [person('A')], classes: [trainingClass('K1', [trainee('A', { days_attended: 7 })])], claims: [livingClaim('L1', { living_per_day: 12.5, transport_per_day: 8.33 })] });
    expect(r.results[0]).toMatchObject({ decision: 'approved', amount: 145.81 });
  });

  it('pays exactly 2,500 yuan without reduction and caps above it with living.cap_per_class', () => {
    const r = evaluate({
      people: [person('A'), person('B')],
      classes: [trainingClass('K1', [trainee('A', { days_attended: 50 }), trainee('B', { days_attended: 51 })])],
      claims: [livingClaim('L1'), livingClaim('L2', { person: 'B' })],
    });
    expect(resultOf(r, 'L1')).toMatchObject({ decision: 'approved', amount: 2500, reasons: [] });
    const capped = resultOf(r, 'L2');
    expect(capped).toMatchObject({ decision: 'partial', amount: 2500, lines: [{ person: 'B', amount: 2500, rule: 'living.cap_per_class' }] });
    expect(reasonRules(capped)).toEqual(['living.cap_per_class']);
  });

  it('names both reductions when the rates and the total are capped', () => {
    const r = evaluate({ people: [person('A')], classes: [trainingClass('K1', [trainee('A', { days_attended: 80 })])], claims: [livingClaim('L1', { living_per_day: 40, transport_per_day: 60 })] });
    expect(r.results[0]).toMatchObject({ decision: 'partial', amount: 2500 });
    expect(reasonRules(r.results[0])).toEqual(['living.rate_capped', 'living.cap_per_class']);
  });

  it('allows one allowance per calendar year of the class end, counting the batch', () => {
    const r = evaluate({
      people: [person('A')],
      classes: [trainingClass('K1', [trainee('A')]), trainingClass('K2', [trainee('A')], { start: '2021-11-01', end: '2021-11-10' }), trainingClass('K3', [trainee('A')], { start: '2021-12-25', end: '2022-01-05' })],
      claims: [livingClaim('L1'), livingClaim('L2', { class: 'K2' }), livingClaim('L3', { class: 'K3' })],
    });
    expect(resultOf(r, 'L1').decision).toBe('approved');
    expect(reasonRules(resultOf(r, 'L2'))).toEqual(['living.once_per_year']);
    expect(resultOf(r, 'L3').decision).toBe('approved'); // ends in 2022
  });

  it('counts history allowances by their date: Dec 31 blocks that year only', () => {
    const base = { people: [person('A')], history: [{ person: 'A', kind: 'living_allowance' as const, date: '2020-12-31' }] };
    const sameYear = evaluate({ ...base, classes: [trainingClass('K1', [trainee('A')], { start: '2020-12-01', end: '2020-12-31' })], claims: [livingClaim('L1')] });
    expect(reasonRules(sameYear.results[0])).toEqual(['living.once_per_year']);
    const nextYear = evaluate({ ...base, classes: [trainingClass('K1', [trainee('A')], { start: '2020-12-20', end: '2021-01-01' })], claims: [livingClaim('L1')] });
    expect(nextYear.results[0].decision).toBe('approved');
  });

  it('does not record a rejected allowance', () => {
    const r = evaluate({
      people: [person('A')],
      classes: [trainingClass('K1', [trainee('A', { days_attended: 0 })]), trainingClass('K2', [trainee('A')], { start: '2021-06-01', end: '2021-06-10' })],
      claims: [livingClaim('L1'), livingClaim('L2', { class: 'K2' })],
    });
    expect(resultOf(r, 'L2').decision).toBe('approved');
  });
});
