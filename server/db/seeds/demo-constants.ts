/** Demo constants shared by the demo seed and the capability modules' demo data. */
import type { Kysely } from 'kysely';
import type { DB } from '../tables.ts';
import type { PiiCipher } from '../../lib/pii-crypto.ts';

export const DEMO_PASSWORD = 'jineng-demo';
export const ZHENXIONG = '530627';
export const LUDIAN = '530621';
export const ZHAOTONG = '5306';

/** Demo data of one capability, run after the organisations and accounts exist. */
export type DemoSeeder = (db: Kysely<DB>, ctx: { orgIds: Record<string, number>; pii: PiiCipher; log: (m: string) => void }) => Promise<void>;
