// The layering rule, checked rather than hoped for: the core never depends on a chat platform or on
// an adapter, so every feature works the same in Slack, Discord and the console.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourceFiles(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

function importsOf(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  return [...src.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
}

describe('architecture', () => {
  const coreFiles = sourceFiles('src/core');

  it('has a core', () => {
    expect(coreFiles.length).toBeGreaterThan(5);
  });

  it('keeps chat SDKs and the metrics library out of src/core', () => {
    const offenders = coreFiles.flatMap((f) => importsOf(f).filter((i) => /^(@slack\/|discord\.js|@discordjs\/|prom-client)/.test(i)).map((i) => `${f} imports ${i}`));
    expect(offenders).toEqual([]);
  });

  it('keeps adapters, the CLI and the composition root out of src/core', () => {
    const offenders = coreFiles.flatMap((f) => importsOf(f).filter((i) => /(^|\/)(adapters|cli)\/|\/main\.ts$|\/config\.ts$/.test(i)).map((i) => `${f} imports ${i}`));
    expect(offenders).toEqual([]);
  });

  it('keeps each adapter independent of the others', () => {
    const adapters = readdirSync('src/adapters');
    const offenders = adapters.flatMap((a) =>
      sourceFiles(join('src/adapters', a)).flatMap((f) =>
        importsOf(f)
          .filter((i) => adapters.some((other) => other !== a && i.includes(`/${other}/`)))
          .map((i) => `${f} imports ${i}`),
      ),
    );
    expect(offenders).toEqual([]);
  });
});
