/** The Fastify instance type every module's routes receive (Zod type provider). */
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database } from '../db/database.ts';
import type { Config } from '../config.ts';
import type { PiiCipher } from '../lib/pii-crypto.ts';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** What buildApp receives and hands to every module. */
export interface AppDeps {
  database: Database;
  config: Config;
  version: string;
  /** Encryption and blind index of ID numbers. */
  pii: PiiCipher;
}
