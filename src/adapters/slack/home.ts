// The App Home tab: how to use the bot (from the registry, like /help) and a place for per-user
// sections. A feature adds its own section to HOME_SECTIONS (the quiz will show stats and schedules);
// sections speak neutral blocks and are rendered like any reply, so they are escaped the same way.
import type { types } from '@slack/bolt';
import type { Core } from '../../core/responsibot.ts';
import type { Block } from '../../core/reply/reply.ts';
import { LIMITS, renderBlocks } from './render-blocks.ts';

export type HomeSection = (core: Core, userId: string) => Block[] | Promise<Block[]>;

export const introSection: HomeSection = () => [
  { type: 'header', text: 'Responsibot: who is responsible, AWS or you?' },
  {
    type: 'section',
    text: 'Ask me who is responsible for a task, a risk or a service on AWS. Use a slash command in any channel, mention me (@Responsibot who patches RDS?) or write to me here in Messages.',
  },
];

export const commandsSection: HomeSection = (core) => [
  { type: 'divider' },
  { type: 'header', text: 'Commands' },
  ...core.registry.list().flatMap((c): Block[] => [
    { type: 'fields', fields: [{ label: c.usage, value: c.description }] },
    ...(c.examples.length ? [{ type: 'context' as const, text: `e.g. ${c.examples.slice(0, 3).join(' · ')}` }] : []),
  ]),
];

/** Placeholder until the quiz feature exists; it will replace this with the user's stats and schedules. */
export const quizSection: HomeSection = () => [
  { type: 'divider' },
  { type: 'header', text: 'Your quiz' },
  { type: 'section', text: 'Quizzes are coming soon. Your scores, streaks and scheduled quizzes will appear here.' },
];

export const HOME_SECTIONS: HomeSection[] = [introSection, commandsSection, quizSection];

export async function homeView(core: Core, userId: string, sections: readonly HomeSection[] = HOME_SECTIONS): Promise<types.HomeView> {
  const blocks: Block[] = [];
  for (const section of sections) blocks.push(...(await section(core, userId)));
  return { type: 'home', blocks: renderBlocks({ visibility: 'private', text: '', blocks }, { maxBlocks: LIMITS.blocksPerHomeView }).blocks };
}
