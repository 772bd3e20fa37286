// Figure 4: Slack round trip. Signed /who slash commands, as Slack sends them, to the real Bolt HTTP
// receiver in a child process (bench/children/slack-server.ts), against the fake Slack Web API from
// tests/slack/support (in this process, which also generates the load). Measured per request:
//   ack    — request sent → HTTP response fully read (Slack's 3-second rule applies to this);
//   answer — request sent → the ephemeral reply POSTed to the response_url reaches the fake.
// The same is measured for a bare Bolt app that only acks (the floor), sequentially and with 32
// requests in flight.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createInterface } from 'node:readline';
import { FakeSlack } from '../../tests/slack/support/fake-slack.ts';
import { SlackRequests } from '../../tests/slack/support/slack-requests.ts';
import { REPO_ROOT } from '../lib/child.ts';
import { summarize, type Summary } from '../lib/stats.ts';

const SIGNING_SECRET = 'bench-signing-secret';
const BOT_TOKEN = 'xoxb-bench-token';

export interface PhaseResult {
  requests: number;
  concurrency: number;
  wallMs: number;
  throughputPerSec: number;
  ack: Summary;
  /** Ours only: until the response_url POST arrived. */
  answer?: Summary;
  failures: number;
}

export interface AppResult {
  sequential: PhaseResult;
  concurrent: PhaseResult;
}

export interface SlackRoundTripResult {
  ours: AppResult;
  floor: AppResult;
}

export interface SlackOptions {
  sequential: number;
  concurrent: number;
  concurrency: number;
  warmup: number;
  questions: string[];
  /** Alternating rounds per phase (floor, ours, floor, ours…). */
  rounds?: number;
  progress: (msg: string) => void;
}

async function startServer(mode: 'ours' | 'floor', apiUrl: string): Promise<{ port: number; child: ChildProcessWithoutNullStreams }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/children/slack-server.ts', mode, apiUrl, SIGNING_SECRET, BOT_TOKEN], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (d: Buffer) => (errors += d.toString()));
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`slack-server ${mode} did not start within 120 s: ${errors.slice(-1500)}`));
    }, 120_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`slack-server ${mode} exited with ${code}: ${errors.slice(-1500)}`));
    });
  });
  return { port, child };
}

async function stopServer(child: ChildProcessWithoutNullStreams): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdin.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function phase(
  fake: FakeSlack,
  requests: SlackRequests,
  total: number,
  concurrency: number,
  waitForAnswer: boolean,
  questions: string[],
  offset: number,
  sink: { acks: number[]; answers: number[] } = { acks: [], answers: [] },
): Promise<PhaseResult> {
  const { acks, answers } = sink;
  let failures = 0;
  let next = 0;
  const one = async (i: number) => {
    const responseUrl = fake.responseUrl();
    const path = new URL(responseUrl).pathname;
    const start = performance.now();
    const res = await requests.slashOnly('/responsibot', questions[(offset + i) % questions.length]!, { responseUrl, userId: `U${i % 50}` });
    const body = await res.text();
    const ackAt = performance.now();
    acks.push(ackAt - start);
    if (res.status !== 200) failures++;
    if (!waitForAnswer) return;
    // The answer is either in the acknowledgement itself or POSTed to the response_url afterwards.
    if (body.trim().startsWith('{') && /"(blocks|text)"/.test(body)) {
      answers.push(ackAt - start);
      return;
    }
    try {
      // The fake stamps calls with Date.now(); move that onto the performance.now() timeline.
      const already = fake.callsOf('response_url').find((c) => c.path === path);
      const at = already ? already.at - performance.timeOrigin : (await fake.waitFor((c) => c.method === 'response_url' && c.path === path, 15_000), performance.now());
      answers.push(at - start);
    } catch {
      failures++;
    }
  };
  const wallStart = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await one(next++);
    }),
  );
  const wallMs = performance.now() - wallStart;
  return {
    requests: total,
    concurrency,
    wallMs,
    throughputPerSec: (total / wallMs) * 1000,
    ack: summarize(acks),
    ...(waitForAnswer ? { answer: summarize(answers) } : {}),
    failures,
  };
}

interface Running {
  fake: FakeSlack;
  child: ChildProcessWithoutNullStreams;
  requests: SlackRequests;
}

async function start(mode: 'ours' | 'floor'): Promise<Running> {
  const fake = await FakeSlack.start();
  try {
    const { port, child } = await startServer(mode, fake.apiUrl);
    return { fake, child, requests: new SlackRequests(`http://127.0.0.1:${port}`, SIGNING_SECRET) };
  } catch (err) {
    await fake.close();
    throw err;
  }
}

function merge(parts: PhaseResult[], acks: number[], answers: number[]): PhaseResult {
  const requests = parts.reduce((n, p) => n + p.requests, 0);
  const wallMs = parts.reduce((n, p) => n + p.wallMs, 0);
  return {
    requests,
    concurrency: parts[0]!.concurrency,
    wallMs,
    throughputPerSec: (requests / wallMs) * 1000,
    ack: summarize(acks),
    ...(answers.length ? { answer: summarize(answers) } : {}),
    failures: parts.reduce((n, p) => n + p.failures, 0),
  };
}

/**
 * Both servers run side by side (started in parallel; start-up is not measured) and are measured in
 * alternating rounds — floor, ours, floor, ours… — so that a change in machine load during the run
 * (this may be a shared machine) affects both alike.
 */
export async function slackRoundTrip(opts: SlackOptions): Promise<SlackRoundTripResult> {
  // Each in-flight request waits on the fake's call events; 32 listeners are expected, not a leak.
  const previous = EventEmitter.defaultMaxListeners;
  EventEmitter.defaultMaxListeners = Math.max(previous, opts.concurrency * 2 + 10);
  opts.progress('slack round trip: starting ours and a bare Bolt app');
  const started = await Promise.allSettled([start('floor'), start('ours')]);
  try {
    const [floor, ours] = started.map((r) => {
      if (r.status === 'rejected') throw r.reason;
      return r.value;
    }) as [Running, Running];
    const apps = { floor, ours };
    // Warm-up, unmeasured: both apps reach steady state (JIT-compiled, connections open) one after
    // the other, sequentially and then with full concurrency, as a bot that has been up a while is.
    for (const [mode, app] of Object.entries(apps)) {
      await phase(app.fake, app.requests, opts.warmup, 1, mode === 'ours', opts.questions, 0);
      await phase(app.fake, app.requests, opts.warmup, opts.concurrency, mode === 'ours', opts.questions, opts.warmup);
    }
    const result: Partial<Record<'ours' | 'floor', Partial<AppResult>>> = { ours: {}, floor: {} };
    for (const [name, total, concurrency] of [['sequential', opts.sequential, 1], ['concurrent', opts.concurrent, opts.concurrency]] as const) {
      const rounds = Math.max(1, opts.rounds ?? 1);
      opts.progress(`  ${name}: ${total} requests each, ${concurrency} in flight, ${rounds} alternating round(s)`);
      const parts = { floor: [] as PhaseResult[], ours: [] as PhaseResult[] };
      const samples = { floor: { acks: [] as number[], answers: [] as number[] }, ours: { acks: [] as number[], answers: [] as number[] } };
      for (let r = 0; r < rounds; r++) {
        const size = Math.floor(total / rounds) + (r < total % rounds ? 1 : 0);
        for (const mode of ['floor', 'ours'] as const) {
          const app = apps[mode];
          const part = await phase(app.fake, app.requests, size, concurrency, mode === 'ours', opts.questions, r * size, samples[mode]);
          parts[mode].push(part);
        }
      }
      for (const mode of ['floor', 'ours'] as const) result[mode]![name] = merge(parts[mode], samples[mode].acks, samples[mode].answers);
    }
    return result as SlackRoundTripResult;
  } finally {
    for (const r of started) {
      if (r.status !== 'fulfilled') continue;
      await stopServer(r.value.child);
      await r.value.fake.close();
    }
    EventEmitter.defaultMaxListeners = previous;
  }
}
