/**
 * One query layer (Kysely) over two engines: PGlite (embedded, files under JINENG_DATA)
 * and PostgreSQL 15 (DATABASE_URL). Types are parsed the same way on both:
 * int8 → number, date → 'YYYY-MM-DD' string, timestamptz → Date, jsonb → object.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import type { DB } from './tables.ts';
import { AppError } from '../../common/errors.ts';

export type DbKind = 'pglite' | 'postgres';

/** The handle every repository and service receives. */
export interface Database {
  kind: DbKind;
  db: Kysely<DB>;
  /** Runs a multi-statement SQL script (migrations, bulk DDL). */
  exec(sqlText: string): Promise<void>;
  /** Bulk load tab-separated text (COPY … FROM STDIN format, no header) into table(columns). */
  copyFrom(table: string, columns: string[], tsv: string): Promise<number>;
  close(): Promise<void>;
}

const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** Serialises access to the single PGlite connection; waits at most timeoutMs. */
class Mutex {
  #tail: Promise<void> = Promise.resolve();
  async lock(timeoutMs: number): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const prev = this.#tail;
    this.#tail = prev.then(() => next);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new AppError('db.unavailable', '数据库繁忙，请稍后重试')), timeoutMs);
    });
    try {
      await Promise.race([prev, timedOut]);
    } catch (err) {
      // Give our slot back once the predecessor is done so the queue keeps moving.
      void prev.then(() => release());
      throw err;
    } finally {
      clearTimeout(timer);
    }
    return release;
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(readonly pglite: PGlite) {}
  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const res = await this.pglite.query<R>(compiled.sql, compiled.parameters as unknown[], { rowMode: 'object' });
    const affected = res.affectedRows;
    return {
      rows: res.rows,
      numAffectedRows: affected !== undefined ? BigInt(affected) : undefined,
    };
  }
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streamQuery is not supported on PGlite: page with keyset queries instead');
  }
}

class PGliteDriver implements Driver {
  readonly #mutex = new Mutex();
  readonly #conn: PGliteConnection;
  #release: (() => void) | undefined;
  constructor(
    pglite: PGlite,
    readonly timeoutMs: number,
  ) {
    this.#conn = new PGliteConnection(pglite);
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    this.#release = await this.#mutex.lock(this.timeoutMs);
    return this.#conn;
  }
  async beginTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery({ sql: 'begin', parameters: [], query: { kind: 'RawNode' } } as unknown as CompiledQuery);
  }
  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery({ sql: 'commit', parameters: [], query: { kind: 'RawNode' } } as unknown as CompiledQuery);
  }
  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery({ sql: 'rollback', parameters: [], query: { kind: 'RawNode' } } as unknown as CompiledQuery);
  }
  async releaseConnection(): Promise<void> {
    const r = this.#release;
    this.#release = undefined;
    r?.();
  }
  async destroy(): Promise<void> {}
  /** Runs fn with exclusive use of the connection (for exec/COPY outside Kysely). */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.#mutex.lock(this.timeoutMs * 20);
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

function pgliteDialect(driver: PGliteDriver): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => driver,
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
}

/** Exclusive lock on a PGlite data directory: a second live process refuses to start. */
export function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lockPath = path.join(dir, 'jineng.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(fs.readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new AppError(
          'db.unavailable',
          `数据目录 ${dir} 正被另一个进程 (PID ${pid}) 使用；请先停止该进程，或用 JINENG_DATA 指定其他目录`,
        );
      }
      // Stale lock from a crashed process (or our own): take it over.
      fs.unlinkSync(lockPath);
    }
  }
  throw new AppError('db.unavailable', `无法锁定数据目录 ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface OpenOptions {
  /** postgres://… selects PostgreSQL; otherwise PGlite. */
  databaseUrl?: string;
  /** PGlite data directory; undefined = in memory (tests only). */
  dataDir?: string;
  timeoutMs?: number;
  /** Take the exclusive directory lock (server and CLI: yes). */
  lock?: boolean;
}

/** Opens the database selected by the options. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, timeoutMs);
  return openPGlite(opts.dataDir, timeoutMs, opts.lock ?? true);
}

async function openPGlite(dataDir: string | undefined, timeoutMs: number, lock: boolean): Promise<Database> {
  let unlock: (() => void) | undefined;
  let dbDir: string | undefined;
  if (dataDir) {
    if (lock) unlock = lockDataDir(dataDir);
    dbDir = path.join(dataDir, 'pglite');
    fs.mkdirSync(dbDir, { recursive: true });
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      ...(dbDir ? { dataDir: dbDir } : {}),
      relaxedDurability: true,
      // Same value types as node-postgres below.
      parsers: { [DATE_OID]: (v: string) => v, [NUMERIC_OID]: (v: string) => v },
    });
  } catch (err) {
    unlock?.();
    throw err;
  }
  await pglite.exec(`SET TIME ZONE 'Asia/Shanghai'`);
  const driver = new PGliteDriver(pglite, timeoutMs);
  const db = new Kysely<DB>({ dialect: pgliteDialect(driver) });
  return {
    kind: 'pglite',
    db,
    exec: (sqlText) => driver.exclusive(async () => void (await pglite.exec(sqlText))),
    copyFrom: (table, columns, tsv) =>
      driver.exclusive(async () => {
        const blob = new Blob([tsv]);
        const res = await pglite.query(`COPY ${table} (${columns.join(',')}) FROM '/dev/blob'`, [], { blob });
        return res.affectedRows ?? 0;
      }),
    close: async () => {
      try {
        await db.destroy();
        await pglite.close();
      } finally {
        unlock?.();
      }
    },
  };
}

let pgTypesSet = false;
function setPgTypeParsers(): void {
  if (pgTypesSet) return;
  pgTypesSet = true;
  pg.types.setTypeParser(INT8_OID, (v: string) => {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : v;
  });
  pg.types.setTypeParser(DATE_OID, (v: string) => v);
}

async function openPostgres(url: string, timeoutMs: number): Promise<Database> {
  setPgTypeParsers();
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: timeoutMs,
    statement_timeout: timeoutMs,
    query_timeout: timeoutMs + 1000,
    idleTimeoutMillis: 30_000,
    options: '-c TimeZone=Asia/Shanghai',
  });
  // An idle client's error (server restart) must not crash the process.
  pool.on('error', () => {});
  const { PostgresDialect } = await import('kysely');
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    exec: async (sqlText) => {
      const client = await pool.connect();
      try {
        await client.query('SET statement_timeout = 0');
        await client.query(sqlText);
      } finally {
        await client.query('RESET statement_timeout').catch(() => {});
        client.release();
      }
    },
    copyFrom: async (table, columns, tsv) => {
      const client = await pool.connect();
      try {
        const stream = client.query(copyFrom(`COPY ${table} (${columns.join(',')}) FROM STDIN`));
        await pipeline(Readable.from([Buffer.from(tsv)]), stream);
        return stream.rowCount ?? 0;
      } finally {
        client.release();
      }
    },
    close: async () => {
      await db.destroy();
    },
  };
}
