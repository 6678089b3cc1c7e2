/** Region tree for the cascader: GET /api/v1/regions?parent=CODE. Region names are public data. */
import { RegionChildrenOutput, RegionChildrenQuery } from '../../../common/schemas/platform.ts';
import { canonicalRegionCode } from '../../../common/region.ts';
import { AppError } from '../../../common/errors.ts';
import type { App, AppDeps } from '../../http/types.ts';
import { listRegionChildren } from './regions.service.ts';

export function regionRoutes(app: App, deps: AppDeps): void {
  app.get('/api/v1/regions', {
    config: { policy: 'public' },
    schema: { tags: ['行政区划'], summary: '下级行政区划', querystring: RegionChildrenQuery, response: { 200: RegionChildrenOutput } },
    handler: async (req) => {
      let parent: string | null = null;
      if (req.query.parent) {
        parent = canonicalRegionCode(req.query.parent);
        if (!parent) throw new AppError('validation.failed', '区划代码无效');
      }
      return { items: await listRegionChildren(deps.database.db, parent) };
    },
  });
}
