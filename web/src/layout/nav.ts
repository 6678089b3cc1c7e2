/** Pure helpers that map a URL path onto the server-provided menu (selection, breadcrumb). */
import { matchPath } from 'react-router-dom';
import type { PageRoute } from '../routes.tsx';

export interface NavItem {
  key: string;
  label: string;
}

/** True when `key` is `path` or a parent of it segment-wise ('/registry' ⊂ '/registry/12'). */
export function isUnder(key: string, path: string): boolean {
  if (key === '/') return path === '/';
  return path === key || path.startsWith(`${key}/`);
}

/** The menu key to highlight for a path: the longest menu key that contains it. */
export function selectedMenuKey(path: string, menu: readonly NavItem[]): string | undefined {
  let best: string | undefined;
  for (const m of menu) if (isUnder(m.key, path) && (!best || m.key.length > best.length)) best = m.key;
  return best;
}

/** The route of the page table that serves `path`, if any. */
export function routeFor(path: string, routes: readonly Pick<PageRoute, 'path' | 'title' | 'menu'>[]) {
  return routes.find((r) => matchPath({ path: r.path, end: true }, path) !== null);
}

/**
 * Breadcrumb trail of a path: every menu entry above it (outermost first), then the page's own
 * title when it is a detail page. The home entry ('/') is added by the caller.
 */
export function breadcrumbTrail(path: string, menu: readonly NavItem[], routes: readonly Pick<PageRoute, 'path' | 'title' | 'menu'>[]): NavItem[] {
  const trail = menu.filter((m) => m.key !== '/' && isUnder(m.key, path)).sort((a, b) => a.key.length - b.key.length);
  const route = routeFor(path, routes);
  if (route?.title && !trail.some((t) => t.key === path)) trail.push({ key: path, label: route.title });
  return trail;
}
