import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Each test file gets its own temporary directory and must leave it empty; the run fails if
    // anything is left behind (tests/support/temp-cleanup.ts, tests/support/temp-sandbox.ts).
    globalSetup: ['tests/support/temp-cleanup.ts'],
    setupFiles: ['tests/support/temp-sandbox.ts'],
    // Adapter tests start real servers on loopback; give them room on a 2-core CI machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
