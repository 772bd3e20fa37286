// /facts add and edit on Discord, through the real discord.js client and the fake Discord: the slash
// command is answered with a modal (response type 9) holding the topic as YAML; its submission
// (MODAL_SUBMIT) saves the edit and /who answers with it; an invalid edit or a non-admin's submission
// is refused with the reason, privately, and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCore } from '../support/core.ts';
import { EDITED_TLS, packsWithTeam } from '../support/team-pack.ts';
import { startBot, type RunningBot } from './support/bot.ts';
import type { InteractionOptions, Json, SentInteraction } from './support/fake-discord.ts';
import { ADMIN_PERMS, ANA, answerOf, BEN, buttonIds, EPHEMERAL, opt, visible } from './support/quiz.ts';

let bot: RunningBot;
beforeAll(async () => {
  bot = await startBot(makeCore({}, packsWithTeam()));
});
afterAll(async () => {
  await bot?.close();
});

const admin = { user: ANA, memberPermissions: ADMIN_PERMS };

function facts(sub: string, options: Json[], as: InteractionOptions = admin): SentInteraction {
  return bot.fake.chatInput('facts', [{ name: sub, type: 1, options }], as);
}

async function said(i: SentInteraction): Promise<string> {
  return visible(await answerOf(bot.fake, i));
}

const who = (question: string) => said(bot.fake.chatInput('who', [opt.str('question', question)], admin));
const show = () => said(facts('show', [opt.str('pack', 'team'), opt.str('topic', 'tls-certificates')]));

/** /facts edit (or add) as an admin: the modal it was answered with. */
async function openForm(sub: 'edit' | 'add', topic?: string): Promise<Json> {
  const cb = await bot.fake.callback(facts(sub, [opt.str('pack', 'team'), ...(topic ? [opt.str('topic', topic)] : [])]));
  expect(cb.body.type).toBe(9);
  expect(cb.response?.status).toBe(204);
  return cb.body.data;
}

const input = (modal: Json) => modal.components[0].component;

describe('/facts forms on Discord', () => {
  it('answers /facts edit with a modal holding the topic as YAML; submitting it saves and /who answers with it', async () => {
    expect(await who('who renews tls certificates?')).toContain('Platform team');
    const modal = await openForm('edit', 'tls-certificates');
    expect(modal.title).toContain('tls-certificates');
    expect(modal.title.length).toBeLessThanOrEqual(45);
    expect(modal.custom_id.length).toBeLessThanOrEqual(100);
    expect(modal.components[0]).toMatchObject({ type: 18, label: 'Topic (YAML)' });
    expect(input(modal)).toMatchObject({ type: 4, style: 2, max_length: 4000 });
    expect(input(modal).value).toContain('responsible: platform');

    const submitted = bot.fake.submitModal(modal.custom_id, { [input(modal).custom_id]: EDITED_TLS }, admin);
    const answer = await answerOf(bot.fake, submitted);
    expect(answer.flags).toBe(EPHEMERAL);
    expect(visible(answer)).toContain('Saved tls-certificates in Platform team ownership');
    expect(await who('who renews tls certificates?')).toContain('Product teams');
    expect(await said(facts('history', [opt.str('pack', 'team')]))).toContain('Ana · tls-certificates: responsible: platform → product');
  });

  it('adds a topic from a blank form', async () => {
    const modal = await openForm('add');
    expect(input(modal).value).toContain('id: new-topic-id');
    const typed = 'id: on-call\ntitle: Who is on call for outages\nresponsible: platform\nservices: [general]\naliases: [on call rota]\nexplanation: The platform team runs the on-call rota.\nsources:\n  - title: Rota page\n';
    expect(await said(bot.fake.submitModal(modal.custom_id, { [input(modal).custom_id]: typed }, admin))).toContain('Added on-call');
    expect(await said(facts('list', [opt.str('pack', 'team')]))).toContain('on-call: Who is on call for outages');
  });

  it('refuses an edit that fails the checks with the reason, privately, and changes nothing', async () => {
    const before = await show();
    const modal = await openForm('edit', 'tls-certificates');
    const typed = EDITED_TLS.replace(/responsible: \w+/, 'responsible: nobody');
    const answer = await answerOf(bot.fake, bot.fake.submitModal(modal.custom_id, { [input(modal).custom_id]: typed }, admin));
    expect(answer.flags).toBe(EPHEMERAL);
    expect(visible(answer)).toMatch(/Not saved, nothing changed[\s\S]*responsible: unknown party "nobody"/);
    expect(await show()).toBe(before);
    // Discord closed the modal, but what was typed is not lost: "Edit again" reopens it with that text.
    const again = buttonIds(answer).find((id) => id.startsWith('form.draft|'))!;
    expect(again).toBeDefined();
    const reopened = await bot.fake.callback(bot.fake.click(again, admin));
    expect(reopened.body.type).toBe(9);
    expect(reopened.response?.status).toBe(204);
    expect(input(reopened.body.data).value).toBe(typed);
    expect(reopened.body.data.components[0].description).toContain('unknown party "nobody"');
    expect(await said(bot.fake.submitModal(reopened.body.data.custom_id, { [input(reopened.body.data).custom_id]: typed.replace('nobody', 'product') }, admin))).toContain('Saved tls-certificates');
    // An unknown draft (expired, or from before a restart) says to run the command again.
    expect(await said(bot.fake.click('form.draft|gone', admin))).toContain('Run the command again');
  });

  it('refuses a submission from someone who may not manage the server, and gives them no form', async () => {
    const before = await show();
    const modal = await openForm('edit', 'tls-certificates');
    const answer = await said(bot.fake.submitModal(modal.custom_id, { [input(modal).custom_id]: EDITED_TLS.replace('2026 edition', 'per Ben') }, { user: BEN }));
    expect(answer).toContain('only admins can change a team pack');
    expect(await show()).toBe(before);
    const cb = await bot.fake.callback(facts('edit', [opt.str('pack', 'team'), opt.str('topic', 'tls-certificates')], { user: BEN }));
    expect(cb.body.type).toBe(4);
    expect(visible(cb.body.data)).toContain('only admins can change a team pack');
  });

  it('says so, and where to edit instead, when the topic is longer than a Discord form holds', async () => {
    const cb = await bot.fake.callback(facts('edit', [opt.str('pack', 'team'), opt.str('topic', 'dns-records')]));
    expect(cb.body.type).toBe(4);
    expect(visible(cb.body.data)).toMatch(/more than a Discord form holds \(4000\)[\s\S]*console/);
  });
});
