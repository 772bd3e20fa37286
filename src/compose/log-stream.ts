// Where the process's log lines go: JSON lines (for a log collector) when stderr is a file or a pipe,
// and short readable lines when a person watches a terminal. Both go to stderr, so the console
// adapter's stdout stays a clean conversation.
import { pino } from 'pino';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
/** Fields every line carries that a person does not need to read. */
const QUIET = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'v']);

export function createLog(options: pino.LoggerOptions, stderr: NodeJS.WriteStream = process.stderr): pino.Logger {
  if (!stderr.isTTY) return pino(options, pino.destination(2));
  return pino(options, { write: (line: string) => void stderr.write(readableLine(line)) });
}

/** "12:04:05 INFO  slack adapter started  mode=socket port=0" from one pino JSON line. */
export function readableLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 19) : '';
  const level = (LEVELS[entry.level as number] ?? String(entry.level)).padEnd(5);
  const fields = Object.entries(entry)
    .filter(([k]) => !QUIET.has(k) && k !== 'err')
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const err = entry.err as { message?: string; stack?: string } | undefined;
  const errLine = err ? `\n    ${(err.stack ?? err.message ?? '').split('\n').join('\n    ')}` : '';
  return `${time} ${level} ${String(entry.msg ?? '')}${fields.length ? `  ${fields.join(' ')}` : ''}${errLine}\n`;
}
