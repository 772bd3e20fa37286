// A small team pack that takes chat edits (`chatEdits: true`), for the /facts form tests on Slack and
// Discord: the platform team renews TLS certificates; one topic's YAML is longer than a chat form holds.
// Written to a temp folder that is removed with the test file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { loadKnowledge, type KnowledgePack } from '../../src/core/knowledge/loader.ts';
import { realPacks } from './core.ts';
import { tempDir } from './temp.ts';

const LONG = 'The platform team keeps the runbook for every step of this. '.repeat(80).trim();

/**
 * The team pack's pack.yaml: the platform team and product teams ("we"), editable from chat. `extra` is
 * appended as written (e.g. study domains, for a pack that runs mock exams).
 */
export function teamPackYaml(extra = ''): string {
  return `id: team
name: Platform team ownership
description: Who runs what between the platform team and product teams.
chatEdits: true
parties:
  - id: platform
    name: Platform team
  - id: product
    name: Product teams
    aliases: [we, us]
${extra}`;
}

/** The tls-certificates topic as the pack's files have it (the platform team renews them), in a topics list. */
export const TLS_TOPIC = `  - id: tls-certificates
    title: Renewing TLS certificates
    responsible: platform
    services: [general]
    aliases: [tls certificate renewal, renewing certificates]
    explanation: The platform team renews every TLS certificate through its automation.
    sources:
      - title: Platform runbook
`;

const FILES: Record<string, string> = {
  'pack.yaml': teamPackYaml(),
  'topics/core.yaml': `topics:
${TLS_TOPIC}  - id: dns-records
    title: Changing DNS records
    responsible: platform
    services: [general]
    aliases: [dns record changes]
    explanation: ${LONG}
    sources:
      - title: Platform runbook
`,
};

/** Writes a pack's files (path → text) into `dir` and loads it, failing the test on any problem. */
export function writePack(dir: string, files: Record<string, string>): KnowledgePack[] {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  const { packs, problems } = loadKnowledge(dir);
  expect(problems).toEqual([]);
  return packs;
}

/** The real packs plus the team pack (id "team"). */
export function packsWithTeam(): KnowledgePack[] {
  return [...realPacks(), ...writePack(tempDir('responsibot-team-pack-'), FILES)];
}

/** The tls-certificates topic as an admin edits it: product teams renew their own now. */
export const EDITED_TLS = `id: tls-certificates
title: Renewing TLS certificates
responsible: product
services: [general]
aliases: [tls certificate renewal, renewing certificates]
explanation: Since the move to per-team ingress, each product team renews its own certificates.
sources:
  - title: Platform runbook, 2026 edition
`;
