// The core's Metrics port as Prometheus metrics (prom-client). One registry per process, never the
// library's global one, so tests and several bots in one process do not share counters. A process that
// runs Discord shards as child processes merges their figures into its own (see aggregate()).
import { AggregatorRegistry, collectDefaultMetrics, Counter, Histogram, Registry, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import type { AnswerOutcome, Metrics } from '../../core/ports/metrics.ts';

export type MetricsSnapshot = MetricObjectWithValues<MetricValue<string>>[];

// Answers are usually well under a millisecond; the slow tail (a busy store, a slow platform) is what
// the upper buckets are for.
const ANSWER_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const STORE_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
const WAIT_BUCKETS = [0.1, 0.5, 1, 2, 5, 10, 30, 60];

export interface PrometheusOptions {
  /** Process-level metrics (CPU, memory, event-loop lag); one process per host is enough to have them. */
  defaultMetrics?: boolean;
  /** Labels on every series of this process, e.g. { shard: '1' } in a Discord shard. */
  labels?: Record<string, string>;
}

export class PrometheusMetrics implements Metrics {
  readonly registry = new Registry();
  private readonly answers: Counter<'platform' | 'command' | 'outcome'>;
  private readonly answerSeconds: Histogram<'platform' | 'command'>;
  private readonly posts: Counter<'platform' | 'kind' | 'outcome'>;
  private readonly errors: Counter<'where'>;
  private readonly waits: Histogram<'platform'>;
  private readonly storeSeconds: Histogram<'operation' | 'outcome'>;

  constructor(opts: PrometheusOptions = {}) {
    if (opts.labels) this.registry.setDefaultLabels(opts.labels);
    const registers = [this.registry];
    this.answers = new Counter({ name: 'responsibot_answers_total', help: 'Commands and button clicks answered, by outcome (ok, usage = a mistake in the input, error = our failure).', labelNames: ['platform', 'command', 'outcome'], registers });
    this.answerSeconds = new Histogram({ name: 'responsibot_answer_duration_seconds', help: 'Time from a command or click reaching the core to its answer being ready.', labelNames: ['platform', 'command'], buckets: ANSWER_BUCKETS, registers });
    this.posts = new Counter({ name: 'responsibot_posts_total', help: 'Posts the bot made on its own (daily questions, quiz rounds, scoreboards), delivered or failed.', labelNames: ['platform', 'kind', 'outcome'], registers });
    this.errors = new Counter({ name: 'responsibot_errors_total', help: 'Failures an operator should look at; each is also logged.', labelNames: ['where'], registers });
    this.waits = new Histogram({ name: 'responsibot_rate_limit_wait_seconds', help: 'Waits a platform asked for (HTTP 429 Retry-After) and the bot honoured.', labelNames: ['platform'], buckets: WAIT_BUCKETS, registers });
    this.storeSeconds = new Histogram({ name: 'responsibot_store_duration_seconds', help: 'Duration of each call into the quiz store (SQLite or PostgreSQL).', labelNames: ['operation', 'outcome'], buckets: STORE_BUCKETS, registers });
    if (opts.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'responsibot_' });
  }

  answered(labels: { platform: string; command: string; outcome: AnswerOutcome }, seconds: number): void {
    this.answers.inc(labels);
    this.answerSeconds.observe({ platform: labels.platform, command: labels.command }, seconds);
  }

  posted(labels: { platform: string; kind: string; outcome: 'ok' | 'failed' }): void {
    this.posts.inc(labels);
  }

  error(labels: { where: string }): void {
    this.errors.inc(labels);
  }

  rateLimitWait(labels: { platform: string }, seconds: number): void {
    this.waits.observe(labels, seconds);
  }

  storeCall(labels: { operation: string; outcome: 'ok' | 'error' }, seconds: number): void {
    this.storeSeconds.observe(labels, seconds);
  }

  /** This process's figures in a form that crosses a process boundary (for a shard's parent). */
  snapshot(): Promise<MetricsSnapshot> {
    return this.registry.getMetricsAsJSON();
  }

  /** The exposition text: this process's metrics plus those of its children (Discord shards). */
  async exposition(children: MetricsSnapshot[] = []): Promise<string> {
    if (children.length === 0) return this.registry.metrics();
    return AggregatorRegistry.aggregate([await this.snapshot(), ...children]).metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
