// Child for figure 4: starts one Slack HTTP app on 127.0.0.1 (port 0) against the fake Web API at
// argv[3], prints {"port": n} and runs until stdin closes.
//   ours  — the real adapter: startSlack() with the real core, packs and an in-memory SQLite store.
//   floor — a bare Bolt app with the same receiver (HTTPReceiver, Bolt's default) whose /who handler
//           only calls ack(): the cost of Bolt + signature checks + HTTP, with no work of ours.
// With BENCH_CPU_PROFILE=<path prefix> set, it CPU-profiles itself from the moment it listens and
// writes <prefix>-<mode>.cpuprofile when it stops (open it in Chrome DevTools or speedscope).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.ts';
import { startSlack } from '../../src/adapters/slack/index.ts';
import { loadKnowledge } from '../../src/core/knowledge/loader.ts';
import { createCore } from '../../src/core/responsibot.ts';

const [mode, apiUrl, signingSecret, botToken] = process.argv.slice(2) as [string, string, string, string];

async function main(): Promise<void> {
  let stop: () => Promise<void>;
  let port: number;
  if (mode === 'ours') {
    const { packs, problems } = loadKnowledge('knowledge');
    if (problems.length) throw new Error('knowledge/ is invalid');
    const core = createCore(packs, { store: new SqliteStore(':memory:') });
    const slack = await startSlack({ core, botToken, signingSecret, port: 0, host: '127.0.0.1', apiUrl, adminUsers: [], log: core.log });
    port = slack.port;
    stop = () => slack.stop();
  } else {
    const app = new App({ token: botToken, signingSecret, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: apiUrl } });
    app.command('/responsibot', async ({ ack }) => {
      await ack();
    });
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as { address(): AddressInfo };
    port = server.address().port;
    stop = () => app.stop() as Promise<void>;
  }
  const profilePrefix = process.env.BENCH_CPU_PROFILE;
  const session = profilePrefix ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  process.stdout.write(`${JSON.stringify({ port })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => {
    void (async () => {
      await stop();
      if (session) writeFileSync(`${profilePrefix}-${mode}.cpuprofile`, JSON.stringify((await session.post('Profiler.stop')).profile));
    })().finally(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
