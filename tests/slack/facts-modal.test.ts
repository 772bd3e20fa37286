// /facts add and edit on Slack, through the real Bolt app: the form opens as a modal (views.open with
// the command's trigger_id) holding the topic as YAML; submitting it (a signed view_submission) saves
// the edit and /responsibot answers with it at once; an invalid edit or a non-admin's submission keeps
// the modal open with the reason under the field and changes nothing.
import { describe, expect, it } from 'vitest';
import { EDITED_TLS, packsWithTeam } from '../support/team-pack.ts';
import { blockTexts, useHarness, type Harness } from './support/harness.ts';

const ADMIN = 'U0ADMIN';
const harness = useHarness({ packs: packsWithTeam(), adminUsers: [ADMIN] });

async function slash(h: Harness, command: string, text: string, userId = ADMIN): Promise<{ responseUrl: string; res: Response }> {
  const responseUrl = h.fake.responseUrl();
  const res = await h.requests.slash(command, text, { responseUrl, userId, userName: userId === ADMIN ? 'ada' : 'bob' });
  return { responseUrl, res };
}

async function answer(h: Harness, command: string, text: string, userId = ADMIN): Promise<string> {
  const { responseUrl } = await slash(h, command, text, userId);
  const body = (await h.fake.waitFor((c) => c.path === new URL(responseUrl).pathname)).body;
  return [body.text, ...['header', 'section', 'context'].flatMap((t) => blockTexts(body.blocks, t))].join('\n');
}

/** Runs /facts and returns the modal it opened. */
async function openForm(h: Harness, text: string): Promise<{ view: any; responseUrl: string }> {
  const { responseUrl, res } = await slash(h, '/facts', text);
  expect(res.status).toBe(200);
  const call = await h.fake.waitFor((c) => c.method === 'views.open');
  expect(call.body.trigger_id).toBe('1.2.3');
  return { view: call.body.view, responseUrl };
}

const input = (view: any) => view.blocks.find((b: any) => b.type === 'input');

describe('/facts forms on Slack', () => {
  it('opens a modal with the topic as YAML; a saved edit closes it, says so, and answers use it at once', async () => {
    const h = harness();
    expect(await answer(h, '/responsibot', 'who renews tls certificates?')).toContain('Platform team');
    const { view, responseUrl } = await openForm(h, 'edit team tls-certificates');
    expect(view.type).toBe('modal');
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.title.text).toContain('tls-certificates');
    expect(view.submit.text).toBe('Save');
    expect(input(view).label.text).toBe('Topic (YAML)');
    expect(input(view).element).toMatchObject({ type: 'plain_text_input', multiline: true, max_length: 3000 });
    expect(input(view).element.initial_value).toContain('responsible: platform');
    expect(view.private_metadata.length).toBeLessThanOrEqual(3000);
    // The modal is the answer: no "use the console" message.
    expect(h.fake.calls.filter((c) => c.path === new URL(responseUrl).pathname)).toEqual([]);

    const submitted = await h.requests.submitView(view, EDITED_TLS, { userId: ADMIN, userName: 'ada' });
    expect(submitted.status).toBe(200);
    expect(await submitted.text()).toBe('');
    const saved = await h.fake.waitFor((c) => c.method === 'response_url' && c.path === new URL(responseUrl).pathname);
    expect(saved.body.response_type).toBe('ephemeral');
    expect(saved.body.text).toContain('Saved tls-certificates in Platform team ownership');
    expect(await answer(h, '/responsibot', 'who renews tls certificates?')).toContain('Product teams');
    expect(await answer(h, '/facts', 'history team')).toContain('ada · tls-certificates: responsible: platform → product');
  });

  it("sends the answer as a DM when the command's response_url no longer takes messages", async () => {
    const h = harness();
    const { view } = await openForm(h, 'edit team tls-certificates');
    // Slack keeps a response_url for half an hour; a form filled in slowly outlives it.
    h.fake.failNext('response_url', { status: 500 });
    const res = await h.requests.submitView(view, EDITED_TLS.replace('2026 edition', '2026 edition, reviewed'), { userId: ADMIN, userName: 'ada' });
    expect(await res.text()).toBe('');
    const dm = await h.fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === `D${ADMIN}`);
    expect(dm.body.text).toContain('Saved tls-certificates');
  });

  it('adds a topic from a blank form', async () => {
    const h = harness();
    const { view } = await openForm(h, 'add team');
    expect(input(view).element.initial_value).toContain('id: new-topic-id');
    const typed = 'id: on-call\ntitle: Who is on call for outages\nresponsible: platform\nservices: [general]\naliases: [on call rota]\nexplanation: The platform team runs the on-call rota.\nsources:\n  - title: Rota page\n';
    const res = await h.requests.submitView(view, typed, { userId: ADMIN });
    expect(await res.text()).toBe('');
    expect(await answer(h, '/facts', 'list team')).toContain('on-call: Who is on call for outages');
  });

  it('keeps the modal open with the problems under the field when the edit fails the checks, and changes nothing', async () => {
    const h = harness();
    const before = await answer(h, '/facts', 'show team tls-certificates');
    const edits = await answer(h, '/facts', 'history team');
    const { view } = await openForm(h, 'edit team tls-certificates');
    const res = await h.requests.submitView(view, EDITED_TLS.replace('responsible: product', 'responsible: nobody'), { userId: ADMIN });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual([input(view).block_id]);
    expect(body.errors[input(view).block_id]).toContain('responsible: unknown party "nobody"');
    expect(await answer(h, '/facts', 'show team tls-certificates')).toBe(before);
    expect(await answer(h, '/facts', 'history team')).toBe(edits);
  });

  it('refuses a submission from someone who is not an admin, and does not open the form for them', async () => {
    const h = harness();
    const before = await answer(h, '/facts', 'show team tls-certificates');
    const { view } = await openForm(h, 'edit team tls-certificates');
    h.fake.reset();
    const res = await h.requests.submitView(view, EDITED_TLS.replace('2026 edition', 'per bob'), { userId: 'U0BOB', userName: 'bob' });
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ response_action: 'errors' });
    expect(body.errors[input(view).block_id]).toContain('Only admins');
    expect(await answer(h, '/facts', 'show team tls-certificates')).toBe(before);
    expect(await answer(h, '/facts', 'edit team tls-certificates', 'U0BOB')).toContain('only admins can change a team pack');
    expect(h.fake.callsOf('views.open')).toEqual([]);
  });

  it('tells someone who asks for a form in a DM to use the slash command', async () => {
    const h = harness();
    await h.requests.event({ type: 'message', channel_type: 'im', channel: 'D0ADA', user: ADMIN, text: 'facts edit team tls-certificates', ts: h.requests.nextTs() });
    const post = await h.fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'D0ADA');
    expect(post.body.text).toContain('A form opens from a slash command');
    expect(h.fake.callsOf('views.open')).toEqual([]);
  });

  it('says so, and where to edit instead, when the topic is longer than a Slack form holds', async () => {
    const h = harness();
    const said = await answer(h, '/facts', 'edit team dns-records');
    expect(said).toMatch(/more than a Slack form holds \(3000\)/);
    expect(said).toContain('console');
    expect(h.fake.callsOf('views.open')).toEqual([]);
  });
});
