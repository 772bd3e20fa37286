// The real PostgreSQL server for tests: is there one, and a fresh database of our own on it.
//
// Several test runs (other developers', CI's) share one server, so every test file that needs it
// creates a database with a random name and drops it at the end; nothing is ever shared. Without a
// server, the tests that need one are skipped and say why; with RESPONSIBOT_REQUIRE_POSTGRES=1 (set by
// .ci/run) a missing server fails the run instead, so CI can never pass by skipping them.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server's maintenance database; override with TEST_POSTGRES_URL. */
export const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REQUIRED = process.env.RESPONSIBOT_REQUIRE_POSTGRES === '1';

/** Connects once; a refused or unknown address is final, a slow answer (a busy machine) is tried again. */
async function probe(): Promise<string | undefined> {
  let problem = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 10_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return undefined;
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      problem = (err as Error).message || code;
      if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', '28P01', '28000', '3D000'].includes(code)) break;
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return problem;
}

const problem = await probe();
if (problem && REQUIRED) throw new Error(`RESPONSIBOT_REQUIRE_POSTGRES=1 but no PostgreSQL server at ${ADMIN_URL}: ${problem}`);

/** True when a server answers; false means the PostgreSQL tests of this file are skipped. */
export const postgresAvailable = problem === undefined;
/** Why no server answered (undefined when one did). */
export const postgresProblem = problem;

/** Says once per test file, on the test output, that (and why) its PostgreSQL tests are skipped. */
export function reportSkip(what: string): void {
  if (!postgresAvailable) console.log(`[postgres] skipped: ${what} (no server at ${ADMIN_URL}: ${problem}; set TEST_POSTGRES_URL, CI runs them)`);
}

export interface TestDatabase {
  url: string;
  name: string;
  /** A client on the test database for checks and fault injection (closed by drop()). */
  admin(): Promise<pg.Client>;
  drop(): Promise<void>;
}

/** Creates an empty database with a random name; drop() removes it (closing any connection left). */
export async function freshDatabase(prefix = 'responsibot_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await onServer((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const clients: pg.Client[] = [];
  return {
    url: url.toString(),
    name,
    async admin() {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      clients.push(client);
      return client;
    },
    async drop() {
      for (const c of clients.splice(0)) await c.end().catch(() => undefined);
      await onServer((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function onServer<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
