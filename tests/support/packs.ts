// Helpers that write small knowledge packs to a temp directory, so validation tests can break them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from './temp.ts';

export const VALID_PACK: Record<string, string> = {
  'pack.yaml': `id: demo
name: Demo pack
description: A tiny pack for tests.
parties:
  - id: aws
    name: AWS
  - id: customer
    name: Customer
    aliases: [we, us]
  - id: shared
    name: Shared
    shared: true
`,
  'services.yaml': `models:
  - id: iaas
    name: Infrastructure as a service
    summary: AWS runs the hardware; you run the guest OS and up.
services:
  - id: ec2
    name: Amazon EC2
    aliases: [ec2]
    model: iaas
    split:
      aws: The hypervisor.
      customer: The guest OS.
`,
  'topics/a.yaml': `topics:
  - id: hypervisor
    title: Patching the hypervisor
    responsible: aws
    services: [ec2]
    aliases: [hypervisor patches]
    explanation: AWS runs the virtualisation layer.
    sources:
      - title: AWS docs
  - id: patching
    title: Patch management
    responsible: shared
    services: [general]
    aliases: [patching in general]
    explanation: Both sides patch their own layers.
    split:
      aws: Infrastructure.
      customer: Guest OS and apps.
    related: [hypervisor]
    sources:
      - title: AWS docs
`,
};

/** Writes a pack (VALID_PACK with `overrides` applied; null deletes a file) and returns the knowledge dir. */
export function writePack(overrides: Record<string, string | null> = {}): string {
  const root = tempDir('responsibot-pack-');
  const files = { ...VALID_PACK, ...overrides };
  for (const [name, content] of Object.entries(files)) {
    if (content === null) continue;
    const path = join(root, 'demo', name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  return root;
}
