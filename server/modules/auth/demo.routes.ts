/** GET /api/v1/demo: the demo banner of the login page (404 outside demo mode). */
import { z } from 'zod';
import { AppError } from '../../../common/errors.ts';
import { ROLE_LABEL } from '../../../common/permissions.ts';
import type { App, AppDeps } from '../../http/types.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../db/seeds/demo.ts';

const DemoOutput = z.object({
  demo: z.literal(true),
  password: z.string(),
  accounts: z.array(z.object({ username: z.string(), label: z.string() })),
});

export function demoRoutes(app: App, deps: AppDeps): void {
  app.get('/api/v1/demo', {
    config: { policy: 'public' },
    schema: { tags: ['认证'], summary: '演示账号（仅演示模式）', response: { 200: DemoOutput } },
    handler: async () => {
      if (!deps.config.demo) throw new AppError('not_found', '非演示模式');
      const names = DEMO_ACCOUNTS.map((a) => a.username);
      const present = await deps.database.db.selectFrom('users').select('username').where('username', 'in', names).execute();
      const have = new Set(present.map((p) => p.username));
      const accounts = DEMO_ACCOUNTS.filter((a) => have.has(a.username)).map((a) => ({ username: a.username, label: `${ROLE_LABEL[a.role]}（${a.displayName}）` }));
      if (accounts.length === 0) throw new AppError('not_found', '非演示模式');
      return { demo: true as const, password: DEMO_PASSWORD, accounts };
    },
  });
}
