// The configurable admin group, through the real adapters: a Slack user group (usergroups.* on the fake
// Slack) or a Discord role (the member's roles in the interaction) makes its members admins at once,
// only admins can choose it, bad input gets the usage; and an admin channel for report alerts can come
// from the configuration until an admin chooses another place (or off).
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/ports/clock.ts';
import { startBot } from '../discord/support/bot.ts';
import { IDS } from '../discord/support/fake-discord.ts';
import { ADMIN_PERMS, answerOf, opt, quiz, visible } from '../discord/support/quiz.ts';
import { read, slackWorld, slash } from '../slack/support/quiz-world.ts';
import { consoleSession } from '../support/console.ts';
import { admin, ann, bob, Q1, runningAdapters } from '../support/loop-people.ts';
import { makeCore } from '../support/core.ts';
import { seeded } from '../support/quiz.ts';

const { slacks, bots } = runningAdapters();

describe('/quiz admin-role on Slack', () => {
  it("a user group's members become admins at once; only admins choose it; off takes it back", async () => {
    const { h } = await slackWorld(slacks, '2026-11-23T10:00:00Z');
    h.fake.usergroups = [{ id: 'S0CLOUD', handle: 'cloud-admins', name: 'Cloud admins', users: ['U0BOB'] }];
    expect(read(await slash(h, 'reports', bob))).toContain('only admins');
    expect(read(await slash(h, 'admin-role', bob))).toContain('Admins here are workspace admins and owners. An admin can add a user group');
    expect(read(await slash(h, 'admin-role @cloud-admins', bob))).toContain('only admins can choose the admin group');
    expect(read(await slash(h, 'admin-role @nobody-here', admin))).toMatch(/I can't find the user group "@nobody-here"[\s\S]*\/quiz admin-role \[@group\|@role\|off\]/);

    // What Slack sends for a picked group when mentions are escaped, and a plain @handle, both work.
    expect(read(await slash(h, 'admin-role <!subteam^S0CLOUD|@cloud-admins>', admin))).toContain('Saved: members of @cloud-admins are now admins');
    expect(read(await slash(h, 'reports', bob))).toContain('No open question reports.');
    expect(h.fake.callsOf('usergroups.users.list').map((c) => c.body.usergroup)).toEqual(['S0CLOUD']);
    expect(read(await slash(h, 'reports', ann))).toContain('only admins');
    expect(read(await slash(h, 'admin-role', ann))).toContain('workspace admins and owners and the members of @cloud-admins');

    // A group member may change it too; off ends it with no restart.
    expect(read(await slash(h, 'admin-role off', bob))).toContain('Saved: no user group makes admins any more');
    expect(read(await slash(h, 'reports', bob))).toContain('only admins');
    expect(read(await slash(h, 'admin-role @Cloud-Admins', admin))).toContain('Saved: members of @cloud-admins');
    expect(read(await slash(h, `disable ${Q1}`, bob))).toContain(`Disabled ${Q1}`);
  });

  it('a failed group look-up denies, and says nothing it should not', async () => {
    const { h } = await slackWorld(slacks, '2026-11-23T10:00:00Z');
    h.fake.usergroups = [{ id: 'S0CLOUD', handle: 'cloud-admins', name: 'Cloud admins', users: ['U0BOB'] }];
    await slash(h, 'admin-role @cloud-admins', admin);
    h.fake.failNext('usergroups.users.list', { error: 'internal_error' });
    expect(read(await slash(h, 'reports', bob))).toContain('only admins');
    expect(read(await slash(h, 'reports', bob))).toContain('No open question reports.');
  });
});

describe('report alerts from the configuration', () => {
  it('go to the configured channel until an admin chooses another place or off', async () => {
    const { h } = await slackWorld(slacks, '2026-11-23T10:00:00Z', { core: { quiz: { random: seeded(42), reportAlertChannels: { slack: 'C0ALERTS' } } } });
    expect(read(await slash(h, 'report-alerts', bob))).toContain('announced in an admin channel');
    await slash(h, `report ${Q1} the answer is wrong`, bob);
    const alert = await h.fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'C0ALERTS');
    expect(read(alert.body)).toContain(`New report #1 on ${Q1} from bob`);

    expect(read(await slash(h, 'report-alerts off', admin))).toContain('no longer announced');
    expect(read(await slash(h, 'report-alerts', bob))).toContain('announced nowhere (turned off)');
    await slash(h, `report ${Q1} still wrong`, ann);
    expect(read(await slash(h, 'report-alerts here', admin))).toContain('announced in this channel');
    // (Another question: a second note of ann's on Q1 would add to her report #2, not make a new one.)
    const q2 = h.core.quiz!.bank.select({}).find((q) => q.id !== Q1)!.id;
    await slash(h, `report ${q2} third time`, ann);
    await h.fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'C0QUIZ');
    expect(h.fake.callsOf('chat.postMessage').filter((c) => c.body.channel === 'C0ALERTS')).toHaveLength(1);
    expect(h.fake.callsOf('chat.postMessage').map((c) => read(c.body)).join('\n')).not.toContain('#2');
  });
});

describe('/quiz admin-role on Discord and the console', () => {
  it("a role's members become admins; only Manage Server (or the role) can choose it", async () => {
    const bot = await startBot(makeCore({ clock: new FakeClock('2026-11-23T10:00:00Z') }));
    bots.push(bot);
    const { fake } = bot;
    const withRole = { roles: [IDS.cloudAdmins] };
    const say = async (sub: string, options: object[], as: object = {}) => visible(await answerOf(fake, quiz(fake, sub, options as never, as)));
    expect(await say('reports', [], withRole)).toContain('only admins');
    expect(await say('admin-role', [opt.str('group', `<@&${IDS.cloudAdmins}>`)], withRole)).toContain('only admins can choose the admin group');
    expect(await say('admin-role', [opt.str('group', 'no such role')], { memberPermissions: ADMIN_PERMS })).toMatch(/I can't find the role "no such role"[\s\S]*\/quiz admin-role/);
    // @everyone is a role too, but never an admin group.
    expect(await say('admin-role', [opt.str('group', `<@&${IDS.guild}>`)], { memberPermissions: ADMIN_PERMS })).toContain("I can't find the role");
    expect(await say('admin-role', [opt.str('group', `<@&${IDS.cloudAdmins}>`)], { memberPermissions: ADMIN_PERMS })).toContain('Saved: members of @Cloud admins are now admins');
    expect(await say('reports', [], withRole)).toContain('No open question reports.');
    expect(await say('reports', [])).toContain('only admins');
    expect(await say('admin-role', [])).toContain('members with Manage Server and the members of @Cloud admins');
    expect(await say('admin-role', [opt.str('group', 'off')], withRole)).toContain('Saved: no role makes admins any more');
    expect(await say('reports', [], withRole)).toContain('only admins');
  });

  it('the console has no groups and says so', async () => {
    const c = consoleSession(makeCore());
    expect(await c.type('/quiz admin-role @ops')).toContain('Admin groups exist on Slack (a user group) and Discord (a role)');
  });
});
