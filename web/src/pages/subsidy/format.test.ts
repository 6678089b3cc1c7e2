import { describe, expect, it } from 'vitest';
import { claimFilters, claimStatusLabel, describeLineState, formatFen, formatYuan, keyForAction, parseYuanToFen, personLabel, ruleBreakdown, submittableKinds } from './format.ts';

describe('subsidy money and labels', () => {
  it('shows integer fen as yuan with two decimals and thousands separators', () => {
    expect(formatFen(0)).toBe('0.00');
    expect(formatFen(5)).toBe('0.05');
    expect(formatFen(35000)).toBe('350.00');
    expect(formatFen(123456789)).toBe('1,234,567.89');
    expect(formatFen(-1050)).toBe('-10.50');
    expect(formatFen(null)).toBe('—');
  });

  it('shows evaluator yuan without float noise', () => {
    expect(formatYuan(0.1 + 0.2)).toBe('0.30');
    expect(formatYuan(1500)).toBe('1,500.00');
  });

  it('parses typed yuan into integer fen and refuses malformed amounts', () => {
    expect(parseYuanToFen('12')).toBe(1200);
    expect(parseYuanToFen('12.5')).toBe(1250);
    expect(parseYuanToFen(' 1,200.05 ')).toBe(120005);
    expect(parseYuanToFen('0.07')).toBe(7);
    expect(parseYuanToFen('1.234')).toBeNull();
    expect(parseYuanToFen('-3')).toBeNull();
    expect(parseYuanToFen('abc')).toBeNull();
  });

  it('labels statuses in Chinese and knows which kinds a claimant role submits', () => {
    expect(claimStatusLabel('in_review')).toBe('审核中');
    expect(claimStatusLabel('approved')).toBe('已批准');
    expect(claimStatusLabel('unknown')).toBe('unknown');
    expect(submittableKinds('institution')).toEqual(['training', 'living_allowance']);
    expect(submittableKinds('enterprise')).toContain('work_as_training');
    expect(submittableKinds('hr_county')).toEqual([]);
  });

  it('explains a decision rule by rule: failures first, reductions, then passes', () => {
    const rows = ruleBreakdown({
      lines: [
        { person: 'P1', amount: 1500, rule: 'training.standard' },
        { person: 'P2', amount: 1500, rule: 'training.standard' },
        { person: 'P3', amount: 0, rule: 'training.not_qualified' },
      ],
      reasons: [{ rule: 'training.employment_tier', detail: '就业率 80%，按标准的 100% 核算。' }],
    });
    expect(rows.map((r) => [r.rule, r.outcome, r.persons, r.amount])).toEqual([
      ['training.not_qualified', 'fail', 1, 0],
      ['training.employment_tier', 'reduced', 0, 0],
      ['training.standard', 'pass', 2, 3000],
    ]);
    expect(rows[1].details).toEqual(['就业率 80%，按标准的 100% 核算。']);
    expect(rows[0].label).toBe('未结业或考核不合格');
  });

  it('describes the persons and line states of the review-step diff', () => {
    expect(personLabel('P12')).toBe('人员 12');
    expect(describeLineState('training.standard 1500')).toBe('符合条件，按标准补贴：1,500.00 元');
    expect(describeLineState('garbled')).toBe('garbled');
  });

  it('reuses the Idempotency-Key while the same action is retried and makes a new one for another', () => {
    let n = 0;
    const make = () => `key-${++n}`;
    const first = keyForAction(null, '7:approve:', make);
    expect(keyForAction(first, '7:approve:', make)).toBe(first);
    const other = keyForAction(first, '7:reject:材料不全', make);
    expect(other.key).toBe('key-2');
  });

  it('turns search-row values into claim-list query values and drops unknown ones', () => {
    expect(claimFilters({ kind: 'training', status: 'approved', submittedFrom: '2026-01-01', submittedTo: '', page: 1 })).toEqual({
      kind: 'training',
      status: 'approved',
      submittedFrom: '2026-01-01',
      submittedTo: undefined,
    });
    expect(claimFilters({ kind: 'bogus', status: 'nope' })).toEqual({ kind: undefined, status: undefined, submittedFrom: undefined, submittedTo: undefined });
  });
});
