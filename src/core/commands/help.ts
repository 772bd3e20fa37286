// /help is generated from the registry, so it can never list a command that does not exist.
import type { CommandDefinition } from './command.ts';
import type { CommandRegistry } from './registry.ts';
import { DEFAULT_COLOR } from '../reply/reply.ts';
import { localise } from './names.ts';

export function helpCommand(registry: CommandRegistry, extraLines: () => string[] = () => []): CommandDefinition {
  return {
    name: 'help',
    description: 'Show what I can do',
    usage: '/help',
    examples: ['/help'],
    async run(_text, ctx) {
      // Usage lines and examples in the names this platform types (Slack: /responsibot, not /who).
      const commands = registry.list().map((c) => ({ ...c, usage: localise(c.usage, ctx.commandNames), examples: c.examples.map((e) => localise(e, ctx.commandNames)) }));
      const fields = commands.map((c) => ({ label: c.usage, value: `${c.description}. e.g. ${c.examples.slice(0, 2).join(' · ')}` }));
      const text = commands.map((c) => `${c.usage}: ${c.description}`).join('\n');
      return [
        {
          visibility: 'private',
          text,
          color: DEFAULT_COLOR,
          blocks: [
            { type: 'header', text: 'Responsibot: who is responsible, AWS or you?' },
            { type: 'fields', fields },
            ...extraLines().map((line) => ({ type: 'context' as const, text: line })),
          ],
        },
      ];
    },
  };
}
