import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // `npm test` runs every test file but the campaigns (`*.campaign.test.ts`: longer runs kept out
    // of its ~5-minute budget), which `npm run test:campaign` runs (vitest.campaign.config.ts).
    include: ['test/**/*.test.ts'],
    exclude: ['test/**/*.campaign.test.ts', '**/node_modules/**'],
    // A committed `.only` would silently run a fraction of the suite: it fails the run instead.
    allowOnly: false,
    // Two test files at a time on the 2-core machines this runs on (vitest's default here ran one:
    // 6 min 39 s for the suite, against 3 min 29 s with two; the infrastructure tests pass either way).
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/summaryReporter.ts'],
  },
});
