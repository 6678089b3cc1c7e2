import { describe, expect, it } from 'vitest';
import { evaluate, historyTraining, lineRules, person, reasonRules, resultOf, trainee, trainingClaim, trainingClass } from './batch-factory.ts';

describe('training claim lines', () => {
  it('pays every qualified trainee the class standard and approves the claim', () => {
    const r = evaluate({ classes: [trainingClass('K1', [trainee('A'), trainee('B')])], claims: [trainingClaim('C1', 'K1')] });
    expect(r).toEqual({
      policy: 'shaanxi-2021',
      results: [
        {
          claim: 'C1',
          decision: 'approved',
          amount: 2400,
          lines: [
            { person: 'A', amount: 1200, rule: 'training.standard' },
            { person: 'B', amount: 1200, rule: 'training.standard' },
          ],
          reasons: [],
        },
      ],
    });
  });

  it('keeps one line per trainee in roster order', () => {
    const ids = ['Z', 'A', 'M', 'B'];
    const r = evaluate({ classes: [trainingClass('K1', ids.map((p) => trainee(p)))], claims: [trainingClaim('C1', 'K1')] });
    expect(r.results[0].lines.map((l) => l.person)).toEqual(ids);
  });

  it('names a trainee registered after the start training.not_registered, even when not qualified either', () => {
    const r = evaluate({
      classes: [trainingClass('K1', [trainee('A', { registered_before_start: false }), trainee('B', { registered_before_start: false, completed: false, passed: false }), trainee('C')])],
      claims: [trainingClaim('C1', 'K1')],
    });
    expect(lineRules(r.results[0])).toEqual(['training.not_registered', 'training.not_registered', 'training.standard']);
  });

  it('names a registered trainee who did not complete or did not pass training.not_qualified', () => {
    const r = evaluate({
      classes: [trainingClass('K1', [trainee('A', { completed: false }), trainee('B', { passed: false }), trainee('C')])],
      claims: [trainingClaim('C1', 'K1')],
    });
    const c = r.results[0];
    expect(lineRules(c)).toEqual(['training.not_qualified', 'training.not_qualified', 'training.standard']);
    expect(c.lines.map((l) => l.amount)).toEqual([0, 0, 1200]);
  });

  it('is partial when some lines are at 0, and rejected when all are', () => {
    const r = evaluate({
      classes: [trainingClass('K1', [trainee('A', { passed: false }), trainee('B')]), trainingClass('K2', [trainee('C', { passed: false })], { start: '2021-06-01', end: '2021-06-10' })],
      claims: [trainingClaim('C1', 'K1'), trainingClaim('C2', 'K2')],
    });
    expect(resultOf(r, 'C1')).toMatchObject({ decision: 'partial', amount: 1200 });
    expect(resultOf(r, 'C2')).toMatchObject({ decision: 'rejected', amount: 0 });
  });

  it('rejects a claim whose class has no trainees', () => {
    const r = evaluate({ classes: [trainingClass('K1', [])], claims: [trainingClaim('C1', 'K1')] });
    expect(r.results[0]).toEqual({ claim: 'C1', decision: 'rejected', amount: 0, lines: [], reasons: [] });
  });

  it('emits yuan amounts rounded to the fen from a standard with fen', () => {
    const r = evaluate({ classes: [trainingClass('K1', [trainee('A'), trainee('B'), trainee('C')], { standard: 1234.56 })], claims: [trainingClaim('C1', 'K1')] });
    expect(r.results[0].amount).toBe(3703.68);
    expect(r.results[0].lines[0].amount).toBe(1234.56);
  });
});

describe('employment-rate tier (梯级培训补贴)', () => {
  // 10 qualified trainees, `employed` of them employed; plus one unqualified trainee who is
  // employed (does not count toward the rate).
  const roster = (employed: number) => [
    ...Array.from({ length: 10 }, (_, i) => trainee(`P${i}`, { employed: i < employed })),
    trainee('X', { passed: false, employed: true }),
  ];

  it('pays all qualified trainees of a key-group class at exactly 30 % employment', () => {
    const r = evaluate({ classes: [trainingClass('K1', roster(3), { key_group: true })], claims: [trainingClaim('C1', 'K1')] });
    const c = r.results[0];
    expect(c.amount).toBe(12000);
    expect(c.decision).toBe('partial'); // the unqualified trainee's line is at 0
    expect(reasonRules(c)).toEqual([]);
    expect(lineRules(c).filter((x) => x === 'training.standard')).toHaveLength(10);
  });

  it('pays only the employed below 30 % and names training.employment_tier on lines and claim', () => {
    const r = evaluate({ classes: [trainingClass('K1', roster(2), { key_group: true })], claims: [trainingClaim('C1', 'K1')] });
    const c = r.results[0];
    expect(c.amount).toBe(2400);
    expect(c.decision).toBe('partial');
    expect(lineRules(c)).toEqual([
      'training.standard',
      'training.standard',
      ...Array.from({ length: 8 }, () => 'training.employment_tier'),
      'training.not_qualified',
    ]);
    expect(reasonRules(c)).toEqual(['training.employment_tier']);
    expect(c.reasons[0].detail).toContain('20%');
    expect(c.reasons[0].detail).toContain('30%');
  });

  it('uses exact arithmetic just under 30 % (29 of 97 qualified)', () => {
    const trainees = Array.from({ length: 97 }, (_, i) => trainee(`P${i}`, { employed: i < 29 }));
    const r = evaluate({ classes: [trainingClass('K1', trainees, { key_group: true })], claims: [trainingClaim('C1', 'K1')] });
    expect(r.results[0].amount).toBe(29 * 1200);
    expect(reasonRules(r.results[0])).toEqual(['training.employment_tier']);
  });

  it('rejects a key-group class where no qualified trainee is employed', () => {
    const r = evaluate({ classes: [trainingClass('K1', roster(0), { key_group: true })], claims: [trainingClaim('C1', 'K1')] });
    expect(r.results[0]).toMatchObject({ decision: 'rejected', amount: 0 });
    expect(reasonRules(r.results[0])).toEqual(['training.employment_tier']);
  });

  it('applies to entrepreneurship classes but not to post-skills classes or classes not of key groups', () => {
    const r = evaluate({
      classes: [
        trainingClass('K1', roster(1), { key_group: true, type: 'entrepreneurship' }),
        trainingClass('K2', roster(1), { key_group: true, type: 'post_skills', start: '2021-05-01', end: '2021-05-05' }),
        trainingClass('K3', roster(1), { key_group: false, start: '2021-06-01', end: '2021-06-05' }),
      ],
      claims: [trainingClaim('C1', 'K1'), trainingClaim('C2', 'K2'), trainingClaim('C3', 'K3')],
    });
    expect(resultOf(r, 'C1').amount).toBe(1200);
    expect(resultOf(r, 'C2').amount).toBe(12000);
    expect(resultOf(r, 'C3').amount).toBe(12000);
  });

  it('checks the tier before the voucher, so an unemployed trainee with a used voucher is training.employment_tier', () => {
    const trainees = [trainee('A', { employed: false, voucher: 'V1' }), ...Array.from({ length: 4 }, (_, i) => trainee(`P${i}`, { employed: false }))];
    const r = evaluate({ history: [{ kind: 'voucher_redeemed', voucher: 'V1' }], classes: [trainingClass('K1', trainees, { key_group: true })], claims: [trainingClaim('C1', 'K1')] });
    expect(r.results[0].lines[0].rule).toBe('training.employment_tier');
  });
});

describe('vouchers (职业培训券)', () => {
  it('rejects a line whose voucher was redeemed in the history', () => {
    const r = evaluate({
      history: [{ kind: 'voucher_redeemed', voucher: 'V1' }],
      classes: [trainingClass('K1', [trainee('A', { voucher: 'V1' }), trainee('B', { voucher: 'V2' })])],
      claims: [trainingClaim('C1', 'K1')],
    });
    expect(lineRules(r.results[0])).toEqual(['training.voucher_reused', 'training.standard']);
  });

  it('rejects a voucher redeemed by an earlier approved line of the same batch', () => {
    const r = evaluate({
      classes: [trainingClass('K1', [trainee('A', { voucher: 'V9' })]), trainingClass('K2', [trainee('B', { voucher: 'V9' })], { start: '2021-06-01', end: '2021-06-10' })],
      claims: [trainingClaim('C1', 'K1'), trainingClaim('C2', 'K2')],
    });
    expect(lineRules(resultOf(r, 'C1'))).toEqual(['training.standard']);
    expect(lineRules(resultOf(r, 'C2'))).toEqual(['training.voucher_reused']);
  });

  it('rejects the second line of one roster carrying the same voucher', () => {
    const r = evaluate({ classes: [trainingClass('K1', [trainee('A', { voucher: 'V9' }), trainee('B', { voucher: 'V9' })])], claims: [trainingClaim('C1', 'K1')] });
    expect(lineRules(r.results[0])).toEqual(['training.standard', 'training.voucher_reused']);
  });

  it('does not redeem the voucher of a line that failed', () => {
    const r = evaluate({
      classes: [trainingClass('K1', [trainee('A', { voucher: 'V9', passed: false })]), trainingClass('K2', [trainee('B', { voucher: 'V9' })], { start: '2021-06-01', end: '2021-06-10' })],
      claims: [trainingClaim('C1', 'K1'), trainingClaim('C2', 'K2')],
    });
    expect(lineRules(resultOf(r, 'C2'))).toEqual(['training.standard']);
  });
});

describe('overlapping classes', () => {
  it('rejects a class overlapping an approved training in the history', () => {
    const r = evaluate({ history: [historyTraining('A', '2021-04-10', '2021-04-25')], classes: [trainingClass('K1', [trainee('A'), trainee('B')])], claims: [trainingClaim('C1', 'K1')] });
    expect(lineRules(r.results[0])).toEqual(['training.overlapping_class', 'training.standard']);
  });

  it('counts the ends: a class ending on the day the other starts overlaps', () => {
    const r = evaluate({ history: [historyTraining('A', '2021-04-20', '2021-05-05')], classes: [trainingClass('K1', [trainee('A')])], claims: [trainingClaim('C1', 'K1')] });
    expect(lineRules(r.results[0])).toEqual(['training.overlapping_class']);
  });

  it('counts the ends: a class starting on the day the other ends overlaps', () => {
    const r = evaluate({ history: [historyTraining('A', '2021-03-10', '2021-04-01')], classes: [trainingClass('K1', [trainee('A')])], claims: [trainingClaim('C1', 'K1')] });
    expect(lineRules(r.results[0])).toEqual(['training.overlapping_class']);
  });

  it('accepts classes on consecutive days', () => {
    const r = evaluate({ history: [historyTraining('A', '2021-03-10', '2021-03-31'), historyTraining('A', '2021-04-21', '2021-04-30')], classes: [trainingClass('K1', [trainee('A')])], claims: [trainingClaim('C1', 'K1')] });
    expect(lineRules(r.results[0])).toEqual(['training.standard']);
  });

  it('rejects the same class claimed twice', () => {
    const r = evaluate({ classes: [trainingClass('K1', [trainee('A'), trainee('B')])], claims: [trainingClaim('C1', 'K1'), trainingClaim('C2', 'K1')] });
    expect(resultOf(r, 'C1').decision).toBe('approved');
    expect(resultOf(r, 'C2')).toMatchObject({ decision: 'rejected', amount: 0 });
    expect(lineRules(resultOf(r, 'C2'))).toEqual(['training.overlapping_class', 'training.overlapping_class']);
  });

  it('rejects the same person listed twice on one roster', () => {
    const r = evaluate({ classes: [trainingClass('K1', [trainee('A'), trainee('A')])], claims: [trainingClaim('C1', 'K1')] });
    expect(lineRules(r.results[0])).toEqual(['training.standard', 'training.overlapping_class']);
    expect(r.results[0].decision).toBe('partial');
  });

  it('checks the voucher before the overlap', () => {
    const r = evaluate({ classes: [trainingClass('K1', [trainee('A', { voucher: 'V1' })])], claims: [trainingClaim('C1', 'K1'), trainingClaim('C2', 'K1')] });
    expect(lineRules(resultOf(r, 'C2'))).toEqual(['training.voucher_reused']);
  });
});

describe('students (在校学生)', () => {
  const student = person('S', { student_periods: [{ from: '2020-09-01', to: '2023-07-01' }] });

  it('rejects a second non-entrepreneurship training ending within the same student period', () => {
    const r = evaluate({ people: [student], history: [historyTraining('S', '2020-10-01', '2020-10-20')], classes: [trainingClass('K1', [trainee('S')])], claims: [trainingClaim('C1', 'K1')] });
    expect(lineRules(r.results[0])).toEqual(['training.student_once']);
  });

  it('rejects the second training approved earlier in the same batch', () => {
    const r = evaluate({
      people: [student],
      classes: [trainingClass('K1', [trainee('S')]), trainingClass('K2', [trainee('S')], { type: 'post_skills', start: '2021-06-01', end: '2021-06-10' })],
      claims: [trainingClaim('C1', 'K1'), trainingClaim('C2', 'K2')],
    });
    expect(lineRules(resultOf(r, 'C1'))).toEqual(['training.standard']);
    expect(lineRules(resultOf(r, 'C2'))).toEqual(['training.student_once']);
  });

  it('never limits entrepreneurship training, and does not count it', () => {
    const r = evaluate({
      people: [student],
      history: [historyTraining('S', '2020-10-01', '2020-10-20', 'entrepreneurship')],
      classes: [trainingClass('K1', [trainee('S')]), trainingClass('K2', [trainee('S')], { type: 'entrepreneurship', start: '2021-06-01', end: '2021-06-10' })],
      claims: [trainingClaim('C1', 'K1'), trainingClaim('C2', 'K2')],
    });
    expect(lineRules(resultOf(r, 'C1'))).toEqual(['training.standard']);
    expect(lineRules(resultOf(r, 'C2'))).toEqual(['training.standard']);
  });

  it('does not apply when the class ends outside the student period', () => {
    const r = evaluate({
      people: [person('S', { student_periods: [{ from: '2020-09-01', to: '2021-04-19' }] })],
      history: [historyTraining('S', '2020-10-01', '2020-10-20')],
      classes: [trainingClass('K1', [trainee('S')])],
      claims: [trainingClaim('C1', 'K1')],
    });
    expect(lineRules(r.results[0])).toEqual(['training.standard']);
  });

  it('includes both ends of the student period', () => {
    const r = evaluate({
      people: [person('S', { student_periods: [{ from: '2020-09-01', to: '2021-04-20' }] })],
      history: [historyTraining('S', '2020-08-01', '2020-09-01')],
      classes: [trainingClass('K1', [trainee('S')])],
      claims: [trainingClaim('C1', 'K1')],
    });
    expect(lineRules(r.results[0])).toEqual(['training.student_once']);
  });

  it('does not count a training that ended in an earlier, different student period', () => {
    const r = evaluate({
      people: [person('S', { student_periods: [{ from: '2017-09-01', to: '2020-07-01' }, { from: '2020-09-01', to: '2023-07-01' }] })],
      history: [historyTraining('S', '2019-10-01', '2019-10-20')],
      classes: [trainingClass('K1', [trainee('S')])],
      claims: [trainingClaim('C1', 'K1')],
    });
    expect(lineRules(r.results[0])).toEqual(['training.standard']);
  });

  it('does not limit people without student periods', () => {
    const r = evaluate({ people: [person('S')], history: [historyTraining('S', '2020-10-01', '2020-10-20')], classes: [trainingClass('K1', [trainee('S')])], claims: [trainingClaim('C1', 'K1')] });
    expect(lineRules(r.results[0])).toEqual(['training.standard']);
  });
});

describe('yearly cap of 3 trainings', () => {
  const three2021 = [
    historyTraining('A', '2021-01-05', '2021-01-20'),
    historyTraining('A', '2021-02-05', '2021-02-20', 'post_skills'),
    historyTraining('A', '2021-03-05', '2021-03-20', 'entrepreneurship'),
  ];

  it('pays the 3rd training of a year and rejects the 4th', () => {
    const r = evaluate({
      history: three2021.slice(0, 2),
      classes: [trainingClass('K1', [trainee('A')]), trainingClass('K2', [trainee('A')], { start: '2021-06-01', end: '2021-06-10' })],
      claims: [trainingClaim('C1', 'K1'), trainingClaim('C2', 'K2')],
    });
    expect(lineRules(resultOf(r, 'C1'))).toEqual(['training.standard']);
    expect(lineRules(resultOf(r, 'C2'))).toEqual(['training.yearly_cap']);
  });

  it('counts the year in which each class ends: Dec 31 and Jan 1 are different years', () => {
    const history = [
      historyTraining('A', '2020-11-01', '2020-11-05'),
      historyTraining('A', '2020-12-01', '2020-12-05'),
      historyTraining('A', '2020-12-31', '2020-12-31'),
      historyTraining('A', '2021-01-01', '2021-01-01'),
      historyTraining('A', '2021-01-02', '2021-01-03'),
    ];
    const r = evaluate({
      history,
      classes: [trainingClass('K1', [trainee('A')], { start: '2020-12-20', end: '2020-12-30' }), trainingClass('K2', [trainee('A')], { start: '2021-01-05', end: '2021-01-06' })],
      claims: [trainingClaim('C1', 'K1', '2021-01-10'), trainingClaim('C2', 'K2', '2021-01-10')],
    });
    // 2020 already has 3 (the one ending Dec 31 included) → the 4th is capped.
    expect(lineRules(resultOf(r, 'C1'))).toEqual(['training.yearly_cap']);
    // 2021 has 2 (the one of Jan 1 included) → the 3rd is paid.
    expect(lineRules(resultOf(r, 'C2'))).toEqual(['training.standard']);
  });

  it('rejects a class ending on Jan 1 when that new year is full, and pays one ending on Dec 31', () => {
    const full2022 = [historyTraining('A', '2022-02-01', '2022-02-05'), historyTraining('A', '2022-03-01', '2022-03-05'), historyTraining('A', '2022-04-01', '2022-04-05')];
    const r = evaluate({
      history: full2022,
      classes: [trainingClass('K1', [trainee('A')], { start: '2021-12-20', end: '2021-12-31' })],
      claims: [trainingClaim('C1', 'K1', '2022-01-10')],
    });
    expect(lineRules(resultOf(r, 'C1'))).toEqual(['training.standard']);
    const r2 = evaluate({
      history: full2022,
      classes: [trainingClass('K2', [trainee('A')], { start: '2021-12-20', end: '2022-01-01' })],
      claims: [trainingClaim('C1', 'K2', '2022-01-10')],
    });
    expect(lineRules(r2.results[0])).toEqual(['training.yearly_cap']);
  });

  it('does not count work-as-training or apprenticeship trainings toward the cap', () => {
    const r = evaluate({
      history: [
        ...three2021.slice(0, 2),
        historyTraining('A', '2021-03-05', '2021-03-20', 'work_as_training'),
        historyTraining('A', '2021-05-05', '2021-05-20', 'apprenticeship'),
        { person: 'A', kind: 'work_as_training', date: '2021-03-01' },
      ],
      classes: [trainingClass('K1', [trainee('A')])],
      claims: [trainingClaim('C1', 'K1')],
    });
    expect(lineRules(r.results[0])).toEqual(['training.standard']);
  });

  it('checks the cap last, after overlap and student rules', () => {
    const r = evaluate({ history: [...three2021, historyTraining('A', '2021-04-15', '2021-04-16')], classes: [trainingClass('K1', [trainee('A')])], claims: [trainingClaim('C1', 'K1')] });
    expect(lineRules(r.results[0])).toEqual(['training.overlapping_class']);
    const r2 = evaluate({ history: three2021, classes: [trainingClass('K1', [trainee('A')])], claims: [trainingClaim('C1', 'K1')] });
    expect(lineRules(r2.results[0])).toEqual(['training.yearly_cap']);
  });
});

describe('blacklisted institutions', () => {
  const roster = [trainee('A'), trainee('B')];

  it('rejects the whole claim when the institution was blacklisted on the claim date', () => {
    const r = evaluate({
      institutions: [{ id: 'I1', blacklisted_since: '2021-05-10' }],
      classes: [trainingClass('K1', roster)],
      claims: [trainingClaim('C1', 'K1', '2021-05-10')],
    });
    const c = r.results[0];
    expect(c).toMatchObject({ decision: 'rejected', amount: 0 });
    expect(reasonRules(c)).toEqual(['institution.blacklisted']);
    expect(c.lines).toEqual([
      { person: 'A', amount: 0, rule: 'institution.blacklisted' },
      { person: 'B', amount: 0, rule: 'institution.blacklisted' },
    ]);
  });

  it('rejects when blacklisted before the claim date and pays when blacklisted after it', () => {
    const r = evaluate({
      institutions: [{ id: 'I1', blacklisted_since: '2021-05-10' }],
      classes: [trainingClass('K1', roster), trainingClass('K2', [trainee('C')], { start: '2021-06-01', end: '2021-06-10' })],
      claims: [trainingClaim('C1', 'K1', '2021-05-09'), trainingClaim('C2', 'K2', '2021-06-20')],
    });
    expect(resultOf(r, 'C1').decision).toBe('approved');
    expect(resultOf(r, 'C2').decision).toBe('rejected');
  });

  it('records nothing from a rejected claim: a later claim of the same class is paid', () => {
    const r = evaluate({
      institutions: [{ id: 'I1', blacklisted_since: '2021-05-10' }],
      classes: [trainingClass('K1', [trainee('A', { voucher: 'V1' })])],
      claims: [trainingClaim('C1', 'K1', '2021-05-11'), trainingClaim('C2', 'K1', '2021-05-01')],
    });
    expect(resultOf(r, 'C2').decision).toBe('approved');
  });
});
