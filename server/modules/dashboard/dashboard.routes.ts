import { DashboardOutput } from '../../../common/schemas/platform.ts';
import { AppError } from '../../../common/errors.ts';
import type { App, AppDeps } from '../../http/types.ts';
import { buildDashboard } from './dashboard.service.ts';
import './cards.ts';

export function dashboardRoutes(app: App, deps: AppDeps): void {
  app.get('/api/v1/dashboard', {
    config: { policy: 'authenticated' },
    schema: { tags: ['工作台'], summary: '工作台统计', response: { 200: DashboardOutput } },
    handler: async (req) => {
      if (!req.actor) throw new AppError('auth.required', '请先登录');
      return buildDashboard(deps.database.db, req.actor);
    },
  });
}
