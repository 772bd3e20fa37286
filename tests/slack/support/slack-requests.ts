// Sends requests to the adapter the way Slack does: signed with the signing secret (v0 HMAC-SHA256 over
// "v0:<timestamp>:<raw body>"), as a url-encoded form for slash commands, a "payload" form field for
// interactivity, and JSON for events.
import { createHmac } from 'node:crypto';
import { BOT_USER_ID, TEAM_ID } from './fake-slack.ts';

export interface SendOptions {
  /** Unix seconds; defaults to now. */
  timestamp?: number;
  /** Replaces the computed signature (to test rejection). */
  signature?: string;
  /** Slack's x-slack-retry-num header, set when it re-sends an event. */
  retryNum?: number;
  /** Events: the event_id (a re-sent event keeps its id); a fresh one by default. */
  eventId?: string;
  /** Events: the workspace it comes from (TEAM_ID by default). */
  teamId?: string;
}

export interface SlashExtra {
  responseUrl: string;
  userId?: string;
  userName?: string;
  channelId?: string;
  /** The workspace it comes from (TEAM_ID by default). */
  teamId?: string;
}

export interface ButtonLike {
  action_id: string;
  value: string;
  text?: { text: string };
  /** The actions block the button is in (a submit under checkboxes: its choices block). */
  block_id?: string;
  /** What the message's inputs held when it was clicked, e.g. the ticked checkboxes. */
  state?: { values: Record<string, Record<string, unknown>> };
}

export interface ClickExtra {
  responseUrl?: string;
  teamId?: string;
  userId?: string;
  userName?: string;
  channelId?: string;
  /** The ts of the message the button is on; a public message unless `ephemeral` says otherwise. */
  messageTs?: string;
  ephemeral?: boolean;
}

export function sign(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export class SlackRequests {
  private eventCounter = 0;
  private tsCounter = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly secret: string,
  ) {}

  async send(rawBody: string, contentType: string, opts: SendOptions = {}): Promise<Response> {
    const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
    return fetch(`${this.baseUrl}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': opts.signature ?? sign(this.secret, timestamp, rawBody),
        ...(opts.retryNum ? { 'x-slack-retry-num': String(opts.retryNum), 'x-slack-retry-reason': 'http_timeout' } : {}),
      },
      body: rawBody,
    });
  }

  /**
   * A slash command as Slack posts it. Slack shows a message returned in the acknowledgement exactly
   * like one sent to the response_url, so such a message is forwarded there: tests read every answer
   * the user sees in one place, whichever way the adapter chose to send it.
   */
  async slash(command: string, text: string, extra: SlashExtra, opts?: SendOptions): Promise<Response> {
    const res = await this.slashOnly(command, text, extra, opts);
    const body = await res.clone().text();
    if (res.status === 200 && body.trim().startsWith('{')) {
      const message = JSON.parse(body) as { text?: string; blocks?: unknown };
      if (message.text || message.blocks) {
        await fetch(extra.responseUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test-delivered-in': 'ack' }, body });
      }
    }
    return res;
  }

  /** The slash command request alone, with no forwarding of an answer in the acknowledgement (benchmarks). */
  slashOnly(command: string, text: string, extra: SlashExtra, opts?: SendOptions): Promise<Response> {
    const form = new URLSearchParams({
      token: 'legacy-verification-token',
      team_id: extra.teamId ?? TEAM_ID,
      team_domain: 'test',
      channel_id: extra.channelId ?? 'C0GENERAL',
      channel_name: 'general',
      user_id: extra.userId ?? 'U0ANN',
      user_name: extra.userName ?? 'ann',
      command,
      text,
      api_app_id: 'A0APP',
      is_enterprise_install: 'false',
      response_url: extra.responseUrl,
      trigger_id: '1.2.3',
    });
    return this.send(form.toString(), 'application/x-www-form-urlencoded', opts);
  }

  /** A click on one of our buttons (block_actions), as the "payload" form field. */
  clickButton(button: ButtonLike, extra: ClickExtra, opts?: SendOptions): Promise<Response> {
    return this.send(this.blockActionBody(button, extra), 'application/x-www-form-urlencoded', opts);
  }

  /** The raw body of a click; the same arguments give the same bytes (for re-sending it). */
  blockActionBody(button: ButtonLike, extra: ClickExtra): string {
    const channel = extra.channelId ?? 'C0GENERAL';
    const team = extra.teamId ?? TEAM_ID;
    const ephemeral = extra.ephemeral ?? extra.messageTs === undefined;
    const payload = {
      type: 'block_actions',
      team: { id: team, domain: 'test' },
      user: actingUser(extra, team),
      api_app_id: 'A0APP',
      token: 'legacy-verification-token',
      container: { type: 'message', message_ts: extra.messageTs ?? '1700000000.000100', channel_id: channel, is_ephemeral: ephemeral },
      trigger_id: '1.2.3',
      channel: { id: channel, name: 'general' },
      ...(extra.messageTs && !ephemeral ? { message: { type: 'message', ts: extra.messageTs, user: BOT_USER_ID, bot_id: 'BBOT', text: 'x' } } : {}),
      ...(extra.responseUrl ? { response_url: extra.responseUrl } : {}),
      ...(button.state ? { state: button.state } : {}),
      actions: [{ type: 'button', block_id: button.block_id ?? 'b1', action_id: button.action_id, value: button.value, text: { type: 'plain_text', text: button.text?.text ?? 'x' }, action_ts: '1700000001.000200' }],
    };
    return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  }

  /**
   * The submission of a modal we opened (view_submission): `view` as views.open got it, its multiline
   * input holding `typed`. Slack waits for the answer to the request (response_action errors keeps it open).
   */
  submitView(view: { callback_id: string; private_metadata?: string; blocks: { type: string; block_id?: string; element?: { action_id: string } }[] }, typed: string, extra: { userId?: string; userName?: string; teamId?: string } = {}, opts?: SendOptions): Promise<Response> {
    const team = extra.teamId ?? TEAM_ID;
    const input = view.blocks.find((b) => b.type === 'input')!;
    const payload = {
      type: 'view_submission',
      team: { id: team, domain: 'test' },
      user: actingUser(extra, team),
      api_app_id: 'A0APP',
      token: 'legacy-verification-token',
      trigger_id: '4.5.6',
      view: {
        id: 'V2',
        team_id: team,
        type: 'modal',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata ?? '',
        blocks: view.blocks,
        state: { values: { [input.block_id!]: { [input.element!.action_id]: { type: 'plain_text_input', value: typed } } } },
        hash: '1700000000.abc',
        app_id: 'A0APP',
        bot_id: 'BBOT',
      },
      response_urls: [],
      is_enterprise_install: false,
    };
    return this.send(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', opts);
  }

  /** An Events API callback wrapping `event`. */
  event(event: Record<string, unknown>, opts?: SendOptions): Promise<Response> {
    const team = opts?.teamId ?? TEAM_ID;
    const body = {
      token: 'legacy-verification-token',
      team_id: team,
      api_app_id: 'A0APP',
      event: { event_ts: this.nextTs(), ...event },
      type: 'event_callback',
      event_id: opts?.eventId ?? `Ev${++this.eventCounter}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ enterprise_id: null, team_id: team, user_id: BOT_USER_ID, is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
    };
    return this.send(JSON.stringify(body), 'application/json', opts);
  }

  /** A fresh message ts, as Slack gives every message. */
  nextTs(): string {
    return `1700000${String(++this.tsCounter).padStart(3, '0')}.000100`;
  }
}

/** The user a payload says acted: Ann unless the test names someone else. */
function actingUser(extra: { userId?: string; userName?: string }, team: string) {
  return { id: extra.userId ?? 'U0ANN', username: extra.userName ?? 'ann', name: extra.userName ?? 'ann', team_id: team };
}
