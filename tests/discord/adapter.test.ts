// The Discord adapter end to end: the real discord.js Client logs in to a fake Discord on loopback,
// receives interactions over the gateway and answers over REST; we assert on what Discord would get.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandDefinition } from '../../src/core/commands/command.ts';
import { privateReply, type Reply } from '../../src/core/reply/reply.ts';
import { makeCore } from '../support/core.ts';
import { startBot, type RunningBot } from './support/bot.ts';
import { DEFAULT_USER, IDS, MEMBER_PERMS, PERMS, messageBodies, perms, type Json, type SentInteraction } from './support/fake-discord.ts';

const EPHEMERAL = 64;
const question = (value: string) => [{ name: 'question', type: 3, value }];

/** Commands only these tests need: they expose what the adapter handed the core. */
function probeCommands(): CommandDefinition[] {
  const base = { usage: '', examples: [] };
  return [
    {
      ...base,
      name: 'probe',
      description: 'Echoes the text the adapter built',
      subcommands: [{ name: 'set', description: 'Set things', options: [{ name: 'topic', description: 't', type: 'string', required: true }, { name: 'rounds', description: 'r', type: 'integer' }, { name: 'public', description: 'p', type: 'boolean' }] }],
      run: async (text) => [privateReply(`text=${text}`)],
    },
    {
      ...base,
      name: 'echo',
      description: 'Echoes plain options',
      options: [{ name: 'first', description: 'f', type: 'string', required: true }, { name: 'second', description: 's', type: 'string' }],
      run: async (text) => [privateReply(`text=${text}`)],
    },
    {
      ...base,
      name: 'whoami',
      description: 'Shows the context',
      run: async (_text, ctx) => [
        privateReply(
          [
            `platform=${ctx.platform}`,
            `user=${ctx.user.id}/${ctx.user.name}`,
            `workspace=${ctx.workspaceId}`,
            `channel=${ctx.channelId}`,
            `admin=${await ctx.isAdmin()}`,
            `missing=${(await ctx.missingPostingPermissions!({})).join(',')}`,
            `missingWithThread=${(await ctx.missingPostingPermissions!({ thread: true })).join(',')}`,
          ].join('\n'),
        ),
      ],
    },
    {
      ...base,
      name: 'slow',
      description: 'Takes longer than Discord waits',
      options: [{ name: 'first', description: 'which reply comes first', type: 'string', required: true }],
      run: async (text) => {
        await sleep(1700);
        const priv = privateReply('slow private');
        const pub: Reply = { visibility: 'public', text: 'slow public', blocks: [{ type: 'section', text: 'slow public' }] };
        return text === 'public' ? [pub, priv] : [priv, pub];
      },
    },
    {
      ...base,
      name: 'buttons',
      description: 'A reply with a button Discord cannot carry',
      run: async () => [
        {
          visibility: 'private',
          text: 'buttons',
          blocks: [{ type: 'actions', buttons: [{ action: 'who.topic', value: 'x'.repeat(120), label: 'Too long' }, { action: 'who.topic', value: 'aws-srm/infra-hypervisor', label: 'Fine' }] }],
        },
      ],
    },
  ];
}

let bot: RunningBot;

beforeAll(async () => {
  const core = makeCore();
  for (const c of probeCommands()) core.registry.addCommand(c);
  bot = await startBot(core);
});

afterAll(async () => {
  await bot?.close();
});

const data = async (i: SentInteraction): Promise<Json> => (await bot.fake.callback(i)).body.data;
const embed = (d: Json) => d.embeds[0];
/** Text as Discord shows it: markdown escapes removed. */
const shown = (text: string) => text.replace(/\\([^\w\s])/g, '$1');
const buttons = (d: Json): { custom_id: string; label: string; style: number }[] => (d.components ?? []).flatMap((row: Json) => row.components);

describe('connecting', () => {
  it('logs in with the Guilds intent only, over plain JSON, and attaches its messenger to the core', () => {
    expect(bot.fake.identifies).toHaveLength(1);
    expect(bot.fake.identifies[0].token).toBe('fake-bot-token');
    expect(bot.fake.identifies[0].intents).toBe(1); // GatewayIntentBits.Guilds
    expect(bot.fake.identifies[0].compress).toBe(false);
    expect(bot.fake.gatewayQueries[0]!.get('encoding')).toBe('json');
    expect(bot.fake.gatewayQueries[0]!.has('compress')).toBe(false);
    expect(bot.adapter.client.user?.id).toBe(IDS.bot);
    expect(bot.core.messengers.get('discord')).toBe(bot.adapter.messenger);
  });
});

describe('/who', () => {
  it('answers privately with an embed titled with the verdict', async () => {
    const d = await data(bot.fake.chatInput('who', question('who patches the hypervisor?')));
    expect(d.flags).toBe(EPHEMERAL);
    expect(d.allowed_mentions).toEqual({ parse: [] });
    expect(embed(d).title).toBe('AWS is responsible');
    expect(embed(d).description).toContain('Securing and patching the hypervisor');
    expect(embed(d).color).toBe(0xff9900);
    expect(buttons(d)).toContainEqual({ type: 2, custom_id: 'who.share|aws-srm/infra-hypervisor', label: 'Share in channel', style: 1 });
    // The card stays short; "More" shows what each side does.
    expect(embed(d).fields ?? []).toEqual([]);
    const more = await data(bot.fake.click(buttons(d).find((b) => b.label === 'More')!.custom_id));
    expect(more.flags).toBe(EPHEMERAL);
    expect(embed(more).fields.map((f: Json) => f.name)).toEqual(['What AWS does', 'What the customer does']);
  });

  it('suggests topics while the question is typed', async () => {
    const i = bot.fake.autocomplete('who', [{ name: 'question', type: 3, value: 'patch the gu', focused: true }]);
    const cb = await bot.fake.callback(i);
    expect(cb.body.type).toBe(8); // APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
    const choices: { name: string; value: string }[] = cb.body.data.choices;
    expect(choices.map((c) => c.name)).toContain('Patching the guest operating system on EC2');
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) {
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeLessThanOrEqual(100);
    }
  });

  it('shares an answer in the channel when Share is clicked', async () => {
    const answer = await data(bot.fake.chatInput('who', question('who patches the hypervisor?')));
    const share = buttons(answer).find((b) => b.label === 'Share in channel')!;
    const sam = { ...DEFAULT_USER, id: '900000000000000011', username: 'sam', global_name: 'Sam' };
    const d = await data(bot.fake.click(share.custom_id, { user: sam }));
    expect(d.flags ?? 0).toBe(0); // a normal channel message, not ephemeral
    expect(d.allowed_mentions).toEqual({ parse: [] });
    expect(embed(d).title).toBe(embed(answer).title);
    expect(embed(d).footer.text).toContain('Shared by Sam');
    expect(buttons(d).map((b) => b.label)).not.toContain('Share in channel');
  });

  it('offers "did you mean" buttons for a vague question, and each one answers', async () => {
    const d = await data(bot.fake.chatInput('who', question('ssh')));
    const guesses = buttons(d).filter((b) => b.label.startsWith('Did you mean'));
    expect(guesses.length).toBeGreaterThan(0);
    for (const g of guesses) expect(g.custom_id).toMatch(/^who\.topic\|aws-srm\//);
    const picked = await data(bot.fake.click(guesses[0]!.custom_id));
    expect(picked.flags).toBe(EPHEMERAL);
    expect(embed(picked).title).toMatch(/responsib/i);
    expect(shown(embed(picked).description)).toContain(guesses[0]!.label.replace('Did you mean: ', '').replace(/…$/, ''));
  });

  it('says it does not know an out-of-scope question rather than guessing', async () => {
    const d = await data(bot.fake.chatInput('who', question('who won the cup final in 1966')));
    expect(d.flags).toBe(EPHEMERAL);
    expect(embed(d).title).toBe("I don't know that one");
    expect(embed(d).description).toContain('AWS Shared Responsibility Model');
    // Trivia and chit-chat get one line saying what the bot answers, never a verdict.
    const trivia = await data(bot.fake.chatInput('who', question('what is the capital of France')));
    expect(trivia.flags).toBe(EPHEMERAL);
    expect(embed(trivia).title).toBeUndefined();
    expect(embed(trivia).description).toContain('AWS Shared Responsibility Model');
  });

  it('shows usage for /help and unknown commands privately', async () => {
    const help = await data(bot.fake.chatInput('help'));
    expect(help.flags).toBe(EPHEMERAL);
    expect(embed(help).fields.map((f: Json) => f.name)).toContain('/who <question>');
    const unknown = await data(bot.fake.chatInput('frobnicate'));
    expect(embed(unknown).description).toContain('There is no /frobnicate command');
  });
});

describe('mention safety', () => {
  const hostile = '@everyone @here <@123> <@&456> <@!789>';

  it('never lets input ping anyone, in replies or in shared answers', async () => {
    const asked = await data(bot.fake.chatInput('who', question(`who won ${hostile}`)));
    const text = JSON.stringify(asked);
    expect(text).not.toMatch(/@(everyone|here)|<@[!&]?\d/);
    // Mentions say who is addressed, not what is asked: they are not even echoed.
    expect(embed(asked).description).toContain('who won');
    expect(embed(asked).description).not.toMatch(/everyone|here/);

    const answer = await data(bot.fake.chatInput('who', question('hypervisor patches')));
    const share = buttons(answer).find((b) => b.label === 'Share in channel')!;
    const troll = { ...DEFAULT_USER, id: '900000000000000012', username: 'troll', global_name: '@everyone <@&456>' };
    const shared = await data(bot.fake.click(share.custom_id, { user: troll }));
    expect(shared.flags ?? 0).toBe(0);
    expect(embed(shared).footer.text).toContain('Shared by @\u200beveryone <@\u200b&456>');
    expect(JSON.stringify(shared)).not.toMatch(/@(everyone|here)|<@[!&]?\d/);
  });

  it('sends allowed_mentions parse [] on every message body of this whole suite', async () => {
    await bot.adapter.messenger.post({ platform: 'discord', workspaceId: IDS.guild, channelId: IDS.channel }, privateReply(hostile));
    const bodies = messageBodies(bot.fake.requests);
    expect(bodies.length).toBeGreaterThan(5);
    for (const body of bodies) expect(body.allowed_mentions).toEqual({ parse: [] });
  });
});

describe('options → command text', () => {
  it('joins plain option values in declared order', async () => {
    const d = await data(bot.fake.chatInput('echo', [{ name: 'second', type: 3, value: 'two' }, { name: 'first', type: 3, value: 'one' }]));
    expect(embed(d).description).toBe('text=one two');
  });

  it('writes subcommands as "<sub> name:value name:"quoted value""', async () => {
    const d = await data(
      bot.fake.chatInput('probe', [
        {
          name: 'set',
          type: 1,
          options: [
            { name: 'public', type: 5, value: true },
            { name: 'rounds', type: 4, value: 3 },
            { name: 'topic', type: 3, value: 'guest os' },
          ],
        },
      ]),
    );
    expect(embed(d).description).toBe('text=set topic:"guest os" rounds:3 public:true');
  });
});

describe('context', () => {
  const whoami = async (opts: Parameters<RunningBot['fake']['chatInput']>[2]) => embed(await data(bot.fake.chatInput('whoami', [], opts))).description as string;

  it('describes the caller, the guild and the channel', async () => {
    const text = await whoami({});
    expect(text).toContain('platform=discord');
    expect(text).toContain(`user=${IDS.user}/Priya`);
    expect(text).toContain(`workspace=${IDS.guild}`);
    expect(text).toContain(`channel=${IDS.channel}`);
  });

  it('uses the username when the user has no display name, and dm:<user> outside a guild', async () => {
    const text = await whoami({ inGuild: false, user: { ...DEFAULT_USER, global_name: null } });
    expect(text).toContain(`user=${IDS.user}/priya`);
    expect(text).toContain(`workspace=dm:${IDS.user}`);
    expect(text).toContain('admin=false');
  });

  it('counts Manage Server (or Administrator) as admin, and nothing else', async () => {
    expect(await whoami({ memberPermissions: perms(PERMS.viewChannel, PERMS.manageGuild) })).toContain('admin=true');
    expect(await whoami({ memberPermissions: perms(PERMS.administrator) })).toContain('admin=true');
    expect(await whoami({ memberPermissions: MEMBER_PERMS })).toContain('admin=false');
  });

  it('lists the posting permissions the bot lacks in the channel, from app_permissions', async () => {
    const full = await whoami({});
    expect(full).toMatch(/^missing=$/m);
    expect(full).toMatch(/^missingWithThread=$/m);
    const limited = await whoami({ appPermissions: perms(PERMS.viewChannel, PERMS.sendMessages) });
    expect(limited).toMatch(/^missing=Embed Links$/m);
    expect(limited).toMatch(/^missingWithThread=Embed Links,Create Public Threads,Send Messages in Threads$/m);
    const none = await whoami({ appPermissions: '0' });
    expect(none).toMatch(/^missing=View Channel,Send Messages,Embed Links$/m);
  });
});

describe('slow commands', () => {
  it('defers privately after 1.5 s, then edits in a private reply and follows up with a public one', async () => {
    const [privFirst, pubFirst] = [bot.fake.chatInput('slow', [{ name: 'first', type: 3, value: 'private' }]), bot.fake.chatInput('slow', [{ name: 'first', type: 3, value: 'public' }])];
    for (const i of [privFirst, pubFirst]) {
      const cb = await bot.fake.callback(i, 3000);
      expect(cb.body).toEqual({ type: 5, data: { flags: EPHEMERAL } }); // "thinking…", only the caller sees it
    }
    const original = (i: SentInteraction) => bot.fake.waitFor((r) => r.method === 'PATCH' && r.path === `/webhooks/${IDS.app}/${i.token}/messages/@original`);
    const followUp = (i: SentInteraction) => bot.fake.waitFor((r) => r.method === 'POST' && r.path === `/webhooks/${IDS.app}/${i.token}`);

    const edited = (await original(privFirst)).body;
    expect(embed(edited).description).toBe('slow private');
    expect(edited.flags).toBeUndefined();
    const pub = (await followUp(privFirst)).body;
    expect(embed(pub).description).toBe('slow public');
    expect(pub.flags ?? 0).toBe(0);

    // Public first: the placeholder is edited before the follow-ups, which would otherwise inherit "ephemeral".
    expect((await original(pubFirst)).body.content).toBe('Posted in the channel.');
    await bot.fake.waitFor((r) => bot.fake.requestsFor(pubFirst).filter((x) => x.method === 'POST' && x.path.startsWith('/webhooks/')).length === 2);
    const follows = bot.fake.requestsFor(pubFirst).filter((r) => r.method === 'POST' && r.path.startsWith('/webhooks/'));
    expect(follows.map((r) => [embed(r.body).description, r.body.flags ?? 0])).toEqual([
      ['slow public', 0],
      ['slow private', EPHEMERAL],
    ]);
  });
});

describe('buttons Discord cannot carry', () => {
  it('leaves out a button whose custom id is over 100 characters and logs a warning', async () => {
    const d = await data(bot.fake.chatInput('buttons'));
    expect(buttons(d).map((b) => b.label)).toEqual(['Fine']);
    expect(bot.log.lines.some((l) => l.level === 'warn' && l.msg === 'discord button left out')).toBe(true);
  });
});

describe('health', () => {
  it('handled every interaction of this suite without logging an error', () => {
    expect(bot.log.lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});
