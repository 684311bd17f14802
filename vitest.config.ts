import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A committed `.only` would silently run a fraction of the suite: it fails the run instead.
    allowOnly: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/summaryReporter.ts'],
  },
});
