// No user input may reach Slack as markup: "<!channel>", "<@U123>", "@here", "&" and "<b>" typed into a
// question (or a user name) must arrive escaped in every string of every call the adapter makes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_USER_ID } from './support/fake-slack.ts';
import { allStrings, buttonsOf, startHarness, type Harness } from './support/harness.ts';

const HOSTILE = '<!channel> <@U123> @here who won the cup final & <b>';
/** The same question as Slack's Events API delivers it: mentions as tokens, literal &<> as entities. */
const HOSTILE_AS_SLACK_SENDS = '<!channel> <@U123> <!here> who won the cup final &amp; &lt;b&gt;';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

/** A raw <, > or an & that does not start one of the three entities Slack decodes. */
function unescaped(s: string): boolean {
  return /[<>]/.test(s) || /&(?!(amp|lt|gt);)/.test(s);
}

describe('escaping what users type', () => {
  it('never sends user input unescaped, whatever the entry point', async () => {
    // Slash command (raw text) and the echo of the question in the "I don't know" reply.
    const url = h.fake.responseUrl();
    await h.requests.slash('/responsibot', HOSTILE, { responseUrl: url, userName: '<!everyone>&<@U9>' });
    const answer = await h.fake.waitFor((c) => c.path === new URL(url).pathname);

    // A mention and a DM, as Slack encodes them.
    await h.requests.event({ type: 'app_mention', user: 'U0ANN', text: `<@${BOT_USER_ID}> ${HOSTILE_AS_SLACK_SENDS}`, ts: h.requests.nextTs(), channel: 'C0GENERAL' });
    await h.requests.event({ type: 'message', channel_type: 'im', channel: 'D0ANN', user: 'U0ANN', text: HOSTILE_AS_SLACK_SENDS, ts: h.requests.nextTs() });
    await h.fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'C0GENERAL');
    await h.fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'D0ANN');

    // A hostile user name shows up in "Shared by …" on a public share.
    const topic = h.fake.responseUrl();
    await h.requests.slash('/responsibot', 'who patches the hypervisor?', { responseUrl: topic });
    const share = buttonsOf((await h.fake.waitFor((c) => c.path === new URL(topic).pathname)).body.blocks).find((b) => b.text.text === 'Share in channel')!;
    const shareUrl = h.fake.responseUrl();
    await h.requests.clickButton(share, { responseUrl: shareUrl, userName: '<!everyone>&<@U9>' });
    const shared = await h.fake.waitFor((c) => c.path === new URL(shareUrl).pathname);
    expect(JSON.stringify(shared.body.blocks)).toContain('Shared by &lt;!everyone&gt;&amp;&lt;@U9&gt;');

    // The question is echoed, but only escaped.
    expect(JSON.stringify(answer.body)).toContain('&amp; &lt;b&gt;');
    const offenders = h.fake.calls.flatMap((c) => allStrings(c.body).filter(unescaped).map((s) => `${c.method}: ${s}`));
    expect(offenders).toEqual([]);
    expect(h.fake.calls.length).toBeGreaterThanOrEqual(6);
  });
});
