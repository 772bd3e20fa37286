// What the core reports for operators to watch (answers and their latency, posts, errors, rate-limit
// waits, store latency). An adapter turns it into Prometheus metrics; the core never sees that library.
// Durations are in seconds, as Prometheus expects.

export type AnswerOutcome = 'ok' | 'usage' | 'error';

export interface Metrics {
  /** A command or button click was answered (by the registry), after `seconds`. */
  answered(labels: { platform: string; command: string; outcome: AnswerOutcome }, seconds: number): void;
  /** A post the bot made on its own (daily question, quiz round, scoreboard): delivered or failed. */
  posted(labels: { platform: string; kind: string; outcome: 'ok' | 'failed' }): void;
  /** Something went wrong that an operator should see as a rate (the same events are logged). */
  error(labels: { where: string }): void;
  /** A platform asked us to wait (HTTP 429 Retry-After) and we did. */
  rateLimitWait(labels: { platform: string }, seconds: number): void;
  /** One call into the storage port. */
  storeCall(labels: { operation: string; outcome: 'ok' | 'error' }, seconds: number): void;
}

export const noMetrics: Metrics = {
  answered() {},
  posted() {},
  error() {},
  rateLimitWait() {},
  storeCall() {},
};

/** Seconds since a process.hrtime.bigint() reading. */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}
