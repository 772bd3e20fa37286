// /who <question>: the answer engine as a command, plus the buttons its answers carry.
import type { Answer, AnswerEngine, ServiceRef, TopicRef } from '../answer/engine.ts';
import type { Diagram } from '../diagram/diagram.ts';
import { presentAnswer } from '../answer/present/answer.ts';
import { ACTION_MORE, ACTION_SHARE, ACTION_SHOW_SERVICE, ACTION_SHOW_TOPIC, serviceValue, topicValue, type PresentOptions } from '../answer/present/common.ts';
import { presentGrid } from '../answer/present/grid.ts';
import { presentService } from '../answer/present/service.ts';
import { presentTopic, presentTopicDetail } from '../answer/present/topic.ts';
import { diagramForAnswer, serviceDiagram, topicDiagram } from '../diagram/build.ts';
import { privateReply, clip, type Reply } from '../reply/reply.ts';
import type { ActionDefinition, CommandContext, CommandDefinition, Suggestion } from './command.ts';
import { slash } from './names.ts';

export interface WhoDeps {
  /** The current engine: read on every use, since chat edits of a team pack replace it (see refresh). */
  readonly engine: AnswerEngine;
  /** Brings the engine up to date with chat edits made by any process, before answering. */
  refresh?: () => Promise<void>;
  /** Extra buttons other features add to answers ("Quiz me on this"). */
  extraButtons?: PresentOptions['extraButtons'];
  /** Attach the answer's diagram to its reply (the core has a renderer). */
  diagrams?: boolean;
}

export function whoCommand(deps: WhoDeps): CommandDefinition & { autocomplete(option: string, partial: string): Suggestion[] } {
  const { extraButtons, diagrams } = deps;
  // Cards are cached per engine: a new engine (a chat edit) starts a new cache.
  let cards = new CardCache(1000);
  let cardsOf = deps.engine;
  return {
    name: 'who',
    description: 'Ask who is responsible for something (AWS, you, or shared)',
    usage: '/who <question>',
    examples: ['/who patches the guest OS on EC2?', '/who is responsible for the RDS database engine?', '/who lambda'],
    options: [{ name: 'question', description: 'What do you want to know? e.g. "who patches RDS?"', type: 'string', required: true, autocomplete: true }],
    async run(text, ctx) {
      await deps.refresh?.();
      const engine = deps.engine;
      if (engine !== cardsOf) [cards, cardsOf] = [new CardCache(1000), engine];
      const answer = engine.answer(text);
      const shareable = answer.kind === 'topic' || answer.kind === 'service' || answer.kind === 'grid';
      // Only uncached cards (usage, outside the packs) name the command, so a cached card suits every platform.
      const present = () => presentAnswer(answer, engine.packs, { shareable, usage: slash(ctx.commandNames, 'who'), ...(extraButtons ? { extraButtons } : {}) });
      const key = cardKey(answer);
      const card = key === undefined ? present() : cards.get(key, present);
      return [diagrams ? withImage(card, diagramForAnswer(answer)) : card];
    },
    autocomplete(_option, partial) {
      return deps.engine.suggest(partial, 10).map((ref) => ({ label: clip(ref.topic.title, 100), value: clip(ref.topic.title, 100) }));
    },
  };
}

export function whoActions(deps: WhoDeps): ActionDefinition[] {
  const { extraButtons, diagrams } = deps;
  const opts = { shareable: true, ...(extraButtons ? { extraButtons } : {}) };
  const topicImage = (reply: Reply, ref: TopicRef) => (diagrams ? withImage(reply, topicDiagram(ref.pack, ref.topic)) : reply);
  const serviceImage = (reply: Reply, ref: ServiceRef) => (diagrams ? withImage(reply, serviceDiagram(ref.pack, ref.service)) : reply);
  return [
    {
      id: ACTION_SHOW_TOPIC,
      async run(value, ctx) {
        await deps.refresh?.();
        const ref = lookupTopic(deps.engine, value);
        return [ref ? topicImage(presentTopic(ref, opts), ref) : gone(ctx)];
      },
    },
    {
      id: ACTION_MORE,
      async run(value, ctx) {
        await deps.refresh?.();
        const ref = lookupTopic(deps.engine, value);
        return [ref ? presentTopicDetail(ref, opts) : gone(ctx)];
      },
    },
    {
      id: ACTION_SHOW_SERVICE,
      async run(value, ctx) {
        await deps.refresh?.();
        const ref = lookupService(deps.engine, value);
        return [ref ? serviceImage(presentService(ref, opts), ref) : gone(ctx)];
      },
    },
    {
      id: ACTION_SHARE,
      async run(value, ctx) {
        const shared = { shareable: false, sharedBy: ctx.user.name };
        await deps.refresh?.();
        const engine = deps.engine;
        if (value.startsWith('service:')) {
          const ref = lookupService(engine, value.slice('service:'.length));
          return [ref ? serviceImage(presentService(ref, shared), ref) : gone(ctx)];
        }
        if (value.startsWith('layer:')) {
          const answer = engine.layerAnswer(value.slice('layer:'.length));
          return [answer ? (diagrams ? withImage(presentGrid(answer, shared), diagramForAnswer(answer)) : presentGrid(answer, shared)) : gone(ctx)];
        }
        const ref = lookupTopic(engine, value);
        return [ref ? topicImage(presentTopicDetail(ref, shared), ref) : gone(ctx)];
      },
    },
  ];
}

/** The reply with its picture; cached cards are frozen, so it is a new object around the same blocks. */
function withImage(reply: Reply, image: Diagram | undefined): Reply {
  return image ? { ...reply, image } : reply;
}

function lookupTopic(engine: AnswerEngine, value: string) {
  const [packId = '', topicId = ''] = value.split('/');
  return engine.findTopic(packId, topicId);
}

function lookupService(engine: AnswerEngine, value: string) {
  const [packId = '', serviceId = ''] = value.split('/');
  return engine.findService(packId, serviceId);
}

function gone(ctx: CommandContext) {
  return privateReply(`That is no longer in my knowledge packs. Ask again with ${slash(ctx.commandNames, 'who')}.`);
}

/**
 * What an answer card depends on: the topic or grid cell found, the confidence shown, the "did you
 * mean" alternatives, the yes/no lead and any per-service variants or rival reading — not the words of
 * the question. Many questions land on the same topic, so its card is built once. Undefined for cards
 * that quote the question ("I don't know", comparisons, pasted options).
 */
function cardKey(answer: Answer): string | undefined {
  const alternatives = answer.alternatives.map(topicValue).join(',');
  if (answer.kind === 'topic' || answer.kind === 'grid') {
    const what = answer.kind === 'topic' ? `topic|${topicValue(answer.ref)}` : `grid|${answer.reading.pack.id}/${answer.reading.layer.id}/${answer.reading.service?.service.id ?? ''}/${answer.reading.phrase}|${answer.verdict}|${answer.via ? topicValue(answer.via) : ''}`;
    const variants = answer.variants?.map((v) => `${v.model.id}=${v.verdict}`).join(',') ?? '';
    const rival = answer.rival ? `${answer.rival.verdict}/${answer.rival.reading?.layer.id ?? ''}/${answer.rival.reading?.phrase ?? ''}` : '';
    return `${what}|${answer.confidence}|${answer.certainty}|${answer.askedParty ?? ''}|${alternatives}|${variants}|${rival}`;
  }
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
