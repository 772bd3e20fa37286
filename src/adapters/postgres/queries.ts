// The plumbing every part of the PostgreSQL store shares: statements on the pool, retried on a fresh
// connection after a transient failure, short transactions, and rows as the port's camelCase objects.
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import type { Logger } from '../../core/ports/logger.ts';
import { describeError, isTransient, RETRY_DELAYS_MS } from './connection.ts';

export type Row = Record<string, unknown>;
export type Queryable = Pick<pg.PoolClient, 'query'>;

export class PgQueries {
  constructor(
    readonly pool: pg.Pool,
    private readonly log: Logger,
    /** A closed store stops retrying at once. */
    private readonly isClosed: () => boolean,
  ) {}

  /** Runs `fn`, again on a fresh connection after a transient failure, up to RETRY_DELAYS_MS.length times. */
  async retrying<T>(fn: () => Promise<T>, retry = true): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        const delay = RETRY_DELAYS_MS[attempt];
        if (!retry || this.isClosed() || delay === undefined || !isTransient(err)) throw err;
        this.log.warn({ err: describeError(err), attempt: attempt + 1 }, 'PostgreSQL call failed; retrying');
        await sleep(delay);
      }
    }
  }

  async rows<T = Row>(text: string, values: unknown[] = []): Promise<T[]> {
    return this.retrying(async () => (await this.pool.query(text, values.map(param))).rows as T[]);
  }

  async count(text: string, values: unknown[] = []): Promise<number> {
    return this.retrying(async () => (await this.pool.query(text, values.map(param))).rowCount ?? 0);
  }

  /** BEGIN … COMMIT on one connection; a connection that failed mid-way is destroyed, not reused. */
  async transaction<T>(fn: (c: Queryable) => Promise<T>, retry = true): Promise<T> {
    return this.retrying(async () => {
      const client = await this.pool.connect();
      const q: Queryable = { query: ((text: string, values?: unknown[]) => client.query(text, values?.map(param))) as Queryable['query'] };
      let broken: Error | undefined;
      // A checked-out client has no pool listener: without ours, a connection that breaks between two
      // statements would be an uncaught 'error' event. The statement in flight fails on its own.
      const onError = (err: Error) => (broken = err);
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await fn(q);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        if (isTransient(err)) broken = err as Error;
        else await client.query('ROLLBACK').catch((e: Error) => (broken = e));
        throw err;
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    }, retry);
  }
}

/**
 * A query parameter: undefined means NULL, and U+0000 (which PostgreSQL text cannot hold at all) is
 * stored as U+FFFD, so a stray NUL in a user name or note is kept visibly instead of failing the write.
 */
function param(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'string' && v.includes('\u0000')) return v.replaceAll('\u0000', '\uFFFD');
  return v;
}

const camelCache = new Map<string, string>();
function camel(column: string): string {
  let c = camelCache.get(column);
  if (c === undefined) camelCache.set(column, (c = column.replace(/_([a-z])/g, (_, x: string) => x.toUpperCase())));
  return c;
}

/** A row as the port's object: snake_case columns become camelCase keys, and NULL an absent key. */
export function fromRow<T>(r: Row): T {
  const out: Row = {};
  for (const k in r) if (r[k] !== null) out[camel(k)] = r[k];
  return out as T;
}

export const one = <T>(rows: Row[]): T | undefined => (rows[0] ? fromRow<T>(rows[0]) : undefined);
export const many = <T>(rows: Row[]): T[] => rows.map((r) => fromRow<T>(r));
