// /who <question>: the answer engine as a command, plus the buttons its answers carry.
import type { AnswerEngine } from '../answer/engine.ts';
import { ACTION_SHARE, ACTION_SHOW_SERVICE, ACTION_SHOW_TOPIC, presentAnswer, presentService, presentTopic, type PresentOptions } from '../answer/present.ts';
import { privateReply, clip } from '../reply/reply.ts';
import type { ActionDefinition, CommandDefinition, Suggestion } from './command.ts';

export interface WhoDeps {
  engine: AnswerEngine;
  /** Extra buttons other features add to answers ("Quiz me on this"). */
  extraButtons?: PresentOptions['extraButtons'];
}

export function whoCommand({ engine, extraButtons }: WhoDeps): CommandDefinition & { autocomplete(option: string, partial: string): Suggestion[] } {
  return {
    name: 'who',
    description: 'Ask who is responsible for something (AWS, you, or shared)',
    usage: '/who <question>',
    examples: ['/who patches the guest OS on EC2?', '/who is responsible for the RDS database engine?', '/who lambda'],
    options: [{ name: 'question', description: 'What do you want to know? e.g. "who patches RDS?"', type: 'string', required: true, autocomplete: true }],
    async run(text) {
      const answer = engine.answer(text);
      return [presentAnswer(answer, engine.packs, { shareable: answer.kind === 'topic' || answer.kind === 'service', ...(extraButtons ? { extraButtons } : {}) })];
    },
    autocomplete(_option, partial) {
      return engine.suggest(partial, 10).map((ref) => ({ label: clip(ref.topic.title, 100), value: clip(ref.topic.title, 100) }));
    },
  };
}

export function whoActions({ engine, extraButtons }: WhoDeps): ActionDefinition[] {
  const opts = { shareable: true, ...(extraButtons ? { extraButtons } : {}) };
  return [
    {
      id: ACTION_SHOW_TOPIC,
      async run(value) {
        const ref = lookupTopic(engine, value);
        return [ref ? presentTopic(ref, opts) : gone()];
      },
    },
    {
      id: ACTION_SHOW_SERVICE,
      async run(value) {
        const ref = lookupService(engine, value);
        return [ref ? presentService(ref, opts) : gone()];
      },
    },
    {
      id: ACTION_SHARE,
      async run(value, ctx) {
        const shared = { shareable: false, sharedBy: ctx.user.name };
        if (value.startsWith('service:')) {
          const ref = lookupService(engine, value.slice('service:'.length));
          return [ref ? presentService(ref, shared) : gone()];
        }
        const ref = lookupTopic(engine, value);
        return [ref ? presentTopic(ref, shared) : gone()];
      },
    },
  ];
}

function lookupTopic(engine: AnswerEngine, value: string) {
  const [packId = '', topicId = ''] = value.split('/');
  return engine.findTopic(packId, topicId);
}

function lookupService(engine: AnswerEngine, value: string) {
  const [packId = '', serviceId = ''] = value.split('/');
  return engine.findService(packId, serviceId);
}

function gone() {
  return privateReply('That topic is no longer in my knowledge packs. Ask again with /who.');
}
