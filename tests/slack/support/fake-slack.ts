// A fake Slack Web API on 127.0.0.1: records every call (method, parsed body, token, time) and every
// response_url POST, answers like Slack does, keeps posted messages per channel (so history look-ups
// work), and fails on request: a 429 with Retry-After, a 5xx (optionally after the message "landed"),
// or {ok:false, error}. Tests assert on what it received, i.e. on what a Slack user would see.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { parseMultipart } from '../../support/multipart.ts';

export interface RecordedCall {
  /** Web API method ("chat.postMessage") or "response_url". */
  method: string;
  body: Record<string, any>;
  token?: string;
  /** For response_url calls: which URL was used. */
  path: string;
  at: number;
  /** The HTTP status the fake answered with. */
  status: number;
  ok: boolean;
}

export type Failure =
  | { status: 429; retryAfter: number }
  /** A 5xx; with landed: true the message is stored first, as if Slack posted it and the answer got lost. */
  | { status: 500 | 502 | 503; landed?: boolean }
  | { error: string; needed?: string };

interface StoredMessage {
  ts: string;
  text?: string;
  blocks?: unknown;
  thread_ts?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  bot_id: string;
  user: string;
}

/** What conversations.info / conversations.members say about a channel; unknown ids are public channels with the bot in them. */
export type FakeChannel = { is_private?: boolean; is_im?: boolean; is_mpim?: boolean; is_archived?: boolean; is_member?: boolean; members?: string[] } | 'not_found';

export const BOT_USER_ID = 'UBOT';
export const TEAM_ID = 'T0TEAM';

/** What Slack's consent screen grants when someone installs the app in a workspace. */
export interface Grant {
  teamId: string;
  teamName?: string;
  /** The bot token oauth.v2.access hands out (a fresh one per grant unless given). */
  token?: string;
  /** The scopes granted: those the authorize URL asked for. */
  scopes?: string[];
}

export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  /** users.info answers by id; unknown ids get user_not_found. */
  users: Record<string, { name?: string; is_admin?: boolean; is_owner?: boolean }> = {};
  /** usergroups.list / usergroups.users.list: the workspace's user groups and their members. */
  usergroups: { id: string; handle: string; name: string; users: string[] }[] = [];
  /** conversations.info / conversations.members answers by channel id. */
  channels: Record<string, FakeChannel> = {};
  /** OAuth apps Slack knows: client id → client secret. */
  readonly oauthApps = new Map<string, string>();
  /** Bot tokens issued through oauth.v2.access: token → its team (auth.test answers with it). */
  readonly issuedTokens = new Map<string, { teamId: string; teamName: string }>();
  /** Tokens Slack revoked (an uninstall): every call with one fails with token_revoked. */
  readonly revokedTokens = new Set<string>();
  private readonly oauthCodes = new Map<string, Grant & { clientId: string }>();
  private readonly messages = new Map<string, StoredMessage[]>();
  /** Files uploaded through files.uploadV2, by id: their bytes once sent, and where they were shared. */
  readonly files = new Map<string, { filename: string; title?: string; altText?: string; data?: Buffer; channel?: string; threadTs?: string }>();
  private fileCounter = 0;
  private readonly failures = new Map<string, Failure[]>();
  private readonly events = new EventEmitter();
  private server!: Server;
  /** Socket Mode: the WebSocket apps.connections.open points at. */
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();
  private envelopeCounter = 0;
  private tsCounter = 0;
  private responseCounter = 0;
  url = '';

  static async start(): Promise<FakeSlack> {
    const fake = new FakeSlack();
    fake.server = createServer((req, res) => void fake.handle(req, res));
    fake.server.on('upgrade', (req, socket, head) => fake.wss.handleUpgrade(req, socket, head, (ws) => fake.onSocket(ws)));
    fake.server.listen(0, '127.0.0.1');
    await once(fake.server, 'listening');
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  /** The Web API base URL to give the adapter (Bolt's clientOptions.slackApiUrl). */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A fresh response_url for a slash command or a button payload. */
  responseUrl(): string {
    return `${this.url}/response/${++this.responseCounter}`;
  }

  /**
   * The code Slack's consent screen would send back to the redirect URL after someone in `grant.teamId`
   * clicked Allow for the app `clientId`. Each code works once, as in Slack.
   */
  grantCode(clientId: string, grant: Grant): string {
    const code = `code-${grant.teamId}-${++this.responseCounter}`;
    this.oauthCodes.set(code, { ...grant, clientId });
    return code;
  }

  /** The next calls of `method` fail like this, in order; later calls succeed again. */
  failNext(method: string, ...failures: Failure[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...failures]);
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  messagesIn(channel: string): StoredMessage[] {
    return this.messages.get(channel) ?? [];
  }

  /** A message as channel members see it now (after every chat.update). */
  message(channel: string, ts: string): StoredMessage | undefined {
    return this.messagesIn(channel).find((m) => m.ts === ts);
  }

  /** Resolves with the first recorded call (past or future) that matches; no polling, no sleeps. */
  waitFor(match: (call: RecordedCall) => boolean, timeoutMs = 5000): Promise<RecordedCall> {
    const seen = this.calls.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.events.off('call', onCall);
        reject(new Error(`fake Slack: no matching call within ${timeoutMs} ms; got ${this.calls.map((c) => c.method).join(', ')}`));
      }, timeoutMs);
      const onCall = (call: RecordedCall) => {
        if (!match(call)) return;
        clearTimeout(timer);
        this.events.off('call', onCall);
        resolve(call);
      };
      this.events.on('call', onCall);
    });
  }

  reset(): void {
    this.calls.length = 0;
    this.failures.clear();
    this.messages.clear();
    this.files.clear();
    this.users = {};
    this.channels = {};
  }

  /**
   * Socket Mode: sends an envelope (slash_commands, interactive, events_api) to the connected app and
   * resolves with its ack, which is also recorded as a "socket_ack" call.
   */
  async sendEnvelope(type: string, payload: Record<string, unknown>): Promise<RecordedCall> {
    const [socket] = this.sockets;
    if (!socket) throw new Error('fake Slack: no Socket Mode connection');
    const envelope_id = `env-${++this.envelopeCounter}`;
    const ack = this.waitFor((c) => c.method === 'socket_ack' && c.body.envelope_id === envelope_id);
    socket.send(JSON.stringify({ envelope_id, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' }));
    return ack;
  }

  /** Resolves once a Socket Mode client is connected and greeted. */
  async socketConnected(): Promise<void> {
    await this.waitFor((c) => c.method === 'socket_connected');
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? '/';
    if (path.startsWith('/upload/')) return this.onUpload(req, res, path.slice('/upload/'.length));
    const raw = await readBody(req);
    const isResponseUrl = path.startsWith('/response/');
    const method = isResponseUrl ? 'response_url' : path.replace(/^\/api\//, '').split('?')[0]!;
    const body = isResponseUrl ? JSON.parse(raw || '{}') : parseForm(raw, req.headers['content-type']);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : typeof body.token === 'string' ? body.token : undefined;
    const failure = this.failures.get(method)?.shift();

    let status = 200;
    let payload: Record<string, unknown>;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (failure && 'status' in failure && failure.status === 429) {
      status = 429;
      headers['retry-after'] = String(failure.retryAfter);
      payload = { ok: false, error: 'ratelimited' };
    } else if (failure && 'status' in failure) {
      if (failure.landed) this.answer(method, body);
      status = failure.status;
      payload = { ok: false, error: 'internal_error' };
    } else if (failure) {
      payload = { ok: false, error: failure.error, ...(failure.needed ? { needed: failure.needed } : {}) };
    } else if (token && this.revokedTokens.has(token)) {
      payload = { ok: false, error: 'token_revoked' };
    } else {
      payload = isResponseUrl ? { ok: true } : this.answer(method, body, token);
    }
    const call: RecordedCall = { method, body, ...(token ? { token } : {}), path, at: Date.now(), status, ok: status === 200 && payload.ok === true };
    this.record(call);
    res.writeHead(status, headers).end(JSON.stringify(payload));
  }

  private onSocket(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => {
      this.sockets.delete(ws);
      this.record({ method: 'socket_closed', body: {}, path: '/socket', at: Date.now(), status: 200, ok: true });
    });
    ws.on('message', (data) => {
      const body = JSON.parse(String(data));
      this.record({ method: 'socket_ack', body, path: '/socket', at: Date.now(), status: 200, ok: true });
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0APP' }, debug_info: { host: 'fake', approximate_connection_time: 3600 } }));
    this.record({ method: 'socket_connected', body: {}, path: '/socket', at: Date.now(), status: 200, ok: true });
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    this.events.emit('call', call);
  }

  /** Plausible answers for the methods the adapter uses. */
  private answer(method: string, body: Record<string, any>, token?: string): Record<string, unknown> {
    switch (method) {
      case 'apps.connections.open':
        return { ok: true, url: `${this.url.replace(/^http/, 'ws')}/socket` };
      case 'auth.test': {
        const issued = token ? this.issuedTokens.get(token) : undefined;
        return { ok: true, url: 'https://test.slack.com/', team: issued?.teamName ?? 'Test', user: 'responsibot', team_id: issued?.teamId ?? TEAM_ID, user_id: BOT_USER_ID, bot_id: 'BBOT' };
      }
      case 'oauth.v2.access': {
        const grant = this.oauthCodes.get(String(body.code));
        if (!grant) return { ok: false, error: 'invalid_code' };
        this.oauthCodes.delete(String(body.code));
        if (body.client_id !== grant.clientId || this.oauthApps.get(grant.clientId) !== body.client_secret) return { ok: false, error: 'invalid_client' };
        const access = grant.token ?? `xoxb-${grant.teamId}-${randomUUID()}`;
        this.issuedTokens.set(access, { teamId: grant.teamId, teamName: grant.teamName ?? grant.teamId });
        return {
          ok: true,
          app_id: 'A0APP',
          authed_user: { id: 'U0INSTALLER' },
          scope: (grant.scopes ?? ['commands', 'chat:write']).join(','),
          token_type: 'bot',
          access_token: access,
          bot_user_id: BOT_USER_ID,
          team: { id: grant.teamId, name: grant.teamName ?? grant.teamId },
          enterprise: null,
          is_enterprise_install: false,
        };
      }
      case 'chat.postMessage': {
        const channel = String(body.channel);
        const message: StoredMessage = { ts: this.nextTs(), text: body.text, blocks: body.blocks, bot_id: 'BBOT', user: BOT_USER_ID, ...(body.thread_ts ? { thread_ts: String(body.thread_ts) } : {}), ...(body.metadata ? { metadata: body.metadata } : {}) };
        this.messages.set(channel, [...this.messagesIn(channel), message]);
        return { ok: true, channel, ts: message.ts, message };
      }
      case 'chat.update': {
        const message = this.message(String(body.channel), String(body.ts));
        if (!message) return { ok: false, error: 'message_not_found' };
        message.text = body.text;
        message.blocks = body.blocks;
        return { ok: true, channel: body.channel, ts: body.ts, text: body.text };
      }
      case 'conversations.info': {
        const id = String(body.channel);
        const known = this.channels[id] ?? {};
        if (known === 'not_found') return { ok: false, error: 'channel_not_found' };
        const { members: _members, ...flags } = known;
        const im = Boolean(flags.is_im);
        return { ok: true, channel: { id, name: id.toLowerCase(), is_channel: !im && !flags.is_mpim, is_private: false, ...(im ? {} : { is_member: true }), ...flags } };
      }
      case 'conversations.members': {
        const known = this.channels[String(body.channel)];
        if (known === 'not_found') return { ok: false, error: 'channel_not_found' };
        return { ok: true, members: known?.members ?? [], response_metadata: { next_cursor: '' } };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(body.users).split(',')[0]}` } };
      case 'conversations.history': {
        const oldest = Number(body.oldest ?? 0);
        const withMeta = String(body.include_all_metadata) === 'true';
        const messages = this.messagesIn(String(body.channel))
          .filter((m) => Number(m.ts) >= oldest && (!m.thread_ts || m.thread_ts === m.ts))
          .reverse()
          .map((m) => (withMeta ? m : { ...m, metadata: undefined }));
        return { ok: true, messages, has_more: false };
      }
      case 'conversations.replies': {
        const withMeta = String(body.include_all_metadata) === 'true';
        const messages = this.messagesIn(String(body.channel))
          .filter((m) => m.thread_ts === String(body.ts) || m.ts === String(body.ts))
          .map((m) => (withMeta ? m : { ...m, metadata: undefined }));
        return { ok: true, messages, has_more: false };
      }
      case 'users.info': {
        const user = this.users[String(body.user)];
        if (!user) return { ok: false, error: 'user_not_found' };
        return { ok: true, user: { id: body.user, name: user.name ?? String(body.user).toLowerCase(), is_admin: Boolean(user.is_admin), is_owner: Boolean(user.is_owner) } };
      }
      case 'usergroups.list':
        return { ok: true, usergroups: this.usergroups.map(({ users: _users, ...g }) => ({ ...g, is_usergroup: true, date_delete: 0 })) };
      case 'usergroups.users.list': {
        const group = this.usergroups.find((g) => g.id === body.usergroup);
        return group ? { ok: true, users: group.users } : { ok: false, error: 'no_such_subteam' };
      }
      case 'files.getUploadURLExternal': {
        const id = `F${String(++this.fileCounter).padStart(6, '0')}`;
        this.files.set(id, { filename: String(body.filename), ...(body.alt_text ? { altText: String(body.alt_text) } : {}) });
        return { ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const listed = (Array.isArray(body.files) ? body.files : []) as { id: string; title?: string }[];
        for (const f of listed) {
          const file = this.files.get(f.id);
          if (!file?.data) return { ok: false, error: 'file_not_found' };
          Object.assign(file, { ...(f.title ? { title: f.title } : {}), ...(body.channel_id ? { channel: String(body.channel_id) } : {}), ...(body.thread_ts ? { threadTs: String(body.thread_ts) } : {}) });
        }
        return { ok: true, files: listed.map((f) => ({ id: f.id, title: f.title })) };
      }
      case 'views.open':
        // Slack opens a modal only with a fresh trigger_id from a command or click.
        if (!body.trigger_id) return { ok: false, error: 'invalid_trigger_id' };
        return { ok: true, view: { id: 'V2', ...(typeof body.view === 'object' ? body.view : {}) } };
      case 'views.publish':
        return { ok: true, view: { id: 'V1', ...(typeof body.view === 'object' ? body.view : {}) } };
      default:
        return { ok: true };
    }
  }

  /** The upload URL files.getUploadURLExternal handed out: the file's bytes, as a multipart form. */
  private async onUpload(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const type = req.headers['content-type'] ?? '';
    const data = type.includes('multipart/form-data') ? (await parseMultipart(raw, type)).files[0]?.data : raw;
    const file = this.files.get(id);
    if (file && data) file.data = data;
    this.record({ method: 'file_upload', body: { id, bytes: data?.length ?? 0 }, path: `/upload/${id}`, at: Date.now(), status: file ? 200 : 404, ok: Boolean(file) });
    res.writeHead(file ? 200 : 404, { 'content-type': 'text/plain' }).end(file ? `OK - ${data?.length ?? 0}` : 'not found');
  }

  private nextTs(): string {
    return `${Math.floor(Date.now() / 1000)}.${String(++this.tsCounter).padStart(6, '0')}`;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The Web API client sends url-encoded forms with nested objects as JSON strings. */
function parseForm(raw: string, contentType: string | undefined): Record<string, any> {
  if (contentType?.includes('application/json')) return JSON.parse(raw || '{}');
  const out: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    out[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return out;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
