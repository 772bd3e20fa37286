// `npm start` as a newcomer meets it: a refused token or no network stops the start with one line that
// names the platform and the likely cause; a good start logs "adapter started" once per adapter, as
// JSON lines when stderr is not a terminal.
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../slack/support/fake-slack.ts';
import { FakeDiscord } from '../discord/support/fake-discord.ts';
import { startMain, tempDataDir } from '../reliability/support/main-process.ts';
import { readableLine } from '../../src/compose/log-stream.ts';

const cleanup: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

function dataDir(): string {
  const dir = tempDataDir();
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A local port nobody listens on: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** The lines that are not JSON log lines: what a person reads when the start fails. */
const plainLines = (text: string) => text.trim().split('\n').filter((l) => !l.startsWith('{'));
const lastLine = (text: string) => plainLines(text).join('\n');

describe('a start that fails', () => {
  it('Slack with a refused bot token: one line naming Slack and the token', async () => {
    const fake = await FakeSlack.start();
    cleanup.push(() => fake.close());
    fake.failNext('auth.test', { error: 'invalid_auth' });
    const main = startMain({ SLACK_BOT_TOKEN: 'xoxb-wrong', SLACK_SIGNING_SECRET: 's', PORT: String(await closedPort()), SLACK_API_URL: fake.apiUrl, DATA_DIR: dataDir() });
    const exit = await main.exited;
    expect(exit.code).toBe(1);
    expect(lastLine(main.stderr())).toMatch(/^Slack could not start: Slack refused the token \(invalid_auth\); copy SLACK_BOT_TOKEN/);
    expect(main.stderr()).not.toMatch(/^\s+at /m);
  });

  it('Slack with no network: one line saying Slack cannot be reached', async () => {
    const port = await closedPort();
    const main = startMain({ SLACK_BOT_TOKEN: 'xoxb-x', SLACK_SIGNING_SECRET: 's', PORT: String(await closedPort()), SLACK_API_URL: `http://127.0.0.1:${port}/api/`, DATA_DIR: dataDir() });
    const exit = await main.exited;
    expect(exit.code).toBe(1);
    expect(lastLine(main.stderr())).toMatch(/^Slack could not start: cannot reach Slack \(ECONNREFUSED\); check the network/);
  }, 60_000);

  it('Discord with a refused token: one line naming Discord and DISCORD_TOKEN', async () => {
    const fake = await FakeDiscord.start();
    cleanup.push(() => fake.close());
    fake.fail('GET', /^\/gateway\/bot$/, 401, { code: 0, message: '401: Unauthorized' });
    const main = startMain({ DISCORD_TOKEN: 'wrong', DISCORD_APP_ID: '1', DISCORD_API_URL: fake.apiUrl, DATA_DIR: dataDir() });
    const exit = await main.exited;
    expect(exit.code).toBe(1);
    expect(lastLine(main.stderr())).toMatch(/^Discord could not start: Discord refused DISCORD_TOKEN \(401\)/);
  });

  it('Discord sharded, a shard refused at login: one line naming Discord and the likely cause', async () => {
    const fake = await FakeDiscord.start();
    cleanup.push(() => fake.close());
    // The parent's look-up of the shard count goes through; every shard's own login is refused.
    fake.recommendedShards = 2;
    fake.fail('GET', /^\/gateway\/bot$/, 401, { code: 0, message: '401: Unauthorized' });
    fake.intercept('GET', /^\/gateway\/bot$/, (req, f) => f.defaultResponse(req), 1);
    const main = startMain({ DISCORD_TOKEN: 'revoked', DISCORD_APP_ID: '1', DISCORD_API_URL: fake.apiUrl, DATA_DIR: dataDir() });
    const exit = await main.exited;
    expect(exit.code).toBe(1);
    // The shard's own line names the refused token; the parent's last line says a shard died and why it likely did.
    const plain = plainLines(main.stderr());
    expect(plain).toContainEqual(expect.stringMatching(/^Discord could not start: Discord refused DISCORD_TOKEN \(401\)/));
    expect(plain.at(-1)).toMatch(/^Discord could not start: a shard process exited before it was ready .*DISCORD_TOKEN.*network/);
    expect(main.stderr()).not.toMatch(/^\s+at /m);
  }, 60_000);
});

describe('a start that works', () => {
  it('logs "adapter started" once for Slack, as JSON lines when stderr is not a terminal', async () => {
    const fake = await FakeSlack.start();
    cleanup.push(() => fake.close());
    const main = startMain({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: 's', PORT: String(await closedPort()), SLACK_API_URL: fake.apiUrl, DATA_DIR: dataDir(), LOG_LEVEL: 'info' });
    cleanup.push(() => (main.child.exitCode === null ? main.stop('SIGTERM') : undefined));
    const deadline = Date.now() + 30_000;
    while (!main.stderr().includes('Responsibot is running') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const lines = main.stderr().trim().split('\n').map((l) => JSON.parse(l) as { msg: string });
    expect(lines.filter((l) => /adapter started/i.test(l.msg))).toHaveLength(1);
  });

  it('writes a readable line for a person at a terminal', () => {
    const line = readableLine(JSON.stringify({ level: 30, time: Date.UTC(2026, 0, 2, 9, 5, 7), pid: 1, hostname: 'h', mode: 'socket', port: 0, msg: 'slack adapter started' }));
    expect(line).toBe('09:05:07 INFO  slack adapter started  mode=socket port=0\n');
  });
});
