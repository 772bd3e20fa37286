// Child process for the many-processes test: one bot process as main.ts builds it — the real core, a
// PostgresStore on the shared database, the real Slack messenger posting over loopback to a fake Slack —
// except that its clock is the test's: the parent moves it line by line on stdin, so several processes
// can live through a daylight-saving change together in seconds. The parent kills it (SIGKILL) at
// random moments, mid-tick included.
//
// Usage: node child.mjs <database url> <slack api url> <label> <start ms> [pool size, default 4]
// (bench/sections/shared-fan-out.ts runs it too, for the 3-process fan-out figure)
// stdin, one command a line; each is answered on stdout with its id once done:
//   tick <id> <ms>                          set the clock, run one quiz tick      → "done <id>"
//   answer <id> <postId> <option> <userId>  press an answer button                → "ack <id>" (recorded) | "dup <id>" | "closed <id>" | "other <id> <text>"
//   start <id> <channel> <rounds> <secs>    /quiz start in a channel              → "done <id> <reply>"
// Errors logged by the core go to stderr as JSON lines.
import { createInterface } from 'node:readline';
import { LogLevel, webApi, type Logger as BoltLogger } from '@slack/bolt';
import { PostgresStore } from '../../../src/adapters/postgres/postgres-store.ts';
import { appClientOptions, postClientOptions } from '../../../src/adapters/slack/app.ts';
import { SlackMessenger } from '../../../src/adapters/slack/messenger.ts';
import { loadKnowledge } from '../../../src/core/knowledge/loader.ts';
import { FakeClock } from '../../../src/core/ports/clock.ts';
import type { Logger } from '../../../src/core/ports/logger.ts';
import { createCore } from '../../../src/core/responsibot.ts';

const [url, apiUrl, label, startMs, poolSize] = process.argv.slice(2);
if (!url || !apiUrl || !label || !startMs) {
  process.stderr.write('usage: pg-bot <database url> <slack api url> <label> <start ms>\n');
  process.exit(2);
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const log: Logger = {
  debug() {},
  info() {},
  warn() {},
  error: (obj, msg) => process.stderr.write(`${JSON.stringify({ label, msg, err: String((obj as { err?: unknown }).err ?? '') })}\n`),
};
const quiet: BoltLogger = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} };

const clock = new FakeClock(new Date(Number(startMs)));
const store = await PostgresStore.open(url, { log, maxConnections: Number(poolSize ?? 4) });
const { packs, problems } = loadKnowledge('knowledge');
if (problems.length) throw new Error('knowledge packs are invalid');
const core = createCore(packs, { store, clock, log });
const client = new webApi.WebClient('xoxb-test-token', appClientOptions(apiUrl, quiet));
const postClient = new webApi.WebClient('xoxb-test-token', postClientOptions(apiUrl, quiet));
core.messengers.set('slack', new SlackMessenger({ client, postClient, log }));

const user = (id: string, channelId = 'C0') => ({ platform: 'slack' as const, user: { id, name: id }, workspaceId: 'T0TEAM', channelId, isAdmin: async () => true });
const header = (blocks: { type: string; text?: string }[]) => blocks.find((b) => b.type === 'header')?.text ?? '';

async function run(line: string): Promise<string> {
  const [cmd, id, ...args] = line.split(' ');
  switch (cmd) {
    case 'tick':
      clock.set(new Date(Number(args[0])));
      await core.quiz!.tick();
      return `done ${id}`;
    case 'answer': {
      const [postId, option, userId] = args as [string, string, string];
      const [reply] = await core.registry.runAction('quiz.answer', `${postId}:${option}`, user(userId));
      const head = header(reply?.blocks ?? []);
      if (/^(Right|Not quite)/.test(head)) return `ack ${id}`;
      if (head.startsWith('You already answered')) return `dup ${id}`;
      if (head.includes('closed')) return `closed ${id}`;
      return `other ${id} ${head || reply?.text}`;
    }
    case 'start': {
      const [channel, rounds, secs] = args as [string, string, string];
      const [reply] = await core.registry.run('quiz', `start ${rounds} ${secs}`, user('U0HOST', channel));
      return `done ${id} ${(reply?.text ?? '').replace(/\s+/g, ' ')}`;
    }
    default:
      return `other ${id} unknown command`;
  }
}

// Commands run concurrently (answers arrive while a tick runs), as in a real process.
const inFlight = new Set<Promise<unknown>>();
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const done = run(line).then(say, (err: unknown) => say(`other ${line.split(' ')[1]} failed: ${String(err).replace(/\s+/g, ' ')}`));
  inFlight.add(done);
  void done.finally(() => inFlight.delete(done));
});
lines.on('close', () => void Promise.all(inFlight).then(() => store.close()).then(() => process.exit(0)));
say(`ready ${label}`);
