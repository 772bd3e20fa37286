// `npm start` with OPS_PORT set and Slack in Socket Mode (the bot itself listens on no port): the ops
// endpoints still answer, /readyz follows the Slack connection, and /metrics counts real answers.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack, TEAM_ID } from '../slack/support/fake-slack.ts';
import { startMain, tempDataDir, type RunningMain } from '../reliability/support/main-process.ts';
import { logLine, sample, until } from './support/ops.ts';

let fake: FakeSlack | undefined;
let main: RunningMain;
let dataDir: string;
let url: string;

const readyz = async () => {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, body: (await res.json()) as { checks: Record<string, string> } };
};

beforeAll(async () => {
  fake = await FakeSlack.start();
  dataDir = tempDataDir();
  main = startMain({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_APP_TOKEN: 'xapp-test-token', SLACK_API_URL: fake.apiUrl, OPS_PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info' });
  const listening = await logLine(main.child, 'ops endpoints listening (/healthz, /readyz, /metrics)');
  url = `http://127.0.0.1:${listening.port}`;
  await fake.socketConnected();
});

afterAll(async () => {
  if (main.child.exitCode === null) await main.stop('SIGKILL');
  await fake?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('ops endpoints of a running bot in Socket Mode', () => {
  it('is alive, and ready once Slack is connected', async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const ready = await until(readyz, (r) => r.status === 200, 'readyz');
    expect(ready.body.checks).toEqual({ started: 'ok', store: 'ok', slack: 'ok' });
  });

  it('counts the answers it gives', async () => {
    await fake!.sendEnvelope('slash_commands', {
      token: 'x', team_id: TEAM_ID, team_domain: 'test', channel_id: 'C0GENERAL', channel_name: 'general', user_id: 'U0ANN', user_name: 'ann',
      command: '/responsibot', text: 'who patches the hypervisor?', api_app_id: 'A0APP', response_url: fake!.responseUrl(), trigger_id: '1.2.3',
    });
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(sample(text, 'responsibot_answers_total', { platform: 'slack', command: 'who', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'responsibot_answer_duration_seconds_count', { platform: 'slack', command: 'who' })).toBe(1);
    // Process metrics come along, under the same prefix.
    expect(sample(text, 'responsibot_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('is not ready while Slack is unreachable, and still alive', async () => {
    await fake!.close();
    fake = undefined;
    const notReady = await until(readyz, (r) => r.status === 503, 'readyz after Slack went away');
    expect(notReady.body.checks).toMatchObject({ store: 'ok', slack: 'failing' });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('stops cleanly on SIGTERM, ops server included', async () => {
    const exit = await main.stop('SIGTERM');
    expect(exit.code).toBe(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
