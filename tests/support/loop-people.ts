// What the loop tests that drive the real Slack and Discord adapters share: the running fakes, stopped
// after each test, and the people of the quiz channel (an admin and two members).
import { afterEach } from 'vitest';
import type { RunningBot } from '../discord/support/bot.ts';
import type { Harness } from '../slack/support/harness.ts';

/** A generated question of the real AWS pack (makeCore's default packs). */
export const Q1 = 'aws-srm:topic:infra-hypervisor';
export const admin = { userId: 'U0ADMIN', userName: 'ada', channelId: 'C0QUIZ' };
export const bob = { userId: 'U0BOB', userName: 'bob', channelId: 'C0QUIZ' };
export const ann = { userId: 'U0ANN', userName: 'ann', channelId: 'C0QUIZ' };

/** Lists to push started Slack harnesses and Discord bots to; each is stopped when its test ends. */
export function runningAdapters(): { slacks: Harness[]; bots: RunningBot[] } {
  const slacks: Harness[] = [];
  const bots: RunningBot[] = [];
  afterEach(async () => {
    while (slacks.length) await slacks.pop()!.stop();
    while (bots.length) await bots.pop()!.close();
  });
  return { slacks, bots };
}
