/** buildApp(deps): plugins, then module routes. main.ts and the tests both build it. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../common/errors.ts';
import { HealthOutput } from '../common/schemas/platform.ts';
import { registerErrorHandler } from './http/errors.ts';
import { registerPolicyHooks, type RegisteredRoute } from './http/policy.ts';
import { loggerOptions } from './http/logging.ts';
import { SPREADSHEET_TYPES } from './http/upload.ts';
import type { App, AppDeps } from './http/types.ts';
import { moduleRoutes } from './modules/index.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_DIST = path.join(ROOT, 'dist', 'web');

export interface BuiltApp {
  app: App;
  routes: RegisteredRoute[];
  /** Flip to make new requests fail with 503 while in-flight ones finish (SIGTERM). */
  beginShutdown(): void;
}

export async function buildApp(deps: AppDeps, opts: { logger?: boolean } = {}): Promise<BuiltApp> {
  const app = Fastify({
    logger: opts.logger === false ? false : loggerOptions(deps.config.logLevel),
    trustProxy: false,
    bodyLimit: 2 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  let shuttingDown = false;
  app.addHook('onRequest', async () => {
    if (shuttingDown) throw new AppError('server.shutting_down', '服务正在停止，请稍后重试');
  });

  // Security headers; personal data is never cached.
  app.addHook('onSend', async (req, reply, payload) => {
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('x-frame-options', 'DENY');
    void reply.header('referrer-policy', 'same-origin');
    if (req.url.startsWith('/api/')) {
      void reply.header('cache-control', 'no-store');
    } else if (!req.url.startsWith('/docs')) {
      void reply.header(
        'content-security-policy',
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
      );
    }
    return payload;
  });

  await app.register(cookie);
  // File uploads arrive as the raw body and are streamed to disk by the route (http/upload.ts).
  app.addContentTypeParser(SPREADSHEET_TYPES, (_req, payload, done) => done(null, payload));
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: { title: '技能扶贫与职业培训实名制管理平台 API', version: deps.version },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'jineng_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });

  const routes: RegisteredRoute[] = [];
  registerPolicyHooks(app, deps.database, routes);
  registerErrorHandler(app);

  app.get('/api/health', {
    config: { policy: 'public' },
    schema: { tags: ['平台'], summary: '健康检查', response: { 200: HealthOutput } },
    handler: async () => {
      await deps.database.db.selectFrom('regions').select('code').limit(1).execute();
      return { status: 'ok' as const, db: deps.database.kind, version: deps.version };
    },
  });
  await moduleRoutes(app, deps);

  const hasWeb = fs.existsSync(path.join(WEB_DIST, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', wildcard: false, index: 'index.html' });
  }
  app.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && !req.url.startsWith('/api/') && hasWeb) {
      // Single-page app: client-side routes (and its own 404 page) are served by index.html.
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.status(404).send({ error: { code: 'not_found', message: '接口不存在' } });
  });

  return {
    app,
    routes,
    beginShutdown: () => {
      shuttingDown = true;
    },
  };
}
