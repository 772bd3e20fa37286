// Everything about reaching the PostgreSQL server that is not SQL: the connection pool, what a failure
// means (worth retrying, or a problem an operator must fix), and how to say so without the password.
import pg from 'pg';
import type { Logger } from '../../core/ports/logger.ts';

export interface PoolOptions {
  /** Connections this process keeps at most (default 10); N processes use up to N times that. */
  max?: number;
  /** How long to wait for a connection (TCP + TLS + auth) before giving up (default 5 s). */
  connectTimeoutMs?: number;
  log: Logger;
}

// BIGINT (int8) columns hold milliseconds since 1970 and COUNT(*) results: far below 2^53, so plain
// numbers, as the storage port promises. Set per pool, not on pg's global type registry.
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

export function createPool(url: string, opts: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    // A statement stuck for this long (a lock held by a hung process) fails instead of hanging a tick.
    statement_timeout: 30_000,
    application_name: 'responsibot',
    types,
  });
  // An idle connection that breaks (server restart, network cut) is dropped from the pool and the next
  // query opens a new one. Without this listener the error would crash the process.
  pool.on('error', (err) => opts.log.warn({ err: describeError(err) }, 'a PostgreSQL connection was lost; the next query reconnects'));
  return pool;
}

/** The URL with its password replaced, fit for logs and error messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const key of [...u.searchParams.keys()]) if (/pass|secret|key/i.test(key)) u.searchParams.set(key, '***');
    return u.toString();
  } catch {
    return '(not a URL)';
  }
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

/**
 * Failures that say nothing about the statement itself: the connection broke or could not be made,
 * the server is restarting, or the transaction lost a serialization or deadlock race and was rolled
 * back. Trying again later (on a new connection) is the right answer to all of them.
 */
export function isTransient(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  const code = e?.code ?? '';
  if (CONNECTION_CODES.has(code)) return true;
  // SQLSTATE class 08: connection exception; 57P01-03: admin/crash shutdown, cannot connect now;
  // 40001 serialization failure, 40P01 deadlock; 53300 too many connections.
  if (/^08/.test(code) || ['57P01', '57P02', '57P03', '40001', '40P01', '53300'].includes(code)) return true;
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly/i.test(e?.message ?? '');
}

/** One line saying what went wrong, for an operator; never includes the password. */
export function describeError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  switch (e?.code) {
    case 'ECONNREFUSED':
      return 'connection refused: is the server running and listening on that host and port?';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name does not resolve';
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'the server cannot be reached on the network';
    case '28P01':
    case '28000':
      return `authentication failed (${oneLine(e.message)})`;
    case '3D000':
      return `${oneLine(e.message)}; create it (createdb) or name an existing one`;
    default:
      if (/timeout exceeded when trying to connect|connection timeout/i.test(e?.message ?? '')) return 'the server did not answer in time';
      return oneLine(e?.message ?? String(err)) || 'unknown error';
  }
}

const oneLine = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** Waits between attempts at a transient failure: about 4 s in all, then the caller sees the error. */
export const RETRY_DELAYS_MS = [50, 200, 500, 1000, 2000];
