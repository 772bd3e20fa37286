// A fake Discord on 127.0.0.1 for adapter tests: the REST routes the bot uses and a minimal Gateway,
// enough for the real discord.js Client to log in, receive interactions and answer them. Every REST
// request is recorded with its JSON body, so tests assert on exactly what would reach Discord.
// Reusable for later features (quiz sessions, daily posts): dispatch any gateway event, script any
// failure with intercept(), read messages back from `messages`.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { parseMultipart, type UploadedPart } from '../../support/multipart.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- JSON payloads in a test double */
export type Json = any;

export interface RecordedRequest {
  method: string;
  /** Path after /api/v10, e.g. "/channels/1/messages". */
  path: string;
  query: URLSearchParams;
  body: Json;
  /** The Authorization header ("Bot <token>"), absent on interaction callbacks and webhooks. */
  authorization?: string;
  /** Attachments of a multipart request (the JSON part is `body`, as Discord reads payload_json). */
  files?: UploadedPart[];
  /** What the fake answered (set once it has answered), e.g. the created message of a POST. */
  response?: FakeResponse;
}

export interface FakeResponse {
  status: number;
  body?: Json;
  /** Hold the answer back this long: a slow Discord (the request has already taken effect). */
  delayMs?: number;
}

type Interceptor = {
  method: string;
  path: RegExp;
  respond: (req: RecordedRequest, fake: FakeDiscord) => FakeResponse | undefined;
  remaining: number;
};

export const IDS = {
  app: '900000000000000002',
  guild: '900000000000000003',
  channel: '900000000000000004',
  bot: '900000000000000002', // a bot user's id is its application's id
  user: '900000000000000010',
  /** A role every fake server has (no permissions of its own), for the admin role of /quiz admin-role. */
  cloudAdmins: '900000000000000031',
} as const;

export const BOT_USER = { id: IDS.bot, username: 'Responsibot', global_name: null, discriminator: '0', avatar: null, bot: true };
export const DEFAULT_USER = { id: IDS.user, username: 'priya', global_name: 'Priya', discriminator: '0', avatar: null };

/** Permission bits as Discord sends them (decimal strings). */
export const PERMS = {
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  embedLinks: 1n << 14n,
  manageGuild: 1n << 5n,
  administrator: 1n << 3n,
  createPublicThreads: 1n << 35n,
  sendMessagesInThreads: 1n << 38n,
} as const;

export const perms = (...bits: bigint[]): string => bits.reduce((a, b) => a | b, 0n).toString();

/** What a freshly invited bot usually has in a text channel. */
export const BOT_PERMS = perms(PERMS.viewChannel, PERMS.sendMessages, PERMS.embedLinks, PERMS.createPublicThreads, PERMS.sendMessagesInThreads);
export const MEMBER_PERMS = perms(PERMS.viewChannel, PERMS.sendMessages);

export interface InteractionOptions {
  user?: Json;
  /** The server it happens in (IDS.guild by default); it reaches the gateway shard of that server. */
  guildId?: string;
  /** The member's permissions in the channel; ignored in a DM. */
  memberPermissions?: string;
  /** The member's roles (ids); none by default. */
  roles?: string[];
  appPermissions?: string;
  /** false: the interaction comes from a DM with the bot. */
  inGuild?: boolean;
  channelId?: string;
}

export interface SentInteraction {
  id: string;
  token: string;
}

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  /** IDENTIFY payloads the gateway received (token, intents, compress, …). */
  readonly identifies: Json[] = [];
  /** Query strings of gateway connections (v, encoding, compress). */
  readonly gatewayQueries: URLSearchParams[] = [];
  /** Every message the fake holds: channel posts, interaction responses, follow-ups. */
  readonly messages = new Map<string, Json>();
  readonly commands = { global: [] as Json[], guild: new Map<string, Json[]>() };
  /** Interaction token → id of its original response message. */
  private readonly originals = new Map<string, string>();
  /** Interaction token → the INTERACTION_CREATE payload, for the metadata on its messages. */
  private readonly interactions = new Map<string, Json>();
  private readonly nonces = new Map<string, string>();
  /** Interaction tokens that got their initial response. */
  private readonly answered = new Set<string>();
  private readonly dmChannels = new Map<string, string>();
  private readonly knownChannels = new Set<string>([IDS.channel]);
  /** The servers the bot is in, each with one text channel. */
  readonly guilds = new Map<string, { channelId: string; name: string }>([[IDS.guild, { channelId: IDS.channel, name: 'Cloud Study Group' }]]);
  /** What GET /gateway/bot recommends: the shard count and how many may identify at once. */
  recommendedShards = 1;
  maxConcurrency = 1;
  /** The shard ([id, count]) each gateway connection identified as. */
  private readonly shardOf = new Map<WebSocket, [number, number]>();
  /** Threads opened through the API, by id. */
  readonly threads = new Map<string, Json>();
  private readonly interceptors: Interceptor[] = [];
  private readonly waiters: { match: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }[] = [];
  private readonly sockets = new Set<WebSocket>();
  private readonly wss: WebSocketServer;
  private seq = 0;
  private lastId = 1_000_000n;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {
    this.wss = new WebSocketServer({ server });
    this.wss.on('connection', (ws, req) => this.onGateway(ws, req));
  }

  static async start(): Promise<FakeDiscord> {
    let fake: FakeDiscord | undefined;
    const server = createServer((req, res) => void fake!.onHttp(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake = new FakeDiscord(server, (server.address() as AddressInfo).port);
    return fake;
  }

  /** The REST base to give the bot (discord.js appends /v10). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- scripting -------------------------------------------------------------------------------

  /**
   * Answers matching requests with `respond` instead of the default behaviour (return undefined to fall
   * through). Newest interceptors win; each is used `times` times.
   */
  intercept(method: string, path: RegExp, respond: Interceptor['respond'], times = Infinity): void {
    this.interceptors.unshift({ method, path, respond, remaining: times });
  }

  /** Makes matching requests take effect at once but answer only after `ms` (a slow or busy Discord). */
  slow(method: string, path: RegExp, ms: number, times = Infinity): void {
    this.intercept(method, path, (req, fake) => ({ ...fake.defaultResponse(req), delayMs: ms }), times);
  }

  /** Makes matching requests fail with a Discord error body. */
  fail(method: string, path: RegExp, status: number, error: { code: number; message: string } | undefined, times = Infinity): void {
    this.intercept(method, path, () => ({ status, body: error ?? { message: `${status}`, code: 0 } }), times);
  }

  /** Resolves with the first recorded request (past or future) that matches. */
  waitFor(match: (r: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    const seen = this.requests.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`fake discord: no matching request within ${timeoutMs} ms; saw:\n${this.requests.map((r) => `  ${r.method} ${r.path}`).join('\n')}`));
      }, timeoutMs);
      const waiter = {
        match,
        resolve: (r: RecordedRequest) => {
          clearTimeout(timer);
          resolve(r);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Every request made on behalf of one interaction (its callback, webhook edits and follow-ups). */
  requestsFor(interaction: SentInteraction): RecordedRequest[] {
    return this.requests.filter((r) => r.path.includes(`/${interaction.token}`));
  }

  /** The initial response (POST …/callback) to an interaction. */
  callback(interaction: SentInteraction, timeoutMs?: number): Promise<RecordedRequest> {
    return this.waitFor((r) => r.method === 'POST' && r.path === `/interactions/${interaction.id}/${interaction.token}/callback`, timeoutMs);
  }

  // ---- gateway ---------------------------------------------------------------------------------

  /** Sends a gateway DISPATCH (op 0) to every connected client. */
  dispatch(t: string, d: Json): void {
    const frame = JSON.stringify({ op: 0, t, s: ++this.seq, d });
    for (const ws of this.sockets) ws.send(frame);
  }

  /** Sends a DISPATCH only where Discord would: to the connection of the shard that holds `guildId` (DMs: shard 0). */
  dispatchTo(guildId: string | undefined, t: string, d: Json): void {
    const frame = JSON.stringify({ op: 0, t, s: ++this.seq, d });
    for (const ws of this.sockets) {
      const [id, count] = this.shardOf.get(ws) ?? [0, 1];
      if ((guildId === undefined ? 0 : shardFor(guildId, count)) === id) ws.send(frame);
    }
  }

  /** Adds a server with one text channel; a client identifying afterwards receives it. */
  addGuild(guildId: string, channelId: string, name = `Server ${guildId}`): void {
    this.guilds.set(guildId, { channelId, name });
    this.knownChannels.add(channelId);
  }

  /** Resolves once `n` gateway connections have identified (one per shard). */
  async identified(n: number, timeoutMs = 30_000): Promise<void> {
    const started = Date.now();
    while (this.identifies.length < n) {
      if (Date.now() - started > timeoutMs) throw new Error(`fake discord: ${this.identifies.length} of ${n} clients identified`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Resolves once a client has identified and been sent READY and GUILD_CREATE. */
  async connected(timeoutMs = 5000): Promise<void> {
    const started = Date.now();
    while (this.identifies.length === 0) {
      if (Date.now() - started > timeoutMs) throw new Error('fake discord: no client identified');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private onGateway(ws: WebSocket, req: IncomingMessage): void {
    const query = new URL(req.url ?? '/', 'ws://x').searchParams;
    this.gatewayQueries.push(query);
    if (query.get('encoding') !== 'json' || query.has('compress')) {
      // We speak plain JSON text frames only; fail loudly if the client ever asks for more.
      ws.close(4000, 'fake discord supports encoding=json without compression only');
      return;
    }
    this.sockets.add(ws);
    ws.on('close', () => {
      this.sockets.delete(ws);
      this.shardOf.delete(ws);
    });
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    ws.on('message', (raw) => {
      const payload = JSON.parse(String(raw)) as { op: number; d: Json };
      if (payload.op === 1) ws.send(JSON.stringify({ op: 11 }));
      else if (payload.op === 2) this.onIdentify(ws, payload.d);
      else if (payload.op === 6) ws.send(JSON.stringify({ op: 9, d: false })); // no resuming: identify afresh
    });
  }

  private onIdentify(ws: WebSocket, identify: Json): void {
    const send = (t: string, d: Json) => ws.send(JSON.stringify({ op: 0, t, s: ++this.seq, d }));
    // Like Discord: a shard [id, count] receives the servers whose (id >> 22) % count is its id.
    const shard: [number, number] = Array.isArray(identify.shard) ? identify.shard : [0, 1];
    this.shardOf.set(ws, shard);
    const mine = [...this.guilds.keys()].filter((g) => shardFor(g, shard[1]) === shard[0]);
    send('READY', {
      v: 10,
      user: BOT_USER,
      guilds: mine.map((id) => ({ id, unavailable: true })),
      session_id: `session-${randomBytes(4).toString('hex')}`,
      resume_gateway_url: this.gatewayUrl,
      shard,
      application: { id: IDS.app, flags: 0 },
    });
    for (const id of mine) send('GUILD_CREATE', this.guild(id));
    this.identifies.push(identify);
  }

  private guild(guildId: string): Json {
    const now = new Date().toISOString();
    const { channelId, name } = this.guilds.get(guildId)!;
    return {
      id: guildId,
      name,
      icon: null,
      owner_id: IDS.user,
      unavailable: false,
      large: false,
      member_count: 2,
      joined_at: now,
      features: [],
      premium_tier: 0,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      preferred_locale: 'en-US',
      roles: [
        { id: guildId, name: '@everyone', permissions: MEMBER_PERMS, position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 },
        { id: '900000000000000020', name: 'Responsibot', permissions: BOT_PERMS, position: 1, color: 0, hoist: false, managed: true, mentionable: false, flags: 0, tags: { bot_id: IDS.bot } },
        { id: IDS.cloudAdmins, name: 'Cloud admins', permissions: '0', position: 2, color: 0, hoist: false, managed: false, mentionable: true, flags: 0 },
      ],
      channels: [{ id: channelId, type: 0, name: 'aws-study', guild_id: guildId, position: 0, permission_overwrites: [], topic: null, nsfw: false, parent_id: null }],
      threads: [],
      members: [{ user: BOT_USER, roles: ['900000000000000020'], joined_at: now, deaf: false, mute: false, flags: 0 }],
      voice_states: [],
      presences: [],
      emojis: [],
      stickers: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  // ---- interactions ----------------------------------------------------------------------------

  /** Dispatches INTERACTION_CREATE and returns its id and token, for waiting on the answer. */
  sendInteraction(type: 2 | 3 | 4 | 5, data: Json, opts: InteractionOptions = {}, extra: Json = {}): SentInteraction {
    const id = this.snowflake();
    const token = `token-${id}`;
    const user = opts.user ?? DEFAULT_USER;
    const inGuild = opts.inGuild ?? true;
    const guildId = opts.guildId ?? IDS.guild;
    const channelId = opts.channelId ?? (inGuild ? (this.guilds.get(guildId)?.channelId ?? IDS.channel) : this.dmChannel(user.id));
    const thread = this.threads.get(channelId);
    // A thread opened through the API arrives as the thread it is (type 11, with its parent).
    const channel = thread
      ? { id: channelId, type: thread.type, guild_id: guildId, name: thread.name, parent_id: thread.parent_id, owner_id: thread.owner_id, thread_metadata: thread.thread_metadata }
      : { id: channelId, type: 0, guild_id: guildId, name: 'aws-study' };
    const where = inGuild
      ? {
          guild_id: guildId,
          channel_id: channelId,
          channel,
          member: { user, roles: opts.roles ?? [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, permissions: opts.memberPermissions ?? MEMBER_PERMS },
          guild_locale: 'en-US',
          context: 0,
          authorizing_integration_owners: { '0': guildId },
        }
      : { channel_id: channelId, channel: { id: channelId, type: 1, recipients: [user] }, user, context: 1, authorizing_integration_owners: { '0': guildId } };
    const payload = {
      id,
      application_id: IDS.app,
      type,
      token,
      version: 1,
      data,
      app_permissions: opts.appPermissions ?? BOT_PERMS,
      locale: 'en-GB',
      entitlements: [],
      attachment_size_limit: 10_485_760,
      ...where,
      ...extra,
    };
    this.interactions.set(token, payload);
    this.dispatchTo(inGuild ? guildId : undefined, 'INTERACTION_CREATE', payload);
    return { id, token };
  }

  /** A slash command, e.g. chatInput('who', [{ name: 'question', type: 3, value: '…' }]). */
  chatInput(name: string, options: Json[] = [], opts?: InteractionOptions): SentInteraction {
    return this.sendInteraction(2, { id: `cmd-${name}`, name, type: 1, options }, opts);
  }

  /** Autocomplete while typing: the option being typed carries `focused: true`. */
  autocomplete(name: string, options: Json[], opts?: InteractionOptions): SentInteraction {
    return this.sendInteraction(4, { id: `cmd-${name}`, name, type: 1, options }, opts);
  }

  /** A click on a button with this custom_id, on `message` (by default an ephemeral bot message). */
  click(customId: string, opts?: InteractionOptions, message?: Json): SentInteraction {
    const channelId = opts?.channelId ?? IDS.channel;
    const on = message ?? this.makeMessage(channelId, { content: '', flags: 64 });
    return this.sendInteraction(3, { custom_id: customId, component_type: 2 }, opts, { message: on });
  }

  /** Options picked in a string select menu (component_type 3) with this custom_id, on `message`. */
  select(customId: string, values: string[], opts?: InteractionOptions, message?: Json): SentInteraction {
    const channelId = opts?.channelId ?? IDS.channel;
    const on = message ?? this.makeMessage(channelId, { content: '', flags: 64 });
    return this.sendInteraction(3, { custom_id: customId, component_type: 3, values }, opts, { message: on });
  }

  /** A submitted modal (MODAL_SUBMIT): each label's text input with the text typed into it. */
  submitModal(customId: string, typed: Record<string, string>, opts?: InteractionOptions): SentInteraction {
    const components = Object.entries(typed).map(([id, value], i) => ({ type: 18, id: i + 1, component: { type: 4, id: i + 10, custom_id: id, value } }));
    return this.sendInteraction(5, { custom_id: customId, components }, opts);
  }

  // ---- REST ------------------------------------------------------------------------------------

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const type = req.headers['content-type'] ?? '';
    const form = type.includes('multipart/form-data') ? await parseMultipart(raw, type) : undefined;
    const text = form ? (form.fields.payload_json ?? '') : raw.toString('utf8');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname.replace(/^\/api\/v10/, '')), // "@original" arrives as %40original
      query: url.searchParams,
      body: text ? JSON.parse(text) : undefined,
      ...(form ? { files: form.files } : {}),
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    };
    this.requests.push(recorded);
    const out: FakeResponse = url.pathname.startsWith('/api/v10/') ? this.respond(recorded) : { status: 404, body: { message: 'expected /api/v10', code: 0 } };
    recorded.response = out;
    if (out.delayMs) await new Promise((resolve) => setTimeout(resolve, out.delayMs));
    if (out.body === undefined) res.writeHead(out.status).end();
    else res.writeHead(out.status, { 'content-type': 'application/json' }).end(JSON.stringify(out.body));
    // Waiters run after the response is written, so a test resumes with the bot already answered.
    for (const w of [...this.waiters]) {
      if (w.match(recorded)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(recorded);
      }
    }
  }

  private respond(req: RecordedRequest): FakeResponse {
    for (const i of this.interceptors) {
      if (i.remaining > 0 && i.method === req.method && i.path.test(req.path)) {
        const out = i.respond(req, this);
        if (out) {
          i.remaining--;
          return out;
        }
      }
    }
    return this.defaultResponse(req);
  }

  /** The fake's normal behaviour for a request; interceptors may call it and then change the result. */
  defaultResponse(req: RecordedRequest): FakeResponse {
    const { method, path, body } = req;
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      return { status: 200, body: { url: this.gatewayUrl, shards: this.recommendedShards, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: this.maxConcurrency } } };
    }
    if (method === 'GET' && path === '/users/@me') return { status: 200, body: BOT_USER };
    if ((m = /^\/applications\/(\d+)\/commands$/.exec(path))) {
      if (method === 'PUT') this.commands.global = this.saveCommands(m[1]!, undefined, body);
      return { status: 200, body: this.commands.global };
    }
    if ((m = /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/.exec(path))) {
      if (method === 'PUT') this.commands.guild.set(m[2]!, this.saveCommands(m[1]!, m[2]!, body));
      return { status: 200, body: this.commands.guild.get(m[2]!) ?? [] };
    }
    if (method === 'POST' && (m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path))) return this.onCallback(m[1]!, m[2]!, req);
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/.exec(path))) return this.onWebhook(method, m[2]!, m[3], body);
    if (method === 'POST' && (m = /^\/channels\/(\d+)\/messages$/.exec(path))) return this.createChannelMessage(m[1]!, body);
    if ((m = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path))) {
      const message = this.messages.get(m[2]!);
      if (!message || message.channel_id !== m[1]) return unknown(10008, 'Unknown Message');
      if (method === 'PATCH') Object.assign(message, messageFields(body), { edited_timestamp: new Date().toISOString() });
      return { status: 200, body: message };
    }
    if (method === 'POST' && (m = /^\/channels\/(\d+)\/threads$/.exec(path))) {
      if (!this.knownChannels.has(m[1]!)) return unknown(10003, 'Unknown Channel');
      const id = this.snowflake();
      this.knownChannels.add(id);
      this.threads.set(id, { id, type: body.type ?? 11, name: body.name, parent_id: m[1], guild_id: IDS.guild, owner_id: IDS.bot, thread_metadata: { archived: false, auto_archive_duration: body.auto_archive_duration ?? 1440, locked: false } });
      return { status: 201, body: this.threads.get(id) };
    }
    if (method === 'POST' && path === '/users/@me/channels') {
      const id = this.dmChannel(body.recipient_id);
      return { status: 200, body: { id, type: 1, last_message_id: null, recipients: [{ id: body.recipient_id, username: 'someone', discriminator: '0', avatar: null, global_name: null }] } };
    }
    return unknown(0, `404: Not Found (the fake has no ${method} ${path})`);
  }

  private onCallback(interactionId: string, token: string, req: RecordedRequest): FakeResponse {
    const { type, data } = req.body as { type: number; data?: Json };
    const interaction = this.interactions.get(token);
    // An interaction takes one initial response (a modal can only be that one), as on Discord.
    if (this.answered.has(token)) return { status: 400, body: { code: 40060, message: 'Interaction has already been acknowledged.' } };
    this.answered.add(token);
    if (type === 9) {
      const problems = modalProblems(data ?? {}, interaction?.type);
      if (problems) return { status: 400, body: { code: 50035, message: `Invalid Form Body: ${problems}` } };
    }
    // 4 = message, 5 = deferred message ("thinking…"); both become the interaction's original response.
    if (type === 4 || type === 5) {
      const message = this.makeMessage(IDS.channel, type === 4 ? data : { content: '', flags: data?.flags ?? 0 }, {
        webhook_id: IDS.app,
        application_id: IDS.app,
        interaction_metadata: { id: interactionId, type: interaction?.type ?? 2, user: interaction?.member?.user ?? interaction?.user ?? DEFAULT_USER, authorizing_integration_owners: interaction?.authorizing_integration_owners ?? {} },
      });
      this.originals.set(token, message.id);
    }
    // 7 = update the message the clicked component is on (6 = the same, later): it becomes the original.
    const source = interaction?.message?.id ? this.messages.get(interaction.message.id) : undefined;
    if ((type === 6 || type === 7) && source) {
      if (type === 7) Object.assign(source, messageFields({ ...data, flags: undefined }), { edited_timestamp: new Date().toISOString() });
      this.originals.set(token, source.id);
    }
    if (req.query.get('with_response') === 'true') {
      const original = this.messages.get(this.originals.get(token) ?? '');
      return { status: 200, body: { interaction: { id: interactionId, type: interaction?.type ?? 2 }, ...(original ? { resource: { type, message: original } } : {}) } };
    }
    return { status: 204 };
  }

  private onWebhook(method: string, token: string, messageId: string | undefined, body: Json): FakeResponse {
    if (!messageId) {
      if (method !== 'POST') return unknown(0, 'unsupported webhook call');
      const message = this.makeMessage(IDS.channel, body, { webhook_id: IDS.app, application_id: IDS.app });
      return { status: 200, body: message };
    }
    const id = messageId === '@original' ? this.originals.get(token) : messageId;
    const message = id ? this.messages.get(id) : undefined;
    if (!message) return unknown(10008, 'Unknown Message');
    if (method === 'PATCH') Object.assign(message, messageFields(body), { edited_timestamp: new Date().toISOString() });
    if (method === 'DELETE') {
      this.messages.delete(message.id);
      return { status: 204 };
    }
    return { status: 200, body: message };
  }

  private createChannelMessage(channelId: string, body: Json): FakeResponse {
    if (!this.knownChannels.has(channelId)) return unknown(10003, 'Unknown Channel');
    // Discord's enforce_nonce: a repeated nonce in the same channel returns the first message.
    const key = body?.enforce_nonce && body.nonce ? `${channelId}:${body.nonce}` : undefined;
    const existing = key ? this.nonces.get(key) : undefined;
    if (existing) return { status: 200, body: this.messages.get(existing) };
    const message = this.makeMessage(channelId, body);
    if (key) this.nonces.set(key, message.id);
    return { status: 200, body: message };
  }

  /** Adds a message to the fake as if the bot had posted it. */
  makeMessage(channelId: string, body: Json, extra: Json = {}): Json {
    const message = {
      id: this.snowflake(),
      channel_id: channelId,
      type: 0,
      author: BOT_USER,
      content: '',
      embeds: [],
      components: [],
      flags: 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      pinned: false,
      ...messageFields(body),
      ...(body?.nonce !== undefined ? { nonce: body.nonce } : {}),
      ...extra,
    };
    this.messages.set(message.id, message);
    return message;
  }

  /** Channels the fake knows: the guild's text channel, and DM channels and threads opened through the API. */
  addChannel(id: string): void {
    this.knownChannels.add(id);
  }

  private dmChannel(userId: string): string {
    let id = this.dmChannels.get(userId);
    if (!id) {
      id = this.snowflake();
      this.dmChannels.set(userId, id);
      this.knownChannels.add(id);
    }
    return id;
  }

  private saveCommands(appId: string, guildId: string | undefined, body: Json[]): Json[] {
    return body.map((c) => ({ ...c, id: this.snowflake(), application_id: appId, ...(guildId ? { guild_id: guildId } : {}), version: this.snowflake(), default_member_permissions: null }));
  }

  private snowflake(): string {
    this.lastId += 1n;
    return (this.lastId << 22n).toString();
  }
}

function messageFields(body: Json): Json {
  const out: Json = {};
  for (const k of ['content', 'embeds', 'components', 'flags'] as const) if (body?.[k] !== undefined) out[k] = body[k];
  return out;
}

/** What Discord would refuse in a modal (type 9 response): its limits, and no modal in answer to a modal. */
function modalProblems(modal: Json, interactionType: number | undefined): string | undefined {
  if (interactionType === 5) return 'a modal cannot answer a modal submission';
  if (!modal.title || modal.title.length > 45) return 'title';
  if (!modal.custom_id || modal.custom_id.length > 100) return 'custom_id';
  const labels: Json[] = modal.components ?? [];
  if (labels.length < 1 || labels.length > 5) return 'components';
  for (const l of labels) {
    if (l.type !== 18 || !l.label || l.label.length > 45 || (l.description ?? '').length > 100) return 'label';
    const input = l.component;
    if (input?.type !== 4 || input.custom_id.length > 100 || (input.max_length ?? 4000) > 4000 || (input.value ?? '').length > (input.max_length ?? 4000)) return 'text input';
  }
  return undefined;
}

function unknown(code: number, message: string): FakeResponse {
  return { status: 404, body: { code, message } };
}

/** Request bodies that carry a message (everything that could mention someone). */
export function messageBodies(requests: readonly RecordedRequest[]): Json[] {
  return requests
    .map((r) => (r.path.endsWith('/callback') ? r.body?.data : r.body))
    .filter((b): b is Json => Boolean(b) && (b.content !== undefined || b.embeds !== undefined || b.components !== undefined));
}

/** Discord's rule for which shard receives a server's events. */
export function shardFor(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}
