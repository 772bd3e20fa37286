// A pack's layers (the rows of its responsibility grid and of every diagram) are checked on load: a
// malformed layer fails validation with its file, line and reason, and the pack is not loaded.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/core/knowledge/loader.ts';
import { writePack } from '../support/packs.ts';

const GOOD = `layers:
  - id: hardware
    name: Physical hardware
    owner: aws
    why:
      aws: AWS runs it.
    terms: [hardware]
  - id: guest-os
    name: Guest operating system
    owner:
      iaas: customer
    common: iaas
    why:
      customer: You patch it.
    terms: [guest os]
`;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function problemsWith(layers: string) {
  const dir = writePack({ 'layers.yaml': layers });
  dirs.push(dir);
  return loadKnowledge(dir);
}

describe('layers.yaml validation', () => {
  it('loads well-formed layers', () => {
    const { packs, problems } = problemsWith(GOOD);
    expect(problems).toEqual([]);
    expect(packs[0]!.layers.map((l) => l.id)).toEqual(['hardware', 'guest-os']);
  });

  it.each([
    ['an owner that is no party', GOOD.replace('owner: aws', 'owner: amazon'), 4, 'layer "hardware": unknown party "amazon"'],
    ['a per-model owner for a model the pack does not declare', GOOD.replace('      iaas: customer\n', '      iaas: customer\n      paas: aws\n'), 12, 'layer "guest-os": unknown model "paas"'],
    ['no reason for an owner', GOOD.replace('    why:\n      aws: AWS runs it.\n', '    why: {}\n'), 5, 'layer "hardware": say why aws owns it (why.aws)'],
    ['per-model owners without the common case', GOOD.replace('    common: iaas\n', ''), 11, 'say which model is the common case'],
    ['a duplicate id', GOOD.replace('id: guest-os', 'id: hardware'), 8, 'duplicate layer id "hardware"'],
    ['a duplicate name (two rows of a diagram would read the same)', GOOD.replace('name: Guest operating system', 'name: physical hardware'), 9, 'layer "hardware" already has the name "physical hardware"'],
    ['an unknown layer in over', GOOD.replace('    terms: [hardware]\n', '    over: [firmware]\n    terms: [hardware]\n'), 7, 'layer "hardware": unknown layer "firmware" in over'],
    ['a misspelt field', GOOD.replace('    terms: [guest os]\n', '    term: [guest os]\n'), 15, 'term'],
    ['no terms', GOOD.replace('    terms: [hardware]\n', '    terms: []\n'), 7, 'give at least one term'],
  ])('reports %s with file, line and reason', (_what, layers, line, reason) => {
    const { packs, problems } = problemsWith(layers);
    expect(packs).toEqual([]);
    expect(problems).toContainEqual(expect.objectContaining({ file: expect.stringMatching(/demo[/\\]layers\.yaml$/), line, reason: expect.stringContaining(reason) }));
  });
});
