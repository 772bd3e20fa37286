// Child process for the crash-safety test. Opens SqliteStore on the given file, creates a session post
// and a daily post of its own, then records answers as fast as it can, alternating between the two
// (daily answers also update a streak in the same transaction). It prints "ack <postId> <userId>" for an
// answer only AFTER recordAnswer resolved, i.e. after the store said it was committed. The test kills
// it with SIGKILL at random moments and checks that every acknowledged answer survived.
//
// Usage: node --import tsx tests/reliability/support/answer-writer.ts <db file> <run id> [max answers]
import { SqliteStore } from '../../../src/adapters/sqlite/sqlite-store.ts';

const [file, runId, maxArg] = process.argv.slice(2);
if (!file || !runId) {
  process.stderr.write('usage: answer-writer.ts <db file> <run id> [max answers]\n');
  process.exit(2);
}
const max = Number(maxArg ?? 1_000_000);

// stdout is a pipe: on Linux each write is synchronous, so a printed ack is out before the next answer.
const say = (line: string) => process.stdout.write(`${line}\n`);

const store = new SqliteStore(file);
const channel = { platform: 'console' as const, workspaceId: 'crash-w', channelId: `crash-${runId}` };
const now = Date.now();
const sessionId = `session-${runId}`;
await store.createSession({ id: sessionId, ...channel, startedBy: 'u-starter', status: 'active', rounds: 1, seconds: 30, questionIds: ['aws-srm:topic:infra-hypervisor'], currentRound: 1, createdAt: now });
const sessionPost = `post-s-${runId}`;
const dailyPost = `post-d-${runId}`;
await store.insertPost({ id: sessionPost, kind: 'session', ...channel, questionId: 'aws-srm:topic:infra-hypervisor', status: 'open', sessionId, round: 1, createdAt: now, openedAt: now, closesAt: now + 365 * 86_400_000 });
await store.insertPost({ id: dailyPost, kind: 'daily', ...channel, questionId: 'aws-srm:topic:infra-hypervisor', status: 'open', localDate: `run-${runId}`, createdAt: now, openedAt: now });
say(`ready ${runId}`);

for (let i = 0; i < max; i++) {
  const daily = i % 2 === 1;
  const postId = daily ? dailyPost : sessionPost;
  const userId = `u${i}`;
  const { recorded } = await store.recordAnswer({
    postId,
    platform: 'console',
    workspaceId: channel.workspaceId,
    userId,
    userName: `Üser ${i} 🙂 '); DROP TABLE answers;--`,
    questionId: 'aws-srm:topic:infra-hypervisor',
    kind: daily ? 'daily' : 'session',
    choices: [i % 3],
    correct: i % 3 === 0,
    points: i % 3 === 0 ? 10 : 0,
    answeredAt: now + i,
  });
  // Only an answer the store says it recorded is acknowledged; anything else is a failed run.
  if (!recorded) {
    process.stderr.write(`answer ${postId} ${userId} was not recorded\n`);
    process.exit(3);
  }
  say(`ack ${postId} ${userId}`);
}
await store.close();
say('done');
