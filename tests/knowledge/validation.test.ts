import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/core/knowledge/loader.ts';
import { formatProblem } from '../../src/core/knowledge/yaml-file.ts';
import { VALID_PACK, writePack } from '../support/packs.ts';

function problemsFor(overrides: Record<string, string | null>): string[] {
  const dir = writePack(overrides);
  return loadKnowledge(dir).problems.map((p) => formatProblem(p).replaceAll(dir + '/', ''));
}

const topics = VALID_PACK['topics/a.yaml']!;

describe('knowledge pack validation', () => {
  it('accepts a valid pack', () => {
    const { packs, problems } = loadKnowledge(writePack());
    expect(problems).toEqual([]);
    expect(packs[0]?.topics.map((t) => t.id)).toEqual(['hypervisor', 'patching']);
  });

  it('reports broken YAML with its line', () => {
    expect(problemsFor({ 'topics/a.yaml': `${topics}  - id: [unclosed\n` })).toEqual([
      expect.stringMatching(/^demo\/topics\/a\.yaml:2[0-9]: invalid YAML/),
    ]);
  });

  it('reports an unknown field on the line of the field', () => {
    const broken = topics.replace('    aliases: [hypervisor patches]', '    aliases: [hypervisor patches]\n    verdict: aws');
    expect(problemsFor({ 'topics/a.yaml': broken })).toEqual(['demo/topics/a.yaml:7: unknown field "verdict" in topics[0]']);
  });

  it('reports a missing required field', () => {
    const broken = topics.replace('    explanation: AWS runs the virtualisation layer.\n', '');
    expect(problemsFor({ 'topics/a.yaml': broken })).toEqual([
      expect.stringMatching(/^demo\/topics\/a\.yaml:2: topics\[0\]\.explanation: missing required field/),
    ]);
  });

  it('reports a responsible party the pack does not have', () => {
    expect(problemsFor({ 'topics/a.yaml': topics.replace('responsible: aws', 'responsible: google') })).toEqual([
      'demo/topics/a.yaml:4: responsible: unknown party "google" (this pack has: aws, customer, shared)',
    ]);
  });

  it('reports duplicate topic ids across files, pointing at the first one', () => {
    const second = `topics:\n  - id: hypervisor\n    title: Again\n    responsible: aws\n    services: [general]\n    aliases: [x]\n    explanation: y\n    sources: [{ title: z }]\n`;
    expect(problemsFor({ 'topics/b.yaml': second })).toEqual([
      'demo/topics/b.yaml:2: duplicate topic id "hypervisor" (first defined at demo/topics/a.yaml:2)',
    ]);
  });

  it('reports dangling related topics and unknown services', () => {
    const broken = topics.replace('related: [hypervisor]', 'related: [hypervisor, nowhere]').replace('services: [ec2]', 'services: [ec3]');
    expect(problemsFor({ 'topics/a.yaml': broken })).toEqual([
      'demo/topics/a.yaml:5: unknown service "ec3" (declare it in services.yaml or use general)',
      'demo/topics/a.yaml:19: related topic "nowhere" does not exist',
    ]);
  });

  it('requires a shared topic to say what every side does', () => {
    const broken = topics.replace('      customer: Guest OS and apps.\n', '');
    expect(problemsFor({ 'topics/a.yaml': broken })).toEqual([
      'demo/topics/a.yaml:17: topic "patching" is shared, so split must say what customer does',
    ]);
  });

  it('reports duplicated keys instead of silently keeping the last one', () => {
    const broken = topics.replace('    title: Patching the hypervisor\n', '    title: Patching the hypervisor\n    title: Again\n');
    expect(problemsFor({ 'topics/a.yaml': broken })).toEqual([expect.stringMatching(/^demo\/topics\/a\.yaml:4: duplicated key/)]);
  });

  it('reports a wrong type with the expected one', () => {
    expect(problemsFor({ 'topics/a.yaml': topics.replace('aliases: [hypervisor patches]', 'aliases: 42') })).toEqual([
      'demo/topics/a.yaml:6: topics[0].aliases: expected array',
    ]);
  });

  it('reports every problem at once: a topic with a bad field still counts as existing for what links to it', () => {
    const broken = topics.replace('responsible: aws', 'responsible: aws\n    colour: blue').replace('    related: [hypervisor]\n', '    related: [hypervisor, nowhere]\n');
    const quiz = `questions:\n  - id: q1\n    question: Who patches it?\n    options:\n      - { text: AWS, correct: true, why: a }\n      - { text: Customer, why: b }\n      - { text: Both, why: c }\n    explanation: e\n    topics: [hypervisor, gone]\n    difficulty: easy\n    domain: d\n`;
    expect(problemsFor({ 'topics/a.yaml': broken, 'quiz/q.yaml': quiz })).toEqual([
      'demo/topics/a.yaml:5: unknown field "colour" in topics[0]',
      'demo/topics/a.yaml:20: related topic "nowhere" does not exist',
      'demo/quiz/q.yaml:9: linked topic "gone" does not exist',
    ]);
  });

  it('reports a pack with no topics, and a missing folder, without a line number', () => {
    expect(problemsFor({ 'topics/a.yaml': null })).toEqual(['demo/topics: the pack has no topics: add at least one in a .yaml file here (see knowledge/README.md)']);
    expect(problemsFor({ 'topics/a.yaml': 'topics: []\n' })).toEqual(['demo/topics: the pack has no topics: add at least one in a .yaml file here (see knowledge/README.md)']);
    expect(loadKnowledge('no/such/folder').problems.map(formatProblem)).toEqual(['no/such/folder: no such knowledge folder']);
  });

  it('reports an empty file and a missing manifest party list', () => {
    expect(problemsFor({ 'topics/a.yaml': '' })).toEqual(['demo/topics/a.yaml:1: file is empty']);
    expect(problemsFor({ 'pack.yaml': 'id: demo\nname: Demo\ndescription: d\n' })).toEqual([
      expect.stringMatching(/^demo\/pack\.yaml:1: parties: missing required field/),
    ]);
  });
});

describe('quiz question validation', () => {
  const quiz = (options: string, topics = '[hypervisor]') => `questions:
  - id: q1
    question: Who patches the hypervisor?
    options:
${options}
    explanation: AWS does; the others are wrong because they are not AWS.
    topics: ${topics}
    difficulty: easy
    domain: security-and-compliance
`;
  const opts = (...xs: [string, boolean?][]) => xs.map(([t, c]) => `      - text: ${t}${c ? '\n        correct: true' : ''}\n        why: Because.`).join('\n');

  it('accepts a well-formed question', () => {
    expect(problemsFor({ 'quiz/q.yaml': quiz(opts(['AWS', true], ['Customer'], ['Both'])) })).toEqual([]);
  });

  it('requires one correct option, or two or three with room for wrong ones', () => {
    expect(problemsFor({ 'quiz/q.yaml': quiz(opts(['AWS', true], ['Customer', true], ['Both'])) })).toEqual([
      'demo/quiz/q.yaml:5: multi-select question "q1" with 2 correct options needs at least 4 options',
    ]);
    expect(problemsFor({ 'quiz/q.yaml': quiz(opts(['AWS'], ['Customer'], ['Both'])) })).toEqual([
      'demo/quiz/q.yaml:5: question "q1" needs one correct option, or two or three for a multi-select question (has 0)',
    ]);
    expect(problemsFor({ 'quiz/q.yaml': quiz(opts(['AWS', true], ['Customer', true], ['Both'], ['Neither'])) })).toEqual([]);
  });

  it('checks a question\'s verdict against the topics it links', () => {
    const withVerdict = (verdict: string) => quiz(opts(['AWS', true], ['Customer'], ['Both'])).replace('    domain:', `    verdict: ${verdict}\n    domain:`);
    expect(problemsFor({ 'quiz/q.yaml': withVerdict('aws') })).toEqual([]);
    expect(problemsFor({ 'quiz/q.yaml': withVerdict('customer') })).toEqual([
      'demo/quiz/q.yaml:15: question "q1" says customer is responsible, but its correct option names aws',
      'demo/quiz/q.yaml:13: question "q1" says customer is responsible, but its linked topic "hypervisor" says aws',
    ]);
  });

  it('requires every option to say why it is right or wrong', () => {
    const noWhy = quiz(opts(['AWS', true], ['Customer'], ['Both'])).replace('      - text: Customer\n        why: Because.', '      - text: Customer');
    expect(problemsFor({ 'quiz/q.yaml': noWhy })).toEqual(['demo/quiz/q.yaml:8: question "q1": option 2 ("Customer") needs a why: say why it is wrong']);
  });

  it('reads a "who is responsible" answer from a correct option that names a party, and checks it against the links', () => {
    // "The customer" is the customer party (by name, without "the"); the linked topic says AWS.
    expect(problemsFor({ 'quiz/q.yaml': quiz(opts(['AWS'], ['The customer', true], ['Both'])) })).toEqual([
      'demo/quiz/q.yaml:13: question "q1" answers customer is responsible, but no linked topic says so ("hypervisor" says aws)',
    ]);
    // One linked topic agreeing is enough: the other may be the broader topic the question belongs to.
    expect(problemsFor({ 'quiz/q.yaml': quiz(opts(['AWS', true], ['Us'], ['Both']), '[hypervisor, patching]') })).toEqual([]);
    // An option that is not just a party says nothing decidable.
    expect(problemsFor({ 'quiz/q.yaml': quiz(opts(['AWS, by patching hosts'], ['Customers who run EC2', true], ['Both'])) })).toEqual([]);
  });

  it('rejects duplicate options, too few options and unknown linked topics', () => {
    expect(problemsFor({ 'quiz/q.yaml': quiz(opts(['AWS', true], ['Customer'], ['aws'])) })).toEqual(['demo/quiz/q.yaml:10: duplicate option "aws" in question "q1"']);
    expect(problemsFor({ 'quiz/q.yaml': quiz(opts(['AWS', true], ['Customer'])) })).toEqual(['demo/quiz/q.yaml:5: questions[0].options: give 3 to 6 options']);
    expect(problemsFor({ 'quiz/q.yaml': quiz(opts(['AWS', true], ['Customer'], ['Both']), '[nowhere]') })).toEqual([
      'demo/quiz/q.yaml:13: linked topic "nowhere" does not exist',
    ]);
  });

  it('rejects duplicate question ids across files', () => {
    const q = quiz(opts(['AWS', true], ['Customer'], ['Both']));
    expect(problemsFor({ 'quiz/a.yaml': q, 'quiz/b.yaml': q })).toEqual(['demo/quiz/b.yaml:2: duplicate question id "q1" (first defined at demo/quiz/a.yaml:2)']);
  });
});

describe('npm run validate', () => {
  const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/validate.ts', ...args], { encoding: 'utf8' });

  it('exits non-zero and prints file:line: reason for a broken pack', () => {
    const dir = writePack({ 'topics/a.yaml': topics.replace('responsible: aws', 'responsible: nobody') });
    const r = run(['--dir', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/demo\/topics\/a\.yaml:4: responsible: unknown party "nobody"/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it('prints pack counts as JSON', () => {
    const r = run(['--dir', writePack(), '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ packs: [{ id: 'demo', topics: 2, questions: 0, generatedQuestions: 2, explainedOptions: 0, multiSelect: 0, questionsByDomain: {} }] });
  });

  it('counts hand-written, generated, fully explained and multi-select questions per pack', () => {
    const option = (text: string, correct: boolean) => `      - text: ${text}\n${correct ? '        correct: true\n' : ''}        why: Because.\n`;
    const question = (id: string, right: number[]) =>
      `  - id: ${id}\n    question: Which of these?\n    options:\n${['One', 'Two', 'Three', 'Four', 'Five'].map((t, i) => option(t, right.includes(i))).join('')}    explanation: e\n    topics: [hypervisor]\n    difficulty: easy\n    domain: ${right.length > 1 ? 'b' : 'a'}\n`;
    const dir = writePack({ 'quiz/q.yaml': `questions:\n${question('single', [0])}${question('double', [0, 1])}${question('triple', [0, 1, 2])}` });
    const r = run(['--dir', dir, '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).packs[0]).toMatchObject({ topics: 2, questions: 3, generatedQuestions: 2, explainedOptions: 3, multiSelect: 2, questionsByDomain: { a: 1, b: 2 } });
  });

  it('says "1 service", not "1 services"', () => {
    const r = run(['--dir', writePack()]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('ok demo: 2 topics, 1 service, 0 questions (0 multi-select, 0 with every option explained; +2 generated)\n');
  });

  it('says a missing folder is missing, with no line number and no stack trace', () => {
    const r = run(['--dir', 'no/such/folder']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('no/such/folder: no such knowledge folder\n1 problem found\n');
  });
});
