// `npm install` runs no install script nobody decided about: every package in the lockfile that has
// one is allowed or denied in package.json's allowScripts, so npm prints no "not yet covered" warning.
// esbuild (under tsx) is denied: its postinstall only checks, or downloads, the platform binary that
// npm already installs as an optional dependency, and an install must not download anything else.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { allowScripts?: Record<string, boolean> };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean; optional?: boolean }> };

describe('install scripts', () => {
  const withScripts = Object.entries(lock.packages)
    .filter(([, p]) => p.hasInstallScript)
    .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));

  it('decides, in package.json, about every package in the lockfile that has an install script', () => {
    expect(withScripts.length).toBeGreaterThan(0);
    for (const name of withScripts) expect(pkg.allowScripts, `${name} has an install script`).toHaveProperty([name]);
  });

  it('builds the SQLite driver and declines esbuild’s download check', () => {
    expect(pkg.allowScripts?.['better-sqlite3']).toBe(true);
    expect(pkg.allowScripts?.esbuild).toBe(false);
    // The binary esbuild would look for is installed by npm itself, for this platform.
    const binaries = Object.keys(lock.packages).filter((p) => p.startsWith('node_modules/@esbuild/'));
    expect(binaries).toContain(`node_modules/@esbuild/${process.platform}-${process.arch}`);
  });
});
