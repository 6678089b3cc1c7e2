import { describe, expect, it } from 'vitest';
import { breadcrumbTrail, isUnder, selectedMenuKey } from './nav.ts';

const MENU = [
  { key: '/', label: '工作台' },
  { key: '/registry', label: '实名台账' },
  { key: '/registry/import', label: '台账导入' },
  { key: '/regions', label: '行政区划' },
];

describe('menu navigation helpers', () => {
  it('treats keys as path segments, so /registry does not contain /registryx', () => {
    expect(isUnder('/registry', '/registry/12')).toBe(true);
    expect(isUnder('/registry', '/registryx')).toBe(false);
    expect(isUnder('/', '/registry')).toBe(false);
  });

  it('selects the deepest menu entry that contains the path', () => {
    expect(selectedMenuKey('/registry/import', MENU)).toBe('/registry/import');
    expect(selectedMenuKey('/registry/42', MENU)).toBe('/registry');
    expect(selectedMenuKey('/', MENU)).toBe('/');
    expect(selectedMenuKey('/nowhere', MENU)).toBeUndefined();
  });

  it('builds the breadcrumb from the menu and the title of a detail route', () => {
    const routes = [{ path: '/registry/:id', menu: '/registry', title: '人员详情' }];
    expect(breadcrumbTrail('/registry/import', MENU, routes).map((t) => t.label)).toEqual(['实名台账', '台账导入']);
    expect(breadcrumbTrail('/registry/42', MENU, routes).map((t) => t.label)).toEqual(['实名台账', '人员详情']);
    expect(breadcrumbTrail('/nowhere', MENU, routes)).toEqual([]);
  });
});
