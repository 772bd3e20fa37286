// The App Home tab: the viewer's quiz stats and streaks, the daily-question schedules of channels they
// can see, how to quiz, and every command (from the registry, like /help). Sections speak the core's
// neutral blocks and are rendered like any reply, so they are escaped the same way. The one exception
// is a channel link (<#C…>): its id comes from our store, is checked against Slack's id format, and
// everything around it is escaped, so user text still cannot become markup.
import type { types } from '@slack/bolt';
import type { CommandContext } from '../../core/commands/command.ts';
import { describeDays, localTime, nextOccurrence } from '../../core/quiz/schedule.ts';
import type { Core } from '../../core/responsibot.ts';
import type { Block } from '../../core/reply/reply.ts';
import { CHANNEL_ID, type ChannelDirectory } from './channels.ts';
import { escapeText, escapeWithin } from './escape.ts';
import { LIMITS, renderBlocks } from './render-blocks.ts';
import { localise } from '../../core/commands/names.ts';
import { SLACK_COMMAND_NAMES } from './command-names.ts';

/** Who is looking: the home tab is per user and per workspace. */
export interface HomeViewer {
  userId: string;
  teamId: string;
}

export interface HomeDeps {
  /** Decides which channels' schedules the viewer may see; without it, none are shown. */
  channels?: ChannelDirectory;
}

/** Lines of already-escaped Slack mrkdwn, built only in this file (see channelLink). */
type SlackText = { type: 'mrkdwn'; title?: string; lines: string[] };
export type HomeBlock = Block | SlackText;

export type HomeSection = (core: Core, viewer: HomeViewer, deps: HomeDeps) => HomeBlock[] | Promise<HomeBlock[]>;

const MAX_LISTED_CHANNELS = 25;

export const introSection: HomeSection = () => [
  { type: 'header', text: 'Responsibot: who is responsible, AWS or you?' },
  {
    type: 'section',
    text: 'Ask me who is responsible for a task, a risk or a service on AWS. Type /responsibot and your question in any channel, mention me (@Responsibot who patches RDS?) or write to me here in Messages.',
  },
];

/** The viewer's stats and daily streaks, from the core's /quiz stats reply. */
export const quizStatsSection: HomeSection = async (core, viewer) => {
  const head: HomeBlock[] = [{ type: 'divider' }, { type: 'header', text: 'Your quiz' }];
  if (!core.quiz) return [...head, { type: 'section', text: 'Quizzes are not enabled on this bot.' }];
  const [stats] = await core.quiz.stats(homeContext(viewer));
  // The reply's own header greets the user by name, which the home tab does not know; ours says it.
  const blocks: HomeBlock[] = [...head, ...(stats?.blocks ?? []).filter((b, i) => !(i === 0 && b.type === 'header'))];
  const streaks = (await core.quiz.store.userStreaks('slack', viewer.teamId, viewer.userId))
    .filter((s) => s.best > 0 && CHANNEL_ID.test(s.channelId))
    .sort((a, b) => b.current - a.current || b.best - a.best)
    .slice(0, MAX_LISTED_CHANNELS);
  if (streaks.length) {
    const lines = streaks.map((s) => `${channelLink(s.channelId)} ${escapeText(`${s.current} in a row (best ${s.best})`)}`);
    blocks.push({ type: 'mrkdwn', title: 'Daily streaks', lines });
  }
  return blocks;
};

/** Daily-question schedules in this workspace, in channels the viewer can see. */
export const schedulesSection: HomeSection = async (core, viewer, deps) => {
  if (!core.quiz) return [];
  const head: HomeBlock[] = [{ type: 'divider' }, { type: 'header', text: 'Daily questions' }];
  const inWorkspace = (await core.quiz.store.listSchedules()).filter((s) => s.platform === 'slack' && s.workspaceId === viewer.teamId && CHANNEL_ID.test(s.channelId));
  const visible: typeof inWorkspace = [];
  for (const s of inWorkspace) if (deps.channels && (await deps.channels.visibleTo(s.channelId, viewer.userId, viewer.teamId))) visible.push(s);
  if (visible.length === 0) {
    return [
      ...head,
      { type: 'section', text: 'No channel you can see has a daily question yet.' },
      { type: 'context', text: 'To start one: invite me to a channel (/invite @Responsibot), then a workspace admin types /quiz schedule 09:00 Europe/Berlin mon-fri there.' },
    ];
  }
  const now = core.clock.now();
  const lines = visible.slice(0, MAX_LISTED_CHANNELS).map((s) => {
    const next = nextOccurrence(s, now);
    const what = [`${s.time} ${s.timezone}, ${describeDays(s.days)}`, s.topic && `topic: ${s.topic}`, s.difficulty, next && `next: ${localTime(next, s.timezone)}`].filter(Boolean).join(' · ');
    return `${channelLink(s.channelId)} ${escapeWithin(what, 200)}`;
  });
  if (visible.length > lines.length) lines.push(escapeText(`…and ${visible.length - lines.length} more`));
  return [...head, { type: 'mrkdwn', lines }];
};

/** How to quiz: the core's own /quiz usage, so it never goes stale. */
export const quizHelpSection: HomeSection = async (core, viewer) => {
  if (!core.quiz || !core.registry.get('quiz')) return [];
  const [usage] = await core.registry.run('quiz', 'help', homeContext(viewer));
  return [
    { type: 'divider' },
    { type: 'header', text: 'How to quiz' },
    { type: 'section', text: 'Click an answer under a question: only you see whether you were right, with the explanation. Everyone sees the answer and how the channel did when it closes.' },
    ...(usage?.blocks ?? []),
  ];
};

export const commandsSection: HomeSection = (core) => [
  { type: 'divider' },
  { type: 'header', text: 'Commands' },
  ...core.registry.list().flatMap((c): Block[] => [
    { type: 'fields', fields: [{ label: localise(c.usage, SLACK_COMMAND_NAMES), value: c.description }] },
    ...(c.examples.length ? [{ type: 'context' as const, text: `e.g. ${c.examples.slice(0, 3).map((e) => localise(e, SLACK_COMMAND_NAMES)).join(' · ')}` }] : []),
  ]),
];

export const HOME_SECTIONS: HomeSection[] = [introSection, quizStatsSection, schedulesSection, quizHelpSection, commandsSection];

export async function homeView(core: Core, viewer: HomeViewer, deps: HomeDeps = {}, sections: readonly HomeSection[] = HOME_SECTIONS): Promise<types.HomeView> {
  const blocks: types.KnownBlock[] = [];
  for (const section of sections) {
    let part: HomeBlock[];
    try {
      part = await section(core, viewer, deps);
    } catch (err) {
      // One broken part (the store, a look-up) should not leave the whole tab blank.
      core.log.error({ err, user: viewer.userId }, 'an App Home section failed');
      part = [{ type: 'context', text: 'Part of this page could not be loaded just now. Open the tab again in a moment.' }];
    }
    blocks.push(...render(part));
  }
  if (blocks.length > LIMITS.blocksPerHomeView) {
    blocks.splice(LIMITS.blocksPerHomeView - 1, Infinity, { type: 'context', elements: [{ type: 'plain_text', text: '(Shortened to fit in Slack.)' }] });
  }
  return { type: 'home', blocks };
}

/** Neutral blocks through renderBlocks (escaped, clipped); our own mrkdwn as a section. */
function render(part: HomeBlock[]): types.KnownBlock[] {
  const out: types.KnownBlock[] = [];
  let run: Block[] = [];
  const flush = () => {
    if (run.length) out.push(...renderBlocks({ visibility: 'private', text: ' ', blocks: run }, { maxBlocks: LIMITS.blocksPerHomeView }).blocks);
    run = [];
  };
  for (const b of part) {
    if (b.type === 'mrkdwn') {
      flush();
      out.push(...mrkdwnSections(b));
    } else run.push(b);
  }
  flush();
  return out;
}

/** Packs lines into as few sections as Slack's text limit allows; a title goes first, in bold. */
function mrkdwnSections(b: SlackText): types.SectionBlock[] {
  const texts: string[] = [];
  let current = b.title ? `*${escapeText(b.title)}*` : '';
  for (const line of b.lines) {
    const clipped = line.slice(0, LIMITS.sectionText - 10);
    if (current && current.length + 1 + clipped.length > LIMITS.sectionText) {
      texts.push(current);
      current = clipped;
    } else current = current ? `${current}\n${clipped}` : clipped;
  }
  if (current) texts.push(current);
  return texts.map((text) => ({ type: 'section', text: { type: 'mrkdwn', text, verbatim: true } }));
}

/** A Slack channel link for an id from our store; anything not shaped like an id is shown as text. */
function channelLink(channelId: string): string {
  return CHANNEL_ID.test(channelId) ? `<#${channelId}>` : escapeText(channelId);
}

/** The core needs a CommandContext to read stats; the home tab has no channel and asks nothing admin-only. */
function homeContext(viewer: HomeViewer): CommandContext {
  return { platform: 'slack', commandNames: SLACK_COMMAND_NAMES, user: { id: viewer.userId, name: viewer.userId }, workspaceId: viewer.teamId, channelId: '', isAdmin: async () => false };
}
