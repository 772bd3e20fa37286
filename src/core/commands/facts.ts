// /facts: admins keep a team pack's topics up to date from chat — list, show, add, edit, remove, and
// the history of edits (who, when, old → new). Adding and editing open a form holding the topic as YAML
// (the format of the pack's topics files); what is submitted is checked like a file and refused with
// the reasons if it fails, changing nothing. The AWS pack and any pack without `chatEdits: true` stay file-only.
import type { KnowledgePack } from '../knowledge/loader.ts';
import { parseTopic, topicYaml, type LiveKnowledge } from '../knowledge/team-facts.ts';
import type { Topic } from '../knowledge/schema.ts';
import type { QuizStore } from '../quiz/store.ts';
import { clip, privateReply, type Reply } from '../reply/reply.ts';
import { UsageError, type ActionDefinition, type CommandContext, type CommandDefinition } from './command.ts';

export const ACTION_FACTS_SAVE = 'facts.save';
export const FACTS_USAGE = '/facts list|show|add|edit|remove|history <pack> [topic id]';

export interface FactsDeps {
  knowledge: LiveKnowledge;
  store: QuizStore;
  now: () => number;
}

export function factsCommand(deps: FactsDeps): CommandDefinition {
  return {
    name: 'facts',
    description: "Keep a team pack's topics up to date from chat (admins)",
    usage: FACTS_USAGE,
    examples: ['/facts list team-platform', '/facts edit team-platform tls-certificates', '/facts history team-platform'],
    subcommands: ['list', 'show', 'add', 'edit', 'remove', 'history'].map((name) => ({
      name,
      description: { list: 'The topics of a team pack', show: 'One topic as YAML', add: 'Add a topic (admins)', edit: 'Edit a topic (admins)', remove: 'Remove a topic (admins)', history: 'Who changed what, and when' }[name]!,
      options: [
        { name: 'pack', description: 'The team pack id', type: 'string' as const, required: true },
        ...(['show', 'edit', 'remove', 'history'].includes(name) ? [{ name: 'topic', description: 'The topic id', type: 'string' as const, required: name !== 'history' }] : []),
      ],
    })),
    async run(text, ctx) {
      const words = text.trim().split(/\s+/).filter(Boolean).map((w) => w.replace(/^(pack|topic):/, ''));
      const [sub, packId, topicId] = [words[0]?.toLowerCase(), words[1], words[2]];
      if (!sub || sub === 'help') return [privateReply(`Team facts from chat. ${FACTS_USAGE}`)];
      if (!['list', 'show', 'add', 'edit', 'remove', 'history'].includes(sub)) throw new UsageError(`I don't know "/facts ${clip(sub, 21)}".`);
      await deps.knowledge.refresh();
      const pack = editablePack(deps.knowledge, packId);
      if (sub === 'list') return [privateReply(`${pack.name}: ${pack.topics.length} topics\n${pack.topics.map((t) => `${t.id}: ${t.title}`).join('\n')}`)];
      if (sub === 'history') return history(deps, pack, topicId);
      if (sub !== 'add' && !topicId) throw new UsageError(`Say which topic: /facts ${sub} ${pack.id} <topic id> (/facts list ${pack.id} shows them).`);
      const topic = topicId ? pack.topics.find((t) => t.id === topicId) : undefined;
      if (topicId && !topic) throw new UsageError(`The pack ${pack.id} has no topic "${clip(topicId, 60)}". /facts list ${pack.id} shows them.`);
      if (sub === 'show') return [privateReply(topicYaml(topic!))];
      if (!(await ctx.isAdmin())) return [privateReply("Sorry, only admins can change a team pack. Ask an admin if you'd like it changed.")];
      if (sub === 'remove') return save(deps, ctx, pack, topic!.id, topic, undefined);
      // A form: a modal on Slack and Discord, a line-by-line prompt in the console.
      return [form(pack, topic)];
    },
  };
}

export function factsActions(deps: FactsDeps): ActionDefinition[] {
  return [
    {
      id: ACTION_FACTS_SAVE,
      // value: "<pack>|<topic id or empty for a new one>\n<the submitted YAML>"
      async run(value, ctx) {
        const nl = value.indexOf('\n');
        const [packId, topicId] = (nl < 0 ? value : value.slice(0, nl)).split('|');
        const typed = nl < 0 ? '' : value.slice(nl + 1);
        if (!(await ctx.isAdmin())) return [refused("Sorry, only admins can change a team pack. Ask an admin if you'd like it changed.", ['Only admins can change a team pack.'])];
        await deps.knowledge.refresh();
        const pack = editablePack(deps.knowledge, packId);
        const before = topicId ? pack.topics.find((t) => t.id === topicId) : undefined;
        if (topicId && !before) return [refused(`The topic "${clip(topicId, 60)}" was removed meanwhile; nothing was saved.`, ['This topic was removed meanwhile; nothing was saved.'])];
        const checked = parseTopic(pack, typed, topicId || undefined);
        if ('problems' in checked) return [refused(`Not saved, nothing changed. Fix this and try again:\n${checked.problems.map((p) => `• ${p}`).join('\n')}`, checked.problems)];
        return save(deps, ctx, pack, checked.topic.id, before, checked.topic);
      },
    },
  ];
}

/** A refused submission: the text for everyone, the problems for a form that stays open. */
function refused(text: string, problems: string[]): Reply {
  return { ...privateReply(text), formProblems: problems };
}

function editablePack(knowledge: LiveKnowledge, packId: string | undefined): KnowledgePack {
  const editable = knowledge.currentPacks.filter((p) => p.chatEdits);
  const names = editable.map((p) => p.id).join(', ') || 'none: a pack opts in with chatEdits: true in its pack.yaml';
  if (!packId) throw new UsageError(`Say which team pack (${names}).`, FACTS_USAGE);
  const pack = knowledge.currentPacks.find((p) => p.id === packId);
  if (!pack) throw new UsageError(`There is no pack "${clip(packId, 60)}". Team packs editable here: ${names}.`, FACTS_USAGE);
  if (!pack.chatEdits) throw new UsageError(`The pack ${pack.id} is kept in files only; change it there. Team packs editable here: ${names}.`);
  return pack;
}

function form(pack: KnowledgePack, topic: Topic | undefined): Reply {
  const blank = `id: new-topic-id\ntitle: What people ask about\nresponsible: ${pack.parties[0]!.id}\nservices: [general]\naliases:\n  - how people ask about it\nexplanation: Who does what, in a sentence or two.\nsources:\n  - title: Where this was agreed\n`;
  const what = topic ? `Edit ${topic.id} in ${pack.name}` : `Add a topic to ${pack.name}`;
  return {
    ...privateReply(`${what}: the topic as YAML, the same fields as in the pack's topics files.`),
    form: { action: ACTION_FACTS_SAVE, value: `${pack.id}|${topic?.id ?? ''}`, title: clip(what, 24), label: 'Topic (YAML)', initial: topic ? topicYaml(topic) : blank, submitLabel: 'Save' },
  };
}

async function save(deps: FactsDeps, ctx: CommandContext, pack: KnowledgePack, topicId: string, before: Topic | undefined, after: Topic | undefined): Promise<Reply[]> {
  await deps.store.saveTopicEdit({
    packId: pack.id,
    topicId,
    ...(before ? { before: JSON.stringify(before) } : {}),
    ...(after ? { after: JSON.stringify(after) } : {}),
    by: ctx.user.name,
    at: deps.now(),
  });
  await deps.knowledge.refresh();
  const did = !after ? 'Removed' : before ? 'Saved' : 'Added';
  return [privateReply(`${did} ${topicId} in ${pack.name}. Every answer uses it from now on; /facts history ${pack.id} ${topicId} shows the change.`)];
}

async function history(deps: FactsDeps, pack: KnowledgePack, topicId: string | undefined): Promise<Reply[]> {
  const edits = await deps.store.topicHistory(pack.id, topicId, 10);
  if (edits.length === 0) return [privateReply(`No chat edits of ${topicId ?? pack.name} yet.`)];
  const lines = edits.map((e) => {
    const b = e.before ? (JSON.parse(e.before) as Topic) : undefined;
    const a = e.after ? (JSON.parse(e.after) as Topic) : undefined;
    const change = !b ? 'added' : !a ? 'removed' : changes(b, a);
    return `${new Date(e.at).toISOString().slice(0, 16).replace('T', ' ')} UTC · ${e.by} · ${e.topicId}: ${change}`;
  });
  return [privateReply(`Chat edits of ${topicId ?? pack.name}, newest first:\n${lines.join('\n')}`)];
}

/** What an edit changed, field by field: "responsible: customer → platform-team". */
function changes(before: Topic, after: Topic): string {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])] as (keyof Topic)[];
  const show = (v: unknown) => (v === undefined ? '(none)' : clip(typeof v === 'string' ? v : JSON.stringify(v), 60));
  const diff = keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).map((k) => `${k}: ${show(before[k])} → ${show(after[k])}`);
  return diff.length ? diff.join('; ') : 'saved unchanged';
}
