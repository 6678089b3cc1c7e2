import { describe, expect, it } from 'vitest';
import { getBuiltinPolicySet } from '../policy-sets/index.ts';
import { batchInput, trainee, trainingClaim, trainingClass } from './batch-factory.ts';
import { BatchInputError, jsonPath, parseClaimBatch } from './batch.schema.ts';
import { evaluateClaims } from './evaluate.ts';

const policy = getBuiltinPolicySet('shaanxi-2021')!;

/** Runs parse + evaluate on a raw document and returns the BatchInputError it throws. */
function inputError(doc: unknown): BatchInputError {
  try {
    evaluateClaims(policy, parseClaimBatch(doc));
  } catch (err) {
    if (err instanceof BatchInputError) return err;
    throw err;
  }
  throw new Error('expected a BatchInputError');
}

const valid = () => batchInput({ classes: [trainingClass('K1', [trainee('A')])], claims: [trainingClaim('C1', 'K1')] });

describe('batch validation', () => {
  it('formats JSON paths with indexes in brackets', () => {
    expect(jsonPath(['claims', 3, 'class'])).toBe('claims[3].class');
    expect(jsonPath(['classes', 0, 'trainees', 2, 'voucher'])).toBe('classes[0].trainees[2].voucher');
    expect(jsonPath([])).toBe('');
  });

  it('names a missing field of a claim', () => {
    const doc = valid();
    doc.claims = [trainingClaim('C1', 'K1'), { id: 'C2', kind: 'training', date: '2021-05-10' } as never];
    const e = inputError(doc);
    expect(e.path).toBe('claims[1].class');
    expect(e.message).toContain('claims[1].class');
    expect(e.message).toContain('缺少字段');
  });

  it('names a field of the wrong type', () => {
    const doc = valid() as { classes: { standard: unknown }[] };
    doc.classes[0].standard = '1200';
    const e = inputError(doc);
    expect(e.path).toBe('classes[0].standard');
    expect(e.message).toMatch(/类型错误：应为数字，实为字符串/);
  });

  it('names a trainee fact of the wrong type deep in a roster', () => {
    const doc = valid() as { classes: { trainees: { passed: unknown }[] }[] };
    doc.classes[0].trainees[0].passed = 'yes';
    expect(inputError(doc).path).toBe('classes[0].trainees[0].passed');
  });

  it('names an unknown claim kind', () => {
    const doc = valid() as { claims: { kind: string }[] };
    doc.claims[0].kind = 'bonus';
    const e = inputError(doc);
    expect(e.path).toBe('claims[0].kind');
    expect(e.message).toContain('living_allowance');
  });

  it('names an unknown history kind and an unknown training type', () => {
    expect(inputError({ ...valid(), history: [{ kind: 'voucher_redeemed', voucher: 'V' }, { kind: 'bonus', person: 'A' }] }).path).toBe('history[1].kind');
    const doc = valid() as { classes: { type: string }[] };
    doc.classes[0].type = 'hobby';
    expect(inputError(doc).path).toBe('classes[0].type');
  });

  it('rejects impossible dates and reversed periods', () => {
    expect(inputError({ ...valid(), claims: [trainingClaim('C1', 'K1', '2021-02-29')] }).path).toBe('claims[0].date');
    expect(inputError({ ...valid(), claims: [trainingClaim('C1', 'K1', '2021/05/10')] }).path).toBe('claims[0].date');
    expect(inputError({ ...valid(), classes: [trainingClass('K1', [], { start: '2021-05-02', end: '2021-05-01' })] }).path).toBe('classes[0].end');
    expect(inputError({ ...valid(), people: [{ id: 'A', student_periods: [{ from: '2021-01-01', to: '2020-01-01' }] }] }).path).toBe('people[0].student_periods[0].to');
  });

  it('rejects negative money and fractional days', () => {
    const doc = valid() as { classes: { standard: number; trainees: { days_attended: number }[] }[] };
    doc.classes[0].standard = -1;
    expect(inputError(doc).path).toBe('classes[0].standard');
    const doc2 = valid() as { classes: { trainees: { days_attended: number }[] }[] };
    doc2.classes[0].trainees[0].days_attended = 1.5;
    expect(inputError(doc2).path).toBe('classes[0].trainees[0].days_attended');
  });

  it('rejects a document without claims, or that is not an object', () => {
    expect(inputError({ people: [] }).path).toBe('claims');
    const e = inputError([]);
    expect(e.path).toBe('');
    expect(e.message).toContain('（根）');
  });

  it('names a claim referring to an unknown class', () => {
    const e = inputError({ ...valid(), claims: [trainingClaim('C1', 'K1'), trainingClaim('C2', 'K1'), trainingClaim('C3', 'K1'), trainingClaim('C4', 'K9')] });
    expect(e.path).toBe('claims[3].class');
    expect(e.message).toContain('claims[3].class');
    expect(e.message).toContain('K9');
  });

  it('names a claim referring to an unknown enterprise', () => {
    const e = inputError({ ...valid(), claims: [{ id: 'W1', kind: 'work_as_training', enterprise: 'E9', person: 'A', standard: 500, wage: 2000, min_wage: 1800, date: '2021-06-01' }] });
    expect(e.path).toBe('claims[0].enterprise');
  });

  it('names a living-allowance claim for a person missing from people', () => {
    const e = inputError({ ...valid(), claims: [{ id: 'L1', kind: 'living_allowance', class: 'K1', person: 'A', living_per_day: 20, transport_per_day: 30, date: '2021-05-10' }] });
    expect(e.path).toBe('claims[0].person');
  });

  it('names the class of a training claim whose institution is unknown or missing', () => {
    const unknown = inputError({ ...valid(), institutions: [] });
    expect(unknown.path).toBe('classes[0].institution');
    expect(unknown.message).toContain('claims[0]');
    const missing = inputError({ ...valid(), classes: [trainingClass('K1', [], { institution: null })] });
    expect(missing.path).toBe('classes[0].institution');
  });

  it('rejects repeated ids of classes, people, institutions and enterprises', () => {
    expect(inputError({ ...valid(), classes: [trainingClass('K1', []), trainingClass('K1', [])] }).path).toBe('classes[1].id');
    expect(inputError({ ...valid(), people: [{ id: 'A' }, { id: 'A' }] }).path).toBe('people[1].id');
    expect(inputError({ ...valid(), institutions: [{ id: 'I1' }, { id: 'I1' }] }).path).toBe('institutions[1].id');
    expect(inputError({ ...valid(), enterprises: [{ id: 'E1' }, { id: 'E1' }] }).path).toBe('enterprises[1].id');
  });

  it('evaluates nothing when a later claim is invalid', () => {
    const doc = batchInput({ classes: [trainingClass('K1', [trainee('A', { voucher: 'V1' })])], claims: [trainingClaim('C1', 'K1'), trainingClaim('C2', 'K9')] });
    const batch = parseClaimBatch(doc);
    expect(() => evaluateClaims(policy, batch)).toThrow(BatchInputError);
    // The same batch without the bad claim is still fully payable: nothing was recorded.
    batch.claims.pop();
    expect(evaluateClaims(policy, batch).results[0].decision).toBe('approved');
  });

  it('fills the documented defaults for facts that may be left out', () => {
    const batch = parseClaimBatch({
      people: [{ id: 'A' }],
      enterprises: [{ id: 'E1' }],
      classes: [{ id: 'K1', type: 'post_skills', start: '2021-01-01', end: '2021-01-02', standard: 1, trainees: [{ person: 'A', registered_before_start: true, completed: true, passed: true }] }],
      claims: [],
    });
    expect(batch.people[0]).toEqual({ id: 'A', groups: [], student_periods: [] });
    expect(batch.enterprises[0]).toEqual({ id: 'E1', wage_arrears_since_2020: false, classified: false, sample: null });
    expect(batch.classes[0]).toMatchObject({ key_group: false, institution: null });
    expect(batch.classes[0].trainees[0]).toEqual({ person: 'A', registered_before_start: true, completed: true, passed: true, days_attended: 0, employed: false, voucher: null });
    expect(batch.history).toEqual([]);
  });

  it('lists several problems in one message', () => {
    const e = inputError({ claims: [{ id: 'C1' }, { id: 'C2', kind: 'training' }] });
    expect(e.message).toContain('claims[0].kind');
    expect(e.message).toContain('claims[1].class');
  });
});
