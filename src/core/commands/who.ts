// /who <question>: the answer engine as a command, plus the buttons its answers carry.
import type { AnswerEngine } from '../answer/engine.ts';
import type { Answer } from '../answer/engine.ts';
import { ACTION_SHARE, ACTION_SHOW_SERVICE, ACTION_SHOW_TOPIC, presentAnswer, presentService, presentTopic, serviceValue, topicValue, type PresentOptions } from '../answer/present.ts';
import { privateReply, clip, type Reply } from '../reply/reply.ts';
import type { ActionDefinition, CommandDefinition, Suggestion } from './command.ts';

export interface WhoDeps {
  engine: AnswerEngine;
  /** Extra buttons other features add to answers ("Quiz me on this"). */
  extraButtons?: PresentOptions['extraButtons'];
}

export function whoCommand({ engine, extraButtons }: WhoDeps): CommandDefinition & { autocomplete(option: string, partial: string): Suggestion[] } {
  const cards = new CardCache(1000);
  return {
    name: 'who',
    description: 'Ask who is responsible for something (AWS, you, or shared)',
    usage: '/who <question>',
    examples: ['/who patches the guest OS on EC2?', '/who is responsible for the RDS database engine?', '/who lambda'],
    options: [{ name: 'question', description: 'What do you want to know? e.g. "who patches RDS?"', type: 'string', required: true, autocomplete: true }],
    async run(text) {
      const answer = engine.answer(text);
      const present = () => presentAnswer(answer, engine.packs, { shareable: answer.kind === 'topic' || answer.kind === 'service', ...(extraButtons ? { extraButtons } : {}) });
      const key = cardKey(answer);
      return [key === undefined ? present() : cards.get(key, present)];
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

/**
 * What an answer card depends on: the topic or service found, the confidence shown, the "did you
 * mean" alternatives and the yes/no lead — not the words of the question. Many questions land on the
 * same topic, so its card is built once. Undefined for cards that quote the question ("I don't know").
 */
function cardKey(answer: Answer): string | undefined {
  const alternatives = answer.alternatives.map(topicValue).join(',');
  if (answer.kind === 'topic') return `topic|${topicValue(answer.ref)}|${answer.confidence}|${answer.askedParty ?? ''}|${alternatives}`;
  if (answer.kind === 'service') return `service|${serviceValue(answer.service)}|${alternatives}`;
  return undefined;
}

/** The most recently used cards, frozen: one card object is shared by everyone who gets it. */
class CardCache {
  private readonly cards = new Map<string, Reply>();
  constructor(private readonly max: number) {}

  get(key: string, build: () => Reply): Reply {
    let card = this.cards.get(key);
    if (card) {
      this.cards.delete(key);
    } else {
      card = deepFreeze(build());
      if (this.cards.size >= this.max) this.cards.delete(this.cards.keys().next().value!);
    }
    this.cards.set(key, card);
    return card;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
