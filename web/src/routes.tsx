/**
 * The pages of the app: one line per page, each loaded lazily (its own chunk).
 *
 * A page belongs to a menu entry of common/permissions.ts MENU (`menu`, default: its path);
 * it opens only for users whose server-provided menu holds that entry, others see 403.
 * Menu entries without a page here show a "功能建设中" placeholder.
 *
 * Add a page:  { path: '/registry', page: lazy(() => import('./pages/registry/RegistryPage.tsx')) },
 * A detail:    { path: '/registry/:id', menu: '/registry', title: '人员详情', page: lazy(() => import('./pages/registry/PersonPage.tsx')) },
 *
 * A page shared by roles with different menus (a class: the institution's, 人社's, a
 * reviewer's) names a `menu` that is not a MENU key: it opens for every signed-in user and
 * the server alone decides what they see (out of scope → 404).
 *
 * Put static paths before parameterised ones ('/registry/import' before '/registry/:id'):
 * the breadcrumb takes the first route that matches.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export interface PageRoute {
  /** react-router path pattern. */
  path: string;
  /** The page component (default export of its module). */
  page: LazyExoticComponent<ComponentType>;
  /** The menu entry the page belongs to; defaults to `path`. */
  menu?: string;
  /** Breadcrumb and tab title for pages that are not themselves menu entries. */
  title?: string;
}

export const ROUTES: PageRoute[] = [
  { path: '/', page: lazy(() => import('./pages/home/DashboardPage.tsx')) },
  { path: '/regions', page: lazy(() => import('./pages/regions/RegionsPage.tsx')) },
  { path: '/audit', page: lazy(() => import('./pages/audit/AuditPage.tsx')) },
  // 用户管理 and 安全管理
  { path: '/admin/users', page: lazy(() => import('./pages/admin/UsersPage.tsx')) },
  { path: '/security', page: lazy(() => import('./pages/admin/SecurityPage.tsx')) },
  // Registry (台账)
  { path: '/registry', page: lazy(() => import('./pages/registry/RegistryPage.tsx')) },
  { path: '/registry/import', page: lazy(() => import('./pages/registry/ImportPage.tsx')) },
  { path: '/registry/:id', menu: '/registry', title: '人员详情', page: lazy(() => import('./pages/registry/PersonPage.tsx')) },
  { path: '/households/:id', menu: '/registry', title: '家庭详情', page: lazy(() => import('./pages/registry/HouseholdPage.tsx')) },
  { path: '/survey', page: lazy(() => import('./pages/registry/SurveyPage.tsx')) },
  // Precise matching (精准比对)
  { path: '/matching', page: lazy(() => import('./pages/matching/MatchingPage.tsx')) },
  { path: '/matching/reviews', menu: '/matching', title: '人工复核', page: lazy(() => import('./pages/matching/ReviewQueuePage.tsx')) },
  { path: '/feedback', page: lazy(() => import('./pages/matching/FeedbackPage.tsx')) },
  // Vocational training (职业培训)
  { path: '/training', page: lazy(() => import('./pages/training/ClassesPage.tsx')) },
  { path: '/training/review', page: lazy(() => import('./pages/training/ReviewPage.tsx')) },
  { path: '/training/classes/:id', menu: 'shared:class', title: '培训班详情', page: lazy(() => import('./pages/training/ClassPage.tsx')) },
  // Subsidies (补贴申报、审核、拨付)
  { path: '/subsidy', page: lazy(() => import('./pages/subsidy/ClaimsPage.tsx')) },
  { path: '/subsidy/review', page: lazy(() => import('./pages/subsidy/ReviewPage.tsx')) },
  { path: '/subsidy/payments', page: lazy(() => import('./pages/subsidy/PaymentsPage.tsx')) },
  { path: '/subsidy/claims/:id', menu: 'shared:claim', title: '补贴申报详情', page: lazy(() => import('./pages/subsidy/ClaimPage.tsx')) },
  // Policy sets (政策设置)
  { path: '/policy', page: lazy(() => import('./pages/policy/PolicySetsPage.tsx')) },
  { path: '/policy/:id/:version', menu: '/policy', title: '政策集', page: lazy(() => import('./pages/policy/PolicyEditPage.tsx')) },
  // Official report tables (统计报表)
  { path: '/reports', page: lazy(() => import('./pages/reports/ReportsPage.tsx')) },
  // Trainees (学员)
  { path: '/me', page: lazy(() => import('./pages/me/MyTrainingPage.tsx')) },
  { path: '/sign-in', menu: '/me', title: '课堂签到', page: lazy(() => import('./pages/me/SignInPage.tsx')) },
];
