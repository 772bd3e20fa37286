// The fake Discord's Gateway: a WebSocket server on the fake's port that greets, answers heartbeats,
// takes IDENTIFY (with its shard) and sends READY and each server to the shard that holds it, like Discord.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { BOT_PERMS, BOT_USER, IDS, MEMBER_PERMS, shardFor, type Json } from './fake-discord-model.ts';
import { FakeDiscordWorld } from './fake-discord-world.ts';

export class FakeGateway extends FakeDiscordWorld {
  /** IDENTIFY payloads the gateway received (token, intents, compress, …). */
  readonly identifies: Json[] = [];
  /** Query strings of gateway connections (v, encoding, compress). */
  readonly gatewayQueries: URLSearchParams[] = [];
  /** What GET /gateway/bot recommends: the shard count and how many may identify at once. */
  recommendedShards = 1;
  maxConcurrency = 1;
  /** The shard ([id, count]) each gateway connection identified as. */
  private readonly shardOf = new Map<WebSocket, [number, number]>();
  private readonly sockets = new Set<WebSocket>();
  private readonly wss: WebSocketServer;
  private seq = 0;

  protected constructor(
    private readonly server: Server,
    readonly port: number,
  ) {
    super();
    this.wss = new WebSocketServer({ server });
    this.wss.on('connection', (ws, req) => this.onGateway(ws, req));
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
}
