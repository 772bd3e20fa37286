// A small knowledge pack for quiz tests that must know exactly which questions exist: two study domains
// with weights, single-choice and multi-select ("Choose TWO" / "Choose THREE") questions, every option
// explained. Written to a fresh temp folder; remove() deletes it.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadKnowledge, type KnowledgePack } from '../../src/core/knowledge/loader.ts';

export interface StudyPack {
  dir: string;
  packs: KnowledgePack[];
  remove(): void;
}

const pack = {
  id: 'study',
  name: 'Study pack',
  description: 'A tiny pack for quiz tests.',
  parties: [
    { id: 'aws', name: 'AWS' },
    { id: 'customer', name: 'Customer' },
    { id: 'shared', name: 'Shared', shared: true },
  ],
  domains: [
    { id: 'infrastructure', name: 'Infrastructure', weight: 3 },
    { id: 'operations', name: 'Operations', weight: 1 },
  ],
};

const services = { services: [{ id: 'ec2', name: 'Amazon EC2', aliases: ['ec2'], split: { aws: 'The hypervisor.', customer: 'The guest OS.' } }] };

const topic = (id: string, responsible: string, extra: object = {}) => ({
  id,
  title: `Topic ${id.replace(/-/g, ' ')}`,
  responsible,
  services: ['ec2'],
  aliases: [`about ${id.replace(/-/g, ' ')}`],
  explanation: `The explanation of ${id}.`,
  sources: [{ title: 'AWS docs' }],
  ...extra,
});

const topics = {
  topics: [
    topic('hypervisor', 'aws'),
    topic('guest-os', 'customer'),
    topic('patching', 'shared', { split: { aws: 'Infrastructure.', customer: 'Guest OS and apps.' } }),
    // No question links it and it has no service of its own: its generated question borrows a domain.
    { ...topic('lonely', 'customer', { related: ['guest-os'] }), services: ['general'] },
  ],
};

/** A single-choice question: option `right` is correct; every option explains itself. */
function single(id: string, domain: string, topicId: string, right = 0) {
  return {
    id,
    question: `Single question ${id}?`,
    options: ['Alpha', 'Bravo', 'Charlie', 'Delta'].map((t, i) => ({ text: `${t} ${id}`, ...(i === right ? { correct: true } : {}), why: `Why ${t} ${id} is ${i === right ? 'right' : 'wrong'}.` })),
    explanation: `The whole story of ${id}.`,
    topics: [topicId],
    difficulty: 'easy',
    domain,
  };
}

/** A multi-select question whose correct options are `right` (indexes into five options). */
function multi(id: string, domain: string, topicId: string, right: number[]) {
  return {
    id,
    question: `Multi question ${id}?`,
    options: ['One', 'Two', 'Three', 'Four', 'Five'].map((t, i) => ({ text: `${t} ${id}`, ...(right.includes(i) ? { correct: true } : {}), why: `Why ${t} ${id} is ${right.includes(i) ? 'right' : 'wrong'}.` })),
    explanation: `The whole story of ${id}.`,
    topics: [topicId],
    difficulty: 'medium',
    domain,
  };
}

export const STUDY_QUESTIONS = {
  questions: [
    ...[1, 2, 3, 4, 5, 6].map((n) => single(`infra-${n}`, 'infrastructure', 'hypervisor', n % 4)),
    single('ops-1', 'operations', 'guest-os', 1),
    single('ops-2', 'operations', 'guest-os', 2),
    multi('ops-two', 'operations', 'patching', [0, 2]),
    multi('ops-three', 'operations', 'patching', [1, 3, 4]),
  ],
};

export function writeStudyPack(): StudyPack {
  const dir = mkdtempSync(join(tmpdir(), 'responsibot-study-'));
  const files: Record<string, unknown> = { 'pack.yaml': pack, 'services.yaml': services, 'topics/t.yaml': topics, 'quiz/q.yaml': STUDY_QUESTIONS };
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, 'study', name, '..'), { recursive: true });
    writeFileSync(join(dir, 'study', name), stringify(content));
  }
  const { packs, problems } = loadKnowledge(dir);
  if (problems.length) throw new Error(`study pack is invalid: ${problems.map((p) => `${p.file}:${p.line}: ${p.reason}`).join('; ')}`);
  return { dir, packs, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
