import { describe, expect, it } from 'vitest';
import type { PolicySet } from '../policy-set.schema.ts';
import { getBuiltinPolicySet } from '../policy-sets/index.ts';
import { evaluate, lineRules, person, resultOf, trainee, trainingClaim, trainingClass } from './batch-factory.ts';
import { parseClaimBatch } from './batch.schema.ts';
import { evaluateClaims } from './evaluate.ts';
import { RULE_CODES } from './result.ts';

/** The example document of contracts.md §3. */
const contractExample = {
  people: [{ id: 'ID', groups: ['lifted_out_of_poverty'], student_periods: [{ from: '2020-09-01', to: '2023-07-01' }] }],
  history: [
    { person: 'ID', kind: 'training', training_type: 'employment_skills', class_start: '2021-01-05', class_end: '2021-01-20' },
    { person: 'ID', kind: 'living_allowance', date: '2021-02-01' },
    { person: 'ID', kind: 'work_as_training', date: '2020-05-01' },
    { voucher: 'V001', kind: 'voucher_redeemed' },
  ],
  institutions: [{ id: 'I1', blacklisted_since: null }],
  enterprises: [{ id: 'E1', wage_arrears_since_2020: false, classified: false, sample: { checked: 10, unaware: 1 } }],
  classes: [
    {
      id: 'K1',
      type: 'employment_skills',
      key_group: true,
      institution: 'I1',
      start: '2021-04-01',
      end: '2021-04-20',
      standard: 1200,
      trainees: [{ person: 'ID', registered_before_start: true, completed: true, passed: true, days_attended: 15, employed: true, voucher: 'V002' }],
    },
    {
      id: 'K2',
      type: 'post_skills',
      key_group: false,
      start: '2021-06-01',
      end: '2021-06-20',
      standard: 800,
      trainees: [{ person: 'W1', registered_before_start: true, completed: true, passed: true, days_attended: 15, employed: true }],
    },
  ],
  claims: [
    { id: 'C1', kind: 'training', class: 'K1', date: '2021-05-10' },
    { id: 'C2', kind: 'living_allowance', class: 'K1', person: 'ID', living_per_day: 20, transport_per_day: 30, date: '2021-05-10' },
    { id: 'C3', kind: 'work_as_training', enterprise: 'E1', person: 'ID', standard: 500, wage: 1900, min_wage: 1800, date: '2021-06-01', certificate: { level: 4, standard: 1500, higher_than_before: true } },
    { id: 'C4', kind: 'direct_enterprise', enterprise: 'E1', class: 'K2', evidence: ['plan', 'sign_in', 'video'], date: '2021-07-01' },
    { id: 'C5', kind: 'apprenticeship', enterprise: 'E1', person: 'ID', year: 2021, standard: 4000, date: '2021-08-01' },
  ],
};

const shaanxi = (): PolicySet => getBuiltinPolicySet('shaanxi-2021')!;

describe('evaluateClaims', () => {
  it('decides the contract example claim by claim against its history', () => {
    const r = evaluateClaims(shaanxi(), parseClaimBatch(contractExample));
    expect(r.policy).toBe('shaanxi-2021');
    expect(r.results.map((x) => [x.claim, x.decision, x.amount, lineRules(x)])).toEqual([
      // The person is a student whose January training (non-entrepreneurship) ended in the same period.
      ['C1', 'rejected', 0, ['training.student_once']],
      // A living allowance dated 2021-02-01 is already in the history for 2021.
      ['C2', 'rejected', 0, ['living.once_per_year']],
      // Work-as-training was already received in 2020.
      ['C3', 'rejected', 0, ['wat.once_per_worker']],
      ['C4', 'approved', 800, ['training.standard']],
      ['C5', 'approved', 4000, ['apprenticeship.standard']],
    ]);
  });

  it('returns exactly the contract shape and Chinese details', () => {
    const r = evaluateClaims(shaanxi(), parseClaimBatch(contractExample));
    expect(Object.keys(r)).toEqual(['policy', 'results']);
    for (const x of r.results) {
      expect(Object.keys(x)).toEqual(['claim', 'decision', 'amount', 'lines', 'reasons']);
      for (const l of x.lines) expect(Object.keys(l)).toEqual(['person', 'amount', 'rule']);
      for (const reason of x.reasons) {
        expect(Object.keys(reason)).toEqual(['rule', 'detail']);
        expect(reason.detail).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it('lets an approved claim of one kind block a later claim: approvals become history at once', () => {
    const r = evaluate({
      people: [person('A')],
      classes: [trainingClass('K1', [trainee('A')])],
      claims: [trainingClaim('C1', 'K1'), { id: 'L1', kind: 'living_allowance', class: 'K1', person: 'A', living_per_day: 20, transport_per_day: 30, date: '2021-05-10' }, trainingClaim('C2', 'K1')],
    });
    expect(r.results.map((x) => x.decision)).toEqual(['approved', 'approved', 'rejected']);
  });

  it('does not change its input and gives the same result twice', () => {
    const batch = parseClaimBatch(structuredClone(contractExample));
    const before = JSON.stringify(batch);
    const first = evaluateClaims(shaanxi(), batch);
    expect(JSON.stringify(batch)).toBe(before);
    expect(evaluateClaims(shaanxi(), batch)).toEqual(first);
  });

  it('reads its figures from the policy set, not from the code', () => {
    const base = shaanxi();
    const strict: PolicySet = { ...base, id: 'strict', training: { ...base.training, yearly_cap: { ...base.training.yearly_cap, count: 1 } }, living_allowance: { ...base.living_allowance, per_class_cap_fen: 10000 } };
    const batch = parseClaimBatch({
      people: [{ id: 'A', groups: ['lifted_out_of_poverty'] }],
      institutions: [{ id: 'I1' }],
      classes: [trainingClass('K1', [trainee('A', { days_attended: 10 })]), trainingClass('K2', [trainee('A')], { start: '2021-06-01', end: '2021-06-05' })],
      claims: [trainingClaim('C1', 'K1'), trainingClaim('C2', 'K2'), { id: 'L1', kind: 'living_allowance', class: 'K1', person: 'A', living_per_day: 20, transport_per_day: 30, date: '2021-05-10' }],
    });
    const r = evaluateClaims(strict, batch);
    expect(r.policy).toBe('strict');
    expect(lineRules(resultOf(r, 'C2'))).toEqual(['training.yearly_cap']);
    expect(resultOf(r, 'L1')).toMatchObject({ decision: 'partial', amount: 100 });
  });

  it('pays a bonus tier defined by a policy set without calling it a reduction', () => {
    const base = shaanxi();
    const tiers = [...base.training.employment_tier.tiers, { min_rate: 0.6, counts: 'qualified' as const, factor: 1.2 }];
    const bonus: PolicySet = { ...base, id: 'bonus', training: { ...base.training, employment_tier: { ...base.training.employment_tier, tiers } } };
    const batch = parseClaimBatch({ institutions: [{ id: 'I1' }], classes: [trainingClass('K1', [trainee('A'), trainee('B'), trainee('C', { employed: false })], { key_group: true, standard: 1000.05 })], claims: [trainingClaim('C1', 'K1')] });
    const r = evaluateClaims(bonus, batch);
    expect(r.results[0]).toMatchObject({ decision: 'approved', amount: 3600.18, reasons: [] }); // 1200.06 × 3
  });

  it('covers every rule code in one batch', () => {
    const seen = new Set<string>();
    const batch = {
      people: [
        person('P'),
        person('NG', { groups: ['migrant_worker'] }),
        person('S', { student_periods: [{ from: '2020-09-01', to: '2023-07-01' }] }),
        person('Y'),
        person('T1'),
      ],
      history: [
        { kind: 'voucher_redeemed' as const, voucher: 'USED' },
        { kind: 'training' as const, person: 'O', training_type: 'post_skills' as const, class_start: '2021-04-10', class_end: '2021-04-12' },
        { kind: 'training' as const, person: 'S', training_type: 'post_skills' as const, class_start: '2020-10-01', class_end: '2020-10-10' },
        ...['2021-01-05', '2021-02-05', '2021-03-05'].map((d) => ({ kind: 'training' as const, person: 'Y', training_type: 'employment_skills' as const, class_start: d, class_end: d })),
        { kind: 'living_allowance' as const, person: 'Y', date: '2021-01-01' },
        { kind: 'work_as_training' as const, person: 'WW' },
        { kind: 'apprenticeship' as const, person: 'AA', year: 2021 },
      ],
      institutions: [{ id: 'I1' }, { id: 'BL', blacklisted_since: '2020-01-01' }],
      enterprises: [{ id: 'E1' }, { id: 'ARR', wage_arrears_since_2020: true }, { id: 'SMP', sample: { checked: 5, unaware: 1 } }],
      classes: [
        trainingClass('K1', [
          trainee('N1', { registered_before_start: false }),
          trainee('N2', { passed: false }),
          trainee('U', { voucher: 'USED' }),
          trainee('O'),
          trainee('S'),
          trainee('Y'),
          trainee('P', { days_attended: 60 }),
        ]),
        trainingClass('KT', [trainee('T1'), ...['T2', 'T3', 'T4'].map((p) => trainee(p, { employed: false }))], { key_group: true, start: '2021-08-01', end: '2021-08-02' }),
        trainingClass('KB', [trainee('B')], { institution: 'BL', start: '2021-09-01', end: '2021-09-02' }),
        trainingClass('KP', [trainee('Y', { days_attended: 3 })], { type: 'post_skills', start: '2021-10-01', end: '2021-10-02' }),
      ],
      claims: [
        trainingClaim('C1', 'K1'),
        trainingClaim('C2', 'KT'),
        trainingClaim('C3', 'KB'),
        { id: 'D1', kind: 'direct_enterprise' as const, enterprise: 'E1', class: 'KP', evidence: ['plan'], date: '2021-10-05' },
        { id: 'L1', kind: 'living_allowance' as const, class: 'K1', person: 'NG', living_per_day: 20, transport_per_day: 30, date: '2021-05-01' },
        { id: 'L2', kind: 'living_allowance' as const, class: 'KP', person: 'P', living_per_day: 20, transport_per_day: 30, date: '2021-05-01' },
        { id: 'L3', kind: 'living_allowance' as const, class: 'KT', person: 'P', living_per_day: 20, transport_per_day: 30, date: '2021-05-01' },
        { id: 'L4', kind: 'living_allowance' as const, class: 'K1', person: 'Y', living_per_day: 20, transport_per_day: 30, date: '2021-05-01' },
        { id: 'L5', kind: 'living_allowance' as const, class: 'K1', person: 'P', living_per_day: 25, transport_per_day: 30, date: '2021-05-01' },
        { id: 'L6', kind: 'living_allowance' as const, class: 'KT', person: 'T1', living_per_day: 20, transport_per_day: 30, date: '2021-08-10' },
        { id: 'W1', kind: 'work_as_training' as const, enterprise: 'ARR', person: 'W1', standard: 500, wage: 2000, min_wage: 1800, date: '2021-06-01' },
        { id: 'W2', kind: 'work_as_training' as const, enterprise: 'SMP', person: 'W2', standard: 500, wage: 2000, min_wage: 1800, date: '2021-06-01' },
        { id: 'W3', kind: 'work_as_training' as const, enterprise: 'E1', person: 'W3', standard: 500, wage: 1000, min_wage: 1800, date: '2021-06-01' },
        { id: 'W4', kind: 'work_as_training' as const, enterprise: 'E1', person: 'WW', standard: 500, wage: 2000, min_wage: 1800, date: '2021-06-01' },
        { id: 'W5', kind: 'work_as_training' as const, enterprise: 'E1', person: 'W5', standard: 500, wage: 2000, min_wage: 1800, date: '2021-06-01' },
        { id: 'W6', kind: 'work_as_training' as const, enterprise: 'E1', person: 'W6', standard: 500, wage: 2000, min_wage: 1800, date: '2021-06-01', certificate: { standard: 800, higher_than_before: true } },
        { id: 'A1', kind: 'apprenticeship' as const, enterprise: 'E1', person: 'AA', year: 2021, standard: 4000, date: '2021-08-01' },
        { id: 'A2', kind: 'apprenticeship' as const, enterprise: 'E1', person: 'AB', year: 2021, standard: 4000, date: '2021-08-01' },
      ],
    };
    const r = evaluate(batch);
    for (const x of r.results) {
      for (const l of x.lines) seen.add(l.rule);
      for (const reason of x.reasons) seen.add(reason.rule);
    }
    expect(lineRules(resultOf(r, 'C1'))).toEqual([
      'training.not_registered',
      'training.not_qualified',
      'training.voucher_reused',
      'training.overlapping_class',
      'training.student_once',
      'training.yearly_cap',
      'training.standard',
    ]);
    expect([...seen].sort()).toEqual([...RULE_CODES].sort());
  });
});
