// A Logger that keeps every entry and lets a test wait for one, for paths whose only visible effect is
// that nothing happens (a skipped retry): waiting on the log line is what makes "nothing" observable.
import { EventEmitter } from 'node:events';
import type { Logger } from '../../../src/core/ports/logger.ts';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: object;
  msg: string;
}

export class CaptureLog implements Logger {
  readonly entries: LogEntry[] = [];
  private readonly events = new EventEmitter();

  debug(obj: object, msg: string): void {
    this.add({ level: 'debug', obj, msg });
  }
  info(obj: object, msg: string): void {
    this.add({ level: 'info', obj, msg });
  }
  warn(obj: object, msg: string): void {
    this.add({ level: 'warn', obj, msg });
  }
  error(obj: object, msg: string): void {
    this.add({ level: 'error', obj, msg });
  }

  /** Resolves with the first entry (past or future) whose message matches. */
  waitFor(pattern: RegExp, timeoutMs = 5000): Promise<LogEntry> {
    const seen = this.entries.find((e) => pattern.test(e.msg));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.events.off('entry', onEntry);
        reject(new Error(`no log entry matching ${pattern} within ${timeoutMs} ms`));
      }, timeoutMs);
      const onEntry = (e: LogEntry) => {
        if (!pattern.test(e.msg)) return;
        clearTimeout(timer);
        this.events.off('entry', onEntry);
        resolve(e);
      };
      this.events.on('entry', onEntry);
    });
  }

  private add(e: LogEntry): void {
    this.entries.push(e);
    this.events.emit('entry', e);
  }
}
