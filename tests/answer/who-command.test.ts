// /who through the command registry: answer cards are built once per topic and shared, so these check
// that sharing never shows anyone a card meant for a different answer.
import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/core/commands/command.ts';
import type { Reply } from '../../src/core/reply/reply.ts';
import { makeCore } from '../support/core.ts';
import { buttonsOf, textOf } from '../support/quiz.ts';

const core = makeCore();
const as = (name: string): CommandContext => ({ platform: 'console', user: { id: `u-${name}`, name }, workspaceId: 'w1', channelId: 'general', isAdmin: async () => false });
const who = async (question: string, user = 'ana'): Promise<Reply> => (await core.registry.run('who', question, as(user)))[0]!;

describe('/who answer cards', () => {
  it('gives two phrasings of the same question the same card, and it cannot be changed by whoever holds it', async () => {
    const first = await who('Who patches the hypervisor?');
    const second = await who('who patches the hypervisor', 'bob');
    expect(second).toEqual(first);
    expect(Object.isFrozen(second)).toBe(true);
    expect(Object.isFrozen(second.blocks[0])).toBe(true);
    expect(() => (second.blocks as unknown[]).push({ type: 'divider' })).toThrow();
    expect((await who('who patches the hypervisor?')).blocks).toHaveLength(first.blocks.length);
  });

  it('keeps what differs between answers on the same topic: the yes/no lead and the confidence', async () => {
    const plain = textOf(await who('who patches the guest OS on EC2?'));
    const yes = textOf(await who('is the customer responsible for patching the guest OS on EC2?'));
    const no = textOf(await who('is AWS responsible for patching the guest OS on EC2?'));
    expect(plain).not.toMatch(/^(Yes|No)\b/m);
    expect(yes).toContain('Yes — the customer is. ');
    expect(no).toContain('No — the customer is. ');
    expect(plain).toMatch(/match confidence \d+%/);
  });

  it('never carries a "Shared by" line from a shared copy into a private answer', async () => {
    const answer = await who('who patches the hypervisor?');
    const share = buttonsOf(answer).find((b) => b.label === 'Share in channel')!;
    const [shared] = await core.registry.runAction(share.action, share.value, as('priya'));
    expect(textOf(shared!)).toContain('Shared by priya');
    expect(textOf(await who('who patches the hypervisor?', 'bob'))).not.toContain('Shared by');
  });

  it('quotes each unknown question back as asked, not an earlier one', async () => {
    expect(textOf(await who('weather in lisbon tomorrow'))).toContain('weather in lisbon tomorrow');
    expect(textOf(await who('who won the cup final'))).toContain('who won the cup final');
  });
});
