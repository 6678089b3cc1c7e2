/** Every capability module registers its routes here, in one list. */
import type { App, AppDeps } from '../http/types.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { regionRoutes } from './regions/regions.routes.ts';
import { dashboardRoutes } from './dashboard/dashboard.routes.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { demoRoutes } from './auth/demo.routes.ts';
import { registryRoutes } from './registry/registry.routes.ts';
import { trainingRoutes } from './training/training.routes.ts';
import { claimRoutes } from './subsidy/claims/claims.routes.ts';
import { policyAdminRoutes } from './subsidy/policy-admin.routes.ts';
import { paymentRoutes } from './subsidy/claims/payments.routes.ts';
import { matchingRoutes } from './matching/matching.routes.ts';
import { userRoutes } from './users/users.routes.ts';
import { reportRoutes } from './reports/reports.routes.ts';

export async function moduleRoutes(app: App, deps: AppDeps): Promise<void> {
  authRoutes(app, deps);
  regionRoutes(app, deps);
  dashboardRoutes(app, deps);
  auditRoutes(app, deps);
  demoRoutes(app, deps);
  registryRoutes(app, deps);
  trainingRoutes(app, deps);
  claimRoutes(app, deps);
  policyAdminRoutes(app, deps);
  paymentRoutes(app, deps);
  matchingRoutes(app, deps);
  userRoutes(app, deps);
  reportRoutes(app, deps);
}
