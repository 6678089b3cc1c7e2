import { describe, expect, it } from 'vitest';
import { evaluate, historyTraining, lineRules, reasonRules, resultOf, trainee, trainingClaim, trainingClass, type ClaimInput } from './batch-factory.ts';

function directClaim(id: string, evidence: string[], cls = 'K2'): ClaimInput {
  return { id, kind: 'direct_enterprise', enterprise: 'E1', class: cls, evidence, date: '2021-07-01' };
}

const k2 = (trainees = [trainee('A'), trainee('B')]) => trainingClass('K2', trainees, { type: 'post_skills', institution: null, start: '2021-06-01', end: '2021-06-20', standard: 800 });

describe('direct subsidy to enterprises (直补企业)', () => {
  it('pays the class standard per trainee with plan, sign-in sheets and video', () => {
    const r = evaluate({ classes: [k2()], claims: [directClaim('D1', ['plan', 'sign_in', 'video'])] });
    expect(r.results[0]).toEqual({
      claim: 'D1',
      decision: 'approved',
      amount: 1600,
      lines: [
        { person: 'A', amount: 800, rule: 'training.standard' },
        { person: 'B', amount: 800, rule: 'training.standard' },
      ],
      reasons: [],
    });
  });

  it.each([[['sign_in', 'video']], [['plan', 'video']], [['plan', 'sign_in']], [[]]])('rejects the whole claim with evidence %j', (evidence) => {
    const r = evaluate({ classes: [k2()], claims: [directClaim('D1', evidence)] });
    expect(r.results[0]).toMatchObject({ decision: 'rejected', amount: 0 });
    expect(lineRules(r.results[0])).toEqual(['direct.missing_evidence', 'direct.missing_evidence']);
    expect(reasonRules(r.results[0])).toEqual(['direct.missing_evidence']);
  });

  it('exempts a classified enterprise from the video, but not from the plan or sign-in sheets', () => {
    const r = evaluate({
      enterprises: [{ id: 'E1', classified: true }],
      classes: [k2(), trainingClass('K3', [trainee('C')], { start: '2021-08-01', end: '2021-08-05' })],
      claims: [directClaim('D1', ['plan', 'sign_in']), directClaim('D2', ['plan', 'video'], 'K3')],
    });
    expect(resultOf(r, 'D1').decision).toBe('approved');
    expect(reasonRules(resultOf(r, 'D2'))).toEqual(['direct.missing_evidence']);
  });

  it('decides lines like a training claim and shares their history', () => {
    const r = evaluate({
      history: [historyTraining('B', '2021-06-20', '2021-06-30'), { kind: 'voucher_redeemed', voucher: 'V1' }],
      classes: [k2([trainee('A'), trainee('B'), trainee('C', { registered_before_start: false }), trainee('D', { voucher: 'V1' })]), trainingClass('K3', [trainee('A')], { start: '2021-06-10', end: '2021-06-12' })],
      claims: [directClaim('D1', ['plan', 'sign_in', 'video']), trainingClaim('C1', 'K3')],
    });
    expect(lineRules(resultOf(r, 'D1'))).toEqual(['training.standard', 'training.overlapping_class', 'training.not_registered', 'training.voucher_reused']);
    expect(resultOf(r, 'D1')).toMatchObject({ decision: 'partial', amount: 800 });
    expect(lineRules(resultOf(r, 'C1'))).toEqual(['training.overlapping_class']);
  });

  it('applies the employment tier to a key-group class', () => {
    const trainees = [trainee('A', { employed: true }), ...['B', 'C', 'D'].map((p) => trainee(p, { employed: false }))];
    const cls = trainingClass('K2', trainees, { key_group: true, institution: null });
    const r = evaluate({ classes: [cls], claims: [directClaim('D1', ['plan', 'sign_in', 'video'])] });
    expect(lineRules(r.results[0])).toEqual(['training.standard', 'training.employment_tier', 'training.employment_tier', 'training.employment_tier']);
    expect(reasonRules(r.results[0])).toEqual(['training.employment_tier']);
  });

  it('ignores a blacklisted institution on the class (the enterprise claims itself)', () => {
    const r = evaluate({
      institutions: [{ id: 'I1', blacklisted_since: '2020-01-01' }],
      classes: [trainingClass('K2', [trainee('A')], { institution: 'I1' })],
      claims: [directClaim('D1', ['plan', 'sign_in', 'video'])],
    });
    expect(r.results[0].decision).toBe('approved');
  });
});
