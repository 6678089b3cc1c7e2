import { describe, expect, it } from 'vitest';
import { canonicalRegionCode, officialRegionCode, regionAncestors, regionInScope, regionLevel } from './region.ts';

describe('region codes', () => {
  it('canonicalises padded GB/T 2260 codes to level prefixes', () => {
    expect(canonicalRegionCode('530000')).toBe('53');
    expect(canonicalRegionCode('530600')).toBe('5306');
    expect(canonicalRegionCode('530627')).toBe('530627');
    expect(canonicalRegionCode('530627000000')).toBe('530627');
    expect(canonicalRegionCode('530627100000')).toBe('530627100');
    expect(canonicalRegionCode('530627100201')).toBe('530627100201');
    expect(canonicalRegionCode(' 5306 ')).toBe('5306');
  });

  it('pads canonical codes to the official form and back', () => {
    expect(officialRegionCode('53')).toBe('530000');
    expect(officialRegionCode('5306')).toBe('530600');
    expect(officialRegionCode('530627')).toBe('530627');
    expect(officialRegionCode('530627100')).toBe('530627100000');
    expect(officialRegionCode('530627100201')).toBe('530627100201');
    for (const c of ['53', '5306', '530627', '530627100', '530627100201']) expect(canonicalRegionCode(officialRegionCode(c))).toBe(c);
  });

  it('rejects codes of no level length or with non-digits', () => {
    for (const bad of ['', '5', '530', '53062', '5306271', '53a627', '5306%', '53_6', '000000']) {
      expect(canonicalRegionCode(bad)).toBeNull();
    }
    expect(regionLevel('53062')).toBeNull();
    expect(regionLevel('530627')).toBe(3);
  });

  it('matches scope by fixed-length prefix only', () => {
    expect(regionInScope('5306', '530627')).toBe(true);
    expect(regionInScope('5306', '530627100201')).toBe(true);
    expect(regionInScope('530627', '530627')).toBe(true);
    expect(regionInScope('530627', '530621')).toBe(false);
    expect(regionInScope('530627', '5306')).toBe(false);
    expect(regionInScope('5306', '5307')).toBe(false);
    expect(regionInScope('53', '5306')).toBe(true);
    expect(regionInScope('53', '5206')).toBe(false);
  });

  it('never lets a malformed scope match anything', () => {
    expect(regionInScope('', '530627')).toBe(false);
    expect(regionInScope('53062', '530627')).toBe(false);
    expect(regionInScope('530', '530627')).toBe(false);
    expect(regionInScope('%', '530627')).toBe(false);
    expect(regionInScope('5306', '53062')).toBe(false);
  });

  it('lists ancestors top-down', () => {
    expect(regionAncestors('530627100201')).toEqual(['53', '5306', '530627', '530627100', '530627100201']);
    expect(regionAncestors('53')).toEqual(['53']);
  });
});
