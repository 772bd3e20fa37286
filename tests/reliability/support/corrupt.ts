// Random corruptions of valid knowledge files, as fast-check arbitraries. Some always make a file invalid
// (a wrong type, a duplicated key, a deleted required field, a file over 2 MB, binary garbage) and the
// loader must report them; others may or may not (truncation, inserted bytes), and the loader must then
// either load the pack or report — never throw.
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { MAX_FILE_BYTES, type KnowledgeProblem } from '../../../src/core/knowledge/yaml-file.ts';
import { writePack } from '../../support/packs.ts';
import { tempDir } from '../../support/temp.ts';

export type Corruption =
  | { kind: 'truncate'; at: number }
  | { kind: 'insert-bytes'; at: number; bytes: number[] }
  | { kind: 'wrong-type'; pick: number; value: string }
  | { kind: 'duplicate-key'; pick: number }
  | { kind: 'delete-required'; pick: number }
  | { kind: 'huge'; extra: number; how: 'comments' | 'repeat' }
  | { kind: 'binary-file'; bytes: number[] };

/** Corruptions after which the file can never be valid: the loader must report a problem. */
export const ALWAYS_INVALID: ReadonlySet<Corruption['kind']> = new Set(['wrong-type', 'duplicate-key', 'delete-required', 'huge', 'binary-file']);

export type FileKind = 'pack' | 'services' | 'topics' | 'quiz';

/** Keys the objects of each kind of file must have (src/core/knowledge/schema.ts; defaults excluded). */
const REQUIRED: Record<FileKind, ReadonlySet<string>> = {
  pack: new Set(['id', 'name', 'description', 'parties']),
  services: new Set(['services', 'id', 'name', 'split']),
  topics: new Set(['topics', 'id', 'title', 'responsible', 'services', 'aliases', 'explanation', 'sources']),
  quiz: new Set(['questions', 'id', 'question', 'options', 'explanation', 'topics', 'difficulty', 'domain', 'text']),
};

export function fileKind(path: string): FileKind {
  if (path.endsWith('pack.yaml')) return 'pack';
  if (path.endsWith('services.yaml')) return 'services';
  return /\/quiz\//.test(path) ? 'quiz' : 'topics';
}
/** Keys whose value must be a string, and keys whose value must be a list. */
const STRINGS = new Set(['id', 'title', 'responsible', 'explanation', 'examTip', 'name', 'description', 'model', 'question', 'difficulty', 'domain', 'text', 'summary', 'contact', 'url']);
const LISTS = new Set(['services', 'aliases', 'related', 'sources', 'parties', 'topics', 'options', 'questions', 'synonyms']);

const bytes = (max: number) => fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: max });

export const corruption: fc.Arbitrary<Corruption> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('insert-bytes' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), bytes: bytes(64) }),
  fc.record({ kind: fc.constant('wrong-type' as const), pick: fc.nat(), value: fc.constantFrom('42', 'true', 'null', '~', '[a, b]', '{x: 1}', '3.5', '"text"', '[]', '{}') }),
  fc.record({ kind: fc.constant('duplicate-key' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('delete-required' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('huge' as const), extra: fc.integer({ min: 1, max: 300_000 }), how: fc.constantFrom('comments' as const, 'repeat' as const) }),
  fc.record({ kind: fc.constant('binary-file' as const), bytes: bytes(4096) }),
);

interface KeyLine {
  index: number;
  indent: number;
  key: string;
  value: string;
  listItem: boolean;
}

/** Lines of the form "  key: value" or "  - key: value". */
function keyLines(lines: string[]): KeyLine[] {
  const out: KeyLine[] = [];
  lines.forEach((line, index) => {
    const m = /^(\s*)(- )?([A-Za-z]+):(?: (.*))?$/.exec(line);
    if (m) out.push({ index, indent: m[1]!.length + (m[2] ? 2 : 0), key: m[3]!, value: m[4] ?? '', listItem: Boolean(m[2]) });
  });
  return out;
}

/** The lines belonging to the value of a key (its block: deeper-indented lines after it). */
function blockEnd(lines: string[], at: KeyLine): number {
  let end = at.index + 1;
  while (end < lines.length && (lines[end]!.trim() === '' || lines[end]!.length - lines[end]!.trimStart().length > at.indent)) end++;
  return end;
}

/** Applies one corruption to a file's text; undefined when the file has nothing it applies to. */
export function corrupt(text: string, c: Corruption, kind: FileKind): Buffer | undefined {
  const lines = text.split('\n');
  const keys = keyLines(lines);
  const nth = <T>(items: T[], n: number): T | undefined => (items.length ? items[n % items.length] : undefined);
  switch (c.kind) {
    case 'truncate': {
      const raw = Buffer.from(text);
      return raw.subarray(0, Math.floor(c.at * raw.length));
    }
    case 'insert-bytes': {
      const raw = Buffer.from(text);
      const at = Math.floor(c.at * raw.length);
      return Buffer.concat([raw.subarray(0, at), Buffer.from(c.bytes), raw.subarray(at)]);
    }
    case 'wrong-type': {
      // A string where a list belongs, or a list, map, number or null where a string belongs.
      const candidates = keys.filter((k) => (STRINGS.has(k.key) && c.value !== '"text"') || (LISTS.has(k.key) && c.value !== '[a, b]' && c.value !== '[]'));
      const k = nth(candidates, c.pick);
      if (!k) return undefined;
      const end = blockEnd(lines, k);
      const prefix = lines[k.index]!.slice(0, lines[k.index]!.indexOf(`${k.key}:`));
      return Buffer.from([...lines.slice(0, k.index), `${prefix}${k.key}: ${c.value}`, ...lines.slice(end)].join('\n'));
    }
    case 'duplicate-key': {
      // Repeat a key of a map (not the first key of a list item, which would start a new item).
      const k = nth(keys.filter((x) => !x.listItem), c.pick);
      if (!k) return undefined;
      const end = blockEnd(lines, k);
      return Buffer.from([...lines.slice(0, end), ...lines.slice(k.index, end), ...lines.slice(end)].join('\n'));
    }
    case 'delete-required': {
      // A list item's first key can only go if another key of the item takes over its "- "; otherwise
      // the whole item would vanish, which is a different (and possibly valid) edit.
      const siblingAfter = (k: KeyLine) => {
        const next = lines[blockEnd(lines, k)];
        return next !== undefined && /^\s+[A-Za-z]+:/.test(next) && next.length - next.trimStart().length === k.indent;
      };
      const k = nth(keys.filter((x) => REQUIRED[kind].has(x.key) && (!x.listItem || siblingAfter(x))), c.pick);
      if (!k) return undefined;
      const end = blockEnd(lines, k);
      const rest = lines.slice(end);
      if (k.listItem) rest[0] = `${' '.repeat(k.indent - 2)}- ${rest[0]!.trimStart()}`;
      return Buffer.from([...lines.slice(0, k.index), ...rest].join('\n'));
    }
    case 'huge': {
      const target = MAX_FILE_BYTES + c.extra;
      if (c.how === 'comments') {
        const line = `# ${'padding '.repeat(12)}\n`;
        return Buffer.from(`${text}\n${line.repeat(Math.ceil(target / line.length))}`);
      }
      // Valid-looking content repeated: the size check must come before any parsing.
      const body = text.length ? text : 'x: 1\n';
      return Buffer.from(body.repeat(Math.ceil(target / body.length) + 1));
    }
    case 'binary-file':
      return Buffer.from(c.bytes);
  }
}

/** A copy of the real AWS pack in a temp folder (one knowledge root holding the pack folder). */
export function copyRealPack(): string {
  const root = tempDir('responsibot-realpack-');
  cpSync('knowledge/aws-shared-responsibility', join(root, 'aws-shared-responsibility'), { recursive: true });
  return root;
}

/** A fresh copy of the small demo pack (tests/support/packs.ts). */
export function copyDemoPack(): string {
  return writePack();
}

/** Every YAML file under a knowledge root, sorted. */
export function yamlFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(name)) out.push(path);
    }
  };
  walk(root);
  return out;
}

/** Applies `c` to the `fileIndex`-th YAML file of `root`; returns that file, or undefined if nothing changed. */
export function corruptPack(root: string, fileIndex: number, c: Corruption): string | undefined {
  const files = yamlFiles(root);
  const file = files[fileIndex % files.length]!;
  const broken = corrupt(readFileSync(file, 'utf8'), c, fileKind(file));
  if (!broken) return undefined;
  writeFileSync(file, broken);
  return file;
}

/**
 * Problems with the problems: each must be `file:line: reason` about a file of the pack (or the pack
 * folder), on a line that exists, with a one-line reason and no stack trace.
 */
export function reportViolations(root: string, problems: KnowledgeProblem[]): string[] {
  const files = yamlFiles(root);
  const lineCounts = new Map(files.map((f) => [f, readFileSync(f).toString('utf8').split('\n').length]));
  const out: string[] = [];
  for (const p of problems) {
    const abs = p.file.startsWith('/') ? p.file : join(process.cwd(), p.file);
    const known = lineCounts.get(abs);
    if (known === undefined && !relative(root, abs).split('/').every((part) => part && part !== '..')) out.push(`problem names a file outside the pack: ${p.file}`);
    // No line only for what has none: a folder (a pack with no topics) or a path that does not exist.
    if (p.line === undefined) {
      if (known !== undefined) out.push(`no line number for the file ${p.file}`);
    } else if (!Number.isInteger(p.line) || p.line < 1) out.push(`bad line number ${p.line} for ${p.file}`);
    else if (known !== undefined && p.line > known + 1) out.push(`line ${p.line} is past the end of ${p.file} (${known} lines)`);
    if (!p.reason.trim()) out.push(`empty reason for ${p.file}:${p.line}`);
    if (/\n/.test(p.reason)) out.push(`multi-line reason for ${p.file}:${p.line}: ${JSON.stringify(p.reason.slice(0, 200))}`);
    if (/\n\s+at |\bat .*\.(ts|js):\d+/.test(p.reason)) out.push(`stack trace in reason for ${p.file}:${p.line}`);
  }
  return out;
}
