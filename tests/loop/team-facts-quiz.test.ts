// Team facts from chat reach the quiz: two bot processes (two cores, each with its own store
// connection) share one database, SQLite file or PostgreSQL. An admin edits a team pack in process A's
// console; process B's quizzes follow at once: an edited owner is asked and revealed, a removed topic is
// never asked (a running quiz skips it), a new topic can be asked, and answers given before stay counted.
import { afterAll, describe, expect, it } from 'vitest';
import { CONSOLE_CHANNEL, CONSOLE_WORKSPACE } from '../../src/adapters/console/console-adapter.ts';
import { FakeClock } from '../../src/core/ports/clock.ts';
import { createCore, type Core } from '../../src/core/responsibot.ts';
import { consoleSession, type ConsoleSession } from '../support/console.ts';
import { reportSkip } from '../support/postgres.ts';
import { seeded } from '../support/quiz.ts';
import { storeBackends } from '../support/stores.ts';
import { teamPackYaml, writePack } from '../support/team-pack.ts';
import { tempDir } from '../support/temp.ts';

const topic = (id: string, title: string, responsible: string) => `  - id: ${id}
    title: ${title}
    responsible: ${responsible}
    services: [general]
    aliases: [${title.toLowerCase()}]
    explanation: ${title} is done by the ${responsible} team.
    sources:
      - title: Platform runbook
`;

const TEAM: Record<string, string> = {
  'pack.yaml': teamPackYaml(`domains:
  - id: operations
    name: Operations
    weight: 1
`),
  'topics/core.yaml': `topics:
${topic('tls-certificates', 'Renewing TLS certificates', 'platform')}${topic('dns-records', 'Changing DNS records', 'platform')}${topic('feature-flags', 'Flipping feature flags', 'product')}`,
  // Written for the facts as they are in the files: platform renews the certificates.
  'quiz/core.yaml': `questions:
  - id: cert-expiry
    question: A certificate on the public load balancer is about to expire. Which team renews it?
    options:
      - text: Platform team
        correct: true
        why: The platform team renews every certificate through its automation.
      - text: Product teams
        why: Product teams do not touch certificates.
      - text: Nobody, certificates renew themselves
        why: Someone runs the automation.
    explanation: Certificates are the platform team's.
    verdict: platform
    topics: [tls-certificates]
    difficulty: medium
    domain: operations
`,
};

const START = '2026-11-23T10:00:00Z';

for (const backend of storeBackends()) {
  if (backend.skip) reportSkip(`the ${backend.name} team facts quiz tests`);

  describe.skipIf(backend.skip)(`team facts reach the quiz (${backend.name}, two processes, one database)`, () => {
    afterAll(() => backend.dispose());

    async function world() {
      const root = tempDir('responsibot-team-quiz-');
      const packs = writePack(root, TEAM);
      await backend.fresh();
      const clock = new FakeClock(START);
      const cores: Core[] = [];
      for (let i = 0; i < 2; i++) cores.push(createCore(packs, { store: await backend.open(), clock, quiz: { random: seeded(7 + i) } }));
      const [a, b] = cores.map((core) => consoleSession(core)) as [ConsoleSession, ConsoleSession];
      /** Types a topic through process A's /facts form. */
      const facts = async (command: string, yaml?: string) => {
        let out = await a.type(command);
        if (yaml !== undefined) for (const line of [...yaml.trimEnd().split('\n'), '.']) out = await a.type(line);
        return out;
      };
      /** Lets B's round timer run out and B's tick reveal it (and post the next round, if any). */
      const nextRound = async () => {
        clock.advance(11_000);
        await cores[1]!.quiz!.tick();
        return b.flush();
      };
      return { a, b, coreB: cores[1]!, facts, nextRound };
    }

    const edit = (id: string, title: string, responsible: string) => topic(id, title, responsible).replace(/^ {2}- /, '').replace(/^ {4}/gm, '');

    it("an owner edited in A: B's quiz asks for the new owner and reveals it; the hand-written question written for the old owner is left out", async () => {
      const { b, coreB, facts, nextRound } = await world();
      // Before: two questions about certificates (the generated one and the hand-written one).
      expect(await b.type('/quiz start 5 10 tls-certificates')).toContain('Quiz started: 2 rounds');
      await b.type('/quiz stop');
      expect(await facts('/facts edit team tls-certificates', edit('tls-certificates', 'Renewing TLS certificates', 'product'))).toContain('Saved tls-certificates');

      const asked = await b.type('/quiz start 5 10 tls-certificates');
      expect(asked).toContain('Quiz started: 1 round,');
      expect(asked).toContain('Who is responsible for renewing TLS certificates?');
      expect(asked).not.toContain('about to expire');
      expect(await b.type('a')).toContain('Not quite. You chose A; the answer is B. Product teams'); // a: Platform team, the old owner
      expect(await nextRound()).toContain('Answer: B. Product teams');
      // Rebuilt once for the edit, not per question or command.
      const bank = coreB.quiz!.bank;
      await b.type('/quiz practice');
      expect(coreB.quiz!.bank).toBe(bank);

      // Edited back to the platform team, the hand-written question agrees again and is asked again.
      await facts('/facts edit team tls-certificates', edit('tls-certificates', 'Renewing TLS certificates', 'platform'));
      expect(await b.type('/quiz start 5 10 tls-certificates')).toContain('Quiz started: 2 rounds');
    });

    it('a topic removed in A is never asked in B: refused as a topic, and skipped by a quiz already running', async () => {
      const { b, coreB, facts, nextRound } = await world();
      // All four questions, in an order the seeded random decides; remove a topic asked after round 1.
      const started = await b.type('/quiz start 4 10');
      expect(started).toContain('Quiz started: 4 rounds');
      const session = (await coreB.quiz!.store.activeSession({ platform: 'console', workspaceId: CONSOLE_WORKSPACE, channelId: CONSOLE_CHANNEL }))!;
      const later = session.questionIds.slice(1).find((id) => id.startsWith('team:topic:'))!;
      const removed = later.slice('team:topic:'.length);
      const title = { 'tls-certificates': 'renewing TLS certificates', 'dns-records': 'changing DNS records', 'feature-flags': 'flipping feature flags' }[removed]!;
      expect(await facts(`/facts remove team ${removed}`)).toContain(`Removed ${removed}`);

      // Everyone answers every round, so the quiz plays to its end.
      let played = '';
      for (let i = 0; i < 4 && !played.includes('== Quiz over'); i++) played += (await b.type('a')) + (await nextRound());
      expect(played).toContain('== Quiz over');
      expect(played).toContain('Quiz round 4');
      expect(played).not.toContain(`Who is responsible for ${title}?`);
      expect(await b.type(`/quiz start 1 10 ${removed}`)).toContain(`I have no questions about "${removed}"`);
      expect(await b.type('/quiz practice')).not.toContain(`Who is responsible for ${title}?`);
      // A mock exam draws from what is left: the hand-written question goes with the certificates topic.
      const left = removed === 'tls-certificates' ? 2 : 3;
      expect(await b.type(`/quiz exam ${left + 1} 10`)).toContain(`There are only ${left} questions in the bank`);
    });

    it('a topic added in A can be asked in B at once; answers to a removed topic stay in the stats', async () => {
      const { b, facts, nextRound } = await world();
      expect(await b.type('/quiz start 1 10 on-call')).toContain('I have no questions about "on-call"');
      expect(await facts('/facts add team', edit('on-call', 'Paging the on-call engineer', 'platform'))).toContain('Added on-call');
      const asked = await b.type('/quiz start 1 10 on-call');
      expect(asked).toContain('Who is responsible for paging the on-call engineer?');
      expect(await b.type('a')).toContain('Right');
      await nextRound();
      const before = await b.type('/quiz stats');
      expect(before).toContain('Answered: 1 (100% correct)');
      expect(before).toContain('Topics you answered most: Paging the on-call engineer: 1 answered, 100% right');

      await facts('/facts remove team on-call');
      expect(await b.type('/quiz start 1 10 on-call')).toContain('I have no questions about "on-call"');
      // The answer is kept, and still counted under its study domain and topic.
      expect(await b.type('/quiz stats')).toBe(before);
    });
  });
}
