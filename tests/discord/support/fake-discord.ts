// A fake Discord on 127.0.0.1 for adapter tests: the REST routes the bot uses and a minimal Gateway,
// enough for the real discord.js Client to log in, receive interactions and answer them. Every REST
// request is recorded with its JSON body, so tests assert on exactly what would reach Discord.
// Reusable for later features (quiz sessions, daily posts): dispatch any gateway event, script any
// failure with intercept(), read messages back from `messages`.
// This file is the REST side and the scripting; the gateway, interactions and held state are its parents
// (fake-gateway.ts, fake-interactions.ts, fake-discord-world.ts), the shared vocabulary fake-discord-model.ts.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseMultipart } from '../../support/multipart.ts';
import { BOT_USER, DEFAULT_USER, IDS, messageFields, unknown, type FakeResponse, type Json, type RecordedRequest, type SentInteraction } from './fake-discord-model.ts';
import { FakeInteractions } from './fake-interactions.ts';

export * from './fake-discord-model.ts';

type Interceptor = {
  method: string;
  path: RegExp;
  respond: (req: RecordedRequest, fake: FakeDiscord) => FakeResponse | undefined;
  remaining: number;
};

export class FakeDiscord extends FakeInteractions {
  readonly requests: RecordedRequest[] = [];
  /** Interaction token → id of its original response message. */
  private readonly originals = new Map<string, string>();
  private readonly nonces = new Map<string, string>();
  /** Interaction tokens that got their initial response. */
  private readonly answered = new Set<string>();
  private readonly interceptors: Interceptor[] = [];
  private readonly waiters: { match: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }[] = [];

  static async start(): Promise<FakeDiscord> {
    let fake: FakeDiscord | undefined;
    const server = createServer((req, res) => void fake!.onHttp(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake = new FakeDiscord(server, (server.address() as AddressInfo).port);
    return fake;
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
