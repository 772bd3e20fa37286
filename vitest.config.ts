import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Removes responsibot-* temp folders a run leaves behind (tests clean up; this is the safety net).
    globalSetup: ['tests/support/temp-cleanup.ts'],
    // Adapter tests start real servers on loopback; give them room on a 2-core CI machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
