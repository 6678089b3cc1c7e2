import { describe, expect, it } from 'vitest';
import { copyDefaults, diffRows, explainValidationMessage, fenToYuan, flattenChanges, formatPolicyValue, formatYuan, leafLabel, parseBatchText, pathLabel, percentToRate, rateToPercent, regionLabel, ruleLabel, sectionOf, yuanToFen } from './policyFields.ts';

describe('money and rates', () => {
  it('converts fen to yuan and back exactly', () => {
    expect(fenToYuan(250000)).toBe(2500);
    expect(yuanToFen(2500)).toBe(250000);
    expect(yuanToFen(0.29)).toBe(29);
    expect(yuanToFen(19.99)).toBe(1999);
    expect(yuanToFen('12.5')).toBe(1250);
    expect(yuanToFen(1.005)).toBe(101);
  });

  it('treats an empty money field as null', () => {
    expect(yuanToFen(null)).toBeNull();
    expect(yuanToFen(undefined)).toBeNull();
    expect(yuanToFen('')).toBeNull();
    expect(yuanToFen('abc')).toBeNull();
  });

  it('converts rates to percent and back with at most 4 decimals of the rate', () => {
    expect(rateToPercent(0.3)).toBe(30);
    expect(rateToPercent(0.125)).toBe(12.5);
    expect(rateToPercent(0.0001)).toBe(0.01);
    expect(percentToRate(30)).toBe(0.3);
    expect(percentToRate(70)).toBe(0.7);
    expect(percentToRate(12.34)).toBe(0.1234);
    expect(percentToRate(null)).toBeNull();
  });

  it('formats fen as yuan with two decimals', () => {
    expect(formatYuan(250000)).toBe('2,500.00 元');
    expect(formatYuan(2000)).toBe('20.00 元');
  });
});

describe('labels of policy paths', () => {
  it('labels a leaf with its section', () => {
    expect(pathLabel('living_allowance.per_class_cap_fen')).toBe('生活费、交通费补贴 › 每期补贴上限');
    expect(pathLabel('training.employment_tier.threshold')).toBe('梯级培训补贴 › 就业率阈值');
    expect(pathLabel('effective_to')).toBe('失效日期');
    expect(pathLabel('review_levels')).toBe('审核层级（由低到高）');
  });

  it('numbers employment tiers from one', () => {
    expect(pathLabel('training.employment_tier.tiers[1].min_rate')).toBe('梯级培训补贴 › 第 2 档 › 起始就业率');
    expect(sectionOf('training.employment_tier.tiers[0].factor')).toBe('training.employment_tier');
    expect(leafLabel('training.employment_tier.tiers[0].factor')).toBe('第 1 档 › 补贴系数');
    expect(leafLabel('training.employment_tier.tiers[2]')).toBe('第 3 档');
    expect(leafLabel('living_allowance.per_class_cap_fen')).toBe('每期补贴上限');
  });

  it('falls back to the raw path for a field it does not know', () => {
    expect(pathLabel('living_allowance.new_figure')).toBe('生活费、交通费补贴 › living_allowance.new_figure');
  });

  it('formats values by kind in Chinese', () => {
    expect(formatPolicyValue('living_allowance.living_per_day_cap_fen', 2000)).toBe('20.00 元');
    expect(formatPolicyValue('work_as_training.no_certificate_rate', 0.7)).toBe('70%');
    expect(formatPolicyValue('work_as_training.counts_toward_yearly_cap', false)).toBe('否');
    expect(formatPolicyValue('living_allowance.eligible_groups', ['registered_poor', 'lifted_out_of_poverty'])).toBe('建档立卡贫困人口、脱贫人口');
    expect(formatPolicyValue('training.yearly_cap.counted_types', ['entrepreneurship'])).toBe('创业培训');
    expect(formatPolicyValue('review_levels', ['county', 'city'])).toBe('县级、市级');
    expect(formatPolicyValue('effective_to', null)).toBe('长期有效');
    expect(formatPolicyValue('training.yearly_cap.count', 3)).toBe('3 次');
  });
});

describe('diff flattening', () => {
  it('keeps scalar leaves and sets of values as they are', () => {
    const changes = [
      { path: 'living_allowance.per_class_cap_fen', from: 250000, to: 300000 },
      { path: 'living_allowance.eligible_groups', from: ['registered_poor'], to: ['registered_poor', 'veteran'] },
    ];
    expect(flattenChanges(changes)).toEqual(changes);
  });

  it('compares employment tiers element by element and key by key', () => {
    const from = [
      { min_rate: 0, counts: 'employed', factor: 1 },
      { min_rate: 0.3, counts: 'qualified', factor: 1 },
    ];
    const to = [
      { min_rate: 0, counts: 'employed', factor: 1 },
      { min_rate: 0.4, counts: 'qualified', factor: 1.2 },
      { min_rate: 0.8, counts: 'qualified', factor: 1.5 },
    ];
    expect(flattenChanges([{ path: 'training.employment_tier.tiers', from, to }])).toEqual([
      { path: 'training.employment_tier.tiers[1].factor', from: 1, to: 1.2 },
      { path: 'training.employment_tier.tiers[1].min_rate', from: 0.3, to: 0.4 },
      { path: 'training.employment_tier.tiers[2]', from: null, to: { min_rate: 0.8, counts: 'qualified', factor: 1.5 } },
    ]);
  });

  it('turns changes into labelled rows with formatted old and new values', () => {
    const rows = diffRows([
      { path: 'living_allowance.per_class_cap_fen', from: 250000, to: 300000 },
      { path: 'training.employment_tier.tiers', from: [{ min_rate: 0, counts: 'employed', factor: 1 }], to: [{ min_rate: 0, counts: 'employed', factor: 1 }, { min_rate: 0.3, counts: 'qualified', factor: 1 }] },
    ]);
    expect(rows).toEqual([
      { key: 'living_allowance.per_class_cap_fen', path: 'living_allowance.per_class_cap_fen', section: '生活费、交通费补贴', label: '每期补贴上限', from: '2,500.00 元', to: '3,000.00 元' },
      { key: 'training.employment_tier.tiers[1]', path: 'training.employment_tier.tiers[1]', section: '梯级培训补贴', label: '第 2 档', from: '（无）', to: '就业率 30% 起按全部合格人数核算，系数 1' },
    ]);
  });
});

describe('what-if input and results', () => {
  it('accepts a JSON object with a claims array', () => {
    expect(parseBatchText('{"claims": []}')).toEqual({ batch: { claims: [] } });
  });

  it('says in Chinese what is wrong with a batch', () => {
    expect(parseBatchText('  ')).toEqual({ error: '请上传或粘贴申报批次 JSON' });
    expect('error' in parseBatchText('{oops')).toBe(true);
    expect(parseBatchText('[1]')).toEqual({ error: '批次应为 JSON 对象（含 people、classes、claims 等字段）' });
    expect(parseBatchText('{"people": []}')).toEqual({ error: '批次缺少 claims（申报）数组' });
  });

  it('labels rule codes and keeps unknown ones', () => {
    expect(ruleLabel('living.rate_capped')).toBe('超过每日标准，按上限核算');
    expect(ruleLabel('x.unknown')).toBe('x.unknown');
  });
});

describe('policy sets', () => {
  const builtin = { id: 'national-default', version: 1, name: '全国默认职业培训补贴政策', regionCode: '000000', status: 'builtin' as const, basedOn: null, effectiveFrom: '2019-01-01', effectiveTo: null };

  it('names regions in Chinese where it can', () => {
    expect(regionLabel('000000', { regionCode: '53', regionName: '云南省' })).toBe('全国');
    expect(regionLabel('53', { regionCode: '53', regionName: '云南省' })).toBe('云南省');
    expect(regionLabel('61', { regionCode: '53', regionName: '云南省' })).toBe('61');
    expect(regionLabel('61', { regionCode: '53', regionName: '云南省' }, { 61: '陕西省' })).toBe('陕西省');
  });

  it('suggests a new id for a copy of a built-in set and the same id for a new version of an own set', () => {
    expect(copyDefaults(builtin, '53', '云南省', '2026')).toEqual({ id: 'region-53-2026', name: '云南省职业培训补贴政策（2026年）' });
    const own = { ...builtin, id: 'yunnan-2026', name: '云南省 2026 年补贴政策', regionCode: '53', status: 'published' as const, basedOn: 'national-default@1' };
    expect(copyDefaults(own, '53', '云南省', '2026')).toEqual({ id: 'yunnan-2026', name: '云南省 2026 年补贴政策' });
  });

  it('puts the path of a server validation message into Chinese', () => {
    expect(explainValidationMessage('training.employment_tier.tiers.1.min_rate: 各档起点应递增')).toBe('梯级培训补贴 › 第 2 档 › 起始就业率：各档起点应递增');
    expect(explainValidationMessage('living_allowance.per_class_cap_fen: 金额不能为负数')).toBe('生活费、交通费补贴 › 每期补贴上限：金额不能为负数');
    expect(explainValidationMessage('该版本已发布')).toBe('该版本已发布');
  });
});
