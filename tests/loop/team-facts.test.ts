// Team facts from chat, through the console adapter on two bot processes (two cores, each with its own
// store connection) sharing one database: an admin edits a topic of a team pack with console prompts,
// the other process answers with it at once; a failing edit is refused with the reason and changes
// nothing; history says who changed what; the AWS pack stays file-only; export-pack writes it to YAML.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.ts';
import { exportPack } from '../../src/core/knowledge/export-pack.ts';
import { loadKnowledge } from '../../src/core/knowledge/loader.ts';
import { createCore } from '../../src/core/responsibot.ts';
import { consoleSession } from '../support/console.ts';
import { TLS_TOPIC, teamPackYaml, writePack } from '../support/team-pack.ts';
import { realPacks } from '../support/core.ts';

const TEAM: Record<string, string> = {
  'pack.yaml': teamPackYaml(),
  'topics/core.yaml': `# Kept by the platform team.
topics:
${TLS_TOPIC}`,
};

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function world() {
  const root = mkdtempSync(join(tmpdir(), 'responsibot-team-'));
  const packs = writePack(join(root, 'team'), TEAM);
  const db = join(root, 'data', 'responsibot.db');
  const stores = [new SqliteStore(db), new SqliteStore(db)];
  cleanups.push(async () => {
    for (const s of stores) await s.close();
    rmSync(root, { recursive: true, force: true });
  });
  // Two processes: the same packs, one database.
  const [a, b] = stores.map((store) => createCore([...realPacks(), ...packs], { store }));
  return { root, packs, stores, a: consoleSession(a!), b: consoleSession(b!) };
}

const edited = `id: tls-certificates
title: Renewing TLS certificates
responsible: product
services: [general]
aliases: [tls certificate renewal, renewing certificates]
explanation: Since the move to per-team ingress, each product team renews its own certificates.
sources:
  - title: Platform runbook, 2026 edition
.`;

describe('team facts from chat (console, two processes, one database)', () => {
  it('an admin edits a topic and the other process answers with it at once; history says who and what', async () => {
    const { a, b } = world();
    expect(await b.type('/who renewing certificates')).toContain('Platform team');
    const form = await a.type('/facts edit team tls-certificates');
    expect(form).toContain('responsible: platform');
    expect(form).toMatch(/end with a line holding only \./i);
    let out = '';
    for (const line of edited.split('\n')) out = await a.type(line);
    expect(out).toContain('Saved tls-certificates in Platform team ownership');
    expect(await b.type('/who renewing certificates')).toContain('Product teams');
    const history = await b.type('/facts history team');
    expect(history).toContain('you · tls-certificates: responsible: platform → product');
  });

  it('refuses an edit that fails the schema or the checks, with the reason, and changes nothing', async () => {
    const { a, b, stores } = world();
    await a.type('/facts edit team tls-certificates');
    let refused = '';
    for (const line of ['id: tls-certificates', 'title: Renewing TLS certificates', 'responsible: nobody', 'services: [general]', 'aliases: []', 'explanation: x', '.']) refused = await a.type(line);
    expect(refused).toMatch(/Not saved, nothing changed[\s\S]*aliases: add at least one alias/);
    expect(await a.type('/facts history team')).toContain('No chat edits');
    expect(await stores[0]!.knowledgeVersion()).toBe(0);
    expect(await b.type('/who renewing certificates')).toContain('Platform team');
    // The cross-checks of a file apply too: an unknown party.
    await a.type('/facts edit team tls-certificates');
    for (const line of edited.replace('responsible: product', 'responsible: nobody').split('\n')) refused = await a.type(line);
    expect(refused).toContain('responsible: unknown party "nobody" (this pack has: platform, product)');
    expect(await a.type('/facts show team tls-certificates')).toContain('responsible: platform');
  });

  it('only admins edit; the AWS pack is file-only; bad input gets the usage', async () => {
    const { a } = world();
    await a.type('/as priya');
    expect(await a.type('/facts edit team tls-certificates')).toContain('only admins can change a team pack');
    expect(await a.type('/facts list team')).toContain('tls-certificates: Renewing TLS certificates');
    await a.type('/as you');
    expect(await a.type('/facts edit aws-srm infra-hypervisor')).toContain('kept in files only');
    expect(await a.type('/facts edit nope x')).toMatch(/There is no pack "nope"[\s\S]*Usage: \/facts/);
    expect(await a.type('/facts edit team no-such-topic')).toContain('has no topic "no-such-topic"');
    expect(await a.type('/facts remove team tls-certificates')).toContain('Removed tls-certificates');
    expect(await a.type('/facts list team')).not.toContain('tls-certificates');
  });

  it('export-pack writes the chat edits back to the YAML files, which still load', async () => {
    const { a, root, packs, stores } = world();
    await a.type('/facts edit team tls-certificates');
    for (const line of edited.split('\n')) await a.type(line);
    await a.type('/facts add team');
    for (const line of ['id: on-call', 'title: Who is on call for outages', 'responsible: platform', 'services: [general]', 'aliases: [on call rota]', 'explanation: The platform team runs the on-call rota.', 'sources:', '  - title: Rota page', '.']) await a.type(line);
    const done = exportPack(packs.find((p) => p.id === 'team')!, await stores[1]!.topicOverrides());
    expect(done).toMatchObject({ updated: ['tls-certificates'], added: ['on-call'], removed: [] });
    const core = readFileSync(join(root, 'team', 'topics', 'core.yaml'), 'utf8');
    expect(core).toContain('# Kept by the platform team.');
    expect(core).toContain('responsible: product');
    const reloaded = loadKnowledge(join(root, 'team'));
    expect(reloaded.problems).toEqual([]);
    expect(reloaded.packs[0]!.topics.map((t) => [t.id, t.responsible]).sort()).toEqual([['on-call', 'platform'], ['tls-certificates', 'product']]);
  });
});
